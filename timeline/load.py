"""Event files → checked Events, and every problem found on the way.

One pass reports everything: a file with errors is left out of the result but
its problems are all listed; cross-file rules (unique ids, related ids) run on
the whole tree.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline import schema
from timeline.dates import DateError, EventDate, check_order
from timeline.discover import EXTENSION, MEDIA_DIR, check_id, discover
from timeline.markup import render_summary
from timeline.model import Event, slugify
from timeline.parallel import map_chunks
from timeline.problems import Position, Problems, display_path, printable
from timeline.readers import Reader, read_corrections, read_media, read_related, read_sources
from timeline.yamlsafe import YamlError, YMap, decode, parse_text, read_limited

__all__ = ["EXTENSION", "MEDIA_DIR", "Tree", "discover", "load_tree", "read_event"]

_DATE_PREFIX = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)-")


@dataclass(frozen=True)
class Tree:
    """What the loader found: the good events and every id present in the tree."""

    events: tuple[Event, ...]
    ids: frozenset[str]
    files: int


def load_tree(
    root: Path, events_dir: Path, problems: Problems, today: date, *, drafts: bool = False
) -> Tree:
    """Every event of the tree. A draft's problems are warnings unless `drafts` (publishing
    drafts), when they are errors like any other event's."""
    files = discover(root, events_dir, problems)
    ids = frozenset(printable(path.name[: -len(EXTENSION)]) for path in files)
    jobs: list[tuple[Path, str, str]] = []
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
        jobs.append((path, shown, stem))
    context = _Context(events_dir, ids, today, drafts)
    events: list[Event] = []
    for found, reported in _read_all(jobs, context):
        events.extend(found)
        problems.extend(reported)
    check_drafts_unrelated(events, problems)
    check_spellings(events, problems)
    return Tree(tuple(events), ids, len(files))


@dataclass(frozen=True)
class _Context:
    events_dir: Path
    ids: frozenset[str]
    today: date
    drafts: bool


PARALLEL_FROM = 400  # below this many files, starting worker processes costs more


def _read_all(
    jobs: list[tuple[Path, str, str]], context: _Context
) -> list[tuple[list[Event], Problems]]:
    """Read every file, on every core when there are enough files to pay for it."""

    def work(chunk: Sequence[tuple[Path, str, str]]) -> tuple[list[Event], Problems]:
        problems = Problems()
        events = []
        for path, shown, stem in chunk:
            event = read_event(
                path, shown, stem, context.events_dir, context.ids, problems, context.today,
                drafts=context.drafts,
            )  # fmt: skip
            if event is not None:
                events.append(event)
        return events, problems

    return map_chunks(work, jobs, minimum=PARALLEL_FROM)


def read_event(
    path: Path,
    shown: str,
    stem: str,
    events_dir: Path,
    ids: frozenset[str],
    problems: Problems,
    today: date,
    *,
    drafts: bool = True,
) -> Event | None:
    """One event file; `drafts=False` reports a draft's errors as warnings."""
    mine = Problems()
    file_pos = Position(shown, 1, 1)
    check_id(stem, Position(shown), mine, path.name[: -len(EXTENSION)])
    try:
        data = read_limited(path, shown)
        digest = hashlib.sha256(f"{shown}\0".encode() + data).hexdigest()[:32]
        root = parse_text(decode(data, shown), shown, mine)
    except YamlError as exc:
        mine.error(exc.pos, exc.message, exc.hint)
        problems.extend(mine)
        return None
    r = Reader(shown, mine)
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
        for message, hint, needle in found:
            mine.error(locate(path, shown, f["summary"].pos, needle), message, hint)
    elif isinstance(root, YMap) and root.get("summary") is None:
        mine.warning(file_pos, "the event has no summary", "add 'summary:' in your own words")

    related = read_related(f.get("related"), stem, ids, mine)
    sources = read_sources(f.get("sources"), r)
    media = read_media(f.get("media"), r, events_dir)
    corrections = read_corrections(f.get("corrections"), r)
    tags = r.texts(f.get("tags"), "tags", "tag")
    actors = r.texts(f.get("actors"), "actors", "actor")
    place = r.text(f.get("place"), "place")

    if status == "draft":
        mine.warning(
            f["status"].pos,
            "this event is a draft and is not published",
            "check every value against its source, write the title and summary in your own "
            "words, then set status: confirmed, reported or claimed",
        )
    if status == "draft" and not drafts:
        for p in mine.sorted():
            problems.warning(p.pos, f"draft: {p.message}" if p.is_error else p.message, p.hint)
    else:
        problems.extend(mine)
    if mine.errors or when is None:
        return None
    return Event(
        id=stem, path=shown, pos=file_pos, title=title, date=when, place=place,
        summary=summary, summary_html=summary_html, status=status, claimed_by=claimed_by,
        tags=tuple(name for name, _ in tags), actors=tuple(name for name, _ in actors),
        related=related, sources=sources, media=media, corrections=corrections,
        digest=digest,
        term_pos=tuple(("tag", n, p) for n, p in tags) + tuple(("actor", n, p) for n, p in actors),
    )  # fmt: skip


def locate(path: Path, shown: str, start: Position, needle: str) -> Position:
    """Where `needle` first appears in the file from `start` on; `start` if it does not."""
    if not needle:
        return start
    try:
        lines = decode(path.read_bytes(), shown).split("\n")
    except (OSError, YamlError):
        return start
    for n in range(start.line - 1, len(lines)):
        col = lines[n].lower().find(needle.lower(), start.col - 1 if n == start.line - 1 else 0)
        if col >= 0:
            return Position(shown, n + 1, col + 1)
    return start


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
    for kind in ("tag", "actor"):
        spelled: dict[str, tuple[str, str]] = {}
        for event in events:
            for term_kind, name, pos in event.term_pos:
                if term_kind != kind:
                    continue
                slug = slugify(name)
                first = spelled.setdefault(slug, (name, event.path))
                if first[0] != name:
                    problems.warning(
                        pos,
                        f"the {kind} '{name}' is spelled '{first[0]}' in {first[1]}",
                        "use one spelling so that both events list it the same way",
                    )
