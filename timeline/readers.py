"""Reading the fields of one event file into model values, reporting every problem."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from timeline import schema
from timeline.dates import DateError, DatePoint, EventDate, parse_date, parse_point
from timeline.discover import MEDIA_DIR
from timeline.markup import check_url
from timeline.model import (
    ID_MAX,
    ID_PATTERN,
    URL_SCHEME,
    Correction,
    Media,
    Ref,
    Source,
    slugify,
)
from timeline.problems import Position, Problems
from timeline.yamlsafe import Node, YMap, YScalar, YSeq

T = TypeVar("T")
MEDIA_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


class Reader:
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
        elif not any(unicodedata.category(c)[0] not in "CZ" for c in value):
            self.problems.error(
                node.pos,
                f"'{what}' holds only invisible characters",
                "write a visible value or remove the line",
            )
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

    def texts(self, node: Node | None, what: str, item: str) -> tuple[tuple[str, Position], ...]:
        """The list's texts, each with its position."""
        if node is None:
            return ()
        assert isinstance(node, YSeq)
        values: list[tuple[str, Position]] = []
        seen: dict[str, tuple[str, Position]] = {}
        for entry in node.items:
            if not isinstance(entry, YScalar):
                self.problems.error(
                    entry.pos,
                    f"each entry of '{what}' must be text",
                    f"write {what}: [first, second]",
                )
                continue
            if not entry.value.strip():
                self.problems.error(
                    entry.pos, f"an entry of '{what}' is empty", "fill it in or remove it"
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
                first, pos = seen[key]
                written = "" if first == value else f" as '{first}'"  # one page for both
                self.problems.error(
                    entry.pos,
                    f"the {item} '{value}' is listed twice in '{what}' "
                    f"(first{written} on line {pos.line})",
                    "remove one of them",
                )
            elif value:
                seen[key] = (value, entry.pos)
                values.append((value, entry.pos))
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


def read_sources(node: Node | None, r: Reader, today: date) -> tuple[Source, ...]:
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
        if published is not None and published.first_day() > today:
            r.problems.warning(
                f["published"].pos,
                f"the source's publication date {published.edtf()} is in the future",
                "an article cited is already published; check the year",
            )
        if isinstance(entry, YMap) and schema.absent(entry, "published", schema.SOURCE):
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


def read_media(node: Node | None, r: Reader, events_dir: Path) -> Media | None:
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


def read_corrections(node: Node | None, r: Reader, today: date) -> tuple[Correction, ...]:
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
        elif when is not None and when.first_day() > today:
            r.problems.warning(
                f["date"].pos,
                f"the correction's date {when.edtf()} is in the future",
                "a correction is dated the day it is made; check the year",
            )
        note = r.text(f.get("note"), "note", one_line=False)
        if when is not None and note:
            found.append(Correction(when, note, entry.pos))
    return tuple(sorted(found, key=lambda c: c.date.sort_key()))
