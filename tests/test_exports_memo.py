"""The exports' memo: a build given the last build's memo writes the same bytes as a
build from nothing, reuses only what is still right, and returns only what it used.

The chronologies are the inline events of tests/test_exports.py, loaded with the real
loader; an edit rewrites one event file and loads the folder again.
"""

from __future__ import annotations

import csv
import io
import json
import random
from array import array
from datetime import datetime, timedelta

import icalendar
import pytest

from tests.conftest import Site
from tests.test_exports import EVENTS, NO_ADDRESS, SUBPATH, UPDATED, load
from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports import each_export, ics, render_exports
from timeline.exports import memo as memo_module
from timeline.exports.ics import _text, calendar, event_zones, ics_span, vevent, vtimezone
from timeline.exports.memo import Body, Memo
from timeline.exports.urls import utc

CONFIGS = pytest.mark.parametrize("config", [SUBPATH, NO_ADDRESS], ids=["sub-path", "no-address"])
EDITED = "2019-01-23-full"
NEW_TITLE = "Guaidó takes the oath again"
# The exports that show an event's title (robots.txt does not).
WITH_TITLES = ("feed.atom", "calendar.ics", "timeline.json", "timelinejs.json", "events.csv")


def edit(site: Site, event_id: str, old: str, new: str) -> None:
    path = site.root / "events" / f"{event_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def digest_of(chron: Chronology, event_id: str) -> str:
    return next(e.digest for e in chron.events if e.id == event_id)


# -- the same chronology -----------------------------------------------------------------


@CONFIGS
def test_the_last_builds_memo_gives_identical_bytes_and_the_same_memo(
    site: Site, config: SiteConfig
) -> None:
    chron = load(site, EVENTS)
    cold, memo = render_exports(chron, config, UPDATED)
    warm, again = render_exports(chron, config, UPDATED, memo)
    assert warm == cold
    assert again == memo
    assert render_exports(chron, config, UPDATED, {}) == (cold, memo)


def test_a_memo_that_loads_by_kind_gives_the_same_bytes_one_kind_at_a_time(site: Site) -> None:
    """Given a loader, the memo reads each kind's pieces when first asked, and `take` hands
    over what was used and forgets it: one file's pieces at a time."""
    chron = load(site, EVENTS)
    cold, memo = render_exports(chron, SUBPATH, UPDATED)
    by_kind: dict[str, dict[str, str]] = {}
    for key, text in memo.items():
        by_kind.setdefault(key.split("|", 1)[0], {})[key] = text
    asked: list[str] = []

    def load_kind(kind: str) -> dict[str, str]:
        asked.append(kind)
        return by_kind.get(kind, {})

    pieces = Memo(SUBPATH, load=load_kind)
    taken: dict[str, str] = {}
    for name, chunks in each_export(chron, SUBPATH, UPDATED, pieces):
        assert b"".join(chunks) == cold[name], name
        used = pieces.take()
        assert not set(used) & set(taken), name  # each kind belongs to one file
        assert pieces.previous == {} and pieces.used == {}
        taken.update(used)
    assert taken == memo
    assert sorted(asked) == sorted(by_kind)  # each kind loaded once


def joined_body(
    digests: list[str], pieces: list[bytes], separator: bytes, mark: bytes = b""
) -> Body:
    """The Body a build that made these pieces would keep (in memory)."""
    ends, at = array("q"), -len(separator)
    for piece in pieces:
        at += len(separator) + len(piece)
        ends.append(at)
    return Body(tuple(digests), ends, separator, mark, separator.join(pieces))


def pieces_of(body: Body) -> list[bytes]:
    assert body.data is not None
    starts = [0] + [end + len(body.separator) for end in body.ends[:-1]]
    return [body.data[start:end] for start, end in zip(starts, body.ends, strict=True)]


def with_piece(body: Body, digest: str, piece: bytes) -> Body:
    """`body` with the piece of `digest`'s event replaced by `piece`."""
    pieces = pieces_of(body)
    pieces[body.digests.index(digest)] = piece
    return joined_body(list(body.digests), pieces, body.separator, body.mark)


class Fake:
    def __init__(self, digest: str, text: str) -> None:
        self.digest, self.text = digest, text


@pytest.mark.parametrize("chunk_bytes", [1, 7, 30, 1 << 20])
@pytest.mark.parametrize("separator", ["", ",\n  "])
def test_joined_pieces_are_the_joined_text_in_chunks_that_never_split_one(
    monkeypatch: pytest.MonkeyPatch, chunk_bytes: int, separator: str
) -> None:
    """Through random edits (added, removed, edited, moved pieces), each build's chunks
    join to the text joined whole, each chunk ends where a piece ends, and only the
    pieces of new digests are made."""
    monkeypatch.setattr(memo_module, "CHUNK_BYTES", chunk_bytes)
    rng = random.Random(chunk_bytes * 7 + len(separator))
    words = ["BEGIN", "DTSTAMP:x", "Иванов", "«b»", "", "long " * 9]
    events = [Fake(f"d{n}", " ".join(rng.sample(words, 3))) for n in range(40)]
    memo: dict = {}
    for step in range(12):
        made: list[str] = []

        def make(event: Fake, made: list[str] = made) -> str:
            made.append(event.digest)
            return event.text

        pieces = Memo(SUBPATH, memo)
        given = pieces.joined("kind", events, make, separator, ("[", "]"))  # type: ignore[arg-type]
        head, *chunks, tail = [bytes(c) for c in given]
        whole = separator.join(e.text for e in events).encode("utf-8")
        assert (head, b"".join(chunks), tail) == (b"[", whole, b"]")
        body = next(v for v in pieces.used.values() if isinstance(v, Body))
        assert pieces_of(body) == [e.text.encode("utf-8") for e in events]
        assert body.digests == tuple(e.digest for e in events)
        boundaries, at = set(), 0
        for chunk in chunks[:-1]:
            at += len(chunk)
            boundaries.add(at)
        assert boundaries <= set(body.ends), step
        old = {d for v in memo.values() if isinstance(v, Body) for d in v.digests}
        assert made == [e.digest for e in events if e.digest not in old], step
        memo = pieces.used
        n = rng.randrange(len(events))
        if step % 4 == 0:
            events[n] = Fake(f"e{step}-{n}", rng.choice(words) + " edited")
        elif step % 4 == 1:
            events.insert(n, Fake(f"new{step}", rng.choice(words)))
        elif step % 4 == 2:
            del events[n]
        else:
            events.insert(rng.randrange(len(events)), events.pop(n))


@pytest.mark.parametrize("seed", range(12))
def test_joined_bodies_through_random_builds_with_marks_and_empty_pieces(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Each build reads the last one's body: pieces new and old in any order (old ones
    from the first on, after new ones), empty pieces, a mark that changes or not; the
    bytes are the joined text and the body's ends are where each piece ends."""
    rng = random.Random(seed)
    monkeypatch.setattr(memo_module, "CHUNK_BYTES", rng.choice([1, 3, 10, 50, 1 << 20]))
    sep = rng.choice(["", ",", ",\n  "])
    words = ["", "MARK", "a", "Иванов MARK", "long " * 5]
    events = [Fake(f"d{n}", rng.choice(words)) for n in range(rng.randrange(15))]
    memo: dict = {}
    for step in range(20):
        value = rng.choice([b"MARK", b"VAL1", b"VAL2"])
        pieces = Memo(SUBPATH, memo)
        given = pieces.joined(
            "kind",
            events,
            lambda e: e.text,
            sep,
            ("[", "]"),
            (b"MARK", value),  # type: ignore[arg-type, attr-defined]
        )
        expected = [e.text.encode("utf-8").replace(b"MARK", value) for e in events]
        assert b"".join(bytes(c) for c in given) == b"[" + sep.encode().join(expected) + b"]"
        body = next(v for v in pieces.used.values() if isinstance(v, Body))
        assert len(body.ends) == len(events)
        assert not events or pieces_of(body) == expected, step
        memo = pieces.used
        for n in range(rng.randrange(1, 4)):
            op, at = rng.randrange(4), rng.randrange(len(events) + 1)
            if op == 0 and events:
                events[at % len(events)] = Fake(f"e{step}-{n}", rng.choice(words))
            elif op == 1:
                events.insert(rng.choice([0, at]), Fake(f"n{step}-{n}", rng.choice(words)))
            elif op == 2 and events:
                del events[at % len(events)]
            elif events:
                events.insert(rng.randrange(len(events)), events.pop(at % len(events)))


def test_a_joined_file_given_up_or_failing_leaves_no_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pieces are made as the chunks are asked for: a maker's error comes with them, and a
    file given up half way (or failing) keeps no body for the next build."""
    monkeypatch.setattr(memo_module, "CHUNK_BYTES", 3)
    events = [Fake(f"d{n}", f"piece{n}") for n in range(10)]
    pieces = Memo(SUBPATH)
    given = pieces.joined("k", events, lambda e: e.text, ",")  # type: ignore[arg-type, attr-defined]
    next(given), next(given), next(given)
    given.close()
    assert pieces.used == {}

    def failing(event: Fake) -> str:
        if event.digest == "d5":
            raise RuntimeError("no piece")
        return event.text

    pieces = Memo(SUBPATH)
    given = pieces.joined("k", events, failing, ",")  # type: ignore[arg-type]
    with pytest.raises(RuntimeError, match="no piece"):
        list(given)
    assert pieces.used == {}


def test_the_calendar_in_many_chunks_is_the_calendar(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each chunk gets its own DTSTAMPs: the same bytes however the pieces are chunked,
    made afresh or copied from the last build's body."""
    chron = load(site, EVENTS)
    whole, memo = render_exports(chron, SUBPATH, UPDATED)
    monkeypatch.setattr(memo_module, "CHUNK_BYTES", 1)
    assert len(list(ics.render_ics(chron, SUBPATH, UPDATED, Memo(SUBPATH)))) > 4
    assert render_exports(chron, SUBPATH, UPDATED)[0]["calendar.ics"] == whole["calendar.ics"]
    assert len(list(ics.render_ics(chron, SUBPATH, UPDATED, Memo(SUBPATH, memo)))) > 4
    again = render_exports(chron, SUBPATH, UPDATED, memo)[0]["calendar.ics"]
    assert again == whole["calendar.ics"]


def test_a_kept_piece_is_used_as_it_is(site: Site) -> None:
    """The other tests would pass if the memo were ignored: show that it is read."""
    chron = load(site, EVENTS)
    _, memo = render_exports(chron, SUBPATH, UPDATED)
    digest = digest_of(chron, EDITED)
    marked = {
        k: (with_piece(v, digest, b"MARKED-PIECE") if isinstance(v, Body) else v)
        for k, v in memo.items()
    }
    out, _ = render_exports(chron, SUBPATH, UPDATED, marked)
    for name in ("calendar.ics", "timeline.json", "timelinejs.json", "events.csv"):
        assert out[name].count(b"MARKED-PIECE") == 1, name


# -- an edited chronology ----------------------------------------------------------------


@CONFIGS
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Guaidó sworn in as interim president", f"title: {NEW_TITLE}"),
        ("tags: [recognition, diplomacy]", "tags: [recognition, sanctions]"),
        ("date: 2019-01-23\n", "date: 2019-01-23T10:00+05:30\n"),  # a new VTIMEZONE
        ("date: 2019-01-23\n", "date: 2018-12-31\n"),  # another year and month
    ],
    ids=["title", "tags", "time-zone", "date"],
)
def test_an_edit_with_the_old_memo_gives_the_bytes_of_a_cold_build(
    site: Site, config: SiteConfig, old: str, new: str
) -> None:
    _, memo = render_exports(load(site, EVENTS), config, UPDATED)
    edit(site, EDITED, old, new)
    edited = load(site, {})
    cold = render_exports(edited, config, UPDATED)
    assert render_exports(edited, config, UPDATED, memo) == cold


def test_an_edited_title_is_in_every_export_that_shows_titles(site: Site) -> None:
    _, memo = render_exports(load(site, EVENTS), SUBPATH, UPDATED)
    edit(site, EDITED, "title: Guaidó sworn in as interim president", f"title: {NEW_TITLE}")
    out, _ = render_exports(load(site, {}), SUBPATH, UPDATED, memo)
    for name in WITH_TITLES:
        text = out[name].decode("utf-8")
        assert NEW_TITLE in text, name
        assert "sworn in as interim president" not in text, name


def test_a_new_build_time_keeps_every_vevent_and_changes_only_dtstamp(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    chron = load(site, EVENTS)
    _, memo = render_exports(chron, SUBPATH, UPDATED)
    later = UPDATED + timedelta(days=3, hours=1)
    made: list[str] = []
    monkeypatch.setattr(ics, "vevent_text", lambda event, config: made.append(event.id) or "")
    out, used = render_exports(chron, SUBPATH, later, memo)
    assert made == []  # every VEVENT is the last build's
    monkeypatch.undo()
    assert out == render_exports(chron, SUBPATH, later)[0]
    (old,) = [v for k, v in memo.items() if k.startswith("ics|")]
    (new,) = [v for k, v in used.items() if k.startswith("ics|")]
    assert isinstance(old, Body) and isinstance(new, Body) and old.data and new.data
    assert old.mark != new.mark and new.digests == old.digests
    assert new.data == old.data.replace(old.mark, new.mark)
    stamps = [
        e["DTSTAMP"].dt for e in icalendar.Calendar.from_ical(out["calendar.ics"]).walk("VEVENT")
    ]
    assert stamps == [utc(later)] * len(chron.events)


# -- what the memo holds -----------------------------------------------------------------


def test_the_returned_memo_has_nothing_of_a_removed_event(site: Site) -> None:
    chron = load(site, EVENTS)
    _, memo = render_exports(chron, SUBPATH, UPDATED)
    removed = digest_of(chron, EDITED)
    assert any(removed in key for key in memo)
    (site.root / "events" / f"{EDITED}.yaml").unlink()
    smaller = load(site, {})
    out, used = render_exports(smaller, SUBPATH, UPDATED, memo)
    assert not [key for key in used if removed in key]
    bodies = [v for v in used.values() if isinstance(v, Body)]
    assert len(bodies) == 4 and not [body for body in bodies if removed in body.digests]
    assert (out, used) == render_exports(smaller, SUBPATH, UPDATED)


def test_an_edited_events_old_pieces_leave_the_memo(site: Site) -> None:
    chron = load(site, EVENTS)
    _, memo = render_exports(chron, SUBPATH, UPDATED)
    old = digest_of(chron, EDITED)
    edit(site, EDITED, "place: Caracas, Venezuela", "place: Maracaibo, Venezuela")
    edited = load(site, {})
    assert digest_of(edited, EDITED) != old
    _, used = render_exports(edited, SUBPATH, UPDATED, memo)
    assert not [key for key in used if old in key]
    assert not [v for v in used.values() if isinstance(v, Body) and old in v.digests]
    assert used == render_exports(edited, SUBPATH, UPDATED)[1]


def test_a_piece_kept_for_another_digest_is_not_used(site: Site) -> None:
    """Keys carry the event's digest: the edited event's old pieces, poisoned, stay unread."""
    chron = load(site, EVENTS)
    _, memo = render_exports(chron, SUBPATH, UPDATED)
    old = digest_of(chron, EDITED)
    poisoned = {
        k: (with_piece(v, old, b"POISON") if isinstance(v, Body) else b"POISON" if old in k else v)
        for k, v in memo.items()
    }
    edit(site, EDITED, "title: Guaidó sworn in as interim president", f"title: {NEW_TITLE}")
    edited = load(site, {})
    out, used = render_exports(edited, SUBPATH, UPDATED, poisoned)
    assert out == render_exports(edited, SUBPATH, UPDATED)[0]
    assert not any(b"POISON" in data for data in out.values())
    assert b"POISON" not in used.values()
    assert not [v for v in used.values() if isinstance(v, Body) and b"POISON" in (v.data or b"")]


def test_a_memo_made_for_other_settings_is_not_used(site: Site) -> None:
    chron = load(site, EVENTS)
    _, memo = render_exports(chron, SUBPATH, UPDATED)
    out, used = render_exports(chron, NO_ADDRESS, UPDATED, memo)
    assert (out, used) == render_exports(chron, NO_ADDRESS, UPDATED)
    assert not set(used) & set(memo)


# -- assembled from pieces, the same bytes as written whole ------------------------------


def whole_calendar(chron: Chronology, config: SiteConfig, updated: datetime) -> bytes:
    """The calendar as one icalendar.Calendar written by a single `to_ical()`."""
    cal = calendar(config)
    offsets = {int(m) for e in chron.events for m in event_zones(e).split()}
    for minutes in sorted(offsets):
        cal.add_component(vtimezone(minutes))
    for event in chron.events:
        start, end = ics_span(event.date.start, event.date.end)
        cal.add_component(vevent(event, config, utc(updated), start, end))
    return cal.to_ical()


@CONFIGS
@pytest.mark.parametrize("events", [EVENTS, {}], ids=["events", "empty"])
def test_the_calendar_is_the_bytes_of_the_whole_calendars_to_ical(
    site: Site, config: SiteConfig, events: dict[str, str]
) -> None:
    chron = load(site, events)
    data = render_exports(chron, config, UPDATED)[0]["calendar.ics"]
    assert data == whole_calendar(chron, config, UPDATED)
    read = icalendar.Calendar.from_ical(data)
    uids = [str(e["UID"]).split("@")[0] for e in read.walk("VEVENT")]
    assert uids == [e.id for e in chron.events]
    assert len(read.walk("VTIMEZONE")) == (2 if events else 0)  # -04:30 and +03:00; Z has none


@CONFIGS
@pytest.mark.parametrize("events", [EVENTS, {}], ids=["events", "empty"])
def test_the_json_files_are_the_bytes_of_dumping_the_whole_object(
    site: Site, config: SiteConfig, events: dict[str, str]
) -> None:
    out = render_exports(load(site, events), config, UPDATED)[0]
    for name in ("timeline.json", "timelinejs.json"):
        data = json.loads(out[name])
        whole = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        assert out[name] == whole.encode("utf-8"), name


@CONFIGS
def test_the_csv_is_the_bytes_of_writing_every_row_at_once(site: Site, config: SiteConfig) -> None:
    raw = render_exports(load(site, EVENTS), config, UPDATED)[0]["events.csv"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    assert raw == buffer.getvalue().encode("utf-8")


def test_calendar_lines_are_folded_as_icalendar_folds_them() -> None:
    """We fold the calendar's lines ourselves (icalendar's folding was the exports' main
    cost): for long text in every width of UTF-8, with escapes at every fold position,
    the bytes must be icalendar's own."""
    pieces = ["a", " ", "\\", "^", ",", ";", "é", "Ж", "中", "😀", "\n", "long word "]
    rng = random.Random(7)
    for n in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 200)))
        component = icalendar.Event()
        component.add("summary", f"Event {n}")
        component.add("description", text)
        component.add("location", "^" * (n % 90))
        assert _text(component) == component.to_ical().decode("utf-8"), repr(text)
