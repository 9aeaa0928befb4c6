"""Which events of an `import` the site already has, so that importing a file again writes
none of them twice.

An event of the input is one the site has (a file under events/, or under `--out`) when
- the input gives its id (the CSV's id column, TimelineJS's unique_id) and a file has that
  id: the id decides, whatever the date and title say;
- or a file has the same date (its start; `~` and `?` aside) and the same title (letter
  case and spacing aside): the rule by which rows of one CSV are one event.
Each file stands for one event of the input at most, so that two alike slides, written
as `x` and `x-2`, find their two files again. A known event is not written again (an
import never changes a file); `differences` says what the input says otherwise than the
file, for the contributor to edit by hand. A new event that shares its day and an
article with a file may be that event under a new title: `look_alike` finds that file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from timeline import schema
from timeline.dates import DateError, EventDate, parse_date, parse_point
from timeline.eventfile import EventFile, render_file
from timeline.load import EXTENSION, discover
from timeline.markup import render_summary
from timeline.problems import Problems
from timeline.site import SitePaths
from timeline.yamlsafe import Node, YamlError, YMap, YScalar, YSeq, parse_text, read_yaml_file

Facts = tuple[tuple[str, object], ...]  # each key of an event file → its value, normalised


@dataclass(frozen=True)
class Known:
    """An event file of the site, as an import compares it with its input."""

    path: Path
    id: str
    facts: Facts
    key: tuple[str, str] | None  # its date (the start, no qualifier) and title, folded

    @property
    def urls(self) -> frozenset[str]:
        return source_urls(self.facts)


@dataclass(frozen=True)
class Match:
    """The event file that an event of the input is, and why ("the same id")."""

    known: Known
    why: str


@dataclass(frozen=True)
class KnownEvents:
    """The site's event files, by id, by date and title, and by day."""

    by_id: dict[str, Known]
    by_key: dict[tuple[str, str], list[Known]]
    by_day: dict[str, list[Known]]

    @classmethod
    def of(cls, known: list[Known]) -> KnownEvents:
        by_key: dict[tuple[str, str], list[Known]] = defaultdict(list)
        by_day: dict[str, list[Known]] = defaultdict(list)
        for k in known:
            if k.key is not None:
                by_key[k.key].append(k)
                by_day[k.key[0]].append(k)
        return cls({k.id: k for k in known}, dict(by_key), dict(by_day))

    def find(self, files: list[EventFile]) -> list[Match | None]:
        """For each file to write, the event file of the site that is its event, if any."""
        claimed: set[Path] = set()
        found: list[Match | None] = []
        for f in files:
            hit = self.by_id.get(f.id) if f.id else None
            match = Match(hit, "the same id") if hit is not None else None
            if hit is None:
                key = (f.when.start.html(), fold(f.title))
                hit = next((k for k in self.by_key.get(key, []) if k.path not in claimed), None)
                match = Match(hit, "the same date and title") if hit is not None else None
            if hit is not None and hit.path in claimed:
                match = None  # one id twice in the input: `write_events` refuses the second
            if match is not None:
                claimed.add(match.known.path)
            found.append(match)
        return found

    def look_alike(self, f: EventFile) -> tuple[Known, str] | None:
        """A file of the same day that cites one of the same articles, and that article."""
        urls = source_urls(facts_of_file(f))
        for k in self.by_day.get(f.when.start.html(), []):
            shared = sorted(urls & k.urls)
            if shared:
                return k, shared[0]
        return None


def known_events(paths: SitePaths, out: Path) -> KnownEvents:
    """Every event file under events/ and `out` that can be read, in id order by folder."""
    found = set(discover(paths.root, paths.events, Problems()))
    if out.is_dir():
        found |= {p for p in out.rglob(f"*{EXTENSION}") if p.is_file() and not p.is_symlink()}
    known = []
    for path in sorted(found, key=lambda p: (p.parent, p.name[: -len(EXTENSION)])):  # x, x-2
        try:
            root = read_yaml_file(path, str(path), Problems())
        except (OSError, YamlError):
            continue  # `check` reports it; an import only compares with what it can read
        if isinstance(root, YMap):
            facts = facts_of(root)
            known.append(Known(path, path.name[: -len(EXTENSION)], facts, identity(facts)))
    return KnownEvents.of(known)


def differences(f: EventFile, known: Known, in_part: frozenset[str] = frozenset()) -> list[str]:
    """The keys to which the file to write gives another value than the known file; a key
    the input leaves out is no difference (TimelineJS has no actors, and a contributor
    may have added a place), nor is a list that the input's format holds only in part
    (`in_part`: TimelineJS keeps one tag, its group) when the file has all its entries."""
    mine, theirs = facts_of_file(f), dict(known.facts)
    return [key for key, value in mine if not _same(key, value, theirs.get(key), in_part)]


def _same(key: str, mine: object, theirs: object, in_part: frozenset[str]) -> bool:
    """Whether the input's value of `key` says what the file's says: a summary by the
    HTML its Markdown makes (`*a*` and `_a_` are one), a list held in part by its entries."""
    if mine == theirs:
        return True
    if key == "summary" and isinstance(mine, str) and isinstance(theirs, str):
        return _shown(mine) == _shown(theirs)
    return (
        key in in_part
        and isinstance(mine, tuple)
        and isinstance(theirs, tuple)
        and (set(mine) <= set(theirs))
    )


def _shown(summary: str) -> str:
    return " ".join(render_summary(summary)[0].split())


# -- the facts of an event file ----------------------------------------------------------


def facts_of_file(f: EventFile) -> Facts:
    root = parse_text(render_file(f, None), "", Problems())
    return facts_of(root) if isinstance(root, YMap) else ()


def facts_of(root: YMap) -> Facts:
    """The file's values by key, in the order of the event table; spacing aside (but a
    summary's, which is Markdown: see `_same`), the date and end as one interval, and a
    status that is not given as the one it stands for."""
    values = {key.value: plain(value) for key, value in root.items}
    summary = next((v for k, v in root.items if k.value == "summary"), None)
    if isinstance(summary, YScalar):  # as written: its line breaks are Markdown
        values["summary"] = summary.value
    values.setdefault("status", "confirmed")
    date, end = values.pop("date", None), values.pop("end", None)
    if date is not None:
        values["date"] = one_date(date, end)
    order = dict.fromkeys((*schema.EVENT, *sorted(values)))
    return tuple((key, values[key]) for key in order if key in values)


def one_date(date: object, end: object) -> object:
    if not isinstance(date, str) or not isinstance(end, str | None):
        return (date, end)
    try:
        when = parse_date(date)
        return EventDate(when.start, parse_point(end)).edtf() if end else when.edtf()
    except DateError:
        return (date, end)


def plain(node: Node) -> object:
    if isinstance(node, YScalar):
        return " ".join(node.value.split())
    if isinstance(node, YSeq):
        return tuple(plain(item) for item in node.items)
    return tuple(sorted((key.value, plain(value)) for key, value in node.items))


def identity(facts: Facts) -> tuple[str, str] | None:
    values = dict(facts)
    date, title = values.get("date"), values.get("title")
    if not isinstance(date, str) or not isinstance(title, str):
        return None
    try:
        return parse_date(date).start.html(), fold(title)
    except DateError:
        return None


def fold(title: str) -> str:
    return " ".join(title.split()).casefold()


def source_urls(facts: Facts) -> frozenset[str]:
    """Each source's url (a source's facts are its (key, value) pairs)."""
    sources = dict(facts).get("sources")
    urls: set[str] = set()
    for source in sources if isinstance(sources, tuple) else ():
        for pair in source if isinstance(source, tuple) else ():
            if isinstance(pair, tuple) and pair[:1] == ("url",) and isinstance(pair[-1], str):
                urls.add(pair[-1])
    return frozenset(urls)
