"""Strict YAML reading: every scalar is text, every node keeps its position.

We drive PyYAML's event parser (libyaml's C parser when present) and build our
own small tree instead of letting a constructor guess types. That is where the
rules of the event format live:

* every scalar stays a string (`NO`, `12:30`, `0755`, `2019-01-23`);
* anchors, aliases and explicit tags (`!!python/object`, `!!set`, `!`) are refused,
  so an alias bomb is stopped at its first `*` and nothing is ever constructed;
* one document per file, nesting no deeper than the caller allows;
* duplicate keys are reported (the first one wins so checking can go on);
* the bytes must be UTF-8 without control characters, a BOM and CRLF are accepted,
  and the size is checked before anything is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from timeline.problems import Position, Problems

_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

DEFAULT_MAX_BYTES = 64 * 1024

# C0 controls but tab and line feed, DEL, C1 controls, the Unicode line and paragraph
# separators (YAML would count them as line breaks, editors do not), and the invisible
# bidirectional overrides/isolates that can make text display unlike its bytes.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class YScalar:
    value: str
    pos: Position


@dataclass(frozen=True)
class YSeq:
    items: tuple[Node, ...]
    pos: Position


@dataclass(frozen=True)
class YMap:
    """Keys in file order; a duplicate key is reported and its value dropped."""

    items: tuple[tuple[YScalar, Node], ...]
    pos: Position

    def get(self, key: str) -> Node | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None


Node = YScalar | YSeq | YMap

KIND_NAMES = {YScalar: "text", YSeq: "a list", YMap: "a mapping (key: value pairs)"}


class YamlError(Exception):
    """A problem that stops the reading of one file."""

    def __init__(self, pos: Position, message: str, hint: str = "") -> None:
        super().__init__(f"{pos}: {message}")
        self.pos = pos
        self.message = message
        self.hint = hint


def read_yaml_file(
    path: Path,
    shown: str,
    problems: Problems,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = 3,
) -> Node:
    """Read one file; raises YamlError for what makes the file unreadable."""
    data = read_limited(path, shown, max_bytes)
    return parse_text(decode(data, shown), shown, problems, max_depth=max_depth)


def read_limited(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refused (YamlError) when it cannot be read or is over `max_bytes`."""
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= max_bytes else b""
    except OSError as exc:
        raise YamlError(
            Position(shown),
            f"cannot read the file: {exc.strerror or exc}",
            "check that it is a readable file",
        ) from None
    if size > max_bytes:
        raise YamlError(
            Position(shown),
            f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes",
            "an event file holds one event; move long text out or split the event",
        )
    if len(data) > max_bytes:  # it grew between stat and read
        raise YamlError(Position(shown), f"file is over the limit of {max_bytes:,} bytes")
    return data


def decode(data: bytes, shown: str) -> str:
    """UTF-8 bytes → text with LF line ends; a BOM is dropped."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError(
            Position(shown, 1, 1),
            "file is UTF-16, not UTF-8",
            "save the file as UTF-8 (without BOM)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        before = data[:start].removeprefix(b"\xef\xbb\xbf")
        before = before.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlError(
            Position(shown, line, col),
            f"file is not valid UTF-8: byte 0x{data[start]:02X} at byte offset {start}",
            "save the file as UTF-8; this byte looks like Latin-1 or Windows-1252 text"
            if data[start] >= 0x80
            else "save the file as UTF-8",
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        idx = bad.start()
        line = text.count("\n", 0, idx) + 1
        col = idx - (text.rfind("\n", 0, idx) + 1) + 1
        raise YamlError(
            Position(shown, line, col),
            f"control character U+{ord(bad.group()):04X} is not allowed",
            "delete it; it is invisible in most editors (retype the text around it)",
        )
    return text


def _pos(shown: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(shown)
    return Position(shown, mark.line + 1, mark.column + 1)


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a value that contains ': ' must be put in quotes"),
    ("could not find expected ':'", "every line of a mapping needs 'key: value'"),
    ("did not find expected key", "check the indentation: keys at one level line up exactly"),
    ("did not find expected '-'", "list items at one level line up under each other"),
    ("while scanning a quoted scalar", "a quote was opened and not closed"),
    ("found unexpected end of stream", "something was opened and not closed"),
    ("cannot start any token", "YAML indents with spaces, never tabs; '@' and '`' need quotes"),
    ("tab character", "YAML indents with spaces, never tabs"),
    ("while parsing a flow sequence", "a '[' list is not closed with ']' on the same line"),
    ("while parsing a flow mapping", "a '{' is not closed with '}'"),
)
_FALLBACK_HINT = "check this line and the one before it for a missing quote, colon or space"


def _syntax_error(shown: str, exc: yaml.MarkedYAMLError) -> YamlError:
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    hint = next((h for key, h in _SYNTAX_HINTS if key in problem or key in context), _FALLBACK_HINT)
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    # An unclosed quote or bracket is found at the end; point where it was opened.
    opened = context.startswith(("while scanning a quoted", "while parsing a flow"))
    mark = exc.context_mark if opened and exc.context_mark else exc.problem_mark
    return YamlError(_pos(shown, mark or exc.context_mark), message, hint)


class _Frame:
    __slots__ = ("items", "key", "keys", "pos", "seq", "skip")

    def __init__(self, seq: bool, pos: Position) -> None:
        self.seq = seq
        self.pos = pos
        self.items: list = []
        self.key: YScalar | None = None
        self.keys: dict[str, Position] = {}
        self.skip = False


_OPENING = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def parse_text(text: str, shown: str, problems: Problems, *, max_depth: int = 3) -> Node:
    """Build the node tree of a one-document YAML text."""
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        if top.seq:
            top.items.append(node)
        elif top.key is None:
            if type(node) is not YScalar:
                raise YamlError(node.pos, "a key must be plain text", "write 'key: value'")
            first = top.keys.get(node.value)
            if first is not None:
                problems.error(
                    node.pos,
                    f"duplicate key '{node.value}' (first given on line {first.line})",
                    f"remove one of the two '{node.value}:' lines",
                )
                top.skip = True
            else:
                top.keys[node.value] = node.pos
            top.key = node
        else:
            if not top.skip:
                top.items.append((top.key, node))
            top.key = None
            top.skip = False

    # A file's ~50 events each take a step here: dispatched on their exact class, and
    # given a position only when they open a node or are refused.
    try:
        for event in yaml.parse(text, Loader=_Parser):
            kind = type(event)
            if kind in _OPENING:
                mark = event.start_mark
                pos = Position(shown, mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    raise YamlError(
                        pos,
                        f"YAML anchor '&{event.anchor}' is not allowed",
                        "write values out in full; anchors and aliases are refused",
                    )
                if event.tag is not None:
                    shown_tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                    raise YamlError(
                        pos,
                        f"YAML tag '{shown_tag}' is not allowed",
                        "remove the tag; every value is read as text",
                    )
                if kind is yaml.ScalarEvent:
                    if event.style == '"' and (bad := _FORBIDDEN.search(event.value)):
                        # The file's own characters were checked; a quoted escape makes
                        # new ones.
                        raise YamlError(
                            pos,
                            f"an escape in this quoted text makes control character "
                            f"U+{ord(bad.group()):04X}, which is not allowed",
                            "remove the escape (\\0, \\x…, \\u…) from the text",
                        )
                    attach(YScalar(event.value, pos))
                    continue
                if len(stack) >= max_depth:
                    raise YamlError(
                        pos,
                        f"nesting is deeper than this file's format allows (at most {max_depth})",
                        "check the indentation of this line",
                    )
                stack.append(_Frame(kind is yaml.SequenceStartEvent, pos))
            elif kind is yaml.MappingEndEvent:
                frame = stack.pop()
                attach(YMap(tuple(frame.items), frame.pos))
            elif kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                attach(YSeq(tuple(frame.items), frame.pos))
            elif kind is yaml.AliasEvent:
                raise YamlError(
                    _pos(shown, event.start_mark),
                    f"YAML alias '*{event.anchor}' is not allowed",
                    "write the value out in full; anchors and aliases are refused",
                )
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlError(
                        _pos(shown, event.start_mark),
                        "more than one YAML document in the file",
                        "one file holds one event; remove the '---' line and what follows",
                    )
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(shown, exc) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks for all we feed it
        raise YamlError(Position(shown), f"YAML error: {exc}") from None

    if root is None or (isinstance(root, YScalar) and root.value.strip() == ""):
        raise YamlError(
            Position(shown, 1, 1),
            "file is empty",
            "an event file needs at least title, date and sources",
        )
    return root


def plain(node: Node) -> str | list | dict:
    """The node as plain Python data (for JSON tools); duplicate keys were already dropped."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    return {k.value: plain(v) for k, v in node.items}
