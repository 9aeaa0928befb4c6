"""What each page is made from, as one key: equal keys mean equal bytes.

A page's key covers its template and every template that one reaches (extends,
include, import; the macros every listing uses), the site's settings, the static
files' fingerprinted names, the generator's code, the page's path, and the data it
is given — where an event counts by its digest and the listing that is its home.
Navigation, headings and indexes are given counts, not events (timeline.chronology's
YearCount, MonthCount, TermCount). So an edited title changes the key of its own page,
its neighbours' (previous/next), and of each listing page that shows it (its month, its
year when the year is listed whole, each of its tags and actors, the front page when it
lists the event); adding or deleting an event also changes the pages that show counts.
A change to event.html re-renders the event pages only.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import jinja2
import jinja2.meta

from timeline.chronology import Chronology
from timeline.model import Event
from timeline.pages import Page
from timeline.render import STATIC

ALWAYS = ("_macros.html",)
_SCALARS = frozenset([str, int, float, bool, type(None)])
_FIELDS: dict[type, tuple[str, ...]] = {}


class Fingerprints:
    """Short hashes of page data; each shared object (the years, a listing) is hashed once."""

    def __init__(self, home: Mapping[str, str], events: tuple[Event, ...] = ()) -> None:
        self.home = home
        self._seen: dict[int, tuple[object, str]] = {}
        self._events: dict[int, str] = {}  # by id(): every Event object met
        for event in events:
            self._event(event)

    def of(self, value: object) -> str:
        kind = type(value)
        if kind is Event:
            return self._event(value)  # type: ignore[arg-type]
        if kind in _SCALARS:
            return repr(value)
        known = self._seen.get(id(value))
        if known is not None:
            return known[1]
        parts: list[str]
        if kind is tuple or kind is list:
            try:  # most tuples are of events: the quick way
                parts = [kind.__name__, *[self._events[id(e)] for e in value]]  # type: ignore[attr-defined]
            except KeyError:
                parts = [kind.__name__, *map(self.of, value)]  # type: ignore[call-overload]
        elif isinstance(value, Chronology):
            parts = ["Chronology", self.of(value.events)]
        elif isinstance(value, dict):
            parts = ["dict", *(f"{k!r}={self.of(v)}" for k, v in sorted(value.items()))]
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            names = _FIELDS.get(kind)
            if names is None:
                names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
            parts = [kind.__name__]
            for name in names:
                field = getattr(value, name)
                parts.append(repr(field) if type(field) in _SCALARS else self.of(field))
        else:
            raise TypeError(f"cannot fingerprint {kind.__name__} for the page cache")
        made = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
        self._seen[id(value)] = (value, made)  # the value is kept so that its id stays its own
        return made

    def _event(self, event: Event) -> str:
        made = self._events.get(id(event))
        if made is None:
            made = f"E{event.digest}{self.home.get(event.id, '')}"
            self._events[id(event)] = made
            self._seen[id(event)] = (event, made)  # keeps the event, so its id stays its own
        return made


def template_keys(
    env: jinja2.Environment, names: set[str], known: dict[str, list[str] | None]
) -> dict[str, str]:
    """For each page template, a hash of its source and of every template it reaches.

    `known` maps a hash of a template's source to the templates it names (None: a name
    computed as it renders); it is filled in, so the next build parses only new sources.
    """
    sources: dict[str, tuple[str, str | None]] = {}

    def source(name: str) -> str:
        if name not in sources:
            assert env.loader is not None
            try:
                text, filename, _ = env.loader.get_source(env, name)
            except jinja2.TemplateNotFound:
                text, filename = "", None  # rendering reports it, where it is used
            sources[name] = (text, filename)
        return sources[name][0]

    def reached(name: str) -> set[str]:
        found, todo = set(), [name, *ALWAYS]
        while todo:
            current = todo.pop()
            if current in found:
                continue
            found.add(current)
            text = source(current)
            digest = hashlib.sha256(f"{current}\0{text}".encode()).hexdigest()
            if digest not in known:
                tree = env.parse(text, current, sources[current][1])  # errors: file and line
                named = list(jinja2.meta.find_referenced_templates(tree))
                known[digest] = None if None in named else [n for n in named if n]
            used = known[digest]
            if used is None:  # a name computed as it renders: it may be any template
                return {n for n in env.list_templates() if not n.startswith(STATIC + "/")}
            todo.extend(used)
        return found

    keys = {}
    for name in sorted(names):
        digest = hashlib.sha256()
        for used in sorted(reached(name)):
            digest.update(f"{used}\0{source(used)}\0".encode())
        keys[name] = digest.hexdigest()
    return keys


class PageKeys:
    """Keys of pages made from the given templates: `settings` is whatever every page
    depends on (the site's config, the static files' names, the code's version); `known`
    is what `template_keys` keeps from build to build. `base` is a hash of the settings
    and of every given template's key: what the pages' keys share, whatever their data."""

    def __init__(
        self,
        env: jinja2.Environment,
        templates: set[str],
        settings: Any,
        known: dict[str, list[str] | None],
    ) -> None:
        self.shared = hashlib.sha256(repr(settings).encode()).hexdigest()
        self.templates = template_keys(env, templates, known)
        whole = "\0".join([self.shared, *(f"{k}={v}" for k, v in sorted(self.templates.items()))])
        self.base = hashlib.sha256(whole.encode()).hexdigest()

    def of(
        self, pages: Iterable[Page], home: Mapping[str, str], events: tuple[Event, ...] = ()
    ) -> dict[str, str]:
        """Output path → key, for each of `pages` (whose events' homes `home` gives;
        `events`, those the pages hold, to fingerprint them all at once)."""
        prints = Fingerprints(home, events)
        keys = {}
        for page in pages:
            data = prints.of(page.context)
            text = f"{self.shared}\0{self.templates[page.template]}\0{page.path}\0{data}"
            keys[page.path] = hashlib.sha256(text.encode()).hexdigest()
        return keys
