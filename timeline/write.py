"""Atomic output: the new site is written beside the old one, then swapped in.

A failed build leaves the previous output as it was. A folder that holds files
but no manifest of ours is never written into or deleted. Files whose bytes did
not change are hard-linked from the previous output, so they keep their mtime.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
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


def check_output(out: Path, protected: list[Path]) -> None:
    """Refuse an output folder that holds things we did not write."""
    target = out.resolve()
    for keep in protected:
        keep = keep.resolve()
        if target == keep or target in keep.parents:
            raise OutputRefused(
                f"refusing to write the site to {out}: it is or contains {keep}, "
                "which holds your content"
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


def write_site(out: Path, files: dict[str, bytes], *, reuse: bool = True) -> WriteStats:
    """Write `files` (relative path → bytes) as the whole content of `out`, atomically.

    With `reuse`, a file whose bytes equal the previous output's is hard-linked
    from it instead of written, so its modification time is kept.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    _sweep(out)
    previous = read_manifest(out) if out.is_dir() else {}
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
            if reuse and previous.get(rel) == hashes[rel] and _same_file(old, len(data)):
                os.link(old, target)
                unchanged += 1
            else:
                target.write_bytes(data)
                written += 1
        manifest = {"generator": "timeline", "files": hashes}
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=0, sort_keys=True) + "\n", "utf-8"
        )
        _swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    removed = len(set(previous) - set(files))
    return WriteStats(written, unchanged, removed)


def _same_file(path: Path, size: int) -> bool:
    try:
        st = path.lstat()
    except OSError:
        return False
    return path.is_file() and not path.is_symlink() and st.st_size == size


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
            if leftover.is_dir() and not leftover.is_symlink():
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
