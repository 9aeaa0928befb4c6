"""Full-text search: Pagefind indexes the event pages, in shards of consecutive years.

Pagefind (installed from the package index as `pagefind[bin]`) writes a static index;
the search page loads it from the site's own origin. Only event pages are indexed
(they carry `data-pagefind-body`): titles, summaries, places, actors, tags and source
publishers.

Pagefind has no incremental mode, and indexing 10,000 pages takes it seconds. So the
events are split into shards — consecutive years, each closed at the first new year
once it holds `shard_size` events (a year is never split, so a one-year chronology is
one shard) — and each shard is its own Pagefind bundle in
`pagefind/<its first year>/`. The search page searches them all at once (Pagefind's
`mergeIndex`), and a build reindexes only the shards whose pages changed: an edit
costs one shard's indexing. The interface's script and stylesheet are in `pagefind/`.

A reader's browser asks every bundle at each search, so their number is bounded: the
shard size starts at SHARD_EVENTS and doubles until the shards number at most
MAX_SHARDS full ones and the last. Shard bounds move only where events are added,
removed or moved between years, and after it (a shard closes at the first year that
brings it to the size); the size itself changes only when the bound forces it — so
rarely, but then every shard is indexed again: when events are added past a doubling,
or when an event moved between years changes how many shards fill up at the bound.
"""

from __future__ import annotations

import functools
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.problems import os_error
from timeline.site import SiteError
from timeline.write import Written, digest, process_alive

if TYPE_CHECKING:
    from timeline.model import Event

INDEX_DIR = "pagefind"
SHARD_EVENTS = 250  # the smallest shard: it closes at the next year from this many on
MAX_SHARDS = 32  # full shards at most: a search asks these and the last, partial one
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


class SearchIndexError(SiteError):
    """Pagefind is missing or failed (exit code 2, as for any SiteError)."""


def shards(events: Sequence[Event]) -> list[tuple[str, tuple[Event, ...]]]:
    """(name, events) of each shard of the chronology's (sorted) events; the name is its
    first year, e.g. "2019"."""
    years = [tuple(in_year) for _, in_year in groupby(events, key=lambda e: e.date.start.year)]
    size = shard_size([len(in_year) for in_year in years])
    out: list[tuple[str, tuple[Event, ...]]] = []
    current: list[Event] = []
    for in_year in years:
        if len(current) >= size:
            out.append((f"{current[0].date.start.year:04d}", tuple(current)))
            current = []
        current.extend(in_year)
    if current:
        out.append((f"{current[0].date.start.year:04d}", tuple(current)))
    return out


def shard_size(years: Sequence[int]) -> int:
    """SHARD_EVENTS, doubled until the shards it makes number at most MAX_SHARDS full ones
    (`years`: how many events each year has, in order). A shard closes at the first new
    year once it holds `size` events, so a shard often holds more: counting the shards
    themselves, not events / size, keeps them as small as the bound allows."""
    size = max(SHARD_EVENTS, 1)
    while _full_shards(years, size) > MAX_SHARDS:
        size *= 2
    return size


def _full_shards(years: Sequence[int], size: int) -> int:
    full = held = 0
    for count in years:
        if held >= size:
            full, held = full + 1, 0
        held += count
    return full


def build_index(site: Path, bundle: Path) -> None:
    """Run Pagefind over the event pages in `site`, writing the bundle to `bundle`."""
    if not any((site / "events").glob("*/index.html")):
        return  # no event pages: nothing to search (Pagefind refuses an empty site)
    command = [
        *pagefind_command(),
        "--site", str(site),
        "--output-path", str(bundle.absolute()),
        "--glob", "events/**/*.html",
        "--silent",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError(f"cannot run Pagefind for the search index: {exc}") from None
    except OSError as exc:
        raise SearchIndexError(
            f"cannot run Pagefind for the search index: {os_error(exc)}; install it with: "
            "pip install 'pagefind[bin]'"
        ) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        ran = command[:2] != [sys.executable, "-m"]  # its binary was found, and failed
        raise SearchIndexError(
            f"Pagefind failed to build the search index ({detail[0]})"
            + ("" if ran else "; install it with: pip install 'pagefind[bin]'")
        )


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """How to run Pagefind: its binary itself, found where `python -m pagefind` finds it
    ($PAGEFIND_BINARY_PATH, the extended binary's package, the plain one's, the PATH),
    which spares a Python start per shard; else through that package. Looked up without
    `pagefind.service`, which imports asyncio and ssl (24 ms of every build)."""
    given = os.environ.get("PAGEFIND_BINARY_PATH")
    if given is not None:
        return (given,)
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            get_executable = importlib.import_module(package).get_executable
        except (ImportError, AttributeError):  # not there, or a folder of that name
            continue
        try:
            return (str(get_executable()),)
        except OSError:  # the package without its binary: left to `python -m pagefind`
            break
    else:
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        if found:
            return (found,)
    return (sys.executable, "-m", "pagefind")


@dataclass
class _Job:
    name: str
    site: Path  # the copy of its pages that Pagefind reads
    bundle: Path  # where Pagefind writes
    future: Future[None]


class Indexer:
    """The search index, made shard by shard as the event pages are ready (`add`): each
    shard to index is handed to a Pagefind process of its own (as many at once as there
    are cores) while the caller goes on rendering, calling `poll` between pages.

    A shard whose pages are the last build's keeps its files (as they are in `out`); the
    others are indexed anew, their bundles written in `scratch` (on the output's file
    system, for `Output.adopt`). `previous` is the last build's cache entry, `written`
    every file the last build wrote.

    Pagefind reads a copy of a shard's pages, made when it starts on that shard and
    removed when it is done with it, so there are at most as many copies as cores: hard
    links in `scratch`, or where they cannot be made, copies in memory (/dev/shm) where
    the system has one. Pages are linked or copied, and bundles read and removed, in
    the caller's thread; the threads only wait for Pagefind: a thread that makes many
    small system calls waits for the interpreter's lock after each one while the caller
    renders (measured: one shard's copy and read-back took 1.1 s in a thread, not 0.1 s).
    """

    def __init__(
        self,
        out: Path,
        scratch: Path,
        previous: Mapping[str, Any],
        written: Mapping[str, Written],
    ) -> None:
        self.out = out
        self._scratch = scratch
        self._old_keys: dict[str, str] = previous.get("keys", {})
        self._old: dict[str, dict[str, Written]] = {}  # by shard name, and "" for the UI's
        prefix = f"{INDEX_DIR}/"
        for path, record in written.items():
            if path.startswith(prefix):  # 10,000 pages of 21,500 files are not Pagefind's
                parts = path.split("/")
                self._old.setdefault(parts[1] if len(parts) > 2 else "", {})[path] = record
        self._keys: dict[str, str] = {}
        self._reused: dict[str, Written] = {}
        self._last: tuple[str, Mapping[str, tuple[str, str]]] | None = None
        memory = Path("/dev/shm")
        self._base = memory if memory.is_dir() and os.access(memory, os.W_OK) else out.parent
        for base in dict.fromkeys([self._base, out.parent]):
            _sweep_scratch(base)
        self._links = True  # the pages are linked while the system allows (see _copy)
        self._workers = max(1, os.cpu_count() or 1)
        self._pool = ThreadPoolExecutor(self._workers, "pagefind")
        self._waiting: list[tuple[str, Mapping[str, tuple[str, str]]]] = []
        self._running: list[_Job] = []
        self._done: list[_Job] = []

    def add(self, name: str, found: Mapping[str, tuple[str, str]]) -> None:
        """The shard `name`: each of its event pages' output path → where the page's
        bytes are now (they must stay there until `collect`) and their hash."""
        listed = "\n".join(f"{path} {sha}" for path, (_, sha) in found.items())
        self._keys[name] = digest(listed.encode())
        self._last = (name, found)
        mine = self._old.get(name, {})
        if self._old_keys.get(name) == self._keys[name] and mine and _intact(self.out, mine):
            self._reused.update(mine)
        else:
            self._waiting.append((name, found))
        self.poll()

    def poll(self) -> None:
        """Done with the shards Pagefind finished (raising a failure now, not at the end),
        and start waiting shards on the free workers."""
        for job in [job for job in self._running if job.future.done()]:
            self._running.remove(job)
            shutil.rmtree(job.site, ignore_errors=True)
            job.future.result()
            self._done.append(job)
        while self._waiting and len(self._running) < self._workers:
            name, found = self._waiting.pop(0)
            site = self._copy(found)
            bundle = self._scratch / f"{INDEX_DIR}-{name}"
            future = self._pool.submit(build_index, site, bundle)
            self._running.append(_Job(name, site, bundle, future))

    def _copy(self, found: Mapping[str, tuple[str, str]]) -> Path:
        """A folder holding these pages: hard links beside them (no byte is copied: 4 ms
        for 400 pages, not 16), or where the system cannot link them, copies in memory
        if there is room (a container's /dev/shm may hold only 64 MB), else beside the
        output."""
        linked = self._link(found) if self._links else None
        if linked is not None:
            return linked
        problem: OSError | None = None
        for base in dict.fromkeys([self._base, self.out.parent]):
            site: Path | None = None
            try:
                site = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-", dir=base))
                for path, (now, _) in found.items():
                    target = site / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(now, target)
                return site
            except BaseException as exc:
                if site is not None:
                    shutil.rmtree(site, ignore_errors=True)
                if not isinstance(exc, OSError):
                    raise
                problem = exc
                self._base = self.out.parent  # no room: the next shards go there at once
        raise SearchIndexError(f"cannot copy the pages for the search index: {problem}")

    def _link(self, found: Mapping[str, tuple[str, str]]) -> Path | None:
        """A folder of hard links to these pages in `scratch`; None where the system
        cannot link them (another file system): then they are copied from now on."""
        folder = Path(tempfile.mkdtemp(prefix="pages-", dir=self._scratch))
        try:
            for path, (now, _) in found.items():
                target = folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(now, target)
            return folder
        except OSError:
            self._links = False
            shutil.rmtree(folder, ignore_errors=True)
            return None

    def collect(
        self,
    ) -> tuple[dict[str, tuple[str | Path, str]], dict[str, Written], dict[str, Any]]:
        """New files (output path → where they are in `scratch` and their hash), kept
        files, and this build's cache entry."""
        ui = [f"{INDEX_DIR}/{n}" for n in UI_FILES]  # every bundle has the same ones
        old_ui = {p: r for p, r in self._old.get("", {}).items() if p in ui}
        ui_kept = len(old_ui) == len(ui) and _intact(self.out, old_ui)
        made: dict[str, tuple[str | Path, str]] = {}
        try:
            if self._last and not (self._waiting or self._running or self._done) and not ui_kept:
                self._waiting.append(self._last)  # the interface's files were lost
            while self._waiting or self._running:
                self.poll()
                if self._running:
                    wait([job.future for job in self._running], return_when=FIRST_COMPLETED)
            for job in self._done:
                for rel, file in _files_under(str(job.bundle), f"{INDEX_DIR}/{job.name}"):
                    with open(file, "rb") as handle:
                        made[rel] = (file, digest(handle.read()))
        finally:
            self.cancel()
        if made:
            bundle = next(p for p in made if p.endswith("/pagefind.js")).rsplit("/", 1)[0]
            for path in ui:  # a copy: each file made is moved into the output
                source, sha = made[f"{bundle}/{path.rsplit('/', 1)[1]}"]
                copy = self._scratch / path.replace("/", "-")
                shutil.copyfile(source, copy)
                made[path] = (copy, sha)
        elif self._last:
            self._reused.update(old_ui)
        reused = {p: r for p, r in self._reused.items() if p not in made}
        return made, reused, {"keys": self._keys}

    def cancel(self) -> None:
        """Give up (or finish): the shards not started are dropped, those under way
        waited for, and the pages' copies removed."""
        self._waiting.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for job in self._running:
            shutil.rmtree(job.site, ignore_errors=True)
        self._running.clear()


def _files_under(folder: str, prefix: str) -> list[tuple[str, str]]:
    """(`prefix`/its path under `folder`, its path) of each file under `folder`, sorted.
    Strings, not `Path`s: a bundle holds a file per page (100,000 Paths took 70 MB)."""
    found = []
    for at, _, names in os.walk(folder):
        under = at[len(folder) :].replace(os.sep, "/")
        found += [(f"{prefix}{under}/{name}", os.path.join(at, name)) for name in names]
    return sorted(found)


def _intact(out: Path, records: Mapping[str, Written]) -> bool:
    base = f"{out}/"
    return all(record.still_at(base + path) for path, record in records.items())


_SCRATCH = ".timeline-search-"


def _sweep_scratch(base: Path) -> None:
    """Remove the scratch folders of this user's builds that were killed while indexing."""
    for folder in base.glob(f"{_SCRATCH}*-*"):
        pid = folder.name[len(_SCRATCH) :].split("-", 1)[0]
        try:
            mine = folder.lstat().st_uid == os.getuid() and not folder.is_symlink()
        except OSError:
            continue
        if pid == str(os.getpid()):
            continue  # this process's own (process_alive says no to it): left to its builds
        if mine and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
