"""The last build's page plan, kept so that an edit which moves no event re-plans nothing.

Planning the pages (timeline.pages) and keying them (timeline.pagekeys) reads every
event: 0.4 s at 10,000 events, on every build. Yet most edits (a title, a summary, a
source) leave the plan as it was: the same pages, each showing the same events in the
same places. A `Blueprint` keeps the plan with its events named by id: each page's
template and its context, pickled with every event in it (and every listing and set of
facets, which are made of events) as ids; which events each page shows; how each list
of events was cut into pages; each event's home and the search index's shards — and,
for each event it was planned with, its digest, size and a hash of its `shape`. So it
tells by itself which events changed since: of the rest of the build cache it trusts
only the pages' keys, saved in the same file as its events' records (the cache keeps the
rest of it in a shard, which it takes only with the main file's `token`: the shards may
be newer than the main file, after a save that stopped half-way).

A build uses the last blueprint instead of planning (`reuse`) when
- everything but the events is as it was: the settings, the static files' names, the
  templates and the code (`PageKeys.base`);
- the same events are published (so publishing drafts or not is the same plan when
  there are none) — and so, each at its date, in the same order;
- each event whose digest changed keeps what the plan reads of it (`shape`: its date,
  tags, actors and related events), and every list of events that holds it gives the
  plan the same with its new size (`Event.listed_size`; `pages.used`).
Then a cold build would plan the very same pages with the same contexts, and only the
pages that show an edited event get a new key: those are made again from the
blueprint (`Reused.page`), with this build's events. Anything else plans afresh.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
import secrets
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from timeline.cache import Parsed
from timeline.chronology import Chronology
from timeline.model import Event
from timeline.pages import Cuts, Listing, Page, Plan, page_bounds, used


@dataclass(frozen=True)
class Blueprint:
    """A page plan with its events named by id (see the module's docstring). A reused
    blueprint shares its pages, cuts and homes with the last one: nothing changes them."""

    key: str  # PageKeys.base of the build that drew it
    events: dict[str, tuple[str, int, str]]  # planned event's id → digest, size, `shape_key`
    pages: dict[str, tuple[str, bytes]]  # output path → template, context (see `_Pickler`)
    # Output path → the ids of the events in its context (tuples: sets of the same ids
    # take three to ten times the memory, tens of megabytes at 100,000 events).
    shows: dict[str, tuple[str, ...]]
    cuts: Cuts  # each list of events cut into pages, and what the plan uses of the cut
    home: dict[str, str]  # event id → the listing that shows it (Plan.home)
    shards: list[tuple[str, tuple[str, ...]]]  # the search index's: event pages' paths
    token: str = ""  # names this plan (each drawn plan gets a new one) for the build cache


def shape(event: Event) -> tuple[Any, ...]:
    """What the page plan reads of an event, its id and size aside (see the module's
    docstring): the plan of a chronology whose events keep their shapes and sizes is the
    same."""
    related = tuple(ref.id for ref in event.related)
    return (event.date, event.tags, event.actors, related)


def shape_key(event: Event) -> str:
    return hashlib.sha256(repr(shape(event)).encode()).hexdigest()[:32]


def _record(event: Event) -> tuple[str, int, str]:
    return (event.digest, event.listed_size, shape_key(event))


class _Pickler(pickle.Pickler):
    """Pickles a page's context with its events as ids, noting them in `shown`."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shown: set[str] = set()

    def persistent_id(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is Event:
            self.shown.add(obj.id)
            return obj.id
        if kind is Listing or kind is Chronology:
            ids = tuple(e.id for e in obj.events)
            self.shown.update(ids)
            if kind is Chronology:
                return ("C", ids)
            return ("L", ids, obj.number, obj.pages, obj.base, obj.total)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, by_id: Mapping[str, Event]) -> None:
        super().__init__(io.BytesIO(data))
        self.by_id = by_id

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is str:
            return self.by_id[pid]
        events = tuple(self.by_id[i] for i in pid[1])
        return Chronology(events) if pid[0] == "C" else Listing(events, *pid[2:])


def draw(
    plan: Plan,
    key: str,
    chron: Chronology,
    keys: Mapping[str, str],
    last: Blueprint | None,
    last_keys: Mapping[str, str],
) -> Blueprint:
    """The blueprint of `plan` (whose pages have `keys`); a page whose key is the last
    build's keeps the last blueprint's context (the same key means the same context)."""
    pages: dict[str, tuple[str, bytes]] = {}
    shows: dict[str, tuple[str, ...]] = {}
    for page in plan.pages:
        path = page.path
        if last is not None and path in last.pages and last_keys.get(path) == keys[path]:
            pages[path], shows[path] = last.pages[path], last.shows[path]
            continue
        buffer = io.BytesIO()
        pickler = _Pickler(buffer)
        pickler.dump(page.context)
        pages[path] = (page.template, buffer.getvalue())
        shows[path] = tuple(sorted(pickler.shown))
    before = last.events if last is not None else {}
    events = {}
    for event in chron.events:
        known = before.get(event.id)
        events[event.id] = known if known and known[0] == event.digest else _record(event)
    return Blueprint(
        key=key,
        events=events,
        pages=pages,
        shows=shows,
        cuts=plan.cuts,
        home=plan.home,
        shards=plan.shards,
        token=secrets.token_hex(8),
    )


class _Events(Mapping[str, Event]):
    """The published events by id, each unpickled from the build cache when first asked
    for (a reused plan asks for those of the pages it makes again)."""

    def __init__(self, entries: dict[str, Parsed]) -> None:
        self.entries = entries

    def __getitem__(self, event_id: str) -> Event:
        return self.entries[event_id].event

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Reused:
    """The last build's plan for this build's events, as the blueprint to keep: its home
    and shards, `affected` (the pages that show an edited event), and `page(path)` to
    make any page of it again."""

    blueprint: Blueprint
    affected: frozenset[str]
    by_id: Mapping[str, Event]

    @property
    def home(self) -> dict[str, str]:
        return self.blueprint.home

    @property
    def shards(self) -> list[tuple[str, tuple[str, ...]]]:
        return self.blueprint.shards

    def page(self, path: str) -> Page:
        template, context = self.blueprint.pages[path]
        return Page(path, template, _Unpickler(context, self.by_id).load())


def reuse(last: Blueprint | None, key: str, published: Iterable[Parsed]) -> Reused | None:
    """The last blueprint for the `published` events (in file order), if it is their plan
    (see the module's docstring). Of the events, only the edited ones are unpickled."""
    if last is None or last.key != key:
        return None
    known = dict(last.events)
    edited: set[str] = set()
    entries: dict[str, Parsed] = {}
    for entry in published:
        event_id = entry.facts.id
        record = known.get(event_id)
        if record is None:
            return None  # an event the plan does not have
        entries[event_id] = entry
        if record[0] != entry.digest:
            now = known[event_id] = _record(entry.event)
            if now[2] != record[2]:
                return None
            edited.add(event_id)
    if len(entries) != len(last.events):
        return None  # an event gone
    # The same events, each at its date: the same order.
    for ids, use, was in last.cuts:
        if edited.isdisjoint(ids):
            continue
        if used(page_bounds([known[i][1] for i in ids]), use) != was:
            return None  # a size changed enough to move an event to another page
    affected = frozenset(path for path, ids in last.shows.items() if not edited.isdisjoint(ids))
    return Reused(dataclasses.replace(last, events=known), affected, _Events(entries))
