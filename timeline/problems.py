"""Problems found in content: where, how bad, what is wrong, and how to fix it.

Every stage that reads contributor files reports through `Problem`, never by
raising, so that one pass can list everything that is wrong.
"""

from __future__ import annotations

import json
import os
import re
from enum import StrEnum
from pathlib import Path

from timeline.frozen import record


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@record(order=True)
class Position:
    """A place in a file: 1-based line and column; a whole file is at its start, 1:1."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@record
class Problem:
    pos: Position
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int]:
        """By file and place; problems at one place keep the order they were found in."""
        return (self.pos.path, self.pos.line, self.pos.col)


class Problems:
    """An append-only collector handed down the pipeline."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, pos: Position, message: str, hint: str = "") -> None:
        self._items.append(Problem(pos, Severity.ERROR, message, hint))

    def warning(self, pos: Position, message: str, hint: str = "") -> None:
        self._items.append(Problem(pos, Severity.WARNING, message, hint))

    def add(self, problem: Problem) -> None:
        self._items.append(problem)

    def extend(self, other: Problems) -> None:
        self._items.extend(other._items)

    def extend_with(self, found: tuple[Problem, ...] | list[Problem]) -> None:
        self._items.extend(found)

    def sorted(self) -> list[Problem]:
        return sorted(self._items, key=Problem.sort_key)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if not p.is_error]

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def display_path(path: Path | str, root: Path) -> str:
    """The path a contributor knows: relative to the site root, with '/'.

    Bytes that are not UTF-8 and control characters are shown escaped
    (`caf\\xe9.yaml`), so a file name cannot break or forge report lines.
    """
    full, base = str(path), str(root)
    if full.startswith(base + os.sep) and base:  # the quick way for paths under the root
        text = full[len(base) + 1 :].replace(os.sep, "/")
    elif base == "." and not os.path.isabs(full) and not full.startswith(".."):
        text = full.replace(os.sep, "/")  # `--root .`: Path("./events") is "events"
    else:
        try:
            text = Path(path).relative_to(root).as_posix()
        except ValueError:
            text = Path(path).as_posix()
    return printable(text)


def printable(text: str) -> str:
    if text.isprintable() and text.isascii():
        return text  # nothing to escape
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def format_text(problems: list[Problem]) -> str:
    """`path:line:col: error: message` then an indented hint; errors first."""
    lines: list[str] = []
    ordered = [p for p in problems if p.is_error] + [p for p in problems if not p.is_error]
    for p in ordered:
        lines.append(f"{p.pos}: {p.severity.value}: {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    return "\n".join(lines)


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the pull request's lines."""
    lines = []
    for p in problems:
        props = f"file={_gh_escape(p.pos.path, prop=True)},line={p.pos.line},col={p.pos.col}"
        body = p.message + (f" (hint: {p.hint})" if p.hint else "")
        lines.append(f"::{p.severity.value} {props}::{_gh_escape(body)}")
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    return json.dumps(
        [
            {
                "path": p.pos.path,
                "line": p.pos.line,
                "col": p.pos.col,
                "severity": p.severity.value,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
        ensure_ascii=False,
        indent=2,
    )


def os_error(exc: OSError) -> str:
    """An error of the system as a person reads it: 'No space left on device' (with the
    file's name when it has one), never '[Errno 28] …'."""
    if not exc.strerror:
        return str(exc)
    return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
