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

import hashlib
import json
import os
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from timeline.problems import Position, Problem, Problems, Severity

CACHE_DIR = ".timeline-cache"
PACKAGE = Path(__file__).parent
LIBRARIES = ("jinja2", "markdown", "nh3", "pyyaml", "icalendar", "pagefind", "pagefind_bin")


def _stat_tree(folder: Path, digest: hashlib._Hash) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__":
            continue  # written by Python itself as it runs
        st = entry.stat(follow_symlinks=False)
        digest.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\n".encode())
        if entry.is_dir(follow_symlinks=False):
            _stat_tree(Path(entry.path), digest)


def _library_versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=-")
    return ";".join(found)


def inputs_key(root: Path, events: Path, templates: Path, options: dict[str, str]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True).encode())
    # Warnings about dates "in the future" depend on the day: a new day is a new build.
    digest.update((os.environ.get("SOURCE_DATE_EPOCH") or date.today().isoformat()).encode())
    digest.update(_library_versions().encode())
    for folder in (events, templates, PACKAGE):
        _stat_tree(folder, digest)
    config = root / "site.yaml"
    if config.exists():
        st = config.stat()
        digest.update(f"site.yaml\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}".encode())
    return digest.hexdigest()


def _state_file(root: Path, out: Path) -> Path:
    name = hashlib.sha256(str(out.absolute()).encode()).hexdigest()[:16]
    return root / CACHE_DIR / f"build-{name}.json"


def _output_stats(out: Path) -> dict[str, list[int]]:
    stats: dict[str, list[int]] = {}
    for folder, _dirs, files in os.walk(out):
        for name in files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            stats[os.path.relpath(path, out)] = [st.st_size, st.st_mtime_ns]
    return stats


def unchanged(root: Path, out: Path, key: str) -> tuple[int, Problems] | None:
    """(events, problems) of the last build if it read exactly what we would read now."""
    try:
        state = json.loads(_state_file(root, out).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("key") != key or not out.is_dir() or _output_stats(out) != state.get("output"):
        return None
    problems = Problems()
    for p in state["problems"]:
        pos = Position(p["path"], p["line"], p["col"])
        problems.add(Problem(pos, Severity(p["severity"]), p["message"], p["hint"]))
    return state["events"], problems


def remember(root: Path, out: Path, key: str, events: int, problems: Problems) -> None:
    path = _state_file(root, out)
    state = {
        "key": key,
        "events": events,
        "output": _output_stats(out),
        "problems": [
            {
                "path": p.pos.path, "line": p.pos.line, "col": p.pos.col,
                "severity": p.severity.value, "message": p.message, "hint": p.hint,
            }
            for p in problems.sorted()
        ],
    }  # fmt: skip
    try:
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), "utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only site folder: every build is simply a full build
