"""`draft`: a news article → one draft event per dated statement.

The article's sentences are searched for date cues — explicit dates ("October 4, 2017",
"4 October", "Jan. 23"), weekday names ("on Wednesday"), relative phrases ("yesterday",
"this week", "last month", "earlier this year", "three days ago") and deadlines ("72
hours", "within 30 days") — and each cue is resolved against the publication date with
`dateutil.relativedelta`:

- a weekday is the most recent such day on or before publication ("last Friday": before
  it; "next Friday": after it);
- "this week" is the interval Monday → publication day; "last week" Monday → Sunday;
- a date without a year takes the year that puts it on or before publication;
- a deadline is counted from the statement's own day (or from publication) and gives a
  separate draft, marked as derived;
- the precision of the result is the precision of the cue (a month stays a month).

Each statement gives one draft file (status `draft`): a title suggested from the
sentence's subject and verb, a short attributed quote as the summary, the article as
the source, the actors already named in events/ that the sentence mentions, and a
comment saying which cue gave the date and how it was resolved.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from timeline.article import Article, clean, is_statement, read_article, split_sentences
from timeline.dates import MONTHS, DateError, DatePoint, EventDate, Precision, parse_point
from timeline.importer import EventFile, NewFile, markdown_text, write_events
from timeline.load import load_tree
from timeline.markup import check_url
from timeline.problems import Problems, display_path
from timeline.scaffold import yaml_text
from timeline.site import NotASite, SitePaths, today

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WD = (MO, TU, WE, TH, FR, SA, SU)
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "twenty-four": 24, "thirty": 30, "forty": 40,
    "forty-eight": 48, "sixty": 60, "seventy-two": 72, "ninety": 90,
}  # fmt: skip
MAX_QUOTE_WORDS = 25


# -- cue patterns ----------------------------------------------------------------------


def _month_names() -> str:
    alts = []
    for name in MONTHS:
        alts.append(name)
        if name == "September":
            alts.append(r"Sept\.?")
        if len(name) > 3:
            alts.append(name[:3] + r"\.?")
    return "|".join(sorted(alts, key=len, reverse=True))


_NUM = r"\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_WDAY = "|".join(WEEKDAYS)
_MONTH = rf"(?P<month>{_month_names()})(?!\w)"
_WD_PREFIX = rf"(?:(?P<wd>{_WDAY}),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?![\d,.]\d|\d)"
_NO_MORE = r"(?![\d,.]\d|\d|:|\s*[-–]\s*\d)"
_PREP = r"(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-|of|[Tt]hroughout)"

# Explicit dates, most specific first; a later pattern never takes text an earlier one took.
DATE_PATTERNS = [
    ("range", re.compile(
        rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)\s*[-–]\s*(?P<day2>[0-3]?\d)(?:,?\s+{_YEAR})?{_NO_MORE}"
    )),
    ("mdy", re.compile(rf"\b{_WD_PREFIX}{_MONTH}\s+{_DAY},?\s+{_YEAR}")),
    ("dmy", re.compile(rf"\b{_WD_PREFIX}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}")),
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})(?![\d-])")),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}")),
    ("md", re.compile(rf"\b{_WD_PREFIX}{_MONTH}\s+{_DAY}{_NO_MORE}")),
    ("dm", re.compile(rf"\b{_WD_PREFIX}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}")),
    ("m", re.compile(rf"\b{_PREP}\s+(?:(?:early|late|mid-)\s*)?{_MONTH}(?!\s*\d)")),
    ("y", re.compile(rf"\b{_PREP}\s+(?:(?:early|late|mid-)\s*)?{_YEAR}")),
]  # fmt: skip
WEEKDAY = re.compile(
    rf"\b(?:(?P<mod>[Ll]ast|[Tt]his|[Nn]ext|[Oo]n|[Ee]arly|[Ll]ate)\s+)?(?P<wd>{_WDAY})(?!\w)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
)
HOLIDAY = re.compile(r"(?:Black|Good|Super|Ash|Holy|Maundy|Cyber|Easter|Palm|Bloody)\s+$")
RELATIVE = re.compile(
    r"\b(?:"
    r"(?P<day>(?:(?:earlier|later)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))"
    r"|the\s+day\s+before\s+yesterday|yesterday(?:\s+(?:morning|afternoon|evening))?"
    r"|last\s+night|the\s+day\s+after\s+tomorrow|tomorrow)"
    r"|(?P<rel>(?:earlier|later)\s+this|this|last|next)\s+(?P<unit>week|weekend|month|year)"
    r"|(?P<weekend>(?:over|at|during)\s+the\s+weekend)"
    rf"|(?P<n>{_NUM})\s+(?P<ago>day|week|month|year)s?\s+ago"
    r")\b",
    re.I,
)
DEADLINE = re.compile(
    rf"\b(?:(?P<within>within|in)\s+)?(?P<n>{_NUM})(?P<sep>[\s-])"
    r"(?P<unit>hour|day|week|month|year)s?\b",
    re.I,
)
_NOT_DEADLINE_AFTER = re.compile(
    r"\s*-?\s*(?:ago|later|earlier|before|after|old|long|since|prior|running|straight)\b", re.I
)
_DEADLINE_AFTER = re.compile(r"\s+(?:to|deadline|ultimatum|notice|grace)\b", re.I)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:gave|give|gives|given|giving|granted|grants?|allowed|allows?|deadline|ultimatum)\b",
    re.I,
)
_NOT_DEADLINE_BEFORE = {"past", "last", "previous", "first", "recent", "over", "every", "for"}


@dataclass(frozen=True)
class Cue:
    """A date cue in a sentence and what it resolves to."""

    text: str
    start: int
    end: int
    kind: str  # date, weekday, relative, deadline
    when: EventDate | None  # None for a deadline until it is counted from its anchor
    how: str  # how the date was worked out, for the draft's comment
    amount: int = 0  # deadlines: how many units
    unit: str = ""

    @property
    def derived(self) -> bool:
        return self.kind == "deadline"

    def rank(self) -> tuple[int, int]:
        """The most precise cue leads a sentence: a day, then a span of days, a month, a year."""
        assert self.when is not None
        return (int(self.when.start.precision) * 2 + (self.when.end is None), -self.start)


def day_name(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def point(day: date, precision: Precision = Precision.DAY, uncertain: bool = False) -> DatePoint:
    if precision == Precision.YEAR:
        return DatePoint(day.year, uncertain=uncertain)
    if precision == Precision.MONTH:
        return DatePoint(day.year, day.month, uncertain=uncertain)
    return DatePoint(day.year, day.month, day.day, uncertain=uncertain)


def span(first: date, last: date) -> EventDate:
    """Days first..last; a single day when they are the same."""
    return EventDate(point(first)) if first == last else EventDate(point(first), point(last))


def number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text.lower()]


def month_number(text: str) -> int:
    return next(i for i, n in enumerate(MONTHS, 1) if n[:3] == text[:3].title())


def on_or_before(pub: date, month: int, day: int) -> date | None:
    """The date `month`/`day` in the year that puts it on or before `pub`."""
    for back in range(9):  # 29 February needs up to eight years
        candidate = pub + relativedelta(years=-back, month=month, day=day)
        if candidate.day == day and candidate <= pub:
            return candidate
    return None


def find_cues(sentence: str, pub: date) -> list[Cue]:
    """Every date cue in the sentence, in order; deadlines are not yet counted."""
    taken: list[tuple[int, int]] = []
    found: list[Cue] = []

    def free(m: re.Match[str]) -> bool:
        return all(m.end() <= a or m.start() >= b for a, b in taken)

    def add(m: re.Match[str], kind: str, when: EventDate | None, how: str, **kw: object) -> None:
        taken.append((m.start(), m.end()))
        text = m.group().strip()
        found.append(Cue(text, m.start(), m.end(), kind, when, how, **kw))  # type: ignore[arg-type]

    for name, rx in DATE_PATTERNS:
        for m in rx.finditer(sentence):
            if free(m):
                resolved = resolve_date(name, m, pub)
                if resolved:
                    add(m, "date", *resolved)
    for m in WEEKDAY.finditer(sentence):
        if free(m) and not HOLIDAY.search(sentence[: m.start()]):
            add(m, "weekday", *resolve_weekday(m, pub))
    for m in RELATIVE.finditer(sentence):
        if free(m):
            add(m, "relative", *resolve_relative(m, pub))
    for m in DEADLINE.finditer(sentence):
        if free(m) and is_deadline(sentence, m):
            unit = m["unit"].lower()
            add(m, "deadline", None, "", amount=number(m["n"]), unit=unit)
    return sorted(found, key=lambda c: c.start)


def resolve_date(name: str, m: re.Match[str], pub: date) -> tuple[EventDate, str] | None:
    """An explicit date, with or without its year; None when it is not a real day."""
    text = m.group().strip()
    groups = m.groupdict()
    month = int(groups["mm"]) if name == "iso" else month_number(groups.get("month") or "Jan")
    try:
        if name in ("my", "y"):
            precision = Precision.MONTH if name == "my" else Precision.YEAR
            when = EventDate(point(date(int(m["year"]), month, 1), precision))
            return when, f'"{text}" → {when.edtf()}: a {precision.name.lower()} as written'
        if name == "m":
            year = pub.year if month <= pub.month else pub.year - 1
            when = EventDate(point(date(year, month, 1), Precision.MONTH))
            return when, (
                f'"{text}" → {when.edtf()}: a month without a year, taken in the year that '
                f"puts it on or before publication ({day_name(pub)})"
            )
        day = int(m["day"])
        if groups.get("year"):
            first = date(int(m["year"]), month, day)
            how = "a full date"
        else:
            found = on_or_before(pub, month, day)
            if found is None:
                return None
            first = found
            how = (
                "a date without a year, taken in the year that puts it on or before "
                f"publication ({day_name(pub)})"
            )
        if name == "range":
            last = first.replace(day=int(m["day2"]))
            if last <= first:
                return None
            when = span(first, last)
            return when, f'"{text}" → {when.edtf()}: {how}, a span of days'
    except ValueError:
        return None
    when = EventDate(point(first))
    note = ""
    if groups.get("wd") and WEEKDAYS[first.weekday()] != groups["wd"]:
        note = f" (but {first.isoformat()} is a {WEEKDAYS[first.weekday()]}, not a {m['wd']})"
    return when, f'"{text}" → {when.edtf()}: {how}{note}'


def resolve_weekday(m: re.Match[str], pub: date) -> tuple[EventDate, str]:
    index = WEEKDAYS.index(m["wd"])
    mod = (m["mod"] or "").lower()
    if mod == "last":
        day = pub + relativedelta(days=-1, weekday=_WD[index](-1))
        rule = f"the last {m['wd']} before publication"
    elif mod == "next":
        day = pub + relativedelta(days=+1, weekday=_WD[index](+1))
        rule = f"the first {m['wd']} after publication"
    else:
        day = pub + relativedelta(weekday=_WD[index](-1))
        rule = f"the most recent {m['wd']} on or before publication"
    when = EventDate(point(day))
    return when, f'"{m.group().strip()}" → {when.edtf()}: {rule} ({day_name(pub)})'


def resolve_relative(m: re.Match[str], pub: date) -> tuple[EventDate, str]:
    text = re.sub(r"\s+", " ", m.group().strip())
    low = text.lower()
    published = f"publication ({day_name(pub)})"
    if m["day"]:
        shift = {"the day before yesterday": -2, "the day after tomorrow": 2, "tomorrow": 1}
        days = next((v for k, v in shift.items() if low == k), None)
        if days is None:
            days = -1 if low.startswith(("yesterday", "last night")) else 0
        when = EventDate(point(pub + relativedelta(days=days)))
        rule = {0: "the day of", -1: "the day before", -2: "two days before"}.get(
            days, f"{days} day{'s' if days > 1 else ''} after"
        )
        return when, f'"{text}" → {when.edtf()}: {rule} {published}'
    if m["weekend"] or (m["unit"] or "").lower() == "weekend":
        rel = (m["rel"] or "").lower()
        anchor = pub + relativedelta(days=-1) if rel == "last" else pub
        if rel == "next":
            saturday = pub + relativedelta(days=+1, weekday=SA(+1))
        else:
            saturday = anchor + relativedelta(weekday=SA(-1))
        last = saturday + timedelta(days=1)
        when = span(saturday, last if rel == "next" else min(last, pub))
        return when, f'"{text}" → {when.edtf()}: the weekend of {published}'
    if m["ago"]:
        unit, n = m["ago"].lower(), number(m["n"])
        precision = {"month": Precision.MONTH, "year": Precision.YEAR}.get(unit, Precision.DAY)
        when = EventDate(point(pub - relativedelta(**{unit + "s": n}), precision))
        return when, f'"{text}" → {when.edtf()}: {n} {unit}(s) before {published}'
    rel, unit = re.sub(r"\s+", " ", m["rel"].lower()), m["unit"].lower()
    step = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "week":
        monday = pub + relativedelta(weekday=MO(-1), weeks=step)
        if rel in ("this", "earlier this"):
            when = span(monday, pub)
            rule = f"Monday to the day of {published}"
        elif rel == "later this":
            when = span(pub, monday + timedelta(days=6))
            rule = f"the day of {published} to Sunday"
        else:
            when = span(monday, monday + timedelta(days=6))
            rule = f"Monday to Sunday of the week {'before' if step < 0 else 'after'} {published}"
        return when, f'"{text}" → {when.edtf()}: {rule}'
    precision = Precision.MONTH if unit == "month" else Precision.YEAR
    when = EventDate(point(pub + relativedelta(**{unit + "s": step}), precision))
    return when, f'"{text}" → {when.edtf()}: the {unit} of {published}' + (
        f", {'minus' if step < 0 else 'plus'} one" if step else ""
    )


def is_deadline(sentence: str, m: re.Match[str]) -> bool:
    """'72 hours to leave', 'within 30 days', 'a 30-day period' — not '72 hours ago'."""
    after, before = sentence[m.end() :], sentence[: m.start()]
    previous = re.search(r"(\w+)\W*$", before)
    if _NOT_DEADLINE_AFTER.match(after):
        return False
    if previous and previous.group(1).lower() in _NOT_DEADLINE_BEFORE and not m["within"]:
        return False
    return bool(
        m["within"]
        or m["sep"] == "-"
        or _DEADLINE_AFTER.match(after)
        or _DEADLINE_BEFORE.search(before[-60:])
    )


def count_deadline(cue: Cue, anchor: date, anchor_how: str) -> Cue:
    """The day a deadline ends, counted from `anchor`; marked as derived."""
    unit, n = cue.unit, cue.amount
    uncertain = False
    if unit == "hour":
        end = anchor + relativedelta(hours=n)
        uncertain = n % 24 != 0  # the hour it was set is unknown
    else:
        end = anchor + relativedelta(**{unit + "s": n})
    precision = {"month": Precision.MONTH, "year": Precision.YEAR}.get(unit, Precision.DAY)
    when = EventDate(point(end, precision, uncertain))
    how = (
        f'"{cue.text}" → {when.edtf()}: derived, {n} {unit}(s) after {anchor.isoformat()} '
        f"({anchor_how}); the article does not give this date"
    )
    return replace(cue, when=when, how=how)


# -- drafts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInfo:
    url: str
    headline: str
    publisher: str
    published: date


@dataclass(frozen=True)
class Draft:
    cue: Cue
    others: tuple[Cue, ...]
    sentence: str
    title: str
    quote: str
    actors: tuple[str, ...]


def make_drafts(article: Article, pub: date, known_actors: list[str]) -> list[Draft]:
    drafts: list[Draft] = []
    for paragraph in article.paragraphs:
        context: Cue | None = None  # the paragraph's last statement dated to a day
        for sentence in split_sentences(paragraph):
            if not is_statement(sentence):
                continue
            cues = find_cues(sentence, pub)
            if not cues:
                continue
            dated = [c for c in cues if not c.derived]
            actors = match_actors(sentence, known_actors)
            title = suggest_title(sentence, dated)
            lead = max(dated, key=Cue.rank) if dated else None
            if lead is not None:
                others = tuple(c for c in dated if c is not lead)
                quote = short_quote(sentence, lead.start, lead.end)
                drafts.append(Draft(lead, others, sentence, title, quote, actors))
                if is_one_day(lead):
                    context = lead
            for cue in cues:
                if cue.derived:
                    counted = count_deadline(cue, *deadline_anchor(lead, context, pub))
                    quote = short_quote(sentence, cue.start, cue.end)
                    deadline_title = f"Deadline ({cue.text}) ends: {title}"
                    drafts.append(Draft(counted, (), sentence, deadline_title, quote, actors))
    return drafts


def is_one_day(cue: Cue | None) -> bool:
    return bool(cue and cue.when and cue.when.end is None and cue.when.start.day is not None)


def deadline_anchor(lead: Cue | None, context: Cue | None, pub: date) -> tuple[date, str]:
    """A deadline runs from the statement's day: its own sentence's, else the day of the
    paragraph's previous dated statement, else the publication date."""
    if lead is not None and is_one_day(lead):
        assert lead.when is not None
        return lead.when.start.first_day(), f'the day of the statement, "{lead.text}"'
    if lead is None and context is not None:
        assert context.when is not None
        return context.when.start.first_day(), (
            f'the day of the previous statement in the paragraph, "{context.text}"'
        )
    return pub, "the publication date"


def short_quote(sentence: str, start: int, end: int) -> str:
    """The sentence, or the clause with the cue when the sentence is long."""
    if len(sentence.split()) <= MAX_QUOTE_WORDS:
        text = sentence
    else:
        cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s|\s[—–]\s", sentence)]
        cuts.append(len(sentence))
        pieces = list(pairwise(cuts))
        i = next(k for k, (a, b) in enumerate(pieces) if a <= start < b)
        a, b = pieces[i]
        lo, hi = i, i
        while len(sentence[a:b].split()) < 8 and (hi + 1 < len(pieces) or lo > 0):
            if hi + 1 < len(pieces):
                hi += 1
                b = pieces[hi][1]
            else:
                lo -= 1
                a = pieces[lo][0]
        if len(sentence[a:b].split()) > MAX_QUOTE_WORDS:  # one long clause: words around the cue
            words = [(w.start(), w.end()) for w in re.finditer(r"\S+", sentence)]
            at = next(k for k, (s, e) in enumerate(words) if e > start)
            first, last = max(0, at - 12), min(len(words), at + 15)
            a, b = words[first][0], words[last - 1][1]
        text = sentence[a:b].strip().rstrip(",;:—–").strip()
        if a > 0:
            text = "…" + text
        if b < len(sentence) and not text.endswith((".", "!", "?")):
            text += "…"
    # Quotes inside our quote become single quotes.
    text = text.replace("“", "‘").replace("”", "’").replace('"', "'")  # noqa: RUF001
    return clean(text)


# A few hundred verbs that news sentences use, past → present (headline style).
_VERBS = dict(
    pair.split(":")
    for line in (
        "said:says told:tells announced:announces ordered:orders gave:gives broke:breaks",
        "signed:signs met:meets left:leaves arrived:arrives recognized:recognizes",
        "recognised:recognises rejected:rejects called:calls warned:warns accused:accuses",
        "imposed:imposes declared:declares swore:swears took:takes won:wins lost:loses",
        "held:holds launched:launches began:begins ended:ends expelled:expels",
        "withdrew:withdraws sent:sends asked:asks agreed:agrees denied:denies",
        "confirmed:confirms reported:reports refused:refuses threatened:threatens vowed:vows",
        "pledged:pledges promised:promises urged:urges demanded:demands closed:closes",
        "opened:opens approved:approves voted:votes passed:passes killed:kills attacked:attacks",
        "arrested:arrests released:releases fled:flees returned:returns resigned:resigns",
        "appointed:appoints named:names elected:elects protested:protest marched:march",
        "stormed:storm seized:seizes blocked:blocks banned:bans suspended:suspends",
        "offered:offers proposed:proposes issued:issues published:publishes visited:visits",
        "travelled:travels traveled:travels flew:flies landed:lands struck:strikes fired:fires",
        "shot:shoots sanctioned:sanctions froze:freezes blamed:blames condemned:condemns",
        "criticized:criticizes criticised:criticises welcomed:welcomes backed:backs",
        "supported:supports sought:seeks planned:plans decided:decides allowed:allows",
        "expired:expires was:is were:are has:has had:has would:will will:will could:can",
        "stayed:stays remained:remains moved:moves deployed:deploys joined:joins",
        "gathered:gather rallied:rally spoke:speaks wrote:writes tweeted:tweets",
        "accepted:accepts acknowledged:acknowledges admitted:admits insisted:insists added:adds",
        "stated:states claimed:claims responded:responds replied:replies recalled:recalls",
        "cancelled:cancels canceled:cancels postponed:postpones extended:extends ruled:rules",
        "charged:charges sentenced:sentences freed:frees reached:reaches hit:hits raided:raids",
        "captured:captures won:wins failed:fails became:becomes started:starts stopped:stops",
        "cut:cuts set:sets put:puts",
    )
    for pair in line.split(" ")
)
_PRESENT = set(_VERBS.values())
_ALL_VERBS = _PRESENT | set(_VERBS)
_REPORTING = {
    "says", "tells", "announces", "warns", "reports", "confirms", "claims", "states", "adds",
    "insists", "denies", "acknowledges", "admits", "tweets", "writes",
}  # fmt: skip
_LEADING = re.compile(
    r"^(?:(?:but|and|however|meanwhile|also|then|so|yet|still|separately|earlier|later)"
    r"\b,?\s*)+",
    re.I,
)
_DANGLING = {
    "a", "an", "the", "in", "on", "at", "of", "to", "for", "with", "and", "or", "but",
    "before", "after", "by", "from", "as", "into", "that", "which", "who", "its", "his", "her",
    "their",
}  # fmt: skip
_ABBR = re.compile(r"(?:[A-Za-z]\.){2,}$|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Inc|Corp|Co|Ltd)\.$")
_PREPOSITION = r"(?:on|in|since|during|by|at|until|from|as of|of|over)"
_CUE_PREP = rf"(?:\b{_PREPOSITION}\s+)?"


def suggest_title(sentence: str, cues: list[Cue]) -> str:
    """A title from the sentence's subject and verb: 'Maduro gives US diplomats 72 hours…'."""
    text = sentence
    for cue in sorted(cues, key=lambda c: c.start, reverse=True):  # drop the date words
        before = re.search(_CUE_PREP + r"$", text[: cue.start], re.I)
        if re.match(_PREPOSITION + r"\s", cue.text, re.I):
            before = None  # the cue has its preposition ("on Wednesday")
        a = before.start() if before and before.group() else cue.start
        text = text[:a] + " " + text[cue.end :]
    text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text))
    text = re.sub(r"^[\s,;:\"'\u201c\u2018(]+|[\s,;:]+(?=[,;:])", "", text)
    text = _LEADING.sub("", text).strip(" ,")
    words = text.split()
    verb_at = next(
        (i for i, w in enumerate(words) if i > 0 and w.strip(",").lower() in _ALL_VERBS),
        None,
    )
    if verb_at is None:
        chosen = words[:10]
    else:
        subject = words[:verb_at]
        comma = next((i for i, w in enumerate(subject) if w.endswith(",")), None)
        if comma is not None:
            subject = subject[: comma + 1]
            subject[-1] = subject[-1].rstrip(",")
        subject = subject[-6:]
        verb_word = words[verb_at].strip(",").lower()
        verb = _VERBS.get(verb_word, verb_word)
        rest = words[verb_at + 1 :]
        if verb in _REPORTING and rest and rest[0].lower() == "that":
            rest = rest[1:]
        obj: list[str] = []
        for w in rest:
            obj.append(w)
            if re.search(r"[,;:]$", w) or (w.endswith((".", "!", "?")) and not _ABBR.match(w)):
                break
        cut = len(obj) > 9
        chosen = [*subject, verb, *obj[:9]]
        while cut and len(chosen) > 2 and chosen[-1].lower() in _DANGLING:
            chosen.pop()  # the object was cut short: do not end on 'the' or 'in'

    title = " ".join(chosen).strip().rstrip(",;:!?\"'”’").strip()
    if title.endswith(".") and not _ABBR.match(title.rsplit(" ", 1)[-1]):
        title = title[:-1]
    title = re.sub(r"[\"“”]", "", title)
    return (title[:1].upper() + title[1:])[:150] or "Untitled statement"


_ORG_WORDS = {
    "department", "ministry", "group", "party", "assembly", "council", "court", "office",
    "house", "bank", "union", "states", "nations", "organization", "organisation", "army",
    "forces", "government", "agency", "committee", "company", "service", "news",
}  # fmt: skip


def fold(text: str) -> str:
    """Accents dropped, case kept: 'Guaidó' and 'Guaido' compare equal."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def match_actors(sentence: str, known: list[str]) -> tuple[str, ...]:
    """Known names the sentence mentions, in order; a person also by a unique surname."""
    plain = fold(sentence)
    lowered = plain.casefold()
    found: list[tuple[int, int, str]] = []

    def overlaps(a: int, b: int) -> bool:
        return any(a < y and b > x for x, y, _ in found)

    for name in sorted(known, key=len, reverse=True):
        m = re.search(rf"(?<!\w){re.escape(fold(name).casefold())}(?!\w)", lowered)
        if m and not overlaps(m.start(), m.end()):
            found.append((m.start(), m.end(), name))
    surnames: dict[str, list[str]] = {}
    for name in known:
        parts = fold(name).split()
        if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1]) >= 3:
            surnames.setdefault(parts[-1], []).append(name)
    for surname, names in surnames.items():
        if len(names) != 1 or surname.lower() in _ORG_WORDS or names[0] in {f[2] for f in found}:
            continue
        m = re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", plain)  # case-sensitive
        if m and not overlaps(m.start(), m.end()):
            found.append((m.start(), m.end(), names[0]))
    return tuple(name for _, _, name in sorted(found))


# -- the event files -------------------------------------------------------------------


def render_draft(d: Draft, source: SourceInfo) -> EventFile:
    assert d.cue.when is not None
    comments = [
        "A draft made by `timeline draft` from the article in 'sources'. Check every value",
        "against the article, write the title and summary in your own words, then set the",
        "status (confirmed, reported, claimed…).",
        f"Date from the cue {d.cue.how}.",
    ]
    if d.cue.derived:
        comments.append(
            "DERIVED: this date is worked out from a deadline, not stated in the article."
        )
    for other in d.others:
        comments.append(f"Also in the sentence: {other.how}.")
    summary = f'According to {markdown_text(source.publisher)}, "{markdown_text(d.quote)}"'
    if d.cue.derived:
        summary += f' (The date is derived from the deadline "{markdown_text(d.cue.text)}".)'
    lines = [
        f"title: {yaml_text(d.title)}",
        f"date: {d.cue.when.edtf()}",
        "summary: |",
        f"  {summary}",
        "status: draft",
    ]
    if d.actors:
        lines.append("actors: [" + ", ".join(yaml_text(a, in_list=True) for a in d.actors) + "]")
    lines += [
        "sources:",
        f"  - url: {yaml_text(source.url)}",
        f"    title: {yaml_text(source.headline)}",
        f"    publisher: {yaml_text(source.publisher)}",
        f"    published: {source.published.isoformat()}",
    ]
    return EventFile(d.title, d.cue.when, comments, lines, draft=True)


# -- the command -----------------------------------------------------------------------


class DraftError(Exception):
    """The command cannot go on: a missing or bad option, an unreadable article."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "draft",
        parents=[common],
        help="write draft events from a news article's dated statements",
        description="Read an article (plain text or a saved HTML page; - reads standard "
        "input), find the sentences that carry a date cue (an explicit date, a weekday, "
        "'this week', 'last month', a deadline such as '72 hours'), resolve each against the "
        "publication date, and write one draft event per statement (status: draft) with a "
        "short attributed quote, the article as its source and the known actors it names. "
        "Prints a table of what it found. Never overwrites a file.",
    )
    p.add_argument(
        "article",
        metavar="ARTICLE",
        help="the article: a .txt or .html file, or - for standard input",
    )
    p.add_argument(
        "--url", metavar="URL", help="the article's address (default: its canonical link)"
    )
    p.add_argument(
        "--published",
        metavar="DATE",
        help="the day it was published, YYYY-MM-DD (default: from its meta data); "
        "weekdays and 'yesterday' are counted from it",
    )
    p.add_argument("--publisher", metavar="NAME", help="who published it (default: og:site_name)")
    p.add_argument(
        "--headline", metavar="TEXT", help="the article's headline (default: og:title, <h1>, "
        "or a plain-text article's first line)"
    )  # fmt: skip
    p.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write the drafts (default: events/drafts)"
    )
    p.add_argument("--dry-run", action="store_true", help="print the table but write no file")


def read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DraftError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"charset=[\"']?([\w-]+)", data[:4096], re.I)
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise DraftError(
            f"{name}: error: the article is not UTF-8 (byte 0x{data[exc.start]:02X} at offset "
            f"{exc.start})\n    hint: save it as UTF-8, or as HTML that declares its charset",
            1,
        ) from None


def source_info(article: Article, args: argparse.Namespace) -> SourceInfo:
    """The article's description, the command line winning over the page's meta data."""
    url = (args.url or article.url or "").strip()
    headline = clean(args.headline or article.headline or "")
    publisher = clean(args.publisher or article.publisher or "")
    published = article.published
    if args.published:
        try:
            given = parse_point(args.published)
        except DateError as exc:
            raise DraftError(f"--published: {exc.message} ({exc.hint})") from None
        if given.day is None:
            raise DraftError("--published needs the day: write it as YYYY-MM-DD")
        published = given.first_day()
    missing = [
        option
        for option, value in (
            ("--url URL", url), ("--published YYYY-MM-DD", published),
            ("--publisher NAME", publisher), ("--headline TEXT", headline),
        )
        if not value
    ]  # fmt: skip
    if missing:
        what = "its meta tags do" if article.is_html else "a plain-text article does"
        raise DraftError(
            f"the article's {', '.join(o.split()[0][2:] for o in missing)} "
            f"{'is' if len(missing) == 1 else 'are'} unknown ({what} not say); "
            f"give {' '.join(missing)}"
        )
    bad = check_url(url)
    if bad:
        raise DraftError(f"the article's address: {bad[0]} ({bad[1]}); give --url URL")
    assert published is not None
    return SourceInfo(url, headline, publisher, published)


def known_actors(paths: SitePaths) -> list[str]:
    tree = load_tree(paths.root, paths.events, Problems(), today())
    return sorted({a for e in tree.events for a in e.actors})


def run(paths: SitePaths, args: argparse.Namespace) -> int:
    try:
        paths.require()
        article = read_article(read_input(args.article))
        source = source_info(article, args)
    except NotASite as exc:
        print(f"timeline: error: {exc}", file=sys.stderr)
        return 2
    except DraftError as exc:
        text = str(exc)
        print(text if exc.code == 1 else f"timeline: error: {text}", file=sys.stderr)
        return exc.code
    name = "standard input" if args.article == "-" else args.article
    drafts = make_drafts(article, source.published, known_actors(paths))
    out = args.out if args.out is not None else paths.events / "drafts"
    files = [render_draft(d, source) for d in drafts]
    results = write_events(paths, out, files, dry_run=args.dry_run)
    print_table(paths, drafts, results)
    errors = [(d, r) for d, r in zip(drafts, results, strict=True) if r.problems]
    for d, r in errors:
        for p in r.problems:  # a draft the loader would refuse: never written
            print(f'{name}: error: the draft for "{d.cue.text}": {p.message}', file=sys.stderr)
            if p.hint:
                print(f"    hint: {p.hint}", file=sys.stderr)
    written = sum(1 for r in results if r.path and not r.problems)
    if not drafts:
        print(f"found no dated statement in {name}; nothing written")
    elif args.dry_run:
        print(f"found {len(drafts)} dated statement(s) in {name}; --dry-run: nothing written")
    else:
        print(
            f"wrote {written} draft(s) to {shown(paths, out)}: check each against the article, "
            "then set its status"
        )
    return 1 if errors else 0


def shown(paths: SitePaths, path: Path) -> str:
    return display_path(path.absolute(), paths.root.absolute())


def print_table(paths: SitePaths, drafts: list[Draft], results: list[NewFile]) -> None:
    if not drafts:
        return
    rows = [("cue", "date", "sentence", "file")]
    for d, r in zip(drafts, results, strict=True):
        assert d.cue.when is not None
        when = d.cue.when.edtf() + (" (derived)" if d.cue.derived else "")
        start = d.sentence if len(d.sentence) <= 40 else d.sentence[:39].rstrip() + "…"
        target = shown(paths, r.path) if r.path else "(not written)"
        if r.problems:
            target = "(refused: see below)"
        rows.append((d.cue.text, when, start, target))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join([*(row[i].ljust(widths[i]) for i in range(3)), row[3]]))
