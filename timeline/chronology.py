"""The sorted collection of events and the views of it that pages need."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from timeline.datewords import ENGLISH, DateWords
from timeline.model import Event, slugify

_ORDER = operator.attrgetter("order")
WEEKDAYS = ENGLISH.weekdays


@dataclass(frozen=True)
class Term:
    """A tag or an actor, with the events that carry it (in chronological order)."""

    kind: str  # "tag" or "actor"
    name: str
    slug: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Day:
    year: int
    month: int
    day: int
    events: tuple[Event, ...]

    @property
    def anchor(self) -> str:
        return f"d_{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def label(self) -> str:
        return self.label_in(ENGLISH)

    def label_in(self, words: DateWords) -> str:
        """The day's heading in the language of `words`: Wednesday 23 January 2019."""
        weekday = words.weekdays[date(self.year, self.month, self.day).weekday()]
        day = words.day_month_year.format(
            d=words.day_number(self.day), m=words.months[self.month - 1], y=self.year
        )
        return words.heading(words.weekday_date.format(weekday=weekday, date=day))


class _MonthNames:
    year: int
    month: int

    @property
    def anchor(self) -> str:
        return f"m_{self.year:04d}-{self.month:02d}"

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return self.label_in(ENGLISH)

    def label_in(self, words: DateWords) -> str:
        """The month's heading in the language of `words`: January 2019."""
        return words.heading(words.month_year.format(m=words.months[self.month - 1], y=self.year))


@dataclass(frozen=True)
class Month(_MonthNames):
    year: int
    month: int
    events: tuple[Event, ...]  # known only to the month
    days: tuple[Day, ...]

    @property
    def count(self) -> int:
        return len(self.events) + sum(len(d.events) for d in self.days)


class _YearNames:
    year: int

    @property
    def anchor(self) -> str:
        return f"y_{self.year:04d}"


@dataclass(frozen=True)
class Year(_YearNames):
    year: int
    events: tuple[Event, ...]  # known only to the year
    months: tuple[Month, ...]

    @property
    def count(self) -> int:
        return len(self.events) + sum(m.count for m in self.months)


# What navigation, headings and indexes show of a month, a year or a term: its name and
# how many events it has, not which. Pages are given these rather than the groups
# themselves, so that a page's key (timeline.pagekeys) changes only with what it shows:
# an edited title does not re-render every year page for its navigation, nor every
# page of a tag for its heading.


@dataclass(frozen=True)
class MonthCount(_MonthNames):
    year: int
    month: int
    count: int


@dataclass(frozen=True)
class YearCount(_YearNames):
    year: int
    count: int
    months: tuple[MonthCount, ...]


@dataclass(frozen=True)
class TermCount:
    kind: str
    name: str
    slug: str
    count: int


def month_count(month: Month) -> MonthCount:
    return MonthCount(month.year, month.month, month.count)


def year_count(year: Year) -> YearCount:
    return YearCount(year.year, year.count, tuple(map(month_count, year.months)))


def term_count(term: Term) -> TermCount:
    return TermCount(term.kind, term.name, term.slug, len(term.events))


@dataclass(frozen=True)
class Chronology:
    """Events in time order. Its indexes are made when first asked for: most listings
    make one only for their filters (tags, actors, years), and never ask."""

    events: tuple[Event, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(sorted(self.events, key=_ORDER)))

    @functools.cached_property
    def by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        return {e.id: i for i, e in enumerate(self.events)}

    @functools.cached_property
    def _named_by(self) -> dict[str, set[str]]:
        named_by: dict[str, set[str]] = {}
        for e in self.events:
            for ref in e.related:
                named_by.setdefault(ref.id, set()).add(e.id)
        return named_by

    def previous(self, event: Event) -> Event | None:
        i = self._index[event.id]
        return self.events[i - 1] if i > 0 else None

    def next(self, event: Event) -> Event | None:
        i = self._index[event.id]
        return self.events[i + 1] if i + 1 < len(self.events) else None

    def related(self, event: Event) -> tuple[Event, ...]:
        """Events it names, then events that name it; each once, in time order."""
        ids = {r.id for r in event.related} | self._named_by.get(event.id, set())
        if not ids:
            return ()
        found = (self.by_id[i] for i in ids if i in self.by_id)
        return tuple(sorted(found, key=_ORDER))

    def years(self) -> tuple[Year, ...]:
        return group_years(self.events)

    def tags(self) -> tuple[Term, ...]:
        return terms("tag", self.events, lambda e: e.tags)

    def actors(self) -> tuple[Term, ...]:
        return terms("actor", self.events, lambda e: e.actors)


def group_years(events: Iterable[Event]) -> tuple[Year, ...]:
    years = []
    for year, in_year in groupby(events, key=lambda e: e.date.start.year):
        in_year = list(in_year)
        months = []
        for month, in_month in groupby(
            (e for e in in_year if e.date.start.month), key=lambda e: e.date.start.month
        ):
            in_month = list(in_month)
            days = tuple(
                Day(year, month, day, tuple(in_day))
                for day, in_day in groupby(
                    (e for e in in_month if e.date.start.day), key=lambda e: e.date.start.day
                )
            )
            loose = tuple(e for e in in_month if not e.date.start.day)
            months.append(Month(year, month, loose, days))
        loose_year = tuple(e for e in in_year if not e.date.start.month)
        years.append(Year(year, loose_year, tuple(months)))
    return tuple(years)


def terms(kind: str, events: Iterable[Event], names) -> tuple[Term, ...]:
    """One Term per slug; the first spelling met names it. Sorted by name."""
    found: dict[str, tuple[str, list[Event]]] = {}
    for event in events:
        for name in names(event):
            slug = slugify(name)
            found.setdefault(slug, (name, []))[1].append(event)
    return tuple(
        sorted(
            (Term(kind, name, slug, tuple(evs)) for slug, (name, evs) in found.items()),
            key=lambda t: (t.name.casefold(), t.slug),
        )
    )
