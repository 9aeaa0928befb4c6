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
shard size starts at SHARD_EVENTS and doubles until at most MAX_SHARDS shards are
needed (doubling, not dividing, so that shards keep their bounds as events are added).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.write import Written, digest, process_alive

if TYPE_CHECKING:
    from timeline.model import Event

INDEX_DIR = "pagefind"
SHARD_EVENTS = 500  # the smallest shard: it closes at the next year from this many on
MAX_SHARDS = 32  # full shards at most: a search asks these and the last, partial one
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


class SearchIndexError(Exception):
    """Pagefind is missing or failed (exit code 2)."""


def shards(events: Sequence[Event]) -> list[tuple[str, tuple[Event, ...]]]:
    """(name, events) of each shard of the chronology's (sorted) events; the name is its
    first year, e.g. "2019"."""
    size = shard_size(len(events))
    out: list[tuple[str, tuple[Event, ...]]] = []
    current: list[Event] = []
    for _, in_year in groupby(events, key=lambda e: e.date.start.year):
        if len(current) >= size:
            out.append((f"{current[0].date.start.year:04d}", tuple(current)))
            current = []
        current.extend(in_year)
    if current:
        out.append((f"{current[0].date.start.year:04d}", tuple(current)))
    return out


def shard_size(count: int) -> int:
    """SHARD_EVENTS, doubled until `count` events make at most MAX_SHARDS full shards."""
    size = max(SHARD_EVENTS, 1)
    while count > size * MAX_SHARDS:
        size *= 2
    return size


def build_index(site: Path, subdir: str) -> None:
    """Run Pagefind over the event pages in `site`, writing the bundle to `site/subdir`."""
    if not any((site / "events").glob("*/index.html")):
        return  # no event pages: nothing to search (Pagefind refuses an empty site)
    command = [
        *pagefind_command(),
        "--site", str(site),
        "--output-subdir", subdir,
        "--glob", "events/**/*.html",
        "--silent",
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"cannot run Pagefind for the search index: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise SearchIndexError(
            f"Pagefind failed to build the search index ({detail[0]}); "
            "install it with: pip install 'pagefind[bin]'"
        )


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """How to run Pagefind: its binary itself where its Python package can name it (as
    `python -m pagefind` would find it: $PAGEFIND_BINARY_PATH, the extended binary, the
    plain one), which spares a Python start per shard; else through that package."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return (sys.executable, "-m", "pagefind")
    found = get_executable()
    return (str(found),) if found is not None else (sys.executable, "-m", "pagefind")


def index_files(
    out: Path,
    plan: list[tuple[str, tuple[Event, ...]]],
    pages: Mapping[str, str],
    found: Mapping[str, tuple[Path, str]],
    previous: Mapping[str, Any],
    written: Mapping[str, Written],
) -> tuple[dict[str, bytes], dict[str, Written], dict[str, Any]]:
    """The search index's files for the shards in `plan`: a shard whose pages are the
    last build's keeps its files (as they are in `out`), the others are indexed anew.

    `pages` maps an event id to its page's output path; `found` maps that path to where
    the page's bytes are now and their hash. Returns new files, kept files and the cache
    entry (`previous` is the last build's; `written`, every file the last build wrote).
    """
    old_files = {p: w for p, w in written.items() if p.startswith(INDEX_DIR + "/")}
    old_keys: dict[str, str] = previous.get("keys", {})
    keys: dict[str, str] = {}
    made: dict[str, bytes] = {}
    reused: dict[str, Written] = {}
    todo: list[tuple[str, list[str]]] = []
    for name, events in plan:
        paths = [pages[e.id] for e in events]
        listed = "\n".join(f"{p} {found[p][1]}" for p in paths)
        keys[name] = digest(listed.encode())
        prefix = f"{INDEX_DIR}/{name}/"
        mine = {p: w for p, w in old_files.items() if p.startswith(prefix)}
        if old_keys.get(name) == keys[name] and mine and _intact(out, mine):
            reused.update(mine)
        else:
            todo.append((prefix.rstrip("/"), paths))
    # Each shard is its own Pagefind process: as many at once as there are cores.
    with ThreadPoolExecutor(max(1, min(len(todo), os.cpu_count() or 1))) as pool:
        for shard in pool.map(lambda job: _index_shard(out, job[0], job[1], found), todo):
            made.update(shard)
    ui = [f"{INDEX_DIR}/{n}" for n in UI_FILES]  # every bundle has the same interface files
    old_ui = {p: old_files[p] for p in ui if p in old_files}
    if plan and not made and not (len(old_ui) == len(ui) and _intact(out, old_ui)):
        name, events = plan[-1]  # the interface's files were lost: index the newest shard
        paths = [pages[e.id] for e in events]
        made.update(_index_shard(out, f"{INDEX_DIR}/{name}", paths, found))
    if made:
        bundle = next(p for p in made if p.endswith("/pagefind.js")).rsplit("/", 1)[0]
        made.update({p: made[f"{bundle}/{p.rsplit('/', 1)[1]}"] for p in ui})
    elif plan:
        reused.update(old_ui)
    return made, reused, {"keys": keys}


def _intact(out: Path, records: Mapping[str, Written]) -> bool:
    return all(record.still_at(out / path) for path, record in records.items())


def _index_shard(
    out: Path, subdir: str, paths: list[str], found: Mapping[str, tuple[Path, str]]
) -> dict[str, bytes]:
    """Index one shard's event pages in a scratch folder; the bundle's files.

    The scratch folder is in memory (/dev/shm) where the system has one: Pagefind writes
    a file per page, and folders come and go much faster there than on a disk.
    """
    memory = Path("/dev/shm")
    base = memory if memory.is_dir() and os.access(memory, os.W_OK) else out.parent
    _sweep_scratch(base)
    site = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-", dir=base))
    try:
        for path in paths:
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found[path][0], target)
        build_index(site, subdir)
        return {
            p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted((site / subdir).rglob("*"))
            if p.is_file()
        }
    finally:
        shutil.rmtree(site, ignore_errors=True)


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
            continue  # this build's own, in use by another shard
        if mine and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
