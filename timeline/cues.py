"""Date cues in a sentence, resolved against the article's publication date.

A sentence is searched for explicit dates ("October 4, 2017", "4 October", "Jan. 23",
"from January 30 to February 2"), weekday names ("on Wednesday"), relative phrases
("yesterday", "this week", "last month", "earlier this year", "three days ago") and
deadlines ("within 72 hours", "72 hours to leave", "in 30 days", "a 30-day deadline"), and
each cue is resolved against the publication date with `dateutil.relativedelta`. Weeks
run from Monday to Sunday.

- a weekday is the most recent such day on or before publication ("last Friday": before
  it; "next Friday": after it); "this Friday" is the Friday of the week of publication,
  even when that is after publication (a future event, which its comment says);
- "this week" is the interval Monday → publication day; "last week" Monday → Sunday;
- "this weekend" is the Saturday and Sunday of the week of publication (the coming
  weekend, or the current one when published on a Saturday or Sunday); "last weekend" is
  the weekend of the week before; "next weekend" the first Saturday and Sunday after
  publication; "over the weekend" the most recent weekend, up to publication;
- a date without a year takes the year that puts it on or before publication; in a span
  ("from January 30 to February 2", "between … and …") the start does, and the end is the
  first such day after the start;
- "N days ago" is a day; "N weeks ago" an approximate day (`~`); months and years ago
  are the month or the year;
- a deadline is counted from the statement's own day (or from publication) and gives a
  separate draft, marked as derived (`count_deadline`). A duration is a deadline only
  when the words say so: "within"/"in" before it, "to", "deadline", "ultimatum", "notice"
  or "grace" after it, or a verb of giving before it ("gave them 72 hours"). A hyphenated
  duration is an adjective ("a 24-hour strike", "the two-day summit", "his 20-year
  rule") and a deadline only before "deadline", "ultimatum", "notice", "grace period",
  "window" or "limit";
- the precision of the result is the precision of the cue (a month stays a month).

Each resolved cue carries `how`: which words gave the date and by which rule, for the
draft's comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from timeline.dates import MONTHS, DatePoint, EventDate, Precision

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WD = (MO, TU, WE, TH, FR, SA, SU)
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "twenty-four": 24, "thirty": 30, "forty": 40,
    "forty-eight": 48, "sixty": 60, "seventy-two": 72, "ninety": 90,
}  # fmt: skip


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
_MONTH2 = rf"(?P<month2>{_month_names()})(?!\w)"
_WD_PREFIX = rf"(?:(?P<wd>{_WDAY}),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})(?![\d,.]\d|\d)"
_YEAR2 = r"(?P<year2>(?:1[89]|20)\d{2})(?![\d,.]\d|\d)"
_NO_MORE = r"(?![\d,.]\d|\d|:|\s*[-–]\s*\d)"
_PREP = r"(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-|of|[Tt]hroughout)"
_FROM = r"\b(?:[Ff]rom|[Bb]etween)\s+"
_TO = r"\s+(?:to|until|till|through|and)\s+"
_ORD = r"(?:st|nd|rd|th)?"

# Explicit dates, most specific first; a later pattern never takes text an earlier one took.
DATE_PATTERNS = [
    ("span", re.compile(  # from January 30 to February 2; from January 21 to 25
        rf"{_FROM}{_MONTH}\s+(?P<day>[0-3]?\d){_ORD}(?:,?\s+{_YEAR})?{_TO}(?:{_MONTH2}\s+)?"
        rf"(?P<day2>[0-3]?\d){_ORD}(?:,?\s+{_YEAR2}|{_NO_MORE})"
    )),
    ("span", re.compile(  # from 30 January to 2 February; from 21 to 25 January
        rf"{_FROM}(?P<day>[0-3]?\d){_ORD}(?:\s+(?:of\s+)?{_MONTH})?(?:,?\s+{_YEAR})?{_TO}"
        rf"(?P<day2>[0-3]?\d){_ORD}\s+(?:of\s+)?{_MONTH2}(?:,?\s+{_YEAR2})?"
    )),
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
# What a hyphenated duration must qualify to be a deadline ('a 30-day deadline').
_DEADLINE_NOUN = re.compile(
    r"\s+(?:(?:grace|notice)\s+)?(?:deadline|ultimatum|notice|grace|window|limit)\b", re.I
)
_DEADLINE_BEFORE = re.compile(
    r"\b(?:gave|give|gives|given|giving|granted|grants?|allowed|allows?|deadline|ultimatum)\b",
    re.I,
)
_NOT_DEADLINE_BEFORE = {"past", "last", "previous", "first", "recent", "over", "every", "for"}


# -- finding cues ----------------------------------------------------------------------


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


def is_deadline(sentence: str, m: re.Match[str]) -> bool:
    """'72 hours to leave', 'within 30 days', 'a 30-day deadline' — not '72 hours ago', nor
    a hyphenated duration used as an adjective ('a 24-hour strike', 'his 20-year rule')."""
    after, before = sentence[m.end() :], sentence[: m.start()]
    previous = re.search(r"(\w+)\W*$", before)
    if _NOT_DEADLINE_AFTER.match(after):
        return False
    if m["sep"] == "-":
        return bool(_DEADLINE_NOUN.match(after))
    if previous and previous.group(1).lower() in _NOT_DEADLINE_BEFORE and not m["within"]:
        return False
    return bool(
        m["within"] or _DEADLINE_AFTER.match(after) or _DEADLINE_BEFORE.search(before[-60:])
    )


# -- resolving cues --------------------------------------------------------------------


def day_name(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"


def point(
    day: date, precision: Precision = Precision.DAY, uncertain: bool = False,
    approximate: bool = False,
) -> DatePoint:  # fmt: skip
    q = {"uncertain": uncertain, "approximate": approximate}
    if precision == Precision.YEAR:
        return DatePoint(day.year, **q)
    if precision == Precision.MONTH:
        return DatePoint(day.year, day.month, **q)
    return DatePoint(day.year, day.month, day.day, **q)


def future(first: date, last: date, pub: date) -> str:
    """What the comment says of a date after publication: it was a plan, not a fact."""
    if first > pub:
        return "; after publication: a future event when the article was written"
    if last > pub:
        return "; it ends after publication"
    return ""


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


def resolve_date(name: str, m: re.Match[str], pub: date) -> tuple[EventDate, str] | None:
    """An explicit date, with or without its year; None when it is not a real day."""
    if name == "span":
        return resolve_span(m, pub)
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


def resolve_span(m: re.Match[str], pub: date) -> tuple[EventDate, str] | None:
    """'from January 30 to February 2': the year rule dates the start, the end follows it."""
    text = re.sub(r"\s+", " ", m.group().strip())
    month = month_number(m["month"] or m["month2"])
    month2 = month_number(m["month2"] or m["month"])
    day, day2 = int(m["day"]), int(m["day2"])
    wraps = (month2, day2) < (month, day)  # December 30 to January 2
    try:
        if m["year"]:
            first = date(int(m["year"]), month, day)
            how = "a full date"
        elif m["year2"]:
            first = date(int(m["year2"]) - wraps, month, day)
            how = "the year of the end"
        else:
            found = on_or_before(pub, month, day)
            if found is None:
                return None
            first = found
            how = f"the year that puts it on or before publication ({day_name(pub)})"
        last = date(int(m["year2"]) if m["year2"] else first.year + wraps, month2, day2)
    except ValueError:
        return None
    if last <= first:
        return None
    when = span(first, last)
    return when, (
        f'"{text}" → {when.edtf()}: a span of days, the start in {how}, the end the first '
        f"such day after it{future(first, last, pub)}"
    )


def resolve_weekday(m: re.Match[str], pub: date) -> tuple[EventDate, str]:
    index = WEEKDAYS.index(m["wd"])
    mod = (m["mod"] or "").lower()
    if mod == "last":
        day = pub + relativedelta(days=-1, weekday=_WD[index](-1))
        rule = f"the last {m['wd']} before publication"
    elif mod == "next":
        day = pub + relativedelta(days=+1, weekday=_WD[index](+1))
        rule = f"the first {m['wd']} after publication"
    elif mod == "this":
        day = pub + relativedelta(weekday=MO(-1)) + timedelta(days=index)
        rule = f"the {m['wd']} of the week of publication"
    else:
        day = pub + relativedelta(weekday=_WD[index](-1))
        rule = f"the most recent {m['wd']} on or before publication"
    when = EventDate(point(day))
    return when, f'"{m.group().strip()}" → {when.edtf()}: {rule} ({day_name(pub)})' + future(
        day, day, pub
    )


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
        rel = re.sub(r"\s+", " ", (m["rel"] or "").lower()).split(" ")[-1]  # earlier this → this
        saturday = pub + relativedelta(weekday=MO(-1)) + timedelta(days=5)  # this week's
        if rel == "this":
            rule = f"the Saturday and Sunday of the week of {published}"
        elif rel == "last":
            saturday -= timedelta(days=7)
            rule = f"the Saturday and Sunday of the week before the week of {published}"
        elif rel == "next":
            saturday = pub + relativedelta(days=+1, weekday=SA(+1))
            rule = f"the first Saturday and Sunday after {published}"
        else:  # over the weekend: the latest one, up to publication
            saturday = pub + relativedelta(weekday=SA(-1))
            rule = f"the most recent weekend, up to {published}"
        last = saturday + timedelta(days=1)
        if not rel:
            last = min(last, pub)
        when = span(saturday, last)
        return when, f'"{text}" → {when.edtf()}: {rule}{future(saturday, last, pub)}'
    if m["ago"]:
        unit, n = m["ago"].lower(), number(m["n"])
        precision = {"month": Precision.MONTH, "year": Precision.YEAR}.get(unit, Precision.DAY)
        rough = unit == "week"  # "two weeks ago" is a round figure, not a count of days
        day = pub - relativedelta(**{unit + "s": n})
        when = EventDate(point(day, precision, approximate=rough))
        return when, f'"{text}" → {when.edtf()}: {n} {unit}(s) before {published}' + (
            ", approximate (~): weeks ago are a round figure" if rough else ""
        )
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
