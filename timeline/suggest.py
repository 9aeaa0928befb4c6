"""What a draft suggests from its sentence: a short quote, a title, the actors it names.

All three are suggestions for the contributor to check and rewrite: the quote is the
sentence (or the clause with the date cue when the sentence is long), the title is the
sentence's subject and verb in headline style ("Maduro gives US diplomats 72 hours…"),
and the actors are the names already used in events/ that the sentence mentions.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from timeline.article import clean
from timeline.cues import Cue

MAX_QUOTE_WORDS = 25


# -- the quote -------------------------------------------------------------------------


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


# -- the title -------------------------------------------------------------------------


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


# -- the actors ------------------------------------------------------------------------


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
