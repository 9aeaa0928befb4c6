"""The checked content: frozen dataclasses that remember where they came from."""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata
from dataclasses import field
from datetime import date

from timeline.dates import DatePoint, EventDate, shared
from timeline.frozen import record
from timeline.problems import Position

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 80
SLUG_MAX_BYTES = 120
URL_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)
# Names Windows refuses as files, whatever the extension: a permalink must be a folder anywhere.
RESERVED_IDS = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{n}" for p in ("com", "lpt") for n in range(10)]
)


@record
class Ref:
    """A reference to another event, kept with its position for later checks."""

    id: str
    pos: Position


@record
class Source:
    url: str
    title: str
    publisher: str
    published: DatePoint | None
    archive: str | None
    pos: Position

    def __post_init__(self) -> None:
        object.__setattr__(self, "publisher", sys.intern(self.publisher))  # see Event's
        if self.published is not None:
            object.__setattr__(self, "published", shared(self.published))


@record
class Media:
    src: str  # an absolute https URL, or a path relative to events/ ("media/x.jpg")
    alt: str
    caption: str
    credit: str
    pos: Position

    @property
    def is_local(self) -> bool:
        return not URL_SCHEME.match(self.src)


@record
class Correction:
    date: DatePoint
    note: str
    pos: Position

    def __post_init__(self) -> None:
        object.__setattr__(self, "date", shared(self.date))


@record
class Event:
    id: str
    path: str  # as shown to contributors: relative to the site root
    pos: Position
    title: str
    date: EventDate
    place: str
    summary: str  # Markdown as written
    summary_html: str  # sanitised HTML
    # The same as plain text (timeline.plaintext), made once when the file is read: the
    # pages' descriptions and the calendar use it (derived, so not compared).
    summary_text: str = field(compare=False, repr=False)
    status: str
    claimed_by: str
    tags: tuple[str, ...]
    actors: tuple[str, ...]
    related: tuple[Ref, ...]
    sources: tuple[Source, ...]
    media: Media | None
    corrections: tuple[Correction, ...]
    # A hash of everything the event was read from (its path and file bytes): equal
    # digests mean equal events, so caches key what they derive from an event by it.
    digest: str = field(compare=False, repr=False)

    # Derived from the fields above when the event is made (and when it is unpickled).
    # Where the event sorts: by date, then by id (listings sort often).
    order: tuple = field(init=False, compare=False, repr=False)
    # The latest first day among its date, its corrections' and its sources' publication
    # dates.
    newest_day: date = field(init=False, compare=False, repr=False)
    # About how many bytes the event adds to a listing page of the theme (`listed_size`).
    listed_size: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The names many events share are held once (`sys.intern`), not once per event:
        # a build holds every event, and an unpickled one has its own copy of each string.
        # Tags and actors are also composed (`term_name`): one name, one spelling shown.
        for name in ("place", "status", "claimed_by"):
            object.__setattr__(self, name, sys.intern(getattr(self, name)))
        object.__setattr__(self, "tags", tuple(map(term_name, self.tags)))
        object.__setattr__(self, "actors", tuple(map(term_name, self.actors)))
        object.__setattr__(self, "order", (*self.date.sort_key(), self.id))
        object.__setattr__(self, "newest_day", max(self.days()))
        object.__setattr__(self, "listed_size", listed_size(self))

    def days(self) -> list[date]:
        """The first day of its date, of its corrections' and of its sources' publication."""
        days = [self.date.start.first_day(), *(c.date.first_day() for c in self.corrections)]
        return days + [s.published.first_day() for s in self.sources if s.published]

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


def term_name(text: str) -> str:
    """A tag's or actor's name as pages show it: in Unicode's composed form (NFC), held once.

    'Zoë' typed with the letter 'ë' and typed as 'e' plus a combining diaeresis look the
    same and share a page (`slugify`); composed, they are one name, shown one way."""
    return sys.intern(unicodedata.normalize("NFC", text))


def listed_size(event: Event) -> int:
    """About how many bytes the event adds to a listing page of the theme, erring high
    (listings are split by it).

    The theme's item repeats the id (anchors, links) and the title (heading, the
    permalink's label), shows the place, summary and sources, and links each tag and
    actor (a percent-encoded slug); each term may also add an option to the page's
    filters, and the event a date heading.
    """
    size = 800 + 8 * len(event.id) + 2 * _html(event.title) + _bytes(event.summary_html)
    size += _html(event.place) + _html(event.claimed_by)
    for source in event.sources:
        size += 250 + _html(source.url) + _html(source.title) + _html(source.publisher)
        size += _html(source.archive or "")
    for term in (*event.tags, *event.actors):
        size += 150 + 6 * _html(term)
    return size


def _bytes(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8"))


def _html(text: str) -> int:
    """The bytes of `text` escaped in HTML: `&`, `"` and `'` take five, `<` and `>` four."""
    quoted = text.count("&") + text.count('"') + text.count("'")
    return _bytes(text) + 4 * quoted + 3 * (text.count("<") + text.count(">"))


_SYMBOLS = {"+": "plus", "#": "sharp", "&": "and", "@": "at", "%": "percent"}


@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """A stable URL part for a tag or actor: 'Juan Guaidó' → 'juan-guaido'.

    Accents are dropped from Latin letters; other scripts keep their letters
    whole ('Сергей Рябков' → 'сергей-рябков').
    """
    for symbol, word in _SYMBOLS.items():  # "C++" and "C#" are different names
        text = text.replace(symbol, f" {word} ")
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char):
            if base < "\u0250":  # a mark on a Latin letter: drop it
                continue
        else:
            base = char
        kept.append(char)
    lowered = unicodedata.normalize("NFKC", "".join(kept)).casefold()
    slug = re.sub(r"[\W_]+", "-", lowered).strip("-")
    if slug in RESERVED_IDS:  # a folder Windows cannot make (the Spanish tag "con")
        return f"{slug}-{hashlib.sha256(slug.encode()).hexdigest()[:8]}"
    if len(slug.encode("utf-8")) <= SLUG_MAX_BYTES:
        return slug
    # A folder name has a byte limit (255 on most systems): cut, and keep it unique.
    cut = slug.encode("utf-8")[: SLUG_MAX_BYTES - 9].decode("utf-8", "ignore").rstrip("-")
    return f"{cut}-{hashlib.sha256(slug.encode()).hexdigest()[:8]}"


def suggest_id(stem: str) -> str:
    """The id a contributor probably meant; only used in hints, never applied."""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")[:ID_MAX].rstrip("-")
