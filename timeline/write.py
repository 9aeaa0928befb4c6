"""Atomic output: the new site is written beside the old one, then swapped in.

A failed build leaves the previous output as it was. The build never deletes what
it did not write: a non-empty folder without our manifest is refused, and files a
maintainer added to a previous output (a CNAME, a .git folder) are carried over.
Files whose bytes did not change are hard-linked from the previous output, so
they keep their modification time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".timeline-output.json"
_STAGING = ".timeline-staging-"
_RETIRED = ".timeline-retired-"


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
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).is_file():
        raise OutputRefused(
            f"refusing to write the site to {out}: the folder is not empty and was not "
            "made by timeline (it has no .timeline-output.json); choose an empty or new "
            "folder with --out"
        )


def read_manifest(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError):
        return {}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def foreign_entries(out: Path, ours: set[str]) -> list[str]:
    """Paths in a previous output that no build wrote (relative, '/'), outermost first."""
    found: list[str] = []
    our_dirs = {rel.rsplit("/", i)[0] for rel in ours for i in range(1, rel.count("/") + 1)}

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = prefix + entry.name
            if rel == MANIFEST:
                continue
            if entry.is_dir(follow_symlinks=False):
                if rel in our_dirs:
                    walk(Path(entry.path), rel + "/")
                else:
                    found.append(rel)  # a whole folder of the maintainer's
            elif rel not in ours:
                found.append(rel)

    if out.is_dir():
        walk(out, "")
    return found


def write_site(
    out: Path,
    files: dict[str, bytes],
    *,
    reuse: bool = True,
    index: tuple[str, Callable[[Path], None]] | None = None,
) -> WriteStats:
    """Write `files` (relative path → bytes) as the whole content of `out`, atomically.

    With `reuse`, a file whose bytes equal the previous output's is hard-linked
    from it instead of written, so its modification time is kept. `index` is a
    folder name and a function that writes generated files into it from the staged
    site (the search index); it runs only when something else changed.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep(out)
    previous = read_manifest(out) if out.is_dir() else {}
    foreign = foreign_entries(out, set(previous))
    new_dirs = {rel.rsplit("/", i)[0] for rel in files for i in range(1, rel.count("/") + 1)}
    clash = sorted(f for f in foreign if f in files or f in new_dirs)
    if clash:
        raise OutputRefused(
            f"refusing to replace {out / clash[0]}: timeline did not write it and the new "
            "site has a file there; move it out of the output folder"
        )
    staging = out.parent / f"{_STAGING}{out.name}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    written = unchanged = 0
    try:
        hashes = {}
        for rel in sorted(files):
            data = files[rel]
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            hashes[rel] = digest(data)
            old = out / rel
            if reuse and previous.get(rel) == hashes[rel] and _holds(old, data):
                os.link(old, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        if index is not None:
            folder, make = index
            kept = {k: v for k, v in previous.items() if k.startswith(folder + "/")}
            changed = written or set(previous) - set(files) - set(kept)
            if reuse and kept and not changed and all((out / k).is_file() for k in kept):
                for rel in kept:
                    (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                    os.link(out / rel, staging / rel)
                hashes.update(kept)
                unchanged += len(kept)
            else:
                make(staging)
                made = sorted(p for p in (staging / folder).rglob("*") if p.is_file())
                for path in made:
                    hashes[path.relative_to(staging).as_posix()] = digest(path.read_bytes())
                written += len(made)
        for rel in foreign:
            _carry_over(out / rel, staging / rel)
        manifest = {"generator": "timeline", "files": hashes}
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=0, sort_keys=True) + "\n", "utf-8"
        )
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    removed = len(set(previous) - set(hashes))
    return WriteStats(written, unchanged, removed)


def _holds(path: Path, data: bytes) -> bool:
    """True if `path` is a plain file whose bytes are `data` (an edited copy is rewritten)."""
    try:
        if path.is_symlink() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
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
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _sweep(out: Path) -> None:
    """Remove what an interrupted build of this output left behind."""
    for prefix in (_STAGING, _RETIRED):
        for leftover in out.parent.glob(f"{prefix}{out.name}-*"):
            pid = leftover.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _alive(int(pid)):
                continue  # another build of the same output is running
            if leftover.is_symlink():
                leftover.unlink()
            elif leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
