"""The exports' memo: each event's piece of each format, kept from one build to the next.

A piece is the text one event contributes to one export (its VEVENT, its JSON object,
its CSV row…), made by a pure function of the event, the site's settings and the
build-wide values named in its key. Its key is

    <kind>|<settings>|<event digest>[|<value>…]

- `<kind>` names the piece ("ics", "json", "csv"…);
- `<settings>` is a short hash of the whole `SiteConfig` (title, base_url, language…), so
  a piece made for other settings is never used, even if the caller keeps the memo (a
  piece's words and dates are in the site's language: `timeline.exports.words`);
- `<event digest>` is `Event.digest`, a hash of the event's file: equal digests mean
  equal events;
- the values are the build-wide inputs the piece also depends on: the build time for
  an Atom entry (it caps the entry's `updated`). A VEVENT is made with a placeholder for
  the build time, which the calendar carries as the build's own (a Body's `mark`, see
  below): a new build time changes that line in the kept VEVENTs, it makes none again.

Not in the key: the generator's own code. The caller must discard the memo when the
code changes (a new version may write a piece differently).

`Memo.used` holds exactly the entries the build looked up or made, so entries for
removed or edited events drop out when the caller keeps `used` for the next build.
Given a `load` function instead of the whole previous memo, a Memo reads the pieces of
one kind when it first needs them, and `take` hands over (and forgets) what was used so
far: a caller that keeps each file's pieces as soon as the file is made holds one
format's pieces at a time, not every format's (770 MB at 100,000 events).

The large files (the calendar, the JSON files, the CSV) are one list of pieces each:
their kinds are kept joined (`Memo.joined`), as a `Body`, the bytes of
`separator.join(pieces)` with the digest of each piece's event and where each piece
ends, under the key `<kind>|<settings>`. The next build copies each run of pieces that
still follow one another as one slice of those bytes, and makes only the pieces of new
and edited events: no lookup, no object per piece. A Body's bytes are in memory, or in
the export file of the output that holds them, which the caller's `BodyStore` reads
back only while the file is as the build that wrote it left it (`Memo.written`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from timeline.config import SiteConfig
from timeline.model import Event


def settings_hash(config: SiteConfig) -> str:
    """A short hash of every setting of the site (a frozen dataclass: its repr is stable)."""
    return hashlib.sha256(repr(config).encode("utf-8")).hexdigest()[:12]


CHUNK_BYTES = 4 << 20  # a joined body is given in chunks of whole pieces, about this size

Stat = tuple[int, int, int]  # a file's size, modification time and inode


@dataclass(frozen=True)
class Body:
    """One kind's pieces as a build wrote them: `separator.join(pieces)`, the digest of
    each piece's event, in order, and where each piece ends in those bytes. Its maker may
    write a placeholder that the file carries as `mark` (a calendar's DTSTAMP line). The
    bytes are `data`, or in the output's `file` from `offset` on, while that file has one
    of `stats` (its own, or that of the identical file it left in place)."""

    digests: tuple[str, ...]
    ends: array  # array("q")
    separator: bytes
    mark: bytes = b""
    data: bytes | None = None
    file: str = ""
    offset: int = 0
    stats: tuple[Stat, ...] = ()


class Source(Protocol):
    """The bytes of a Body, read a range at a time."""

    def read(self, start: int, end: int) -> bytes | memoryview: ...

    def close(self) -> None: ...


class BodyStore(Protocol):
    """Where the bytes of the last build's bodies are: its output files
    (timeline.cache.OutputBodies)."""

    def open(self, body: Body) -> Source | None:
        """The body's bytes, if its file is one of those it was in."""


class _InMemory:
    def __init__(self, data: bytes) -> None:
        self.view = memoryview(data)

    def read(self, start: int, end: int) -> memoryview:
        return self.view[start:end]

    def close(self) -> None:
        pass


class Memo:
    """Looks pieces up in the previous build's memo, makes the missing ones, records all."""

    def __init__(
        self,
        config: SiteConfig,
        previous: Mapping[str, bytes | Body] | None = None,
        load: Callable[[str], Mapping[str, bytes | Body]] | None = None,
        store: BodyStore | None = None,
    ) -> None:
        self.previous: Mapping[str, bytes | Body] = previous if previous is not None else {}
        self.used: dict[str, bytes | Body] = {}
        self.settings = settings_hash(config)
        self._load = load  # kind → the last build's pieces of that kind
        self._loaded: set[str] = set()
        self._store = store

    def _known(self, kind: str) -> None:
        if self._load is not None and kind not in self._loaded:
            self._loaded.add(kind)
            self.previous = {**self.previous, **self._load(kind)}

    def take(self) -> dict[str, bytes | Body]:
        """The entries used since the last `take`, handed over: the memo forgets them, and
        the pieces it loaded (it loads a kind again if it is asked for it again)."""
        used, self.used = self.used, {}
        if self._load is not None:
            self.previous, self._loaded = {}, set()
        return used

    def pieces(
        self, kind: str, events: Iterable[Event], make: Callable[[Event], str], *values: str
    ) -> list[bytes]:
        """Each event's piece of `kind` in UTF-8, in order; `make(event)` writes a missing
        one. Pieces are kept encoded: a build after a small edit encodes only its own."""
        self._known(kind)
        prefix = f"{kind}|{self.settings}|"
        suffix = "".join(f"|{v}" for v in values)
        previous, used = self.previous, self.used
        out: list[bytes] = []
        for event in events:  # the hot loop of a build after a small edit: keep it lean
            key = prefix + event.digest + suffix
            piece = previous.get(key)
            if not isinstance(piece, bytes):
                piece = make(event).encode("utf-8")
            used[key] = piece
            out.append(piece)
        return out

    def joined(
        self,
        kind: str,
        events: Iterable[Event],
        make: Callable[[Event], str],
        separator: str = "",
        frame: tuple[str, str] = ("", ""),
        mark: tuple[bytes, bytes] = (b"", b""),
    ) -> Iterator[bytes | memoryview]:
        """A file that is `separator.join` of each event's piece of `kind` between the
        `frame`'s head and tail, in UTF-8, in chunks that never split a piece; `make(event)`
        writes a missing piece, with `mark`'s placeholder where the file carries its value.
        The pieces are looked up now; the chunks come as they are asked for, each with the
        new pieces it holds made then, and once all have been given the memo holds this
        build's Body of the kind (see the module's docstring, and `written`)."""
        self._known(kind)
        name = f"{kind}|{self.settings}"
        sep = separator.encode("utf-8")
        placeholder, value = mark
        last = self.previous.get(name)
        source = None
        # The last build's mark is changed to this build's in its pieces, in place: so both
        # have the same length (the ends stay), and neither or both are empty.
        if isinstance(last, Body) and last.separator == sep and len(last.mark) == len(value):
            if last.data is not None:
                source = _InMemory(last.data)
            elif self._store is not None:
                source = self._store.open(last)
        old: Body | None = last if source is not None else None  # type: ignore[assignment]
        where = {digest: n for n, digest in enumerate(old.digests)} if old else {}
        digests: list[str] = []
        plan: list[list[int] | Event] = []  # the events of new pieces, runs of old ones
        for event in events:  # the hot loop of a build after a small edit: keep it lean
            digest = event.digest
            digests.append(digest)
            n = where.get(digest)
            if n is None:
                plan.append(event)
            else:
                run = plan[-1] if plan else None
                if isinstance(run, list) and run[1] == n - 1:
                    run[1] = n
                else:
                    plan.append([n, n])

        def piece(event: Event) -> bytes:
            data = make(event).encode("utf-8")
            return data.replace(placeholder, value) if placeholder else data

        head, tail = (text.encode("utf-8") for text in frame)
        made = Body(tuple(digests), array("q"), sep, value, offset=len(head))
        chunks = _chunks(plan, piece, old, source, made, (old.mark, value) if old else None)
        return self._give(name, head, chunks, source, made, tail)

    def _give(
        self,
        name: str,
        head: bytes,
        chunks: Iterator[bytes | memoryview],
        source: Source | None,
        made: Body,
        tail: bytes,
    ) -> Iterator[bytes | memoryview]:
        """The chunks of a joined file (see `joined`)."""
        kept: list[bytes | memoryview] = []
        try:
            yield head
            for chunk in chunks:
                if self._store is None:
                    kept.append(chunk)
                yield chunk
            yield tail
        finally:
            if source is not None:
                source.close()
        if self._store is None:  # kept in memory: the bytes of the body alone
            self.used[name] = dataclasses.replace(made, data=b"".join(kept), offset=0)
        else:
            self.used[name] = made

    def written(self, file: str, stats: tuple[Stat, ...]) -> None:
        """Where the body just joined lies: the output's `file`, while it has one of
        `stats`."""
        for name, body in self.used.items():
            if isinstance(body, Body) and body.data is None and not body.file:
                self.used[name] = dataclasses.replace(body, file=file, stats=stats)


def _chunks(
    plan: list[list[int] | Event],
    piece: Callable[[Event], bytes],
    old: Body | None,
    source: Source | None,
    made: Body,
    marks: tuple[bytes, bytes] | None,
) -> Iterator[bytes | memoryview]:
    """The joined bytes of `plan` (see `Memo.joined`) in chunks of about CHUNK_BYTES, each
    ending at the end of a piece, with where each piece ends put in `made.ends` as it goes:
    a run of the last body's pieces is read a chunk's worth at a time (its mark changed to
    this build's: `marks`, the last one and this one), a new piece is made as it comes (a
    cold build holds a chunk of them at a time, not a file's: 320 MB of timeline.json at
    100,000 events)."""
    sep, ends = made.separator, made.ends
    swap = marks if marks is not None and marks[0] != marks[1] else None
    parts: list[bytes | memoryview] = []
    held = 0
    size = -len(sep)  # where the last piece ended
    for n, item in enumerate(plan):
        if n:
            parts.append(sep)
            held += len(sep)
        if not isinstance(item, list):
            data = piece(item)
            parts.append(data)
            held += len(data)
            size += len(sep) + len(data)
            ends.append(size)
        else:
            assert old is not None and source is not None
            first, last = item
            old_ends = old.ends
            at = old_ends[first - 1] + len(sep) if first else 0
            # Each piece of the run ends where it did, moved by where the run now starts.
            ends.extend(map((size + len(sep) - at).__add__, old_ends[first : last + 1]))
            size = ends[-1]
            while first <= last:
                # Up to the last piece that ends within the chunk's room (one at least).
                room = at + CHUNK_BYTES - held
                upto = max(first, bisect_right(old_ends, room, first, last + 1) - 1)
                block = source.read(old.offset + at, old.offset + old_ends[upto])
                parts.append(bytes(block).replace(*swap) if swap else block)
                held += old_ends[upto] - at
                at, first = old_ends[upto], upto + 1
                if held >= CHUNK_BYTES:
                    yield parts[0] if len(parts) == 1 else b"".join(parts)
                    parts, held = [], 0
        if held >= CHUNK_BYTES:
            yield parts[0] if len(parts) == 1 else b"".join(parts)
            parts, held = [], 0
    if parts:
        yield parts[0] if len(parts) == 1 else b"".join(parts)
