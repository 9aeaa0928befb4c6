"""The few words of the exports that show an event to a person (feed, calendar, TimelineJS),
in the site's language.

They say what the pages say — an event's status, its sources and corrections, its dates in
words — from the same catalogues (`timeline.locales`): the feed of a Spanish site says
"Fuentes:" and "23 de enero de 2019". A language without a catalogue gets English, as the
pages' interface does. The machine formats' own words (Atom's and iCalendar's property
names, CSV's columns, JSON's keys) and every date a program reads (RFC 3339, EDTF,
DTSTART) are not words of a language and stay as they are.

MESSAGES is what the exports say that the theme does not; each catalogue translates it as
it translates the theme's text (tests/test_locales.py checks both).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from timeline.dates import DatePoint, EventDate
from timeline.locales import Locale, interface
from timeline.schema import STATUS_LABELS

# A status as a note in parentheses after a calendar entry's title: "(disputed)". Its own
# message, since not every language writes a label's first word in lower case (German
# nouns keep their capital: "Behauptung, nicht bestätigt").
STATUS_NOTES = {status: label.lower() for status, label in STATUS_LABELS.items()}

MESSAGES = (
    "Sources:",
    "Corrections:",
    "approximate date",
    "uncertain date",
    "About this event",
    *STATUS_NOTES.values(),
)


@dataclass(frozen=True)
class Wording:
    """The exports' words in one language: `wording("Sources:")`, `wording.date(d)`."""

    locale: Locale

    def __call__(self, text: str) -> str:
        return self.locale.gettext(text)

    def date(self, value: DatePoint | EventDate) -> str:
        """A date in words: '23 de enero de 2019', '21–25 January 2019'."""
        if isinstance(value, EventDate):
            return value.display(self.locale.words)
        return value.display(words=self.locale.words)

    def colon(self, label: str, text: str) -> str:
        """'label: text' with the language's colon, as the pages write it (French puts a
        no-break space before it)."""
        return self("%(label)s: %(text)s") % {"label": label, "text": text}

    def status(self, status: str) -> str:
        """The status's label ('Disputed'), or '' for a confirmed event."""
        label = STATUS_LABELS.get(status, "")
        return self(label) if label else ""

    def status_note(self, status: str) -> str:
        """The status as a note in parentheses ('disputed'), or ''."""
        note = STATUS_NOTES.get(status, "")
        return self(note) if note else ""


@functools.lru_cache(maxsize=8)
def wording(language: str) -> Wording:
    """The exports' words for a site in `language` (a BCP 47 tag, as site.yaml gives it)."""
    return Wording(interface(language).locale)
