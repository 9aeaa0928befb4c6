"""Where a character of a YAML text is written in its file (for problems found in a
summary's Markdown): YAML keeps where a text starts, not where each of its characters is."""

from __future__ import annotations

import re
from pathlib import Path

from timeline.problems import Position
from timeline.yamlsafe import YamlError, decode


def locate(path: Path, shown: str, start: Position, value: str, at: int | None) -> Position:
    """Where the character at index `at` of a text's `value` is written in the file, the
    text being written from `start` on; `start` when that cannot be told (`at` is None,
    or the file does not read as the value).

    The file is read again (this runs only for a problem): YAML keeps a text's start, not
    where each of its characters is. A block text (`|`, `>`) begins on the next line, a
    quoted one after its quote; from there the file's characters are matched to the
    value's one by one, its lines' indentation, folded line breaks, `''` in single quotes
    and escapes in double quotes taken into account. A blank in `value` has no one place,
    so the next character that is not blank is placed.
    """
    if at is None:
        return start
    at += len(value[at:]) - len(value[at:].lstrip())
    if at >= len(value):
        return start
    try:
        lines = decode(path.read_bytes(), shown).split("\n")
    except (OSError, YamlError):
        return start
    found = _written_at(lines, start.line - 1, start.col - 1, value, at)
    return start if found is None else Position(shown, found[0] + 1, found[1] + 1)


# Double-quoted escapes of one character ("\t" is a tab); "\x", "\u", "\U" take hex digits.
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def _escape(line: str, c: int) -> tuple[str, int]:
    """The character that the escape at `line[c]` (a backslash) makes, and its width."""
    kind = line[c + 1]
    digits = _HEX_DIGITS.get(kind, 0)
    code = line[c + 2 : c + 2 + digits]
    if digits and re.fullmatch(f"[0-9a-fA-F]{{{digits}}}", code):
        return chr(int(code, 16)), 2 + digits
    return _ESCAPES.get(kind, ""), 2


def _written_at(lines: list[str], n: int, c: int, value: str, at: int) -> tuple[int, int] | None:
    """(line, column), from 0, of `value[at]` in `lines`, the text starting at line `n`,
    column `c`; None when the lines do not read as `value` up to there."""
    if n >= len(lines) or c >= len(lines[n]):
        return None
    quote = lines[n][c] if lines[n][c] in "'\"" else ""
    if lines[n][c] in "|>":
        n, c = n + 1, 0  # a block text's lines follow its header
    elif quote:
        c += 1
    p = 0
    while n < len(lines):
        line = lines[n]
        while c < len(line) and line[c] in " \t":
            c += 1  # indentation, or blanks that a folded line break took
        while p < len(value) and value[p] in " \t\n":
            p += 1
        while c < len(line) and p < len(value):
            char, width = line[c], 1
            if quote and char == quote:
                if quote == '"' or line[c + 1 : c + 2] != "'":
                    return None  # the text ends here
                width = 2
            elif quote == '"' and char == "\\":
                if c + 1 == len(line):
                    break  # an escaped line break: nothing in the value
                char, width = _escape(line, c)
            elif char != value[p] and not line[c:].strip():
                break  # blanks before a folded line break
            if char != value[p]:
                return None
            if p == at:
                return n, c
            p += 1
            c += width
        if p >= len(value):
            return None
        n, c = n + 1, 0
    return None
