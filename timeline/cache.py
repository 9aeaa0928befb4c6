"""The incremental build's memory: what the last build read, rendered and wrote.

One file per output folder in ROOT/.timeline-cache/ holds the parsed events (by file),
the key and digest of every page, the exports' per-event pieces and the search index.
A build reuses an entry only when everything it was made from is unchanged, so an
incremental build writes the same bytes as a cold one (the tests compare the two).

The file is a pickle, and a pickle can run code when it is loaded, while a site folder
comes from pull requests. So the file carries an HMAC made with a secret that lives
outside every site, in the user's cache folder ($XDG_CACHE_HOME or ~/.cache); a cache
file that was not written by this user on this machine is ignored, not loaded.
Everything in the cache is also keyed by the generator's own code and the library
versions, so upgrading never reuses an old result.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.buildstate import CACHE_DIR, PACKAGE, library_versions

_SECRET_NAME = "sourced-timeline/cache-secret"
_FORMAT = 1


def _user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return Path(base) if base.startswith("/") else Path.home() / ".cache"


def _secret() -> bytes | None:
    """This user's key for the cache's HMAC, made on first use; None if it cannot be kept."""
    path = _user_cache_dir() / _SECRET_NAME
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(32))
        os.replace(temporary, path)
        return path.read_bytes()
    except OSError:
        return None


def code_version() -> str:
    """A hash of the generator's own files and its libraries' versions."""
    digest = hashlib.sha256(library_versions().encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Parsed:
    """One event file as the loader left it: its event (None for a file with errors is
    never stored) and its warnings, with what the result depended on besides the file."""

    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    digest: str
    event: Any  # timeline.model.Event
    problems: tuple[Any, ...]  # timeline.problems.Problem
    drafts: bool
    future: bool  # whether the date was after the build's day


@dataclass(frozen=True)
class PageRecord:
    """A page the last build left in the output: what it was rendered from, its bytes'
    hash, and the file's size and time then (an edited output file is not reused)."""

    key: str
    sha256: str
    size: int
    mtime_ns: int


@dataclass
class BuildCache:
    code: str
    settings: str = ""  # the site's settings the exports' pieces were made with
    written_ns: int = 0  # when the cache was saved; a file changed since is read again
    parsed: dict[str, Parsed] = field(default_factory=dict)  # by the path problems show
    pages: dict[str, PageRecord] = field(default_factory=dict)  # by output path
    exports: dict[str, str] = field(default_factory=dict)  # the exports' per-event pieces
    search: dict[str, Any] = field(default_factory=dict)  # the search index's inputs → files


def cache_file(root: Path, out: Path) -> Path:
    name = hashlib.sha256(str(out.absolute()).encode()).hexdigest()[:16]
    return root / CACHE_DIR / f"cache-{name}.pickle"


def load_cache(root: Path, out: Path, code: str) -> BuildCache:
    """The last build's cache for this output, or an empty one (never an untrusted one)."""
    empty = BuildCache(code)
    key = _secret()
    if key is None:
        return empty
    try:
        blob = cache_file(root, out).read_bytes()
    except OSError:
        return empty
    mac, data = blob[:32], blob[32:]
    if len(blob) < 32 or not hmac.compare_digest(mac, hmac.new(key, data, "sha256").digest()):
        return empty
    try:
        version, cache = pickle.loads(data)
    except Exception:  # written by us, yet unreadable (a library changed): start afresh
        return empty
    if version != _FORMAT or not isinstance(cache, BuildCache) or cache.code != code:
        return empty
    return cache


def save_cache(root: Path, out: Path, cache: BuildCache) -> None:
    """Keep the cache for the next build; a site folder we cannot write simply has none."""
    key = _secret()
    if key is None:
        return
    cache.written_ns = time.time_ns()
    data = pickle.dumps((_FORMAT, cache), protocol=pickle.HIGHEST_PROTOCOL)
    path = cache_file(root, out)
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(hmac.new(key, data, "sha256").digest() + data)
        os.replace(temporary, path)
    except OSError:
        pass
