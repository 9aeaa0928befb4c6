"""The interface in the site's language: the theme's text, its dates and its scripts' messages.

A catalogue is a module of this package named by a language's primary subtag (`es.py`
serves `es`, `es-VE`, `es-419`). Its `MESSAGES` map the theme's English text (the msgid,
as in gettext), and the few words of the exports (`timeline.exports.words`), to the
translation, a text with a count to its plural forms; `WORDS` say how
dates are written (`timeline.datewords`); `NUMBERS` how a number's digits are grouped, and
`REGION_NUMBERS` where a country groups them otherwise (`timeline.numbers`); `PLURAL`
picks a plural form for a count;
`SCRIPTS` give, for each of the theme's scripts, each English message as the script
writes it (a JavaScript literal) and its translation. English needs no catalogue: its
text is the msgid. A language without a catalogue gets the English interface, and the
pages say so (`Interface.foreign`).

Adding a language: copy `fr.py`, translate every value, and add its subtag to CATALOGUES;
`tests/test_locales.py` checks that it translates every message the theme uses.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from timeline.datewords import ENGLISH, DateWords
from timeline.numbers import ENGLISH as ENGLISH_NUMBERS
from timeline.numbers import ENGLISH_REGIONS, Grouping

CATALOGUES = ("de", "es", "fr", "pt")  # besides English


def one_or_other(n: int) -> int:
    """English, Spanish, German: 1 is singular, 0 and 2… plural (CLDR 'one': n = 1)."""
    return 0 if n == 1 else 1


def zero_or_one(n: int) -> int:
    """French, Portuguese: 0 and 1 are singular (CLDR 'one': i = 0,1), as in 0 événement."""
    return 0 if n in (0, 1) else 1


@dataclass(frozen=True)
class Locale:
    """One language's catalogue."""

    language: str  # its primary subtag: en, es, fr, pt, de
    words: DateWords = ENGLISH
    messages: Mapping[str, str | tuple[str, str]] = field(default_factory=dict)
    plural: Callable[[int], int] = one_or_other  # the index of a count's plural form
    scripts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    numbers: Grouping = ENGLISH_NUMBERS  # how a count's digits are grouped: 1,234

    def gettext(self, text: str) -> str:
        """`text` in this language; text it does not know (a site template's own) as it is."""
        found = self.messages.get(text, text)
        return found if isinstance(found, str) else found[0]

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.messages.get(singular)
        if isinstance(found, tuple):
            return found[self.plural(n)]
        return singular if n == 1 else plural

    @functools.cached_property
    def number(self) -> Callable[[int], str]:
        """Writes a count or a page number as this language writes it: 1,234; 12.345;
        1 234 (`Grouping.formatter`)."""
        return self.numbers.formatter()

    def script(self, name: str, text: str) -> str:
        """One of the theme's scripts with its messages in this language."""
        for english, translated in self.scripts.get(name, {}).items():
            text = text.replace(english, translated)
        return text


ENGLISH_LOCALE = Locale("en")


def catalogue(language: str) -> Locale | None:
    """The catalogue for a BCP 47 tag (by its primary subtag: pt-BR → pt), or None."""
    primary, *subtags = language.split("-")
    primary = primary.lower()
    # A country (pt-PT) or a part of the world (es-419): a script (sr-Latn) is not one.
    region = next((tag.upper() for tag in subtags if len(tag) == 2 or tag.isdigit()), "")
    if primary == "en":
        grouping = ENGLISH_REGIONS.get(region)
        return ENGLISH_LOCALE if grouping is None else Locale("en", numbers=grouping)
    if primary not in CATALOGUES:
        return None
    module = importlib.import_module(f"timeline.locales.{primary}")
    # A catalogue may count by region (CLDR: Brazil says "0 evento", Portugal "0 eventos").
    plural = module.plural_for(region) if hasattr(module, "plural_for") else module.PLURAL
    numbers = module.REGION_NUMBERS.get(region, module.NUMBERS)
    return Locale(primary, module.WORDS, module.MESSAGES, plural, module.SCRIPTS, numbers)


@dataclass(frozen=True)
class Interface:
    """The language of a site's pages and of its interface. `foreign`: the interface is
    not in the site's language (it has no catalogue, so the interface is English)."""

    language: str  # the site's, as site.yaml gives it
    locale: Locale
    foreign: bool


def interface(language: str) -> Interface:
    found = catalogue(language)
    return Interface(language, found or ENGLISH_LOCALE, found is None)
