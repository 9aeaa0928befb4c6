"""`init DIR`: a new chronology that builds at once."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from timeline.editor_schema import SCHEMA_PATH
from timeline.editor_schema import render as render_schema
from timeline.scaffold import yaml_text

SKELETON = Path(__file__).parent / "skeleton"
EXAMPLE_ID = "2019-02-edtf-published"
# Package data cannot hold dot-files reliably; they are stored under plain names.
_RENAMES = {
    "dot-gitignore": ".gitignore",
    "dot-github": ".github",
    "example-event.yaml": f"events/2019/{EXAMPLE_ID}.yaml",
}


class InitRefused(Exception):
    """The target folder is not empty (exit code 2)."""


def generator_version() -> str:
    try:
        return version("sourced-timeline")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.1.0"


def title_from(folder: Path) -> str:
    words = folder.name.replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "Chronology"


def init_site(target: Path, title: str | None = None) -> list[Path]:
    """Write the skeleton into `target`; returns the files written."""
    if target.exists() and not target.is_dir():
        raise InitRefused(f"{target} is a file; name a new or empty folder")
    if target.exists() and any(target.iterdir()):
        raise InitRefused(f"{target} exists and is not empty; name a new or empty folder")
    title = title_from(target.absolute()) if title is None else title
    if not title.strip():
        raise InitRefused("--title is empty: give the chronology's name")
    if "\n" in title or "\r" in title:
        raise InitRefused("--title must be one line of text")
    values = {"{title}": title, "{version}": generator_version()}
    written: list[Path] = []
    for source in sorted(SKELETON.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(SKELETON).as_posix()
        for old, new in _RENAMES.items():
            if rel == old or rel.startswith(old + "/"):
                rel = new + rel[len(old) :]
        text = source.read_text("utf-8")
        for key, value in values.items():
            # In YAML a title such as "Ukraine: a chronology" or "#1 news" must be quoted.
            text = text.replace(key, yaml_text(value) if rel.endswith(".yaml") else value)
        written.append(_write(target / rel, text))
    written.append(_write(target / SCHEMA_PATH, render_schema()))
    (target / "templates").mkdir(parents=True, exist_ok=True)
    return written


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path
