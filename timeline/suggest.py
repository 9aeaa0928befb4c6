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


# Verbs that news sentences use: past → the plain present ("they hold"). A title takes
# the present: the third person singular ("Maduro holds") after a singular subject, the
# plain form ("Unions hold") after a plural one (`agree`).
_VERBS = dict(
    pair.split(":")
    for line in (
        "said:say told:tell announced:announce ordered:order gave:give broke:break",
        "signed:sign met:meet left:leave arrived:arrive recognized:recognize",
        "recognised:recognise rejected:reject called:call warned:warn accused:accuse",
        "imposed:impose declared:declare swore:swear took:take won:win lost:lose",
        "held:hold launched:launch began:begin ended:end expelled:expel",
        "withdrew:withdraw sent:send asked:ask agreed:agree denied:deny",
        "confirmed:confirm reported:report refused:refuse threatened:threaten vowed:vow",
        "pledged:pledge promised:promise urged:urge demanded:demand closed:close",
        "opened:open approved:approve voted:vote passed:pass killed:kill attacked:attack",
        "arrested:arrest released:release fled:flee returned:return resigned:resign",
        "appointed:appoint named:name elected:elect protested:protest marched:march",
        "stormed:storm seized:seize blocked:block banned:ban suspended:suspend",
        "offered:offer proposed:propose issued:issue published:publish visited:visit",
        "travelled:travel traveled:travel flew:fly landed:land struck:strike fired:fire",
        "shot:shoot sanctioned:sanction froze:freeze blamed:blame condemned:condemn",
        "criticized:criticize criticised:criticise welcomed:welcome backed:back",
        "supported:support sought:seek planned:plan decided:decide allowed:allow",
        "expired:expire was:be were:be had:have would:will will:will could:can",
        "stayed:stay remained:remain moved:move deployed:deploy joined:join",
        "gathered:gather rallied:rally spoke:speak wrote:write tweeted:tweet",
        "accepted:accept acknowledged:acknowledge admitted:admit insisted:insist added:add",
        "stated:state claimed:claim responded:respond replied:reply recalled:recall",
        "cancelled:cancel canceled:cancel postponed:postpone extended:extend ruled:rule",
        "charged:charge sentenced:sentence freed:free reached:reach hit:hit raided:raid",
        "captured:capture failed:fail became:become started:start stopped:stop",
        "cut:cut set:set put:put",
    )
    for pair in line.split(" ")
)
_SINGULAR = {"be": "is", "have": "has", "will": "will", "can": "can"}  # the irregular ones


def third_person(verb: str) -> str:
    """'hold' → 'holds', 'rally' → 'rallies', 'reach' → 'reaches', 'be' → 'is'."""
    if verb in _SINGULAR:
        return _SINGULAR[verb]
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    if re.search(r"(?:s|x|z|ch|sh|o)$", verb):
        return verb + "es"
    return verb + "s"


_PRESENT = {third_person(v): v for v in _VERBS.values()}  # 'holds' → 'hold'
_ALL_VERBS = set(_PRESENT) | set(_VERBS)
_REPORTING = {
    "say", "tell", "announce", "warn", "report", "confirm", "claim", "state", "add",
    "insist", "deny", "acknowledge", "admit", "tweet", "write",
}  # fmt: skip

# -- is the subject plural? --
_PLURAL_WORDS = {
    "they", "we", "you", "i", "people", "police", "men", "women", "children", "forces",
    "both", "several", "many", "few", "others", "these", "those", "staff", "personnel",
}  # fmt: skip
_SINGULAR_WORDS = {
    "he", "she", "it", "news", "series", "species", "politics", "economics", "means",
    "everyone", "everybody", "nobody", "somebody", "someone", "each", "one",
}  # fmt: skip
# Names in the plural that are one thing: 'The United States recognizes…'.
_ONE_THING = re.compile(
    r"(?:united\s+(?:states|nations|arab\s+emirates)|netherlands|philippines|bahamas)$"
)
_NOT_A_PLURAL = re.compile(r"(?:ss|us|is|'s|’s)$")  # 'press', 'census', 'crisis', "Maduro's"
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our", "my"}


def is_plural(subject: list[str], names: tuple[str, ...] = ()) -> bool:
    """Whether the verb after these words takes the plural: 'Unions', 'Maduro and Guaidó',
    'Thousands of protesters'; not 'The United States', 'The crisis', 'Evo Morales', nor
    a word of one of `names` (the actors the sentence names: 'Morales' of 'Evo Morales')."""
    words = [w.strip(",;:\"'()\u201c\u201d\u2018\u2019") for w in subject]
    words = [w for w in words if w]
    while len(words) > 1 and words[-1].lower() in ("who", "that", "which"):
        words.pop()  # 'Protesters who…': the number of the word it stands for
    if not words:
        return False
    lowered = [w.lower() for w in words]
    if any(w in ("and", "&") for w in lowered[1:]):
        return True
    if _ONE_THING.search(" ".join(lowered)):
        return False
    if "of" in lowered[1:]:  # 'Thousands of protesters', 'the head of the assembly'
        words = words[: lowered.index("of", 1)]
        lowered = lowered[: len(words)]
    head, low = words[-1], lowered[-1]
    if low in _PLURAL_WORDS:
        return True
    if any(fold(head) == fold(part) for name in names for part in name.split()):
        return False
    if low in _SINGULAR_WORDS or _NOT_A_PLURAL.search(low) or not low.endswith("s"):
        return False
    # A capitalised word after another name is a surname ('Evo Morales'), not a plural.
    before = words[-2] if len(words) > 1 else ""
    named = head[:1].isupper() and before[:1].isupper() and before.lower() not in _DETERMINERS
    return not named


def agree(verb: str, subject: list[str], names: tuple[str, ...] = ()) -> str:
    """The present of a verb of `_VERBS` (past or present) agreeing with the subject."""
    plain = _VERBS.get(verb) or _PRESENT.get(verb) or verb
    if not is_plural(subject, names):
        return third_person(plain)
    return "are" if plain == "be" else plain


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


def suggest_title(sentence: str, cues: list[Cue], names: tuple[str, ...] = ()) -> str:
    """A title from the sentence's subject and verb: 'Maduro gives US diplomats 72 hours…';
    the verb agrees with the subject, a word of one of `names` being one person or body."""
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
    verb_at = next(  # a verb is lowercase: 'States' in 'The United States' is a name
        (i for i, w in enumerate(words) if i > 0 and w.strip(",.;:!?") in _ALL_VERBS),
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
        word = words[verb_at].strip(",.;:!?")
        verb = agree(word, subject, names)
        rest = words[verb_at + 1 :]
        if (_VERBS.get(word) or _PRESENT.get(word)) in _REPORTING and rest and (
            rest[0].lower() == "that"
        ):  # fmt: skip
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
