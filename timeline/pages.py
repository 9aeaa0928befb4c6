"""The page plan: which HTML pages the site has and what each one lists.

Small chronologies fit on the front page. Larger ones are split so that no page
carries more than PAGE_SIZE events or about PAGE_BYTES of them: the front page shows
an overview (counts per year and month) and the latest events; year pages list their
year, or an overview of its months when the year is large; month, tag and actor pages
are paginated.
Every event has one canonical listing, which its "in the chronology" link and permalink
anchor point to: the first of the front page (when it lists the whole chronology), its
year's page (when the year is listed whole) and its month's page that shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from timeline.chronology import (
    Chronology,
    Month,
    Term,
    Year,
    group_years,
    month_count,
    term_count,
    year_count,
)
from timeline.model import Event
from timeline.search import shards
from timeline.urls import event_page, month_url, term_path, year_url

PAGE_SIZE = 100  # events, at most, on one listing page
PAGE_BYTES = 250_000  # and about this many bytes of them (see `Event.listed_size`)
LATEST = 20


@dataclass(frozen=True)
class Page:
    path: str  # in the output, e.g. "events/x/index.html"
    template: str
    context: dict[str, Any]

    @property
    def root(self) -> str:
        """The relative prefix from this page back to the site's root."""
        return "../" * self.path.count("/")

    @property
    def url_path(self) -> str:
        return self.path.removesuffix("index.html")


@dataclass(frozen=True)
class Listing:
    """One page of a chronological list: its events (grouped by `years`, made each time a
    page asks: not kept, as the plan holds every listing until the build ends), and where
    its siblings are."""

    events: tuple[Event, ...]
    number: int
    pages: int
    base: str  # the url path of page 1, e.g. "tags/recognition/"
    total: int

    @property
    def years(self) -> tuple[Year, ...]:
        return group_years(self.events)

    def url(self, number: int) -> str:
        return self.base if number == 1 else f"{self.base}page/{number}/"

    @property
    def path(self) -> str:
        return self.url(self.number) + "index.html"


# Each list of events the plan cut into pages: its events' ids, what the plan uses of
# the cut (`use`) and that part of it (`used`). An edit that changes an event's size keeps
# the plan only if every list holding it gives the same (timeline.blueprint).
Use = Literal["fits", "first", "pages"]
Cuts = list[tuple[tuple[str, ...], Use, Any]]


def used(bounds: list[tuple[int, int]], use: Use) -> Any:
    """What the plan reads of a list's pages: whether it fits on one ("fits"), its first
    page ("first") or every page ("pages")."""
    if use == "fits":
        return len(bounds) <= 1
    if use == "first":
        return bounds[:1]
    return bounds


def paginate(events: tuple[Event, ...], base: str, cuts: Cuts, use: Use = "pages") -> list[Listing]:
    bounds = page_bounds([e.listed_size for e in events])
    cuts.append((tuple(e.id for e in events), use, used(bounds, use)))
    chunks = [events[start:end] for start, end in bounds] or [()]
    return [Listing(chunk, n, len(chunks), base, len(events)) for n, chunk in enumerate(chunks, 1)]


def page_bounds(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """Where a listing's pages start and end, given its events' sizes (`Event.listed_size`):
    a page takes events in order until it holds PAGE_SIZE of them or one more would take it
    past PAGE_BYTES (a page holds one event at least, however long)."""
    bounds, start, total = [], 0, 0
    for n, size in enumerate(sizes):
        if n > start and (n - start == PAGE_SIZE or total + size > PAGE_BYTES):
            bounds.append((start, n))
            start, total = n, 0
        total += size
    if sizes:
        bounds.append((start, len(sizes)))
    return bounds


@dataclass
class Plan:
    pages: list[Page]
    home: dict[str, str]  # event id → url path of the listing that shows it (with anchor)
    # The search index's shards (timeline.search): each its name and event pages' paths.
    shards: list[tuple[str, tuple[str, ...]]]
    cuts: Cuts  # how each listing was cut into pages (see `paginate`)


def plan_pages(chron: Chronology) -> Plan:
    """Every HTML page of the site, in a stable order."""
    years = chron.years()
    outline = tuple(map(year_count, years))
    tags, actors = chron.tags(), chron.actors()
    home: dict[str, str] = {}
    pages: list[Page] = []
    cuts: Cuts = []

    whole = paginate(chron.events, "", cuts, "fits")
    front = whole[0] if len(whole) == 1 else None  # a chronology that fits on one page
    newest = tuple(reversed(chron.events[-LATEST:])) if front is None else ()
    latest = paginate(newest, "", cuts, "first")[0].events  # as many as fit a page
    pages.append(
        Page(
            "index.html",
            "index.html",
            {
                "years": outline,
                "listing": front,
                "latest": latest,
                "count": len(chron.events),
                "facets": chron if front else None,
            },
        )
    )
    if front:
        home.update({e.id: f"#{e.id}" for e in chron.events})

    for year in years:
        listings = paginate(year_events(year), year_url(year.year), cuts, "fits")
        kind = "listing"  # the whole year on one page
        if len(listings) > 1:
            # The months on their own pages; here, the events known only to the year.
            listings = paginate(year.events, year_url(year.year), cuts)
            kind = "loose"
        for listing in listings:
            shown = listing.events
            pages.append(
                Page(
                    listing.path,
                    "year.html",
                    {
                        "year": year_count(year),
                        "years": outline,
                        "listing": listing if kind == "listing" else None,
                        "loose": listing if kind == "loose" else None,
                        "facets": Chronology(shown),
                    },
                )
            )
            for event in shown:
                home.setdefault(event.id, f"{listing.url(listing.number)}#{event.id}")
        for month in year.months:
            for listing in paginate(month_events(month), month_url(month), cuts):
                pages.append(
                    Page(
                        listing.path,
                        "month.html",
                        {
                            "month": month_count(month),
                            "listing": listing,
                            "facets": listing_facets(listing),
                        },
                    )
                )
                for event in listing.events:
                    home.setdefault(event.id, f"{listing.url(listing.number)}#{event.id}")

    pages.append(Page("404.html", "404.html", {}))
    search = [(name, tuple(map(event_page, shard))) for name, shard in shards(chron.events)]
    bundles = tuple(name for name, _ in search)
    pages.append(Page("search/index.html", "search.html", {"bundles": bundles}))
    for kind, found in (("tag", tags), ("actor", actors)):
        counts = tuple(map(term_count, found))
        pages.append(Page(f"{kind}s/index.html", "terms.html", {"kind": kind, "terms": counts}))
    for event in chron.events:
        pages.append(
            Page(
                event_page(event),
                "event.html",
                {
                    "event": event,
                    "previous": chron.previous(event),
                    "next": chron.next(event),
                    "related": chron.related(event),
                },
            )
        )
    for term in (*tags, *actors):
        pages.extend(term_pages(term, cuts))
    return Plan(pages, home, search, cuts)


def sitemap_page(pages: list[Page]) -> Page:
    """sitemap.xml, listing `pages` but 404.html (percent-encoded paths, to be put after
    the site's absolute address: only a site that has one gets a sitemap, so the build
    adds it to the plan then). Keyed and kept like the other pages, it is rendered again
    when the pages it lists change (a listing split in two by a longer summary included),
    or its template or the settings."""
    paths = tuple(quote(p.url_path, safe="/") for p in pages if p.path != "404.html")
    return Page("sitemap.xml", "sitemap.xml", {"paths": paths})


def term_pages(term: Term, cuts: Cuts) -> list[Page]:
    return [
        Page(
            listing.path,
            "term.html",
            {"term": term_count(term), "listing": listing, "facets": listing_facets(listing)},
        )
        for listing in paginate(term.events, term_path(term), cuts)
    ]


def listed(page: Page) -> Iterator[Event]:
    """The events whose list items the page shows: its listing's (`listing`, `loose`) and
    the front page's `latest`."""
    for name in ("listing", "loose"):
        if isinstance(shown := page.context.get(name), Listing):
            yield from shown.events
    yield from page.context.get("latest", ())


def newest_listed(page: Page) -> tuple:
    """Where the newest event a page lists sorts (`Event.order`), () for none: rendered in
    this order, the pages that list an event come close together (see render.Items)."""
    return max((event.order for event in listed(page)), default=())


def listing_facets(listing: Listing) -> Chronology:
    """The tags, actors and years of the events one page lists, for its filters."""
    return Chronology(listing.events)


def month_events(month: Month) -> tuple[Event, ...]:
    return month.events + tuple(e for d in month.days for e in d.events)


def year_events(year: Year) -> tuple[Event, ...]:
    return year.events + tuple(e for m in year.months for e in month_events(m))
