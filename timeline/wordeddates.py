"""Dates written in words, in any language the interface speaks — "January 23, 2019",
"23rd Jan. 2019", "1er mars 2023", "5 de enero de 2023", "5. Januar 2023", "janvier
2023", "Lundi 9 janvier 2023" — read only to say, in the hint of the error, what the date
is in the event files' format. An event file's date is never read from words.
"""

from __future__ import annotations

import calendar
import importlib
import re
import unicodedata
from functools import cache

from timeline.datewords import ENGLISH, DateWords
from timeline.locales import CATALOGUES

# Words that may stand between a date's parts: "5 de enero de 2023", "the 5th of May".
_FILLERS = {"de", "del", "of", "the", "le", "el", "am", "den", "der", "do", "da", "on"}
_TOKEN = re.compile(r"\d+[^\W\d_]*\.?|[^\W\d_]+\.?")
_DAY = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th|er|re|e|o|a)?\.?")
_YEAR = re.compile(r"[0-9]{4}")


def plain(text: str) -> str:
    """Lower case without accents: 'Février' → 'fevrier', '1º' → '1o'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _names() -> tuple[dict[str, int], frozenset[str]]:
    """Each month's name and its beginnings of 3 letters or more → its number, in every
    language (a beginning two months share, the French 'jui', is left out); the
    weekdays' names."""
    languages: list[DateWords] = [ENGLISH]
    for code in CATALOGUES:
        languages.append(importlib.import_module(f"timeline.locales.{code}").WORDS)
    months: dict[str, set[int]] = {}
    for words in languages:
        for number, name in enumerate(words.months, 1):
            name = plain(name)
            for end in range(3, len(name) + 1):
                months.setdefault(name[:end], set()).add(number)
    weekdays = frozenset(plain(name) for words in languages for name in words.weekdays)
    return {k: v.pop() for k, v in months.items() if len(v) == 1}, weekdays


def in_words(text: str) -> str | None:
    """The day (YYYY-MM-DD) or month (YYYY-MM) that `text` writes in words, or None when
    it is anything else."""
    months, weekdays = _names()
    year = month = day = None
    for token in _TOKEN.findall(plain(text)):
        word, number = token.rstrip("."), _DAY.fullmatch(token)
        if _YEAR.fullmatch(word) and year is None:
            year = int(word)
        elif number and day is None:
            day = int(number[1])
        elif word in months and month is None:
            month = months[word]
        elif word not in _FILLERS and word not in weekdays:
            return None
    if year is None or month is None or not 1 <= year <= 9999:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
