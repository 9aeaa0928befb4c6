"""Event files → checked Events, and every problem found on the way.

One pass reports everything: a file with errors is left out of the result but
its problems are all listed; cross-file rules (unique ids, related ids) run on
the whole tree.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline import schema
from timeline.buildstate import Found, Walk
from timeline.cache import Facts, Parsed
from timeline.dates import DateError, EventDate, check_order
from timeline.discover import EXTENSION, MEDIA_DIR, check_id, discover, event_entries
from timeline.markup import render_summary
from timeline.model import Event, slugify
from timeline.parallel import map_chunks
from timeline.plaintext import html_to_text
from timeline.problems import Position, Problem, Problems, display_path, printable
from timeline.readers import Reader, read_corrections, read_media, read_related, read_sources
from timeline.written import locate
from timeline.yamlsafe import YamlError, YMap, YScalar, decode, parse_text, read_limited

__all__ = ["EXTENSION", "MEDIA_DIR", "Tree", "discover", "load_tree", "read_event"]

_DATE_PREFIX = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)-")


@dataclass(frozen=True)
class Tree:
    """What the loader found: every id present in the tree, how many files, and each good
    event's entry (by the path problems show, in file order), which the next build may
    reuse; `events`, the good events themselves (unpickled from the build cache as they
    are first asked for)."""

    ids: frozenset[str]
    files: int
    parsed: dict[str, Parsed] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def events(self) -> tuple[Event, ...]:
        return tuple(entry.event for entry in self.parsed.values())


def load_tree(
    root: Path,
    events_dir: Path,
    problems: Problems,
    today: date,
    *,
    drafts: bool = False,
    previous: Mapping[str, Parsed] | None = None,
    settled_ns: int = 0,
    walk: Walk | None = None,
) -> Tree:
    """Every event of the tree. A draft's problems are warnings unless `drafts` (publishing
    drafts), when they are errors like any other event's.

    `previous` is the last build's `Tree.parsed`: a file whose bytes are unchanged is
    not read again. Its size, times and inode tell, when it last changed well before
    `settled_ns` (when that build began reading: a file changed as it was read could
    keep its time); otherwise the hash of its bytes does. `walk` is the build key's walk
    of events/, whose stats it reuses.
    """
    files = event_entries(root, events_dir, problems, walk)
    ids = frozenset(printable(entry.name[: -len(EXTENSION)]) for entry in files)
    jobs: list[tuple[Path, str, str]] = []
    first_seen: dict[str, str] = {}
    kept: dict[str, Parsed] = {}
    context = _Context(events_dir, ids, today, drafts)
    for entry in files:
        path = entry.path
        shown = display_path(path, root)
        stem = printable(entry.name[: -len(EXTENSION)])
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
        last = (previous or {}).get(shown)
        stat = _still_valid(last, entry, shown, context, settled_ns) if last is not None else None
        if last is not None and stat is not None:
            kept[shown] = last if stat == last.stat else last.with_stat(stat)
        else:
            jobs.append((Path(path), shown, stem))
    results: dict[str, _Result] = {}
    for chunk in _read_all(jobs, context):
        results.update(chunk)
    parsed: dict[str, Parsed] = {}
    # Equal values of many events kept once (see Facts.of): 9 MB of day windows at 100k.
    shared: dict[Any, Any] = {}
    for shown in first_seen.values():  # in file order
        entry = kept.get(shown)
        if entry is not None:
            problems.extend_with(entry.problems)
            parsed[shown] = entry
            continue
        stat, (event, places), reported = results[shown]
        problems.extend_with(reported)
        if event is not None and not any(p.is_error for p in reported):
            window = day_window(event, today)
            future = shared.setdefault(window, window)
            facts = Facts.of(event, places, shared)
            parsed[shown] = Parsed(stat, event.digest, reported, drafts, future, facts, event)
    every = [(shown, entry.facts) for shown, entry in parsed.items()]
    check_drafts_unrelated(every, problems)
    check_spellings(every, problems)
    return Tree(ids, len(files), parsed)


@dataclass(frozen=True)
class _Context:
    events_dir: Path
    ids: frozenset[str]
    today: date
    drafts: bool


# Where an event's tags, then its actors, are written: (line, column) of each.
_Places = tuple[tuple[int, int], ...]
# A file's stat, its event (None when it has errors) with its terms' places, its problems.
_Result = tuple[tuple[int, int, int, int], tuple[Event | None, _Places], tuple[Problem, ...]]
_SETTLE_NS = 2_000_000_000  # a file changed this close to a cache's saving is hashed again


def _stat(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _still_valid(
    entry: Parsed, found: Found, shown: str, context: _Context, settled_ns: int
) -> tuple[int, int, int, int] | None:
    """The file's stat if reading it again would give `entry`'s event and problems
    (told by its facts: the event itself stays in the cache's pickle). `found` is its
    entry, which may hold the stat the build's key was made with."""
    if entry.drafts != context.drafts:
        return None
    facts = entry.facts
    since, until = entry.future  # a date of it now in the future, or no longer: warn again
    if (since and context.today < since) or (until and context.today >= until):
        return None
    if any(related not in context.ids for related, _, _ in facts.related):
        return None
    if facts.local_media is not None:
        return None  # the picture's file is checked on every build
    try:
        stat = found.stat or _stat(Path(found.path))
        if stat == entry.stat and stat[1] < settled_ns - _SETTLE_NS:
            return stat
        data = read_limited(Path(found.path), shown)
    except (OSError, YamlError):
        return None
    return stat if file_digest(shown, data) == entry.digest else None


def file_digest(shown: str, data: bytes) -> str:
    """What `Event.digest` is: a hash of the file's path and bytes."""
    return hashlib.sha256(f"{shown}\0".encode() + data).hexdigest()[:32]


PARALLEL_FROM = 400  # below this many files, starting worker processes costs more


def _read_all(jobs: list[tuple[Path, str, str]], context: _Context) -> list[dict[str, _Result]]:
    """Read every file, on every core when there are enough files to pay for it."""

    def work(chunk: Sequence[tuple[Path, str, str]]) -> dict[str, _Result]:
        out: dict[str, _Result] = {}
        for path, shown, stem in chunk:
            mine = Problems()
            try:
                stat = _stat(path)
            except OSError:
                stat = (-1, -1, -1, -1)
            read = read_event(
                path, shown, stem, context.events_dir, context.ids, mine, context.today,
                drafts=context.drafts,
            )  # fmt: skip
            out[shown] = (stat, read, tuple(mine.sorted()))
        return out

    return map_chunks(work, jobs, minimum=PARALLEL_FROM) if jobs else []


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
) -> tuple[Event | None, _Places]:
    """One event file (None when it has errors), with where its tags and actors are
    written (for `Facts`); `drafts=False` reports a draft's errors as warnings."""
    mine = Problems()
    file_pos = Position(shown, 1, 1)
    check_id(stem, Position(shown), mine, path.name[: -len(EXTENSION)])
    try:
        data = read_limited(path, shown)
        digest = file_digest(shown, data)
        root = parse_text(decode(data, shown), shown, mine)
    except YamlError as exc:
        mine.error(exc.pos, exc.message, exc.hint)
        problems.extend(mine)
        return None, ()
    r = Reader(shown, mine)
    f = schema.check_mapping(root, schema.EVENT, mine, "an event file")
    if f is None:
        problems.extend(mine)
        return None, ()

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
        written = f["summary"]
        assert isinstance(written, YScalar)
        lead = len(written.value) - len(written.value.lstrip())  # `summary` is stripped
        for message, hint, at in found:
            where = None if at is None else lead + at
            mine.error(locate(path, shown, written.pos, written.value, where), message, hint)
    elif isinstance(root, YMap) and schema.absent(root, "summary", schema.EVENT):
        mine.warning(file_pos, "the event has no summary", "add 'summary:' in your own words")

    related = read_related(f.get("related"), stem, ids, mine)
    sources = read_sources(f.get("sources"), r, today)
    media = read_media(f.get("media"), r, events_dir)
    corrections = read_corrections(f.get("corrections"), r, today)
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
        return None, ()
    event = Event(
        id=stem, path=shown, pos=file_pos, title=title, date=when, place=place,
        summary=summary, summary_html=summary_html, summary_text=html_to_text(summary_html),
        status=status, claimed_by=claimed_by,
        tags=tuple(name for name, _ in tags), actors=tuple(name for name, _ in actors),
        related=related, sources=sources, media=media, corrections=corrections,
        digest=digest,
    )  # fmt: skip
    return event, tuple((pos.line, pos.col) for _, pos in (*tags, *actors))


def day_window(event: Event, today: date) -> tuple[date | None, date | None]:
    """The days between which none of `event`'s dates passes from the future to the
    past or back, so its warnings of a date in the future stay the same: its latest day on
    or before `today` and its earliest day after it (None when it has none)."""
    days = event.days()
    return (
        max((d for d in days if d <= today), default=None),
        min((d for d in days if d > today), default=None),
    )


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


def check_drafts_unrelated(events: list[tuple[str, Facts]], problems: Problems) -> None:
    """A published event must not point at a draft, which has no page (`events`: each
    good event's file, as problems show it, and facts)."""
    drafts = {facts.id for _, facts in events if facts.draft}
    for shown, facts in events:
        if facts.draft:
            continue
        for related, line, col in facts.related:
            if related in drafts:
                problems.error(
                    Position(shown, line, col),
                    f"related event '{related}' is a draft and is not published",
                    "relate to it once it is no longer a draft",
                )


def check_spellings(events: list[tuple[str, Facts]], problems: Problems) -> None:
    """Warn when two spellings of a tag or actor would share one page."""
    spelled: dict[tuple[str, str], tuple[str, str]] = {}  # (kind, slug) → name, file
    for shown, facts in events:
        for kind, name, line, col in facts.terms:
            first = spelled.setdefault((kind, slugify(name)), (name, shown))
            if first[0] != name:
                problems.warning(
                    Position(shown, line, col),
                    f"the {kind} '{name}' is spelled '{first[0]}' in {first[1]}",
                    "use one spelling so that both events list it the same way",
                )
