"""Where each page lives: the one place that spells the site's URL paths."""

from __future__ import annotations

from urllib.parse import quote

from timeline.chronology import Month, MonthCount, Term, TermCount
from timeline.model import Event, Media, slugify


def event_url(event: Event) -> str:
    return f"events/{event.id}/"


def event_page(event: Event) -> str:
    """The event page's file in the output."""
    return event_url(event) + "index.html"


def media_href(media: Media) -> str:
    """A picture's address: a web address as given; a local picture's path under the site's
    root, which is its path under events/ (`media/x.jpg`, copied there by the build) with
    each segment percent-encoded, so that a name holding '#', '?', '%', a space or letters
    outside ASCII still names its file (`media/a#1.png` → `media/a%231.png`)."""
    return quote(media.src, safe="/") if media.is_local else media.src


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
