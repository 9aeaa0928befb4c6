"""One event as `import` reads it (`Item`), before it is written, and its event file.

Both readers (`timeline.import_timelinejs`, `timeline.import_csv`) build items; a value
that cannot be valid raises `RowError`, and the reader reports it against its row (or
its place in the JSON) and writes nothing for that event. An item without a source
becomes a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from timeline.dates import DateError, DatePoint, EventDate, check_order, parse_date, parse_point
from timeline.eventfile import EventFile, block_lines, list_line, source_lines
from timeline.model import ID_MAX, ID_PATTERN, RESERVED_IDS, suggest_id
from timeline.scaffold import yaml_text


class RowError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


Refused = list[tuple[int, str, RowError]]  # (order, label, why)


@dataclass
class Source:
    url: str
    title: str
    publisher: str
    published: str = ""
    archive: str = ""


@dataclass
class Item:
    """One event read from the input, before it is written."""

    label: str
    rows: list[int]
    title: str
    when: EventDate
    id: str = ""
    place: str = ""
    summary: str = ""
    status: str = ""
    claimed_by: str = ""
    tags: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def to_event_file(item: Item, name: str = "") -> EventFile:
    origin = item.label.replace(name, Path(name).name, 1) if name else item.label
    comments = [f"Imported by `timeline import` from {origin}.", *item.notes]
    status = item.status or "confirmed"
    claimed_by = item.claimed_by
    unsourced = not item.sources
    if unsourced:
        if status != "draft":
            comments.append(
                f"A draft: the input gives no source for it (its status was {status}"
                + (f", claimed by {claimed_by}" if claimed_by else "")
                + "). Add the articles that report it under 'sources:', then set the status."
            )
        status, claimed_by = "draft", ""
    lines = [f"title: {yaml_text(item.title)}", f"date: {item.when.start.edtf()}"]
    if item.when.end:
        lines.append(f"end: {item.when.end.edtf()}")
    if item.place:
        lines.append(f"place: {yaml_text(item.place)}")
    if item.summary:
        lines += block_lines("summary", item.summary)
    lines.append(f"status: {status}")
    if claimed_by:
        lines.append(f"claimed_by: {yaml_text(claimed_by)}")
    for key, values in (("tags", item.tags), ("actors", item.actors), ("related", item.related)):
        if values:
            lines.append(list_line(key, values))
    if item.sources:
        lines.append("sources:")
    for s in item.sources:
        lines += source_lines(s.url, s.title, s.publisher, s.published, s.archive)
    if item.media:
        lines.append("media:")
        for key in ("src", "alt", "caption", "credit"):
            if item.media.get(key):
                lines.append(f"  {key}: {yaml_text(item.media[key])}")
    if item.corrections:
        lines.append("corrections:")
        for day, note in item.corrections:
            lines += [f"  - date: {day}", f"    note: {yaml_text(note)}"]
    return EventFile(
        item.title, item.when, comments, lines, draft=status == "draft", id=item.id,
        unsourced=unsourced, label=item.label,
    )  # fmt: skip


def span_of(start: DatePoint, end: DatePoint | None, what: str) -> EventDate:
    """A date, or an interval when the end differs from the start."""
    if end is None or end == start:
        return EventDate(start)
    try:
        check_order(start, end)
    except DateError as exc:
        raise RowError(f"{what}: {exc.message}", exc.hint) from None
    return EventDate(start, end)


def parse_when(date: str, end: str = "") -> EventDate:
    """A date (or an interval START/END) and an optional end, as the event files' own date
    parser reads them: a bad cell gets that parser's message and hint for the whole cell
    ('06/04/2019' is ambiguous, not "'06' is not a date")."""
    try:
        when = parse_date(date)
        if not end:
            return when
        last = parse_point(end)
        check_order(when.start, last)
    except DateError as exc:
        raise RowError(f"the date: {exc.message}", exc.hint) from None
    return EventDate(when.start, last)


def given_id(value: str, what: str) -> str:
    """An id the input names; refused (never fixed) when it breaks the id rules."""
    if value and (not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX or value in RESERVED_IDS):
        fix = suggest_id(value)
        raise RowError(
            f"{what} '{value}' is not a valid id (lowercase a-z, digits and single hyphens, "
            f"at most {ID_MAX} characters)",
            (f"write it as {fix}, " if fix and fix not in RESERVED_IDS else "")
            + "or leave it empty to name the file from the date and title",
        )
    return value
