"""All-or-nothing output: a failed or interrupted build leaves the previous site.

The first build writes the site beside the output folder and swaps it in. Later
builds touch only what changed: the new and changed files are written beside the
output, a journal naming every change is completed, and only then are the files
moved in and removed pages deleted; a build interrupted after its journal is
complete is finished by the next build. Unchanged files are never rewritten, so
they keep their modification time. The build never deletes what it did not write:
a non-empty folder without our manifest is refused, and files a maintainer added to
the output (a CNAME, a .git folder) stay where they are.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import shutil
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from timeline.cache import secret

try:
    import fcntl
except ImportError:  # Windows: builds of one output are not kept apart
    fcntl = None  # type: ignore[assignment]

MANIFEST = ".timeline-output.json"
_STAGING = ".timeline-staging-"
_RETIRED = ".timeline-retired-"
_JOURNAL = "journal.json"
_SCRATCH = ".timeline-scratch"  # in a staging area: no page of a site has this name


class OutputRefused(Exception):
    """The output folder is not ours to replace (exit code 2)."""


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def check_output(out: Path, protected: list[Path], inside_forbidden: list[Path]) -> None:
    """Refuse an output folder that would overwrite, delete or nest into content.

    `protected` folders may neither be the output nor lie inside it; the output may
    not lie inside an `inside_forbidden` folder (events/, templates/).
    """
    if out.is_symlink():
        raise OutputRefused(
            f"refusing to write the site to {out}: it is a symbolic link; name the real "
            f"folder ({out.resolve()}) with --out"
        )
    target = out.resolve()
    for keep in protected:
        keep = keep.resolve()
        if target == keep or target in keep.parents:
            raise OutputRefused(
                f"refusing to write the site to {out}: it is or contains {keep}, "
                "which holds your content"
            )
    for folder in inside_forbidden:
        folder = folder.resolve()
        if folder in target.parents:
            raise OutputRefused(
                f"refusing to write the site to {out}: it is inside {folder}, which the "
                "build reads; choose a folder outside it"
            )
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"refusing to write the site to {out}: it is a file")
    above = next((p for p in target.parents if p.exists()), None)  # where it would be made
    if above is not None and not above.is_dir():
        raise OutputRefused(f"refusing to write the site to {out}: {above} is a file")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputRefused(
            f"refusing to write the site to {out}: the folder is not empty and was not "
            "made by timeline (it has no .timeline-output.json); choose an empty or new "
            "folder with --out"
        )


def read_manifest(out: Path) -> dict[str, str]:
    """The files the last build wrote (path → sha256); a path that is not a plain one
    inside the output (`..`, absolute) is left out: the build never touches it."""
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        files = data.get("files", {})
        if not isinstance(files, dict):
            return {}
        return {str(k): str(v) for k, v in files.items() if is_plain(str(k))}
    except (OSError, ValueError, AttributeError):
        return {}


def is_plain(rel: str) -> bool:
    """A relative path of named parts separated by '/': no '..', '.', empty part or '\\'."""
    framed = f"/{rel}/"  # each part between slashes: no check splits the path (43,000 a build)
    return not (
        not rel
        or "\\" in rel
        or "\0" in rel
        or "//" in framed
        or "/./" in framed
        or "/../" in framed
    )


def manifest_text(files: Mapping[str, str]) -> str:
    """The manifest naming `files` (output path → sha256): the text of `json.dumps` with
    `indent=0, sort_keys=True`."""
    return b"".join(manifest_parts(files)).decode("ascii")


def manifest_parts(files: Mapping[str, str | Written]) -> Iterator[bytes]:
    """`manifest_text`, encoded, in parts of a few thousand files (the whole list is
    25 MB at 100,000 events; `files` may map to `Written` records, whose hashes it names).
    Written by the C encoder (the indenting one is Python's own: 0.05 s for the 21,500
    files of 10,000 events); ASCII, escapes and all."""
    if not files:
        yield b'{\n"files": {},\n"generator": "timeline"\n}\n'
        return
    listed = sorted(files)
    yield b'{\n"files": {\n'
    for start in range(0, len(listed), _MANIFEST_PART):
        part = {rel: _sha256(files[rel]) for rel in listed[start : start + _MANIFEST_PART]}
        text = json.dumps(part, separators=(",\n", ": "))[1:-1]
        yield (",\n" if start else "").encode() + text.encode("ascii")
    yield b'\n},\n"generator": "timeline"\n}\n'


_MANIFEST_PART = 4096


def write_manifest(path: Path, files: Mapping[str, Written]) -> None:
    with open(path, "wb") as handle:
        handle.writelines(manifest_parts(files))


def _sha256(file: str | Written) -> str:
    return file if isinstance(file, str) else file.sha256


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def foreign_entries(out: Path, ours: Collection[str]) -> list[str]:
    """Paths in a previous output that no build wrote (relative, '/'), outermost first."""
    found: list[str] = []
    our_dirs = {rel.rsplit("/", i)[0] for rel in ours for i in range(1, rel.count("/") + 1)}

    def walk(folder: str, prefix: str) -> None:
        # Entries one at a time, not sorted first: events/ holds a folder per event
        # (100,000 entries at 100,000 events).
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if rel == MANIFEST:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if rel in our_dirs:
                        walk(entry.path, rel + "/")
                    else:
                        found.append(rel)  # a whole folder of the maintainer's
                elif rel not in ours:
                    found.append(rel)

    if out.is_dir():
        walk(os.fspath(out), "")
    # Outermost first: a folder found is never entered, so sorting its parts is enough.
    return sorted(found, key=lambda rel: rel.split("/"))


class Written(NamedTuple):
    """A file the build left in the output: its bytes' hash, size and time then.

    A tuple, not a record: the build cache keeps one for every output file (21,500 at
    10,000 events), as plain tuples (`cache.save_cache`), which pickle reads and writes
    without calling into Python: 19 + 16 ms for them at 10,000 events, against 52 + 47.
    """

    sha256: str
    size: int
    mtime_ns: int

    def still_at(self, path: Path | str) -> bool:
        """Whether `path` is still this file: same size and time (nobody changed it)."""
        try:
            st = os.lstat(path)
        except OSError:
            return False
        return st.st_size == self.size and st.st_mtime_ns == self.mtime_ns


class Output:
    """The next state of the output folder, filled file by file as the build makes them
    (so no page waits in memory), and made the output all at once by `commit()`.

    A first build (or `reuse=False`) writes the whole site beside the old one and swaps
    it in. Later builds change the output in place, but still all or nothing: new and
    changed files are written beside the output, a journal names every change, and only
    then are they moved in; a build interrupted after the journal is complete is
    completed by the next one, one interrupted before it changed nothing. Files whose
    bytes are unchanged are not touched, so they keep their modification time.

    `records` are what the last build wrote: a file made again with the same bytes is
    known to be unchanged from its record (same size and modification time), without
    reading it back — the trust the page cache already gives an untouched file. While
    the manifest is the one that build left (`manifest`: its size, time and inode, as
    `manifest_stat` gave them after that build's commit), the records stand for it too.
    Leaving the `with` block without committing (an error, a template problem) removes
    what was staged.
    """

    def __init__(
        self,
        out: Path,
        *,
        records: Mapping[str, Written] | None = None,
        manifest: tuple[int, int, int] | None = None,
        reuse: bool = True,
    ) -> None:
        self.out = out = out.absolute()
        out.parent.mkdir(parents=True, exist_ok=True)
        _sweep(out)
        self.records = records or {}
        if self.records and manifest is not None and _stat_of(out / MANIFEST) == manifest:
            self.previous = {rel: record.sha256 for rel, record in self.records.items()}
        else:
            self.previous = read_manifest(out) if out.is_dir() else {}
            if not reuse:  # a new tree: only the old one's names count (see `_swap`)
                self.previous = dict.fromkeys(self.previous, "")
        # In place needs the user's key: a journal we could not sign could not be trusted.
        self.key = secret() if reuse and self.previous and out.is_dir() else None
        self.staging = out.parent / f"{_STAGING}{out.name}-{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        # A new tree becomes the output folder (the usual mode); a journal's is private.
        self.staging.mkdir(mode=0o777 if self.key is None else 0o700)
        self.files: dict[str, Written] = {}  # every file of the new output
        self.staged: dict[str, str] = {}  # in place: output path → its name in staging
        self._names = 0  # staged files are named 1, 2, 3… (as the journal checks)
        self._folders: set[str] = set()
        self.committed = False

    def __enter__(self) -> Output:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            shutil.rmtree(self.staging, ignore_errors=True)

    def put(self, rel: str, data: bytes) -> None:
        """A file of the new output."""
        self._take(
            rel,
            digest(data),
            len(data),
            lambda old: _holds(old, data),
            lambda to: _create(to, data),
        )

    def adopt(self, rel: str, path: str | Path, sha256: str) -> None:
        """A file of the new output already written at `path` (in `scratch()`), with the
        hash of its bytes: moved into place rather than written again."""
        size = os.lstat(path).st_size
        holds = functools.partial(_holds_file, source=path)
        self._take(rel, sha256, size, holds, lambda to: os.replace(path, to), path)

    def _take(
        self,
        rel: str,
        sha: str,
        size: int,
        holds: Callable[[Path], bool],
        place: Callable[[str], object],
        source: str | Path | None = None,
    ) -> None:
        """Record `rel`, putting its bytes (`place(target)`) where the commit expects
        them, unless the output already holds them (`holds(the output's file)`, asked
        only when the last build's record cannot tell; then `source`, if any, is removed).
        Paths are strings here, not `Path`s: a cold build puts 21,500 files at 10,000
        events (8 µs a file less)."""
        if self.key is None:
            target = f"{self.staging}/{rel}"
            folder = rel.rpartition("/")[0]  # made in the staging area (or the area itself)
            if folder not in self._folders:
                os.makedirs(target.rpartition("/")[0], exist_ok=True)
                self._folders.add(folder)
            place(target)
            self.files[rel] = Written(sha, size, os.lstat(target).st_mtime_ns)
            return
        same = self._unchanged(rel, sha, holds)
        if same is not None:
            if source is not None:
                os.unlink(source)
            self.files[rel] = same
            self._unstage(rel)
            return
        name = self.staged.get(rel) or self._fresh_name()
        place(f"{self.staging}/{name}")
        self.staged[rel] = name
        self.files[rel] = Written(sha, size, 0)

    def _unchanged(self, rel: str, sha: str, holds: Callable[[Path], bool]) -> Written | None:
        """The file as it is in the output, if it already holds these bytes (`holds`,
        only asked when the last build's record cannot tell)."""
        if self.previous.get(rel) != sha:
            return None
        old = self.out / rel
        record = self.records.get(rel)
        if record is not None and record.sha256 == sha and record.still_at(old):
            return record
        if holds(old):
            st = old.lstat()
            return Written(sha, st.st_size, st.st_mtime_ns)
        return None

    def scratch(self) -> Path:
        """A folder beside the output, on its file system, where another process may write
        files for `adopt` (removed with the staging area)."""
        folder = self.staging / _SCRATCH
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder

    def keep(self, kept: Mapping[str, Written]) -> None:
        """Files the caller found unchanged in the output (same hash, size and time as
        the last build left them): left alone in place, copied into a new tree."""
        for rel, file in kept.items():
            if self.key is None:
                self.put(rel, (self.out / rel).read_bytes())
            else:
                self.files[rel] = file
                self._unstage(rel)

    def _fresh_name(self) -> str:
        self._names += 1
        return str(self._names)

    def _unstage(self, rel: str) -> None:
        """`rel` is to stay as the output has it: drop what an earlier `put` staged."""
        name = self.staged.pop(rel, None)
        if name is not None:
            (self.staging / name).unlink(missing_ok=True)

    def path_of(self, rel: str) -> str:
        """Where the bytes of a file put or kept are now (until the commit). A string: it
        is asked for every event page of every search shard, where Paths cost 0.1 s."""
        if self.key is None:
            return f"{self.staging}/{rel}"
        name = self.staged.get(rel)
        return f"{self.staging}/{name}" if name is not None else f"{self.out}/{rel}"

    def commit(self) -> tuple[WriteStats, dict[str, Written]]:
        """Make the output what was put and kept; returns what was done and every file."""
        stats = self._swap() if self.key is None else self._journal_in()
        self.committed = True
        self.previous = {}  # the old output's manifest: 55 MB at 100,000 events
        return stats, self.files

    def manifest_stat(self) -> tuple[int, int, int] | None:
        """The manifest's size, time and inode, once committed (see `records`)."""
        return _stat_of(self.out / MANIFEST)

    def _swap(self) -> WriteStats:
        """Complete the new tree beside the output and swap it in."""
        out, staging = self.out, self.staging
        shutil.rmtree(staging / _SCRATCH, ignore_errors=True)
        foreign = foreign_entries(out, self.previous)
        files = self.files
        new_dirs = (rel.rsplit("/", i)[0] for rel in files for i in range(1, rel.count("/") + 1))
        clash = sorted({*foreign} & {*files, *new_dirs}) if foreign else []
        if clash:
            raise OutputRefused(
                f"refusing to replace {out / clash[0]}: timeline did not write it and the "
                "new site has a file there; move it out of the output folder"
            )
        for rel in foreign:
            _carry_over(out / rel, staging / rel)
        write_manifest(staging / MANIFEST, files)
        _swap_in(staging, out)
        return WriteStats(len(files), 0, sum(rel not in files for rel in self.previous))

    def _journal_in(self) -> WriteStats:
        """Write the journal of the changes, then carry it out."""
        out, staging, key = self.out, self.staging, self.key
        assert key is not None
        _refuse_clashes(out, [rel for rel in self.files if rel not in self.previous], self.previous)
        removed = sorted(set(self.previous) - set(self.files))
        puts = sorted(self.staged.items())
        if not puts and not removed:
            shutil.rmtree(staging)
            return WriteStats(0, len(self.files), 0)
        # Removed files go first: a folder may become a file, or a file a folder.
        ops: list[list[str]] = [["del", "", rel] for rel in removed]
        ops += [["put", name, rel] for rel, name in puts]
        write_manifest(staging / "manifest", self.files)
        ops.append(["put", "manifest", MANIFEST])
        text = json.dumps(ops)
        signed = {"ops": ops, "mac": hmac.new(key, text.encode(), "sha256").hexdigest()}
        journal = staging / _JOURNAL
        journal.with_suffix(".tmp").write_text(json.dumps(signed), "utf-8")
        os.replace(journal.with_suffix(".tmp"), journal)  # from here on, the build has happened
        self.committed = True  # the journal is the next build's to finish, if this one stops
        _apply(staging, out, key)
        for rel, _ in puts:
            st = (out / rel).lstat()
            self.files[rel] = Written(self.files[rel].sha256, st.st_size, st.st_mtime_ns)
        return WriteStats(len(puts), len(self.files) - len(puts), len(removed))


def _journal(staging: Path, key: bytes) -> list[list[str]] | None:
    """The journal's steps if this user's build wrote and signed them, all of them plain."""
    try:
        if staging.is_symlink() or staging.lstat().st_uid != os.getuid():
            return None
        signed = json.loads((staging / _JOURNAL).read_text("utf-8"))
        ops, mac = signed["ops"], signed["mac"]
        expected = hmac.new(key, json.dumps(ops).encode(), "sha256").hexdigest()
        if not isinstance(mac, str) or not hmac.compare_digest(mac, expected):
            return None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    for step in ops:
        if not (
            isinstance(step, list) and len(step) == 3 and all(isinstance(x, str) for x in step)
        ):
            return None
        op, name, rel = step
        if op not in ("put", "del") or not is_plain(rel):
            return None
        if op == "put" and not (name.isdigit() or name == "manifest"):
            return None
    return ops


def _apply(staging: Path, out: Path, key: bytes) -> None:
    """Carry out a complete journal (again, if need be: every step may be repeated).

    A journal this user's build did not sign is not carried out, only removed.
    """
    ops = _journal(staging, key)
    safe: set[Path] = {out}
    for op, name, rel in ops or []:
        target = out / rel
        _refuse_links(out, target.parent, safe)
        if op == "put":
            source = staging / name
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        else:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            folder = target.parent
            while folder != out:  # folders only removed pages lived in go too
                try:
                    folder.rmdir()
                except OSError:
                    break
                safe.discard(folder)
                folder = folder.parent
    shutil.rmtree(staging)


def _refuse_links(out: Path, folder: Path, safe: set[Path]) -> None:
    """The build writes and deletes only inside `out`: no folder on the way may be a link."""
    chain = []
    while folder not in safe and folder != folder.parent:
        chain.append(folder)
        folder = folder.parent
    for step in reversed(chain):
        if step.is_symlink():
            raise OutputRefused(
                f"refusing to write into {step}: it is a symbolic link in the output; "
                "replace it with a folder (or remove it)"
            )
        safe.add(step)


def _refuse_clashes(out: Path, new_paths: list[str], previous: dict[str, str]) -> None:
    """A new file where the maintainer keeps one of theirs (or a folder) is refused.

    Each folder on the way is looked at once, on disk: a real folder may be written into
    (its files are checked as ours or not in turn), and the new file's own place may hold
    a folder only if it is one of ours, emptied by this build. The folders of every file
    of ours are not listed first: 21,500 files at 10,000 events, for the dozen new files
    of an edit."""
    folders: set[str] = set()  # real folders met on the way
    for rel in sorted(new_paths):
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if prefix in folders:
                continue
            if prefix in previous:
                break  # a file of ours, removed before this one is written
            path = out / prefix
            try:
                mode = path.lstat().st_mode
            except (FileNotFoundError, NotADirectoryError):
                break  # nothing there: the rest of the way is new too
            if stat.S_ISDIR(mode) and (i < len(parts) or _holds_ours(prefix, previous)):
                folders.add(prefix)
                continue
            raise OutputRefused(
                f"refusing to replace {path}: timeline did not write it and the new "
                "site has a file there; move it out of the output folder"
            )


def _holds_ours(folder: str, previous: Iterable[str]) -> bool:
    """Whether files of ours were in `folder` (relative, '/')."""
    inside = folder + "/"
    return any(rel.startswith(inside) for rel in previous)


def _stat_of(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.lstat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _create(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


def _holds(path: Path, data: bytes) -> bool:
    """True if `path` is a plain file whose bytes are `data` (an edited copy is rewritten)."""
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


_BLOCK = 1 << 20


def _holds_file(path: Path, source: str | Path) -> bool:
    """True if `path` is a plain file with the bytes of the file `source`, compared a block
    at a time: an export of 100,000 events is 300 MB, twice that if both were read whole."""
    try:
        if path.is_symlink() or path.stat().st_size != os.lstat(source).st_size:
            return False
        with open(path, "rb") as old, open(source, "rb") as new:
            while block := old.read(_BLOCK):
                if block != new.read(_BLOCK):
                    return False
            return True
    except OSError:
        return False


def _carry_over(source: Path, target: Path) -> None:
    """Put a maintainer's file or folder into the new output without touching the old one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=os.link)
    else:
        os.link(source, target)


def _swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` in one step where the system allows it."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging)  # now holds the previous output
        return
    if out.exists():
        retired = out.parent / f"{_RETIRED}{out.name}-{os.getpid()}"
        os.rename(out, retired)
        os.rename(staging, out)
        shutil.rmtree(retired)
    else:
        os.rename(staging, out)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two paths atomically. False if unsupported."""
    import ctypes  # here: only a first build or a `--clean` one swaps

    try:  # the process's own symbols, the C library's among them (no search for its file)
        renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # no C library to open this way (Windows)
        return False
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


@contextlib.contextmanager
def one_build_at_a_time(lock: Path) -> Iterator[None]:
    """Hold `lock` (a file) while building an output: a second build of the same output
    waits for the first, so their in-place changes never interleave. Where the lock
    cannot be made (a read-only site folder, a system without flock) builds go ahead."""
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        yield
        return
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(out: Path) -> None:
    """Finish or undo what an interrupted build of `out` left behind (before anything
    looks at the output: a finished journal changes it)."""
    _sweep(out.absolute())


def _sweep(out: Path) -> None:
    """Remove what an interrupted build of this output left behind."""
    key = secret()
    for prefix in (_STAGING, _RETIRED):
        for leftover in out.parent.glob(f"{prefix}{out.name}-*"):
            pid = leftover.name[len(f"{prefix}{out.name}-") :]
            if not pid.isdigit():
                continue  # another output's (out-2), or not ours at all
            if process_alive(int(pid)):
                continue  # another build of the same output is running
            if leftover.is_symlink():
                leftover.unlink()
            elif prefix == _STAGING and key and _journal(leftover, key) is not None:
                _apply(leftover, out, key)  # the interrupted build had happened: finish it
            elif leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
