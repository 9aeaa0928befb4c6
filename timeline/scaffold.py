"""`new`: a valid event file with the right name, and TODOs that `check` names."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from timeline.dates import DateError, parse_date
from timeline.editor_schema import SCHEMA_PATH
from timeline.editor_schema import render as render_schema
from timeline.load import EXTENSION, discover, read_event
from timeline.markup import check_url
from timeline.model import ID_MAX, suggest_id
from timeline.problems import Problems
from timeline.schema import PLACEHOLDER

_PLAIN = re.compile(r"[^\W_][\w .,'’()/-]*", re.UNICODE)


class ScaffoldError(Exception):
    """Something on the command line makes the file impossible (exit code 2)."""


class IdTaken(Exception):
    """The event's id is already used (exit code 1)."""


@dataclass(frozen=True)
class NewEvent:
    title: str
    date: str
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def yaml_text(value: str, *, in_list: bool = False) -> str:
    """The value as a YAML scalar that reads back as exactly this text."""
    plain = _PLAIN.fullmatch(value) and not value.endswith(" ")
    if plain and not (in_list and "," in value) and value != PLACEHOLDER:
        return value
    return json.dumps(value, ensure_ascii=False)


def event_id(title: str, date_text: str) -> str:
    day = parse_date(date_text).start.html()[:10]
    room = ID_MAX - len(day) - 1
    slug = suggest_id(title)[:room].rstrip("-")
    if "-" in slug and len(suggest_id(title)) > room:
        slug = slug.rsplit("-", 1)[0]  # cut at a word boundary
    if not slug:  # a title with no Latin letters: a short, stable stand-in
        slug = "event-" + hashlib.sha256(title.strip().encode()).hexdigest()[:8]
    return f"{day}-{slug}"


def render_event(new: NewEvent, schema_ref: str) -> str:
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# Write every value in your own words and link the articles that report the event.",
        "# `python build.py check` names each TODO still to fill in; CONTRIBUTING.md explains",
        "# every field. Delete the optional lines you do not need (place, tags, actors).",
        f"title: {yaml_text(new.title)}",
        f"date: {new.date}",
        f"place: {PLACEHOLDER} where it happened",
        "summary: |",
        f"  {PLACEHOLDER} what happened, in two or three sentences of your own words.",
        "status: confirmed",
    ]
    if new.tags:
        lines.append("tags: [" + ", ".join(yaml_text(t, in_list=True) for t in new.tags) + "]")
    if new.actors:
        lines.append("actors: [" + ", ".join(yaml_text(a, in_list=True) for a in new.actors) + "]")
    lines.append("sources:")
    for url in new.sources or (f"{PLACEHOLDER} https://… the article's address",):
        lines += [
            f"  - url: {url}",
            f"    title: {PLACEHOLDER} the article's headline",
            f"    publisher: {PLACEHOLDER} who published it",
            f"    published: {PLACEHOLDER} YYYY-MM-DD",
        ]
    return "\n".join(lines) + "\n"


def create_event(root: Path, new: NewEvent) -> Path:
    """Write the file under events/<year>/ and keep the editor schema beside the site."""
    if not new.title.strip():
        raise ScaffoldError("--title is empty: say in a few words what happened")
    if "\n" in new.title:
        raise ScaffoldError("--title must be one line of text")
    try:
        parsed = parse_date(new.date)
    except DateError as exc:
        raise ScaffoldError(f"--date: {exc.message} ({exc.hint})") from None
    for url in new.sources:
        found = check_url(url)
        if found:
            raise ScaffoldError(f"--source: {found[0]} ({found[1]})")
    events = root / "events"
    ident = event_id(new.title, new.date)
    for existing in discover(root, events, Problems()):
        if existing.name == ident + EXTENSION:
            raise IdTaken(
                f"the id {ident} is already used by {existing.relative_to(root).as_posix()}; "
                "give the event a more specific --title"
            )
    folder = events / f"{parsed.start.year:04d}"
    path = folder / f"{ident}{EXTENSION}"
    ref = Path("../" * len(path.relative_to(root).parts[:-1]), SCHEMA_PATH).as_posix()
    text = render_event(new, ref)
    wrong = first_error(text, ident)
    if wrong:
        raise ScaffoldError(wrong)
    schema_file = root / SCHEMA_PATH
    schema_file.parent.mkdir(parents=True, exist_ok=True)
    schema = render_schema()
    if not schema_file.is_file() or schema_file.read_text("utf-8") != schema:
        schema_file.write_text(schema, "utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite
        handle.write(text)
    return path


_OPTIONS = {"title:": "--title", "tags:": "--tag", "actors:": "--actor", "  - url:": "--source"}


def first_error(text: str, ident: str) -> str | None:
    """The loader's first error in the new file but its TODOs, named by the option that
    gave the value (an empty --tag, an --actor without letters, a title too long)."""
    from timeline.site import today  # imported when needed: site imports the pipeline's parts

    problems = Problems()
    with tempfile.TemporaryDirectory(prefix="timeline-") as tmp:
        path = Path(tmp) / f"{ident}{EXTENSION}"
        path.write_text(text, "utf-8")
        read_event(path, path.name, ident, Path(tmp), frozenset({ident}), problems, today())
    lines = text.splitlines()
    for p in problems.errors:
        if p.message.endswith("still says TODO"):
            continue
        line = lines[p.pos.line - 1] if 0 < p.pos.line <= len(lines) else ""
        option = next((o for key, o in _OPTIONS.items() if line.startswith(key)), "the file")
        return f"{option}: {p.message}" + (f" ({p.hint})" if p.hint else "")
    return None
