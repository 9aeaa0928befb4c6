"""Where each page lives: the one place that spells the site's URL paths."""

from __future__ import annotations

from urllib.parse import quote

from timeline.chronology import Month, MonthCount, Term, TermCount
from timeline.model import Event, slugify


def event_url(event: Event) -> str:
    return f"events/{event.id}/"


def event_page(event: Event) -> str:
    """The event page's file in the output."""
    return event_url(event) + "index.html"


def term_href(kind: str, name: str) -> str:
    """The link to a tag's or actor's page, from any of its spellings."""
    return f"{kind}s/{quote(slugify(name), safe='')}/"


def term_url(term: Term | TermCount) -> str:
    return term_href(term.kind, term.name)


def term_path(term: Term) -> str:
    """The folder of a term's page on disk (not percent-encoded)."""
    return f"{term.kind}s/{term.slug}/"


def year_url(year: int) -> str:
    return f"years/{year:04d}/"


def month_url(month: Month | MonthCount) -> str:
    return f"years/{month.year:04d}/{month.month:02d}/"
