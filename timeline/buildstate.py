"""The no-op rebuild: when nothing a build reads has changed, nothing is done.

After a successful build we remember a key of everything it read (the size, time and
inode of every file under events/ and templates/, site.yaml, the options, the
generator's own files and library versions) and the size and time of every file it
left in the output. The next build with the same key, over an output nobody touched,
reports the same warnings and stops. Anything else — a saved file, a changed option,
an edited or deleted output file, a new version of the generator — builds as usual.

The state lives in ROOT/.timeline-cache/, never in the output (whose bytes must not
depend on when it was built).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG
from typing import Any, BinaryIO

from timeline.problems import Position, Problem, Problems, Severity

CACHE_DIR = ".timeline-cache"
PACKAGE = Path(__file__).parent
# The libraries whose code shapes the output, by the names they are imported by.
LIBRARIES = ("jinja2", "markdown", "nh3", "yaml", "icalendar", "pagefind", "pagefind_bin")


class Found:
    """An entry of a folder of events/ as a walk found it: its kind ("link", "dir",
    "file" or "other"), name and path, and a file's size, modification time, change time
    and inode when the walk took them (else None). Smaller than the `os.DirEntry` it was
    made from, which keeps a whole stat result: 100,000 of them took 90 MB."""

    __slots__ = ("kind", "name", "path", "stat")

    def __init__(
        self, kind: str, name: str, path: str, stat: tuple[int, int, int, int] | None = None
    ) -> None:
        self.kind, self.name, self.path, self.stat = kind, name, path, stat

    @classmethod
    def of(cls, entry: os.DirEntry) -> Found:
        if entry.is_symlink():
            kind = "link"
        elif entry.is_dir(follow_symlinks=False):
            kind = "dir"
        elif entry.is_file(follow_symlinks=False):
            kind = "file"
        else:
            kind = "other"
        return cls(kind, entry.name, entry.path)

    @classmethod
    def stated(cls, entry: os.DirEntry, st: os.stat_result) -> Found:
        """The entry with the stat the walk took of it (not following a link): its kind
        is read from that stat, as `of` reads it from the entry."""
        mode = st.st_mode
        if S_ISREG(mode):
            return cls(
                "file",
                entry.name,
                entry.path,
                (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino),
            )
        kind = "link" if S_ISLNK(mode) else "dir" if S_ISDIR(mode) else "other"
        return cls(kind, entry.name, entry.path)


def listed(folder: str) -> list[Found]:
    """A folder's entries, sorted by name (OSError if it cannot be read)."""
    with os.scandir(folder) as listing:
        return [Found.of(entry) for entry in sorted(listing, key=lambda e: e.name)]


@dataclass
class Walk:
    """Folders of events/ as a walk read them (a folder's path → its entries, sorted by
    name, each file's with the stat the walk took), and when the walk began."""

    started_ns: int = field(default_factory=time.time_ns)
    folders: dict[str, list[Found]] = field(default_factory=dict)


def _stat_tree(
    folder: str, digest: hashlib._Hash, walk: Walk | None = None, skip: str = ""
) -> None:
    """Hash the path, size, time and inode of everything under `folder` (but folders
    named `skip`); with `walk`, keep each folder's entries there (each file's with its
    stat: see discover.event_entries). An entry gone before its stat is left out."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    kept: list[Found] = []
    seen = []
    for entry in entries:
        if entry.name == skip:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # an editor's short-lived file, say: gone as the walk met it
        seen.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n")
        if walk is not None:
            kept.append(Found.stated(entry, st))
        if S_ISDIR(st.st_mode):
            digest.update("".join(seen).encode("utf-8", "surrogateescape"))
            seen.clear()
            _stat_tree(entry.path, digest, walk, skip)
    digest.update("".join(seen).encode("utf-8", "surrogateescape"))
    if walk is not None:
        walk.folders[folder] = kept


def library_versions() -> str:
    """What tells one installation of the libraries from another: the size, time and
    inode of each one's entry file (its `__init__.py`), found as an import would find
    it, without importing it. Installing another version writes new files. Not their
    version numbers: importlib.metadata alone took 17 ms to import, 7% of a no-op build
    of 10,000 events."""
    found = []
    for name in LIBRARIES:
        try:
            spec = find_spec(name)
            st = os.stat(spec.origin) if spec is not None and spec.origin else None
        except (ImportError, ValueError, OSError):
            st = None
        found.append(f"{name}={st.st_size}:{st.st_mtime_ns}:{st.st_ino}" if st else f"{name}=-")
    return ";".join(found)


def inputs_key(
    root: Path,
    events: Path,
    templates: Path,
    options: dict[str, str],
    walk: Walk | None = None,
) -> str:
    """A hash of everything a build reads (see the module's docstring); `walk` gets the
    folders of `events` as read, for the build to reuse (discover.event_entries)."""
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True).encode())
    # Warnings about dates "in the future" depend on the day: a new day is a new build.
    digest.update((os.environ.get("SOURCE_DATE_EPOCH") or date.today().isoformat()).encode())
    digest.update(library_versions().encode())
    _stat_tree(os.fspath(events), digest, walk)
    _stat_tree(os.fspath(templates), digest)
    _stat_tree(os.fspath(PACKAGE), digest, skip="__pycache__")  # Python writes it as it runs
    for name in ("site.yaml", "site.yml"):  # the second only to be reported as misnamed
        config = root / name
        if config.exists():
            st = config.stat()
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
    return digest.hexdigest()


def output_tag(out: Path) -> str:
    """A short name for an output folder, for the files kept about it in CACHE_DIR."""
    return hashlib.sha256(str(out.absolute()).encode()).hexdigest()[:16]


def _state_file(root: Path, out: Path) -> Path:
    return root / CACHE_DIR / f"build-{output_tag(out)}.json"


def lock_file(root: Path, out: Path) -> Path:
    """The file a build of `out` holds locked (see write.one_build_at_a_time)."""
    return _state_file(root, out).with_suffix(".lock")


def _output_stats(out: Path, files: list[str]) -> list[int] | None:
    """The size and time of each of `files` in `out`, one after the other in one list
    (not a list per file: 209,362 of them at 100,000 events); None when one is missing."""
    stats: list[int] = []
    folder, lstat = os.fspath(out) + os.sep, os.lstat  # the loop runs once per output file
    for rel in files:
        try:
            st = lstat(folder + rel)
        except OSError:
            return None
        stats += (st.st_size, st.st_mtime_ns)
    return stats


def unchanged(root: Path, out: Path, key: str) -> tuple[int, int, Problems] | None:
    """(events, files, problems) of the last build if it read exactly what we would read
    now and its output files are as it left them."""
    try:
        text = _state_file(root, out).read_text("utf-8")
        # `remember` writes the key first: another key is told without reading the rest
        # (the record of every output file, 1.5 MB at 10,000 events).
        if not text.startswith(f'{{"key": "{key}", '):
            return None
        state = json.loads(text)
    except (OSError, ValueError):
        return None
    if state.get("key") != key or not out.is_dir():
        return None
    if _output_stats(out, state["files"]) != state["output"]:
        return None
    problems = Problems()
    for p in state["problems"]:
        pos = Position(p["path"], p["line"], p["col"])
        problems.add(Problem(pos, Severity(p["severity"]), p["message"], p["hint"]))
    return state["events"], len(state["files"]), problems


def remember(
    root: Path, out: Path, key: str, events: int, problems: Problems, written: Mapping[str, Any]
) -> None:
    """Note a successful build: its key, and the size and time of each file it left
    (`written`: output path → an object with `size` and `mtime_ns`)."""
    files = sorted(written)
    state = {
        "key": key,
        "events": events,
        "files": files,
        "output": [n for f in files for n in (written[f].size, written[f].mtime_ns)],
        "problems": [
            {
                "path": p.pos.path, "line": p.pos.line, "col": p.pos.col,
                "severity": p.severity.value, "message": p.message, "hint": p.hint,
            }
            for p in problems.sorted()
        ],
    }  # fmt: skip
    # A read-only site folder: every build is a full one. The JSON is written a value at
    # a time: whole, it is 15 MB at 100,000 events.
    with contextlib.suppress(OSError), atomic_file(_state_file(root, out)) as handle:
        for n, (name, value) in enumerate(state.items()):
            handle.write(f"{', ' if n else '{'}{json.dumps(name)}: ".encode())
            handle.write(json.dumps(value).encode())
        handle.write(b"}")


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Replace `path` by a file holding `data`, never half-written (see `atomic_file`)."""
    with atomic_file(path, mode) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_file(path: Path, mode: int = 0o644) -> Iterator[BinaryIO]:
    """A new file to write, which replaces `path` when the block completes; on an
    exception it is removed and `path` is left as it was.

    The temporary file gets a fresh, unpredictable name (O_EXCL), so a link planted
    beside it cannot redirect the write; a linked folder is refused (OSError).
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink():
        raise OSError(f"{folder} is a symbolic link")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
