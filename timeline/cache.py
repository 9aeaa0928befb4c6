"""The incremental build's memory: what the last build read, rendered and wrote.

For each output folder, ROOT/.timeline-cache/ holds the parsed events (by file), the key
of every page, the hash, size and time of every file written, the exports' per-event
pieces and the search index's records: a main file and shards (see `load_cache`); the
exports' joined bodies name the output files that hold their bytes (`OutputBodies`).
A build reuses an entry only when everything it was made from is unchanged, so an
incremental build writes the same bytes as a cold one (the tests compare the two).

The files are pickles, and a pickle can run code when it is loaded, while a site folder
comes from pull requests. So each file carries an HMAC made with a secret that lives
outside every site, in the user's cache folder ($XDG_CACHE_HOME or ~/.cache); a cache
file that was not written by this user on this machine is ignored, not loaded.
Everything in the cache is also keyed by the generator's own code and the library
versions, so upgrading never reuses an old result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import hmac
import os
import pickle
import secrets
import shutil
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from timeline.buildstate import (
    CACHE_DIR,
    PACKAGE,
    atomic_file,
    library_versions,
    output_tag,
    write_atomically,
)
from timeline.memory import give_back

if TYPE_CHECKING:
    from timeline.blueprint import Blueprint
    from timeline.exports.memo import Body
    from timeline.model import Event
    from timeline.write import Written

_SECRET_NAME = "sourced-timeline/cache-secret"
# 2: events pickled one by one, with Facts; 3: the plan a shard; 4: _Blobs; 5: the plan's
# token; 6: the output's records as plain tuples
_FORMAT = 6


def _user_cache_dir() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if base.startswith("/"):
        return Path(base)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no home folder: no secret, so no cache (every build is full)
        return None


def secret() -> bytes | None:
    """This user's key for the cache's HMAC, made on first use; None if it cannot be kept."""
    folder = _user_cache_dir()
    if folder is None:
        return None
    path = folder / _SECRET_NAME
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        write_atomically(path, secrets.token_bytes(32), mode=0o600)
        return path.read_bytes()
    except OSError:
        return None


@functools.cache
def code_version() -> str:
    """A hash of the generator's own files and its libraries' versions, as this process
    first found them: a long-running `serve` whose package is upgraded under it goes on
    running the code it loaded, and must not stamp its results with the new code's hash."""
    digest = hashlib.sha256(library_versions().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Facts(NamedTuple):
    """What a build reads of every event, not only of those it shows: enough to check the
    tree across files, to tell what changed, and to place the event, without unpickling
    it (`Parsed.event`). Positions are (line, column) in the event's file."""

    id: str
    order: tuple[Any, ...]  # Event.order
    draft: bool
    first_day: date  # of its date: whether it is in the future
    newest_day: date  # Event.newest_day
    related: tuple[tuple[str, int, int], ...]  # each related id, where it is written
    terms: tuple[tuple[str, str, int, int], ...]  # "tag" or "actor", its name, where
    local_media: str | None  # the picture's path under events/, when it is a file

    @classmethod
    def of(cls, event: Event, places: Sequence[tuple[int, int]], shared: dict[Any, Any]) -> Facts:
        """The facts of `event`; `places` are where its tags, then its actors, are written
        (the event does not keep them: only the checks across files need them).

        Days and names are taken from `shared` where an equal one is there (and put there
        if not), so that the facts of many events hold one of each: pickled once in a
        shard of the build cache, and read back once (the shards of 10,000 events took
        36 ms to unpickle with a day and a name apiece, 32 ms so; more are shared at
        100,000 events, eleven to a day)."""
        one = shared.setdefault
        kinds = ("tag",) * len(event.tags) + ("actor",) * len(event.actors)
        terms = zip(kinds, (*event.tags, *event.actors), places, strict=True)
        first, newest = event.date.start.first_day(), event.newest_day
        return cls(
            event.id,
            event.order,
            event.is_draft,
            one(first, first),
            one(newest, newest),
            tuple((r.id, r.pos.line, r.pos.col) for r in event.related),
            tuple((kind, one(name, name), line, col) for kind, name, (line, col) in terms),
            event.media.src if event.media is not None and event.media.is_local else None,
        )


class Parsed:
    """One event file as the loader left it: its event (a file with errors is never
    stored) and its warnings, with what the result depended on besides the file.

    The event is unpickled when first asked for (`event`): after a small edit a build
    reads the `facts` of every event but few events (unpickling 10,000 of them took
    0.3 s). In the build cache the pickles are not in the shards but in a file of
    pickles beside each (`_Blobs`), read one event at a time: a build that reads few
    events reads few of them (loading 43 MB of them took 0.13 s of every build at 10,000
    events)."""

    __slots__ = ("_event", "_ref", "digest", "drafts", "facts", "future", "problems", "stat")

    def __init__(
        self,
        stat: tuple[int, int, int, int],  # size, mtime_ns, ctime_ns, inode
        digest: str,
        problems: tuple[Any, ...],  # timeline.problems.Problem
        drafts: bool,
        future: tuple[date | None, date | None],  # load.day_window at the build's day
        facts: Facts,
        event: Event | None = None,  # or else where its pickle is:
        ref: _Ref | None = None,
    ) -> None:
        self.stat, self.digest, self.problems = stat, digest, problems
        self.drafts, self.future, self.facts = drafts, future, facts
        self._event, self._ref = event, ref

    @property
    def event(self) -> Event:
        """The event, unpickled on first use (builds run one at a time: no lock)."""
        event = self._event
        if event is None:
            assert self._ref is not None  # an entry holds its event or where its pickle is
            event = self._event = pickle.loads(self._ref[0].read(*self._ref[1:]))
        return event

    def pickled(self, files: dict[str, bytes] | None = None) -> bytes:
        """The event's pickle (made again from the event when it is at hand: a file read
        back is read only for an event the build did not ask for). `files` keeps each
        file of pickles read whole, for the next entries (see `_Blobs.read`)."""
        if self._event is None and self._ref is not None:
            return self._ref[0].read(*self._ref[1:], files)
        return pickle.dumps(self.event, protocol=pickle.HIGHEST_PROTOCOL)

    def with_stat(self, stat: tuple[int, int, int, int]) -> Parsed:
        """The same entry for a file whose bytes are the same under another stat."""
        return Parsed(
            stat, self.digest, self.problems, self.drafts, self.future, self.facts,
            self._event, self._ref,
        )  # fmt: skip

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.stat, self.digest, self.problems, self.drafts, self.future, self.facts)
        if self._ref is not None:  # in its shard's file of pickles (see _keep_blobs)
            return (Parsed, (*fields, None, self._ref))
        return (Parsed, (*fields, self.event))


class CacheChanged(OSError):
    """A file of the build cache changed, or cannot be read, while a build reads it."""


class _Blobs:
    """A file of event pickles beside a shard of parsed events, written when the shard
    is. The signed shard names the file and, for each event, where its pickle lies and
    the pickle's hash: a pickle that is not the one the shard was saved with is never
    unpickled. Bound to its folder when the shard is loaded (`path`)."""

    __slots__ = ("name", "path", "size")

    def __init__(self, name: str, size: int) -> None:
        self.name, self.size, self.path = name, size, ""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Blobs, (self.name, self.size))

    def read(
        self, offset: int, length: int, sha256: bytes, files: dict[str, bytes] | None = None
    ) -> bytes:
        """One event's pickle, checked against its hash. With `files`, the file is read
        whole the first time and kept there: a shard written again copies the pickles of
        its other events from it (600 at 10,000 events, each a file opened before)."""
        try:
            if files is None:
                with open(self.path, "rb") as handle:
                    handle.seek(offset)
                    data = handle.read(length)
            else:
                whole = files.get(self.path)
                if whole is None:
                    whole = files[self.path] = Path(self.path).read_bytes()
                data = whole[offset : offset + length]
        except OSError as exc:
            self._forget()
            raise CacheChanged(
                f"cannot read the build cache ({exc}); its parsed events are removed: build again"
            ) from None
        if len(data) != length or hashlib.sha256(data).digest() != sha256:
            self._forget()
            raise CacheChanged(
                f"a file of the build cache was changed by something else ({self.path}); "
                "its parsed events are removed: build again"
            )
        return data

    def _forget(self) -> None:
        """None of these files is trusted now: the next build reads every event again."""
        folder, stem = Path(self.path).parent, self.name.split("-parsed-")[0]
        for path in folder.glob(f"{stem}-parsed-*{_BLOBS}"):
            _remove(path)


_Ref = tuple[_Blobs, int, int, bytes]  # the file, where the pickle lies, its length and hash


class Stored:
    """Stands in for a kept event where little of it is read (the exports, which look
    their pieces up by digest): its digest and place in the chronology at hand, the
    rest unpickled when first asked for. Not to be copied or pickled."""

    __slots__ = ("_entry", "digest", "order")

    def __init__(self, entry: Parsed) -> None:
        self._entry, self.digest, self.order = entry, entry.digest, entry.facts.order

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # copy and pickle probe a blank instance for these
            raise AttributeError(name)
        return getattr(self._entry.event, name)


@dataclass
class BuildCache:
    code: str
    settings: str = ""  # the site's settings the exports' pieces were made with
    # When the build that saved it began reading files: a file whose time is not well
    # before this (it may have changed as it was read) is hashed again, not trusted.
    started_ns: int = 0
    parsed: dict[str, Parsed] = field(default_factory=dict)  # by the path problems show
    pages: dict[str, str] = field(default_factory=dict)  # output path → key (timeline.pagekeys)
    written: dict[str, Written] = field(default_factory=dict)  # every file left in the output
    manifest: tuple[int, int, int] | None = None  # the output's manifest then (Output's)
    # The shards of the exports' per-event pieces and joined bodies the main file names:
    # read by the process that makes the exports (`load_pieces`), not by the build's own.
    piece_parts: tuple[str, ...] = ()
    search: dict[str, Any] = field(default_factory=dict)  # the search index's inputs → files
    templates: dict[str, list[str] | None] = field(default_factory=dict)  # see pagekeys
    compiled: dict[str, bytes] = field(default_factory=dict)  # see templating.CompiledTemplates
    blueprint: Blueprint | None = None  # the page plan, see timeline.blueprint
    # Each shard file's signature as loaded (not saved: only compared when saving; see
    # also Resident.keep, which sets it to what was just saved).
    loaded: dict[str, frozenset] = field(default_factory=dict, repr=False)
    # The files of event pickles each shard of parsed events names on disk (not saved).
    blobs: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)


SHARDS = 16  # the parsed events are kept in this many files, each kind of export piece too


def cache_file(root: Path, out: Path, part: str = "") -> Path:
    """The cache's main file for `out`, or the file of one `part` (a shard)."""
    return root / CACHE_DIR / f"cache-{output_tag(out)}{'-' + part if part else ''}.pickle"


def _shard_of_path(shown: str) -> str:
    return f"parsed-{zlib.crc32(shown.encode()) % SHARDS}"


_PIECES = "exports-"
_BLOBS = ".events"  # the files of event pickles beside the parsed events' shards
_PLAN = "plan"  # the shard of the page plan (timeline.blueprint), its events' records apart


def _shard_of_piece(key: str) -> str:
    """Pieces are keyed kind|settings|digest…: by kind (the exports' process keeps each
    file's pieces as soon as the file is made), then by the digest's first letter."""
    parts = key.split("|", 3)
    return f"{_PIECES}{parts[0]}-{parts[2][:1] if len(parts) > 2 else ''}"


def _kind_of_shard(part: str) -> str:
    return part.removeprefix(_PIECES).rsplit("-", 1)[0]  # kinds may hold "-": "ics-zones"


def _split(entries: dict[str, Any], shard_of: Callable[[str], str]) -> dict[str, dict[str, Any]]:
    shards: dict[str, dict[str, Any]] = {}
    for key, value in entries.items():
        shards.setdefault(shard_of(key), {})[key] = value
    return shards


def _signature(shard: dict[str, Any]) -> frozenset:
    """What tells whether a shard changed, cheaper than comparing its contents: its keys
    (a piece's key says what it was made from), with what each parsed event was read from,
    or which page plan it is, or where each joined body lies and what it holds."""
    from timeline.blueprint import Blueprint  # here: it imports this module

    first = next(iter(shard.values()), None)
    if isinstance(first, Parsed):
        return frozenset((k, (v.stat, v.digest, v.future, v.drafts)) for k, v in shard.items())
    if first is None or isinstance(first, bytes):
        return frozenset(shard)
    if isinstance(first, Blueprint):  # each drawn plan has a token of its own
        return frozenset((k, v.token) for k, v in shard.items())
    # Joined bodies (exports.memo.Body: not imported, which would load every export's
    # module): the file holding each, as it was left, and its events.
    return frozenset((k, (v.file, v.stats, v.digests)) for k, v in shard.items())


def _read_signed(path: Path, key: bytes) -> Any:
    """The value pickled in `path` if this user's key signed it; None otherwise."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    mac, data = blob[:32], memoryview(blob)[32:]  # a view: the data is tens of megabytes
    if len(blob) < 32 or not hmac.compare_digest(mac, hmac.new(key, data, "sha256").digest()):
        return None
    try:
        return pickle.loads(data)
    except Exception:  # written by us, yet unreadable (a library changed): start afresh
        return None


def _write_signed(path: Path, key: bytes, value: Any) -> None:
    """Pickle `value` to `path`, after its signature (`_read_signed`). The pickle goes to
    the file as it is made, never whole in memory (the plan's is 50 MB at 100,000 events),
    and the signature over the bytes written takes its place at the start."""
    mac = hmac.new(key, digestmod="sha256")
    with atomic_file(path, mode=0o600) as handle:
        handle.write(bytes(mac.digest_size))
        pickle.Pickler(_Signing(handle, mac), protocol=pickle.HIGHEST_PROTOCOL).dump(value)
        handle.seek(0)
        handle.write(mac.digest())


class _Signing:
    """A file for a pickler to write to, which signs what goes through it."""

    __slots__ = ("handle", "mac")

    def __init__(self, handle: BinaryIO, mac: hmac.HMAC) -> None:
        self.handle, self.mac = handle, mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.handle.write(data)


def load_cache(root: Path, out: Path, code: str) -> BuildCache:
    """The last build's cache for this output, or an empty one (never an untrusted one).

    The main file holds the pages and search records; the parsed events, the page plan
    and the exports' pieces are in shards, so that a small edit rewrites only a few of
    them. Each file is signed on its own; a shard that is missing or not ours only costs
    its work again. The pieces' shards are only named here: `load_pieces` reads them.
    """
    empty = BuildCache(code)
    key = secret()
    if key is None:
        return empty
    loaded = _read_signed(cache_file(root, out), key)
    if not isinstance(loaded, tuple) or len(loaded) != 4:
        return empty
    version, cache, parts, planned = loaded
    if version != _FORMAT or not isinstance(cache, BuildCache) or cache.code != code:
        return empty
    from timeline.write import Written  # here: it imports this module

    # Kept as plain tuples (see Written), made records again without a call into Python.
    records = map(functools.partial(tuple.__new__, Written), cache.written.values())
    cache.written = dict(zip(cache.written, records, strict=True))
    cache.piece_parts = tuple(p for p in parts if p.startswith(_PIECES))
    for part in parts:
        if part.startswith("parsed-"):
            _read_shard(root, out, key, part, cache, cache.parsed)
    if _PLAN in parts and planned is not None:
        plan: dict[str, Any] = {}
        _read_shard(root, out, key, _PLAN, cache, plan)
        token, events = planned
        if _PLAN in plan and plan[_PLAN].token == token:  # the plan this file was saved with
            cache.blueprint = dataclasses.replace(plan[_PLAN], events=events)
        else:
            cache.loaded.pop(_PLAN, None)
    return cache


def load_pieces(root: Path, out: Path, cache: BuildCache, kind: str) -> dict[str, Any]:
    """The exports' pieces of `kind` that `cache` (as loaded) was saved with."""
    key = secret()
    pieces: dict[str, Any] = {}
    if key is not None:
        for part in cache.piece_parts:
            if _kind_of_shard(part) == kind:
                _read_shard(root, out, key, part, cache, pieces)
    return pieces


def _read_shard(
    root: Path, out: Path, key: bytes, part: str, cache: BuildCache, into: dict[str, Any]
) -> None:
    """A shard's entries, if it was made by this code: a build of other code may have
    rewritten it and then failed, leaving the main file that names it as it was."""
    loaded = _read_signed(cache_file(root, out, part), key)
    if isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == cache.code:
        shard = loaded[1]
        blobs = _bind_blobs(cache_file(root, out).parent, shard)
        if isinstance(shard, dict) and blobs is not None:
            into.update(shard)
            cache.loaded[part] = _signature(shard)
            if blobs:
                cache.blobs[part] = blobs


def _bind_blobs(folder: Path, shard: Any) -> frozenset[str] | None:
    """Bind the files of pickles a shard of parsed events names to `folder`; their names,
    or None when one cannot be read or has another size (then the shard is not used)."""
    seen: set[_Blobs] = set()
    for entry in shard.values() if isinstance(shard, dict) else ():
        ref = entry._ref if isinstance(entry, Parsed) else None
        if ref is None or ref[0] in seen:
            continue
        blobs = ref[0]
        seen.add(blobs)
        blobs.path = str(folder / blobs.name)
        try:
            with open(blobs.path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size != blobs.size:
                    return None
        except OSError:
            return None
    return frozenset(blobs.name for blobs in seen)


def _keep_blobs(folder: Path, stem: str, part: str, shard: dict[str, Any]) -> None:
    """Write the pickles of a shard of parsed events to a new file beside it, and point
    each entry at its pickle there (in place: a resident cache keeps the entries). The
    entries let their events go: a build holds them only through its entries by then
    (`pipeline.make_site`), so the save's larger pickles that follow are made in the
    memory they took."""
    name = f"{stem}-{part}-{secrets.token_hex(8)}{_BLOBS}"
    places: list[tuple[int, int, bytes]] = []
    offset = 0
    files: dict[str, bytes] = {}  # the last files of pickles, read whole once
    with atomic_file(folder / name, mode=0o600) as handle:
        for entry in shard.values():  # written as they are made: the shard's are 22 MB
            pickled = entry.pickled(files)  # at 100,000 events
            handle.write(pickled)
            places.append((offset, len(pickled), hashlib.sha256(pickled).digest()))
            offset += len(pickled)
    blobs = _Blobs(name, offset)
    blobs.path = str(folder / name)
    for entry, place in zip(shard.values(), places, strict=True):
        entry._ref = (blobs, *place)
        entry._event = None  # let go: unpickled from its file again if ever asked for
    give_back()


def _drop_leftovers(folder: Path, stem: str, parts: list[str], blobs: set[str]) -> None:
    """Remove this output's cache files that the main file no longer names, but for the
    exports' (theirs to keep: `drop_other_pieces`): the older files of event pickles, the
    shards of an older layout, and the temporary files of a save that was stopped."""
    wanted = {f"{stem}-{part}.pickle" for part in parts} | blobs | {f"{stem}.pickle"}
    for path in [*folder.glob(f"{stem}-*"), *folder.glob(f".{stem}*")]:
        name = path.name
        if name not in wanted and not name.lstrip(".").startswith(f"{stem}-{_PIECES}"):
            _remove(path)


def _remove(path: Path) -> None:
    """Remove a file of the cache folder, or a folder in its place; each on its own (one
    that cannot be removed does not keep the others)."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass


def save_events(
    root: Path, out: Path, cache: BuildCache, previous: BuildCache
) -> dict[str, frozenset] | None:
    """Keep the shards of parsed events for the next build, rewriting only those that
    changed since `previous` was loaded: the part of the save a build makes while its
    other processes finish the exports and the search index (`save_cache` makes the
    rest, given what this returns). Returns every shard with its signature, or None when
    they could not all be kept (no shard is named then: the next build reads the events
    again). A file of event pickles found changed as it is read back is such a case."""
    key = secret()
    if key is None:
        return None
    shards = _split(cache.parsed, _shard_of_path)
    kept = _save_shards(root, out, key, shards, previous)  # emptied ones: _drop_leftovers
    # The files of event pickles the shards now on disk name: a shard written now names
    # the file written with it; one kept as it was, the file it was loaded with.
    cache.blobs = {}
    for part in kept:
        if previous.loaded.get(part) == kept[part]:
            cache.blobs[part] = previous.blobs.get(part, frozenset())
        else:
            refs = (entry._ref for entry in shards[part].values())
            cache.blobs[part] = frozenset(ref[0].name for ref in refs if ref is not None)
    return kept if len(kept) == len(shards) else None


def save_cache(
    root: Path,
    out: Path,
    cache: BuildCache,
    previous: BuildCache,
    pieces: list[str],
    events: dict[str, frozenset] | None,
) -> dict[str, frozenset] | None:
    """Keep the cache for the next build: the plan's shard (only when it was drawn again)
    and the main file, which names `events` (the shards of parsed events `save_events`
    kept) and `pieces` (the exports' shards `save_pieces` kept). A site folder we cannot
    write simply has none.

    Returns the shards of parsed events and of the plan with their signatures when all
    of it was kept (what `load_cache` would note as loaded: see `Resident`), else None."""
    key = secret()
    if key is None:
        return None
    # The plan is a shard, rewritten only when it was drawn again; its events' records,
    # which change with every edit, and its token go in the main file (see load_cache).
    shards: dict[str, dict[str, Any]] = {}
    planned = None
    if cache.blueprint is not None:
        shards[_PLAN] = {_PLAN: dataclasses.replace(cache.blueprint, events={})}
        planned = (cache.blueprint.token, cache.blueprint.events)
    plan = _save_shards(root, out, key, shards, previous)
    kept = {**(events or {}), **plan}
    main = dataclasses.replace(
        cache, parsed={}, piece_parts=(), loaded={}, blobs={}, blueprint=None,
        written=dict(zip(cache.written, map(tuple, cache.written.values()), strict=True)),
    )  # fmt: skip
    parts = sorted([*kept, *pieces])
    try:
        _write_signed(cache_file(root, out), key, (_FORMAT, main, parts, planned))
    except OSError:
        return None
    main_file = cache_file(root, out)
    named = {name for names in cache.blobs.values() for name in names}
    _drop_leftovers(main_file.parent, main_file.stem, parts, named)
    return kept if events is not None and len(plan) == len(shards) else None


@dataclass
class Resident:
    """The last build's cache, kept in memory by a process that builds again and again
    (`serve`), so that its next build need not read it back: 0.3 s at 10,000 events.

    It stands in for the main file and the shards of parsed events and of the page plan
    only while the main file is the one this process saved: any other build that
    completes rewrites it (a new file, so a new inode). Another build whose save stopped
    before the main file may have rewritten some of those shards: this process's next
    save keeps its own view of them, and a shard whose files it removed is only a miss.
    The exports' shards, which a build that fails later may have rewritten or removed,
    are always read from the files (their pieces are keyed by what made them, their
    joined bodies name the files they lie in)."""

    cache: BuildCache | None = None
    saved: tuple[int, ...] = ()  # the main file's size, times and inode, as saved

    def load(self, root: Path, out: Path, code: str) -> BuildCache:
        kept, self.cache = self.cache, None  # handed over once: the build may change it
        if kept is not None and kept.code == code and self.saved == _file_stat(root, out):
            return kept
        return load_cache(root, out, code)

    def keep(
        self,
        root: Path,
        out: Path,
        cache: BuildCache,
        pieces: list[str],
        saved: dict[str, frozenset],
    ) -> None:
        """`cache`, just saved whole by `save_cache` (which returned `saved`) with the
        exports' shards `pieces`: made what `load_cache` would give back."""
        cache.piece_parts, cache.loaded = tuple(pieces), dict(saved)
        self.cache, self.saved = cache, _file_stat(root, out)


def _file_stat(root: Path, out: Path) -> tuple[int, ...]:
    try:
        st = cache_file(root, out).stat()
    except OSError:
        return ()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def save_pieces(root: Path, out: Path, pieces: dict[str, Any], previous: BuildCache) -> list[str]:
    """Keep exports' pieces, in the process that made them (they are many megabytes: not
    worth sending to another); returns the names of their shards. Called once per file,
    with the pieces of the kinds that file used (a shard holds one kind).

    Pieces are keyed by what they are made from, and each shard by the code that made
    it, so a kept piece is right for any later build that looks it up, whether or not
    this one completes; a joined body is read only while its file is one it names."""
    key = secret()
    if key is None:
        return []
    return sorted(_save_shards(root, out, key, _split(pieces, _shard_of_piece), previous))


def drop_other_pieces(root: Path, out: Path, kept: list[str]) -> None:
    """Remove the shards of exports' pieces for `out` that this build did not keep: those
    of events and kinds gone, and those named by an older layout of the cache; and the
    temporary files of shards an earlier build's exports were stopped while writing (a
    stop can land before the writer knows its file's name to remove it). Only the
    exports' process writes these shards, and one build of `out` runs at a time."""
    if secret() is None:
        return  # nothing was kept, nor can be read: nothing to tidy either
    folder = cache_file(root, out).parent
    stem = cache_file(root, out).stem
    wanted = {cache_file(root, out, part).name for part in kept}
    with contextlib.suppress(OSError):
        for path in folder.glob(f"{stem}-{_PIECES}*.pickle"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
        for path in folder.glob(f".{stem}-{_PIECES}*.pickle.*"):  # see write_atomically
            path.unlink(missing_ok=True)


class OutputBodies:
    """Where the exports' process finds the last build's joined bodies
    (`timeline.exports.memo.BodyStore`): in the export files of the output, which hold
    them whole. A body names its file, the stats that file may have and where the body
    begins; a file that has another stat (edited, or left by a build that failed later)
    is not read, and its pieces are made again."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def open(self, body: Body) -> _FileSource | None:
        name = body.file
        if not name or "/" in name or os.sep in name or name.startswith("."):
            return None
        try:
            fd = os.open(self.out / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        st = os.fstat(fd)
        end = body.offset + (body.ends[-1] if body.ends else 0)
        if (st.st_size, st.st_mtime_ns, st.st_ino) not in body.stats or st.st_size < end:
            os.close(fd)
            return None
        return _FileSource(fd)


class _FileSource:
    """An export file open for reading, closed when done with (or dropped unread)."""

    def __init__(self, fd: int) -> None:
        self.file: BinaryIO | None = os.fdopen(fd, "rb", buffering=0)

    def read(self, start: int, end: int) -> bytes:
        assert self.file is not None
        self.file.seek(start)  # not os.pread: not on every system
        data = self.file.read(end - start)
        if len(data) != end - start:  # cut short while the build reads it
            raise OSError(f"an export file of the output changed during the build: {self.file}")
        return data

    def close(self) -> None:
        file, self.file = self.file, None
        if file is not None:
            file.close()

    __del__ = close


def _save_shards(
    root: Path, out: Path, key: bytes, shards: dict[str, dict[str, Any]], previous: BuildCache
) -> dict[str, frozenset]:
    """Write the shards that changed since `previous` was loaded; the shards kept, with
    their signatures (none if one could not be written)."""
    kept = {}
    main = cache_file(root, out)
    try:
        for part, shard in shards.items():
            kept[part] = _signature(shard)
            if previous.loaded.get(part) != kept[part]:
                if part.startswith("parsed-"):
                    _keep_blobs(main.parent, main.stem, part, shard)
                # `previous` is this code's (load_cache refuses another's): mark the shard so.
                _write_signed(cache_file(root, out, part), key, (previous.code, shard))
    except OSError:
        return {}
    return kept
