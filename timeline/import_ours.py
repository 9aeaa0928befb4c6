"""Our own exports' wording, read back by `import` in every language the interface speaks.

Our `timelinejs.json` writes an event's place, status, sources and corrections around its
summary, and its dates in words, in the site's language (`timeline.exports.words`):
"Fuentes:", "Afirmación sin confirmar — fuente de la afirmación: …", "hacia el 23 de
enero de 2019". `ours` finds the language of an export by its sources' heading, and
`read_date` reads a date in words back in a given language (`read_display`: in any).

Text is compared as `tomarkdown` gives a block's text, its white space made single spaces
(French writes a no-break space before ':').
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from timeline.dates import DateError, DatePoint, parse_point
from timeline.datewords import DateWords
from timeline.exports.words import Wording, wording
from timeline.locales import CATALOGUES
from timeline.schema import STATUS_LABELS
from timeline.tomarkdown import one_line


@dataclass(frozen=True)
class OurWords:
    """The words our export writes around an event's own text, in one language."""

    dates: DateWords
    sources: str  # "Sources:"
    corrections: str  # "Corrections:"
    about: str  # "About this event" (the link to the event's page)
    archived: str  # "archived copy"
    claim: str  # " — source of the claim: "
    labels: Mapping[str, str]  # a status's label → the status


def _our_words(words: Wording) -> OurWords:
    return OurWords(
        words.locale.words,
        one_line(words("Sources:")),
        one_line(words("Corrections:")),
        one_line(words("About this event")),
        one_line(words("archived copy")),
        f" — {one_line(words('source of the claim:'))} ",
        {one_line(words.status(status)): status for status in STATUS_LABELS},
    )


@functools.cache
def languages() -> tuple[OurWords, ...]:
    """Our words in each language of the interface, English first."""
    return tuple(_our_words(wording(language)) for language in ("en", *CATALOGUES))


ENGLISH = _our_words(wording("en"))


def ours(texts: list[str]) -> OurWords | None:
    """The language of our export whose blocks have `texts`, found by its sources' heading;
    None when no block is one (not our export)."""
    headings = {words.sources: words for words in languages()}
    return next((headings[text] for text in texts if text in headings), None)


_OFFSET = re.compile(r"UTC(?:([+−-])(\d{2}):(\d{2}))?")
_CLOCK = re.compile(r"(?<![\d:])(\d{2}):(\d{2})(?::(\d{2}))?(?![\d:])")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


def read_date(text: str, words: DateWords) -> DatePoint | None:
    """A date as `DatePoint.display` writes it in the language of `words` ("c. 23 January
    2019", "25 de enero de 2019, 14:30 (UTC−04:00)"), read back, or None. Its parts are
    picked out, then the point they make must be written as `text` exactly (a hyphen may
    stand for the offset's minus sign): no other text is read as a date."""
    written = one_line(text).replace("UTC-", "UTC−")
    rest = written
    zone = ""
    offset = _OFFSET.search(rest)
    if offset:
        sign, hours, minutes = offset.groups()
        zone = f"{'+' if sign == '+' else '-'}{hours}:{minutes}" if sign else "Z"
        rest = rest[: offset.start()] + " " + rest[offset.end() :]
    clock = _CLOCK.search(rest)
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    years = _YEAR.findall(rest)
    if len(years) != 1 or bool(clock) != bool(offset):
        return None
    iso = years[0]
    rest = _YEAR.sub(" ", rest)
    month = next(
        (n for n, name in enumerate(words.months, 1) if re.search(rf"\b{re.escape(name)}\b", rest)),
        None,
    )
    if month is not None:
        iso += f"-{month:02d}"
        first = words.first_day and re.search(rf"\b{re.escape(words.first_day)}(?!\w)", rest)
        day = "1" if first else next(iter(_DAY.findall(rest)), "")
        if day:
            iso += f"-{int(day):02d}"
            if clock:
                hour, minute, second = clock.groups()
                iso += f"T{hour}:{minute}" + (f":{second}" if second else "") + zone
    for qualifier in ("", "~", "?"):
        try:
            point = parse_point(iso + qualifier)
        except DateError:
            return None
        if one_line(point.display(words=words)) == written:
            return point
    return None


def read_display(text: str) -> DatePoint | None:
    """A date in words as our pages write it in any language of the interface, or None."""
    for words in languages():
        point = read_date(text, words.dates)
        if point is not None:
            return point
    return None
