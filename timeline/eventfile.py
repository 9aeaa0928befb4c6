"""Writing checked event files: what `draft` and `import` both write, and how.

A command describes each event as an `EventFile` (its YAML lines, comments for the
contributor, an id when the input gives one); `write_events` names each file, checks it
with the loader itself as if it were published, and writes it only when it is valid —
never over another file. The helpers below write the YAML lines the two commands share.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from timeline.dates import EventDate
from timeline.editor_schema import SCHEMA_PATH
from timeline.load import EXTENSION, discover, read_event
from timeline.model import ID_MAX
from timeline.problems import Position, Problem, Problems, Severity, display_path
from timeline.scaffold import event_id, yaml_text
from timeline.site import SitePaths, today


@dataclass
class EventFile:
    """An event file to write: its YAML lines, comments for the contributor, and its id."""

    title: str
    when: EventDate
    comments: list[str]
    lines: list[str]
    draft: bool = False
    id: str = ""  # an id given by the input (unique_id, id column); else from date and title
    unsourced: bool = False  # a draft that has no source yet (allowed to lack 'sources')
    label: str = ""  # where it came from, for messages: "FILE:3", "FILE: event 2"


@dataclass
class NewFile:
    path: Path | None  # where it was (or would be) written; None when refused
    problems: list[Problem] = field(default_factory=list)


def shown(paths: SitePaths, path: Path) -> str:
    """A path as the contributor knows it: relative to the site's folder."""
    return display_path(path.absolute(), paths.root.absolute())


# -- YAML lines ------------------------------------------------------------------------


def list_line(key: str, values: Iterable[str]) -> str:
    """`key: [a, b]` in YAML flow style."""
    return f"{key}: [" + ", ".join(yaml_text(v, in_list=True) for v in values) + "]"


def block_lines(key: str, text: str) -> list[str]:
    """`key: |` and the text indented below it, blank lines kept blank."""
    return [f"{key}: |", *(f"  {line}" if line.strip() else "" for line in text.split("\n"))]


def source_lines(
    url: str, title: str, publisher: str, published: str = "", archive: str = ""
) -> list[str]:
    """One entry of `sources:`; `published` and `archive` only when given."""
    lines = [
        f"  - url: {yaml_text(url)}",
        f"    title: {yaml_text(title)}",
        f"    publisher: {yaml_text(publisher)}",
    ]
    if published:
        lines.append(f"    published: {published}")
    if archive:
        lines.append(f"    archive: {yaml_text(archive)}")
    return lines


# -- checking and writing --------------------------------------------------------------


def render_file(f: EventFile, schema_ref: str | None) -> str:
    out = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    for comment in f.comments:
        for line in textwrap.wrap(re.sub(r"\s+", " ", comment), 96) or [""]:
            out.append(f"# {line}".rstrip())
    return "\n".join(out + f.lines) + "\n"


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… within the id length limit."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: ID_MAX - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


def validate(text: str, stem: str, name: str, paths: SitePaths, ids: frozenset[str],
             unsourced: bool) -> list[Problem]:  # fmt: skip
    """The loader's errors for this file's text, judged as if it were published.

    A draft is checked with `status: reported` so that its problems count as errors
    here whatever `check` later makes of drafts; only a missing source is allowed, and
    only for a draft written without one.
    """
    judged = text.replace("\nstatus: draft\n", "\nstatus: reported\n")
    problems = Problems()
    with tempfile.TemporaryDirectory(prefix="timeline-") as tmp:
        path = Path(tmp) / f"{stem}{EXTENSION}"
        path.write_text(judged, encoding="utf-8")
        read_event(path, name, stem, paths.events, ids | {stem}, problems, today())
    return [
        p
        for p in problems.errors
        if not (unsourced and p.message == "an event file has no 'sources'")
    ]


def write_events(
    paths: SitePaths,
    out: Path,
    files: list[EventFile],
    *,
    dry_run: bool = False,
    by_year: bool = False,
    extra_ids: frozenset[str] = frozenset(),
) -> list[NewFile]:
    """Write each file under `out` (in YEAR/ folders when `by_year`), checked, never over
    another; an id the input did not give gets -2, -3… when it is taken."""
    found = discover(paths.root, paths.events, Problems())
    existing = {p.name[: -len(EXTENSION)]: p for p in found}
    taken = set(existing)
    if out.is_dir():
        taken |= {p.name[: -len(EXTENSION)] for p in out.rglob(f"*{EXTENSION}")}
    schema = paths.root / SCHEMA_PATH
    results: list[NewFile] = []
    for f in files:
        folder = out / f"{f.when.start.year:04d}" if by_year else out
        if f.id and f.id in taken:
            where = display_path(existing[f.id], paths.root) if f.id in existing else None
            results.append(NewFile(None, [error(
                f"the id '{f.id}' is already used by {where or 'another event of this input'}",
                "an event is imported once; remove the row, or give it another id",
            )]))  # fmt: skip
            continue
        stem = f.id or free_id(event_id(f.title, f.when.edtf()), taken)
        ref = None
        if schema.is_file():
            ref = Path(os.path.relpath(schema.absolute(), folder.absolute())).as_posix()
        text = render_file(f, ref)
        path = folder / f"{stem}{EXTENSION}"
        name = shown(paths, path)
        problems = validate(text, stem, name, paths, frozenset(taken | extra_ids), f.unsourced)
        taken.add(stem)
        if problems or dry_run:
            results.append(NewFile(None if problems else path, problems))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        while not create(path, text):  # a file appeared that the tree did not show
            if f.id:
                results.append(NewFile(None, [error(f"{name} exists", "")]))
                break
            stem = free_id(stem, taken)
            taken.add(stem)
            path = folder / f"{stem}{EXTENSION}"
        else:
            results.append(NewFile(path))
    return results


def create(path: Path, text: str) -> bool:
    try:
        with path.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(text)
    except FileExistsError:
        return False
    return True


def error(message: str, hint: str) -> Problem:
    return Problem(Position(""), Severity.ERROR, message, hint)
