"""Event files → checked Events, and every problem found on the way.

One pass reports everything: a file with errors is left out of the result but
its problems are all listed; cross-file rules (unique ids, related ids) run on
the whole tree.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from timeline import schema
from timeline.dates import DateError, DatePoint, EventDate, check_order, parse_date, parse_point
from timeline.markup import check_url, render_summary
from timeline.model import (
    ID_MAX,
    ID_PATTERN,
    RESERVED_IDS,
    URL_SCHEME,
    Correction,
    Event,
    Media,
    Ref,
    Source,
    slugify,
    suggest_id,
)
from timeline.problems import Position, Problems, display_path, printable
from timeline.yamlsafe import Node, YamlError, YMap, YScalar, YSeq, read_yaml_file

EXTENSION = ".yaml"
MEDIA_DIR = "media"
MEDIA_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
T = TypeVar("T")
_DATE_PREFIX = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)-")


@dataclass(frozen=True)
class Tree:
    """What the loader found: the good events and every id present in the tree."""

    events: tuple[Event, ...]
    ids: frozenset[str]


def load_tree(root: Path, events_dir: Path, problems: Problems, today: date) -> Tree:
    files = discover(root, events_dir, problems)
    ids = frozenset(printable(path.name[: -len(EXTENSION)]) for path in files)
    events: list[Event] = []
    first_seen: dict[str, str] = {}
    for path in files:
        shown = display_path(path, root)
        stem = printable(path.name[: -len(EXTENSION)])
        if stem in first_seen:
            problems.error(
                Position(shown),
                f"the id '{stem}' is already used by {first_seen[stem]}",
                "ids are unique across events/; rename one of the two files",
            )
            problems.error(
                Position(first_seen[stem]),
                f"the id '{stem}' is also used by {shown}",
                "ids are unique across events/; rename one of the two files",
            )
            continue
        first_seen[stem] = shown
        event = read_event(path, shown, stem, events_dir, ids, problems, today)
        if event is not None:
            events.append(event)
    check_drafts_unrelated(events, problems)
    check_spellings(events, problems)
    return Tree(tuple(sorted(events, key=Event.sort_key)), ids)


def discover(root: Path, events_dir: Path, problems: Problems) -> list[Path]:
    """All event files under events/, sorted; symlinks and stray files reported."""
    found: list[Path] = []

    def walk(folder: Path) -> None:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                path = Path(entry.path)
                shown = display_path(path, root)
                if entry.is_symlink():
                    problems.error(
                        Position(shown),
                        "symbolic links are not allowed in events/",
                        "replace the link with the file itself",
                    )
                elif entry.is_dir():
                    if folder == events_dir and entry.name == MEDIA_DIR:
                        continue  # pictures, checked when an event names them
                    if not entry.name.startswith("."):
                        walk(path)
                elif entry.name.endswith(EXTENSION):
                    found.append(path)
                elif entry.name.endswith(".yml"):
                    problems.error(
                        Position(shown),
                        "event files end in .yaml, not .yml",
                        f"rename it to {entry.name[:-4]}{EXTENSION}",
                    )
                elif not entry.name.startswith("."):
                    problems.warning(
                        Position(shown),
                        "not an event file (.yaml); it is ignored",
                        "move it out of events/ (pictures go in events/media/)",
                    )

    walk(events_dir)
    return found


def check_id(stem: str, pos: Position, problems: Problems, raw: str | None = None) -> None:
    suggestion = suggest_id(raw if raw is not None else stem)
    hint = (
        f"rename the file to {suggestion}{EXTENSION}"
        if suggestion
        else "name the file after the event, e.g. 2019-01-23-guaido-sworn-in.yaml"
    )
    if not ID_PATTERN.fullmatch(stem):
        problems.error(
            pos,
            f"the file name '{stem}' is not a valid id: use lowercase a-z, digits and "
            "single hyphens between them",
            hint,
        )
    elif len(stem) > ID_MAX:
        problems.error(
            pos,
            f"the id is {len(stem)} characters long; the limit is {ID_MAX}",
            "shorten the file name; it becomes the event's web address",
        )
    elif stem in RESERVED_IDS:
        problems.error(
            pos,
            f"'{stem}' is a reserved device name on Windows and cannot be an id",
            f"rename the file, e.g. to {stem}-event{EXTENSION}",
        )


class _Reader:
    """Reads the fields of one event file, reporting into the file's own Problems."""

    def __init__(self, shown: str, problems: Problems) -> None:
        self.shown = shown
        self.problems = problems

    def text(self, node: Node | None, what: str, *, one_line: bool = True) -> str:
        if node is None:
            return ""
        assert isinstance(node, YScalar)
        value = node.value.strip()
        if not value:
            self.problems.error(node.pos, f"'{what}' is empty", "write a value or remove the line")
        elif one_line and "\n" in value:
            self.problems.error(
                node.pos, f"'{what}' must be one line", "remove the line breaks ('|' keeps them)"
            )
        limit = schema.LIMITS.get(what)
        if limit and len(value) > limit:
            self.problems.error(
                node.pos,
                f"'{what}' is {len(value)} characters long; the limit is {limit}",
                "shorten it",
            )
        return value

    def texts(self, node: Node | None, what: str, item: str) -> tuple[str, ...]:
        if node is None:
            return ()
        assert isinstance(node, YSeq)
        values: list[str] = []
        seen: dict[str, Position] = {}
        for entry in node.items:
            if not isinstance(entry, YScalar):
                self.problems.error(
                    entry.pos,
                    f"each entry of '{what}' must be text",
                    f"write {what}: [first, second]",
                )
                continue
            value = self.text(entry, item)
            key = slugify(value)
            if value and not key:
                self.problems.error(
                    entry.pos,
                    f"the {item} '{value}' has no letters or digits",
                    "use a word or a name",
                )
            elif key in seen:
                self.problems.error(
                    entry.pos,
                    f"the {item} '{value}' is listed twice in '{what}' "
                    f"(first on line {seen[key].line})",
                    "remove one of them",
                )
            elif value:
                seen[key] = entry.pos
                values.append(value)
        return tuple(values)

    def url(self, node: Node | None, what: str) -> str:
        value = self.text(node, "url") if node is not None else ""
        if node is not None and value:
            found = check_url(value)
            if found:
                self.problems.error(node.pos, f"'{what}': {found[0]}", found[1])
        return value

    def point(self, node: Node | None, what: str) -> DatePoint | None:
        return self._parsed(node, what, parse_point)

    def date(self, node: Node | None, what: str) -> EventDate | None:
        return self._parsed(node, what, parse_date)

    def _parsed(self, node: Node | None, what: str, parse: Callable[[str], T]) -> T | None:
        if node is None:
            return None
        assert isinstance(node, YScalar)
        try:
            return parse(node.value)
        except DateError as exc:
            self.problems.error(node.pos, f"'{what}': {exc.message}", exc.hint)
            return None

    def mapping(self, node: Node, table: dict[str, schema.Field], what: str) -> dict[str, Node]:
        return schema.check_mapping(node, table, self.problems, what) or {}


def read_event(
    path: Path,
    shown: str,
    stem: str,
    events_dir: Path,
    ids: frozenset[str],
    problems: Problems,
    today: date,
) -> Event | None:
    mine = Problems()
    file_pos = Position(shown, 1, 1)
    check_id(stem, Position(shown), mine, path.name[: -len(EXTENSION)])
    try:
        root = read_yaml_file(path, shown, mine)
    except YamlError as exc:
        mine.error(exc.pos, exc.message, exc.hint)
        problems.extend(mine)
        return None
    r = _Reader(shown, mine)
    f = schema.check_mapping(root, schema.EVENT, mine, "an event file")
    if f is None:
        problems.extend(mine)
        return None

    title = r.text(f.get("title"), "title")
    when = r.date(f.get("date"), "date")
    end = r.point(f.get("end"), "end")
    if when is not None and end is not None:
        if when.end is not None:
            mine.error(
                f["end"].pos,
                "'end' is given twice: in 'date' (START/END) and in 'end'",
                "keep one of the two",
            )
        else:
            try:
                check_order(when.start, end)
                when = EventDate(when.start, end)
            except DateError as exc:
                mine.error(f["end"].pos, f"'end': {exc.message}", exc.hint)
    if when is not None:
        check_date_sense(when, stem, f["date"].pos, today, mine)

    status = r.text(f.get("status"), "status") or "confirmed"
    if "status" in f and status not in schema.STATUSES:
        close = difflib.get_close_matches(status.lower(), schema.STATUSES, n=1)
        mine.error(
            f["status"].pos,
            f"unknown status '{status}'",
            f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(schema.STATUSES),
        )
    claimed_by = r.text(f.get("claimed_by"), "claimed_by")
    if status == "claimed" and not claimed_by:
        mine.error(
            f["status"].pos,
            "a claimed event must say who claims it",
            "add e.g. claimed_by: Reuters (unnamed sources)",
        )
    if claimed_by and status not in ("claimed", "disputed"):
        mine.error(
            f["claimed_by"].pos,
            "'claimed_by' is only for status claimed or disputed",
            "set 'status: claimed', or remove 'claimed_by'",
        )

    summary = r.text(f.get("summary"), "summary", one_line=False)
    summary_html = ""
    if summary:
        summary_html, found = render_summary(summary)
        for message, hint in found:
            mine.error(f["summary"].pos, message, hint)
    elif isinstance(root, YMap) and root.get("summary") is None:
        mine.warning(file_pos, "the event has no summary", "add 'summary:' in your own words")

    related = read_related(f.get("related"), stem, ids, mine)
    sources = read_sources(f.get("sources"), r)
    media = read_media(f.get("media"), r, events_dir)
    corrections = read_corrections(f.get("corrections"), r)
    tags = r.texts(f.get("tags"), "tags", "tag")
    actors = r.texts(f.get("actors"), "actors", "actor")
    place = r.text(f.get("place"), "place")

    problems.extend(mine)
    if mine.errors or when is None:
        return None
    return Event(
        id=stem, path=shown, pos=file_pos, title=title, date=when, place=place,
        summary=summary, summary_html=summary_html, status=status, claimed_by=claimed_by,
        tags=tags, actors=actors, related=related, sources=sources, media=media,
        corrections=corrections,
    )  # fmt: skip


def check_date_sense(
    when: EventDate, stem: str, pos: Position, today: date, problems: Problems
) -> None:
    if when.start.first_day() > today:
        problems.warning(
            pos,
            f"the date {when.edtf()} is in the future",
            "a chronology records what has happened; check the year",
        )
    m = _DATE_PREFIX.match(stem)
    if m:
        written, actual = m.group(1), when.start.html()
        common = min(len(written), len(actual))
        if written[:common] != actual[:common]:
            problems.warning(
                pos,
                f"the file name starts with {written} but the date is {when.start.edtf()}",
                "rename the file or correct the date, whichever is wrong",
            )


def read_related(
    node: Node | None, own_id: str, ids: frozenset[str], problems: Problems
) -> tuple[Ref, ...]:
    if node is None:
        return ()
    assert isinstance(node, YSeq)
    refs: list[Ref] = []
    for entry in node.items:
        if not isinstance(entry, YScalar):
            problems.error(
                entry.pos,
                "each entry of 'related' must be an id",
                "write ids as text: related: [2019-01-23-guaido-sworn-in]",
            )
            continue
        value = entry.value.strip()
        if not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX:
            problems.error(
                entry.pos,
                f"'{value}' is not an event id",
                "an id is a file name without .yaml, e.g. 2019-01-23-guaido-sworn-in",
            )
        elif value == own_id:
            problems.error(entry.pos, "an event cannot be related to itself", "remove this entry")
        elif any(ref.id == value for ref in refs):
            problems.error(entry.pos, f"'{value}' is listed twice in 'related'", "remove one")
        elif value not in ids:
            close = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.7)
            problems.error(
                entry.pos,
                f"related event '{value}' does not exist",
                f"did you mean '{close[0]}'?" if close else "check the file name in events/",
            )
        else:
            refs.append(Ref(value, entry.pos))
    return tuple(refs)


def read_sources(node: Node | None, r: _Reader) -> tuple[Source, ...]:
    if node is None:
        return ()
    assert isinstance(node, YSeq)
    if not node.items:
        r.problems.error(
            node.pos, "'sources' is empty", "add at least one article that reports the event"
        )
    sources: list[Source] = []
    seen: dict[str, Position] = {}
    for entry in node.items:
        f = r.mapping(entry, schema.SOURCE, "a source")
        if not f:
            continue
        url = r.url(f.get("url"), "url")
        if url in seen:
            r.problems.error(
                f["url"].pos,
                f"this source is listed twice (first on line {seen[url].line})",
                "remove one of them",
            )
        elif url:
            seen[url] = f["url"].pos
        archive = r.url(f.get("archive"), "archive") or None
        published = r.point(f.get("published"), "published")
        if isinstance(entry, YMap) and entry.get("published") is None:
            r.problems.warning(
                entry.pos, "the source has no 'published' date", "add published: YYYY-MM-DD"
            )
        sources.append(
            Source(
                url=url,
                title=r.text(f.get("title"), "source title"),
                publisher=r.text(f.get("publisher"), "publisher"),
                published=published,
                archive=archive,
                pos=entry.pos,
            )
        )
    return tuple(sources)


def read_media(node: Node | None, r: _Reader, events_dir: Path) -> Media | None:
    if node is None:
        return None
    f = r.mapping(node, schema.MEDIA, "'media'")
    src_node = f.get("src")
    src = r.text(src_node, "src")
    if src_node is not None and src:
        if URL_SCHEME.match(src):
            r.url(src_node, "src")
        else:
            check_media_path(src, src_node.pos, events_dir, r.problems)
    return Media(
        src=src,
        alt=r.text(f.get("alt"), "alt"),
        caption=r.text(f.get("caption"), "caption", one_line=False),
        credit=r.text(f.get("credit"), "credit"),
        pos=node.pos,
    )


def check_media_path(src: str, pos: Position, events_dir: Path, problems: Problems) -> None:
    parts = src.split("/")
    hint = f"put the picture in events/{MEDIA_DIR}/ and write src: {MEDIA_DIR}/NAME.jpg"
    if parts[0] != MEDIA_DIR or len(parts) < 2 or any(p in ("", ".", "..") for p in parts):
        problems.error(pos, f"'src': '{src}' is not a path under events/{MEDIA_DIR}/", hint)
        return
    if not src.lower().endswith(MEDIA_TYPES):
        problems.error(
            pos,
            f"'src': '{src}' is not a picture this site publishes",
            "use one of: " + ", ".join(MEDIA_TYPES) + " (SVG can carry scripts)",
        )
        return
    target = events_dir
    for part in parts:  # no link anywhere on the way: nothing from outside is published
        target = target / part
        if target.is_symlink():
            break
    if target.is_symlink() or not target.is_file():
        problems.error(pos, f"'src': events/{src} does not exist (or is a link)", hint)


def read_corrections(node: Node | None, r: _Reader) -> tuple[Correction, ...]:
    if node is None:
        return ()
    assert isinstance(node, YSeq)
    found: list[Correction] = []
    for entry in node.items:
        f = r.mapping(entry, schema.CORRECTION, "a correction")
        when = r.point(f.get("date"), "date")
        if when is not None and when.day is None:
            r.problems.error(
                f["date"].pos, "a correction's date needs the day", "write it as YYYY-MM-DD"
            )
        note = r.text(f.get("note"), "note", one_line=False)
        if when is not None and note:
            found.append(Correction(when, note, entry.pos))
    return tuple(sorted(found, key=lambda c: c.date.sort_key()))


def check_drafts_unrelated(events: list[Event], problems: Problems) -> None:
    """A published event must not point at a draft, which has no page."""
    drafts = {e.id for e in events if e.is_draft}
    for event in events:
        if event.is_draft:
            continue
        for ref in event.related:
            if ref.id in drafts:
                problems.error(
                    ref.pos,
                    f"related event '{ref.id}' is a draft and is not published",
                    "relate to it once it is no longer a draft",
                )


def check_spellings(events: list[Event], problems: Problems) -> None:
    """Warn when two spellings of a tag or actor would share one page."""
    for kind, get in (("tag", lambda e: e.tags), ("actor", lambda e: e.actors)):
        spelled: dict[str, tuple[str, str]] = {}
        for event in events:
            for name in get(event):
                slug = slugify(name)
                first = spelled.setdefault(slug, (name, event.path))
                if first[0] != name:
                    problems.warning(
                        event.pos,
                        f"the {kind} '{name}' is spelled '{first[0]}' in {first[1]}",
                        "use one spelling so that both events list it the same way",
                    )
