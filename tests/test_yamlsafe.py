"""Unit tests of timeline/yamlsafe.py: strict YAML reading with exact messages and positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeline.problems import Position, Problems
from timeline.yamlsafe import (
    DEFAULT_MAX_BYTES,
    YamlError,
    YMap,
    YScalar,
    YSeq,
    decode,
    parse_text,
    read_yaml_file,
)

SHOWN = "events/x.yaml"

ANCHOR_HINT = "write values out in full; anchors and aliases are refused"
ALIAS_HINT = "write the value out in full; anchors and aliases are refused"
TAG_HINT = "remove the tag; every value is read as text"
CONTROL_HINT = "delete it; it is invisible in most editors (retype the text around it)"
LATIN1_HINT = "save the file as UTF-8; this byte looks like Latin-1 or Windows-1252 text"
EMPTY_HINT = "an event file needs at least title, date and sources"
TAB_HINT = "YAML indents with spaces, never tabs; '@' and '`' need quotes"


def pos(line: int, col: int) -> Position:
    return Position(SHOWN, line, col)


def parse(text: str, *, max_depth: int = 3) -> tuple[object, list[tuple[str, str, str]]]:
    problems = Problems()
    node = parse_text(text, SHOWN, problems, max_depth=max_depth)
    return node, [(str(p.pos), p.message, p.hint) for p in problems.sorted()]


def refused(text: str, *, max_depth: int = 3) -> YamlError:
    problems = Problems()
    with pytest.raises(YamlError) as info:
        parse_text(text, SHOWN, problems, max_depth=max_depth)
    return info.value


def refused_bytes(data: bytes) -> YamlError:
    with pytest.raises(YamlError) as info:
        decode(data, SHOWN)
    return info.value


def plain(node: object) -> object:
    """A node as plain Python values (positions dropped)."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [plain(n) for n in node.items]
    assert isinstance(node, YMap)
    return {k.value: plain(v) for k, v in node.items}


# -- every scalar stays text ---------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["NO", "yes", "on", "off", "true", "12:30", "0755", "0x1F", "2019-01-23", "~", "null",
     "1e3", ".inf", "-.inf", ".nan", "3.14", "1_000", "<<", "="],
)  # fmt: skip
def test_every_scalar_stays_the_text_written(written: str) -> None:
    node, problems = parse(f"value: {written}\n")
    assert problems == []
    assert isinstance(node, YMap)
    value = node.get("value")
    assert value == YScalar(written, pos(1, 8))
    assert type(value.value) is str


def test_scalars_stay_text_with_their_positions() -> None:
    text = "a: NO\nb: yes\nc: 12:30\nd: 0755\ne: 2019-01-23\nf: ~\ng: null\nh: 1e3\ni: .inf\n"
    node, problems = parse(text)
    assert problems == []
    assert node == YMap(
        tuple(
            (YScalar(key, pos(n, 1)), YScalar(value, pos(n, 4)))
            for n, (key, value) in enumerate(
                [("a", "NO"), ("b", "yes"), ("c", "12:30"), ("d", "0755"), ("e", "2019-01-23"),
                 ("f", "~"), ("g", "null"), ("h", "1e3"), ("i", ".inf")],
                start=1,
            )
        ),
        pos(1, 1),
    )  # fmt: skip


def test_an_empty_value_is_empty_text_not_none() -> None:
    node, problems = parse("a:\nb: ''\n")
    assert problems == []
    assert node == YMap(
        ((YScalar("a", pos(1, 1)), YScalar("", pos(1, 3))),
         (YScalar("b", pos(2, 1)), YScalar("", pos(2, 4)))),
        pos(1, 1),
    )  # fmt: skip


def test_lists_and_mappings_keep_positions() -> None:
    node, problems = parse("tags:\n  - a\n  - b\nmedia:\n  src: x\n")
    assert problems == []
    assert node == YMap(
        (
            (YScalar("tags", pos(1, 1)),
             YSeq((YScalar("a", pos(2, 5)), YScalar("b", pos(3, 5))), pos(2, 3))),
            (YScalar("media", pos(4, 1)),
             YMap(((YScalar("src", pos(5, 3)), YScalar("x", pos(5, 8))),), pos(5, 3))),
        ),
        pos(1, 1),
    )  # fmt: skip
    assert isinstance(node, YMap)
    assert node.get("missing") is None


def test_explicit_document_markers_of_one_document_are_fine() -> None:
    node, problems = parse("---\na: 1\n...\n")
    assert problems == []
    assert plain(node) == {"a": "1"}
    assert isinstance(node, YMap)
    assert node.pos == pos(2, 1)


# -- duplicate keys --------------------------------------------------------------------------


def test_duplicate_key_is_reported_and_the_first_wins() -> None:
    node, problems = parse("a: 1\nb: 2\nb: 3\nc: 4\n")
    assert plain(node) == {"a": "1", "b": "2", "c": "4"}
    assert problems == [
        ("events/x.yaml:3:1", "duplicate key 'b' (first given on line 2)",
         "remove one of the two 'b:' lines"),
    ]  # fmt: skip


def test_duplicate_keys_checking_goes_on_through_the_whole_file() -> None:
    text = "a: 1\nb:\n  c: 1\n  c: 2\na:\n  - x\nd: 4\na: 5\n"
    node, problems = parse(text)
    # the first 'a' wins, its duplicate's list is dropped; later keys are still read
    assert plain(node) == {"a": "1", "b": {"c": "1"}, "d": "4"}
    assert isinstance(node, YMap)
    assert node.get("d") == YScalar("4", pos(7, 4))
    assert problems == [
        ("events/x.yaml:4:3", "duplicate key 'c' (first given on line 3)",
         "remove one of the two 'c:' lines"),
        ("events/x.yaml:5:1", "duplicate key 'a' (first given on line 1)",
         "remove one of the two 'a:' lines"),
        ("events/x.yaml:8:1", "duplicate key 'a' (first given on line 1)",
         "remove one of the two 'a:' lines"),
    ]  # fmt: skip


def test_a_quoted_key_is_the_same_key() -> None:
    node, problems = parse("'a': 1\n\"a\": 2\n")
    assert plain(node) == {"a": "1"}
    assert problems == [
        ("events/x.yaml:2:1", "duplicate key 'a' (first given on line 1)",
         "remove one of the two 'a:' lines"),
    ]  # fmt: skip


def test_a_key_must_be_text() -> None:
    err = refused("[a]: 1\n")
    assert (err.pos, err.message, err.hint) == (
        pos(1, 1),
        "a key must be plain text",
        "write 'key: value'",
    )


# -- anchors, aliases, tags ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "message", "hint"),
    [
        ("a: &x 1\nb: *x\n", 1, 4, "YAML anchor '&x' is not allowed", ANCHOR_HINT),
        ("title: t\nlist: &big [a, b]\n", 2, 7, "YAML anchor '&big' is not allowed", ANCHOR_HINT),
        ("&k a: 1\n", 1, 1, "YAML anchor '&k' is not allowed", ANCHOR_HINT),
        ("- &x [1]\n", 1, 3, "YAML anchor '&x' is not allowed", ANCHOR_HINT),
        ("a: 1\nb: *x\n", 2, 4, "YAML alias '*x' is not allowed", ALIAS_HINT),
        ("*k : 1\n", 1, 1, "YAML alias '*k' is not allowed", ALIAS_HINT),
        ("a:\n  - 1\n  - *x\n", 3, 5, "YAML alias '*x' is not allowed", ALIAS_HINT),
    ],
)
def test_anchors_and_aliases_are_refused(
    text: str, line: int, col: int, message: str, hint: str
) -> None:
    err = refused(text)
    assert (err.pos, err.message, err.hint) == (pos(line, col), message, hint)
    assert str(err) == f"events/x.yaml:{line}:{col}: {message}"


@pytest.mark.parametrize(
    ("text", "line", "col", "shown_tag"),
    [
        ("a: !!python/object/apply:os.system [echo hacked]\n", 1, 4,
         "!!python/object/apply:os.system"),
        ("title: t\ntags: !!set\n  ? a\n", 2, 7, "!!set"),
        ("a: !!binary aGVsbG8=\n", 1, 4, "!!binary"),
        ("a: !custom x\n", 1, 4, "!custom"),
        ("a: ! x\n", 1, 4, "!"),
        ("a:\n  - !!str x\n", 2, 5, "!!str"),
        ("!!map {a: 1}\n", 1, 1, "!!map"),
        ("a: !!map\n  b: 1\n", 1, 4, "!!map"),
    ],
)  # fmt: skip
def test_explicit_tags_are_refused(text: str, line: int, col: int, shown_tag: str) -> None:
    err = refused(text)
    assert (err.pos, err.message, err.hint) == (
        pos(line, col),
        f"YAML tag '{shown_tag}' is not allowed",
        TAG_HINT,
    )


# -- documents and nesting -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n---\nb: 2\n", 3), ("a: 1\n...\n---\nb: 2\n", 3)],
)
def test_a_second_document_is_refused(text: str, line: int) -> None:
    err = refused(text)
    assert (err.pos, err.message, err.hint) == (
        pos(line, 1),
        "more than one YAML document in the file",
        "one file holds one event; remove the '---' line and what follows",
    )


def test_nesting_up_to_max_depth_is_read() -> None:
    node, problems = parse("a:\n  b:\n    - c\n")
    assert problems == []
    assert plain(node) == {"a": {"b": ["c"]}}


@pytest.mark.parametrize(
    ("text", "max_depth", "line", "col"),
    [
        ("a:\n  b:\n    c:\n      d: 1\n", 3, 4, 7),
        ("a: [[[1]]]\n", 3, 1, 6),
        ("[" * 50 + "]" * 50 + "\n", 3, 1, 4),
        ("a: [[1]]\n", 2, 1, 5),
        ("a:\n  - x\n  - b: c\n", 2, 3, 5),
    ],
)
def test_nesting_deeper_than_max_depth_is_refused(
    text: str, max_depth: int, line: int, col: int
) -> None:
    err = refused(text, max_depth=max_depth)
    assert (err.pos, err.message, err.hint) == (
        pos(line, col),
        f"nesting is deeper than this file's format allows (at most {max_depth})",
        "check the indentation of this line",
    )


# -- empty files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "\n\n", "   \n", "# just a comment\n", "# one\n# two\n\n", "---\n", "''\n"]
)
def test_empty_and_comment_only_files_are_refused(text: str) -> None:
    err = refused(text)
    assert (err.pos, err.message, err.hint) == (pos(1, 1), "file is empty", EMPTY_HINT)


# -- syntax errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "col", "message", "hint"),
    [
        (
            "title: x\ndate:\n\tyear: 2019\n", 3, 1,
            "YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token)",
            TAB_HINT,
        ),
        (
            'title: "unclosed\ndate: 2019\n', 1, 8,
            "YAML syntax error: found unexpected end of stream "
            "(while scanning a quoted scalar)",
            "a quote was opened and not closed",
        ),
        (
            "title: 'unclosed\n", 1, 8,
            "YAML syntax error: found unexpected end of stream "
            "(while scanning a quoted scalar)",
            "a quote was opened and not closed",
        ),
        (
            "a: b: c\n", 1, 5,
            "YAML syntax error: mapping values are not allowed in this context",
            "a value that contains ': ' must be put in quotes",
        ),
        (
            "title: Lavrov: no intervention\n", 1, 14,
            "YAML syntax error: mapping values are not allowed in this context",
            "a value that contains ': ' must be put in quotes",
        ),
        (
            "tags:\n  - a\n - b\n", 3, 2,
            "YAML syntax error: did not find expected key (while parsing a block mapping)",
            "check the indentation: keys at one level line up exactly",
        ),
        (
            "- a\nb: 1\n", 2, 1,
            "YAML syntax error: did not find expected '-' indicator "
            "(while parsing a block collection)",
            "list items at one level line up under each other",
        ),
        (
            "title: @someone\n", 1, 8,
            "YAML syntax error: found character that cannot start any token "
            "(while scanning for the next token)",
            TAB_HINT,
        ),
    ],
)  # fmt: skip
def test_syntax_errors_have_a_position_and_a_hint(
    text: str, line: int, col: int, message: str, hint: str
) -> None:
    err = refused(text)
    assert (err.pos, err.message, err.hint) == (pos(line, col), message, hint)


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        # a tab-indented line inside a `summary: |` block
        ("summary: |\n  First line.\n\tSecond line.\n", 3, 1),
        # an unclosed flow list and mapping: reported where it was opened
        ("tags: [a, b\ndate: 2019\n", 1, 7),
        ("media: {src: x\ndate: 2019\n", 1, 8),
    ],
)
def test_other_syntax_errors_also_come_with_a_hint(text: str, line: int, col: int) -> None:
    err = refused(text)
    assert err.message.startswith("YAML syntax error: ")
    assert err.pos == pos(line, col)
    assert err.hint != "", f"no hint for {err.message!r}"


# -- decoding: encodings and control characters ---------------------------------------------


def test_decode_keeps_utf8_text() -> None:
    assert decode("title: Guaidó\n".encode(), SHOWN) == "title: Guaidó\n"


def test_latin1_byte_is_refused_with_its_offset_and_position() -> None:
    err = refused_bytes(b"title: Guaid\xf3\n")
    assert (err.pos, err.message, err.hint) == (
        pos(1, 13),
        "file is not valid UTF-8: byte 0xF3 at byte offset 12",
        LATIN1_HINT,
    )


def test_latin1_byte_on_a_later_line_counts_characters_not_bytes() -> None:
    data = "title: Guaidó\nplace: Caracas\nactors: [Juan Guaidó, ".encode() + b"Mar\xeda]\n"
    err = refused_bytes(data)
    assert (err.pos, err.message, err.hint) == (
        pos(3, 26),
        "file is not valid UTF-8: byte 0xED at byte offset 56",
        LATIN1_HINT,
    )


def test_latin1_byte_after_crlf_lines() -> None:
    err = refused_bytes(b"a: 1\r\nb: 2\r\ntitle: Guaid\xf3\r\n")
    assert (err.pos, err.message) == (
        pos(3, 13),
        "file is not valid UTF-8: byte 0xF3 at byte offset 24",
    )


def test_latin1_byte_after_a_utf8_bom_is_placed_where_the_editor_shows_it() -> None:
    # The BOM is invisible and not a column: 'Guaid' + the bad byte is column 13.
    err = refused_bytes(b"\xef\xbb\xbftitle: Guaid\xf3\n")
    assert (err.pos, err.message) == (
        pos(1, 13),
        "file is not valid UTF-8: byte 0xF3 at byte offset 15",
    )


def test_latin1_byte_after_old_mac_line_ends_is_on_its_line() -> None:
    # Lone CRs are accepted as line ends (decode turns them into LF), so lines count them.
    err = refused_bytes(b"a: 1\rtitle: Guaid\xf3\r")
    assert (err.pos, err.message) == (
        pos(2, 13),
        "file is not valid UTF-8: byte 0xF3 at byte offset 17",
    )


def test_a_truncated_utf8_sequence_is_refused() -> None:
    err = refused_bytes(b"a: caf\xc3")
    assert (err.pos, err.message) == (
        pos(1, 7),
        "file is not valid UTF-8: byte 0xC3 at byte offset 6",
    )


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_refused(bom: bytes) -> None:
    codec = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    err = refused_bytes(bom + "title: x\n".encode(codec))
    assert (err.pos, err.message, err.hint) == (
        pos(1, 1),
        "file is UTF-16, not UTF-8",
        "save the file as UTF-8 (without BOM)",
    )


@pytest.mark.parametrize(
    ("data", "line", "col", "code"),
    [
        (b"title: a\x00b\n", 1, 9, "0000"),
        (b"title: x\nplace: \x1b[31mred\n", 2, 8, "001B"),
        (b"a: 1\r\nb: 2\r\nc: \x1b\r\n", 3, 4, "001B"),
        (b"title: x\x7f\n", 1, 9, "007F"),
        (b"title: \x08\n", 1, 8, "0008"),
        (b"a\x0c: 1\n", 1, 2, "000C"),
        ("title: x\u0085y\n".encode(), 1, 9, "0085"),
        ("title: x\u009by\n".encode(), 1, 9, "009B"),
        ("title: Guaidó\nactors: [x\u202eevil]\n".encode(), 2, 11, "202E"),
        ("title: \u2066x\u2069\n".encode(), 1, 8, "2066"),
        ("\ufeffa: 1\nb: \x00\n".encode(), 2, 4, "0000"),
    ],
)
def test_control_characters_are_refused_with_their_position(
    data: bytes, line: int, col: int, code: str
) -> None:
    err = refused_bytes(data)
    assert (err.pos, err.message, err.hint) == (
        pos(line, col),
        f"control character U+{code} is not allowed",
        CONTROL_HINT,
    )


def test_tab_and_line_feed_are_not_control_errors() -> None:
    assert decode(b"a: x\ty\n", SHOWN) == "a: x\ty\n"


def test_bom_and_crlf_give_the_same_text_and_tree_as_lf() -> None:
    lf = "title: Guaidó\ndate: 2019-01-23\ntags:\n  - a\n  - b\nsummary: |\n  one\n  two\n"
    variants = [
        lf.encode(),
        b"\xef\xbb\xbf" + lf.encode(),
        lf.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode(),
    ]
    texts = [decode(v, SHOWN) for v in variants]
    assert texts == [lf] * 4
    trees = [parse(t) for t in texts]
    assert all(tree == trees[0] for tree in trees)
    node, problems = trees[0]
    assert problems == []
    assert isinstance(node, YMap)
    assert node.get("summary") == YScalar("one\ntwo\n", pos(6, 10))
    assert node.get("tags") == YSeq((YScalar("a", pos(4, 5)), YScalar("b", pos(5, 5))), pos(4, 3))


# -- read_yaml_file: the whole path from bytes on disk ---------------------------------------


def test_read_yaml_file_reads_a_bom_crlf_file_like_an_lf_file(tmp_path: Path) -> None:
    lf = "title: x\ndate: 2019\nsources:\n  - url: u\n"
    (tmp_path / "lf.yaml").write_bytes(lf.encode())
    (tmp_path / "crlf.yaml").write_bytes(b"\xef\xbb\xbf" + lf.replace("\n", "\r\n").encode())
    a = read_yaml_file(tmp_path / "lf.yaml", SHOWN, Problems())
    b = read_yaml_file(tmp_path / "crlf.yaml", SHOWN, Problems())
    assert a == b
    assert plain(a) == {"title": "x", "date": "2019", "sources": [{"url": "u"}]}


def test_read_yaml_file_collects_duplicate_keys_into_problems(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: a\ntitle: b\n", encoding="utf-8")
    problems = Problems()
    node = read_yaml_file(path, SHOWN, problems)
    assert plain(node) == {"title": "a"}
    assert [(str(p.pos), p.message) for p in problems.sorted()] == [
        ("events/x.yaml:2:1", "duplicate key 'title' (first given on line 1)")
    ]


def test_read_yaml_file_refuses_a_file_over_the_cap_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    # not UTF-8, full of control bytes, not YAML: only the size may be reported
    path.write_bytes(b"\xff\x00[{&*!" * (DEFAULT_MAX_BYTES // 7 + 1))
    size = path.stat().st_size
    assert size > DEFAULT_MAX_BYTES
    problems = Problems()
    with pytest.raises(YamlError) as info:
        read_yaml_file(path, SHOWN, problems)
    err = info.value
    assert (err.pos, err.message, err.hint) == (
        Position(SHOWN),
        f"file is {size:,} bytes, over the limit of 65,536 bytes",
        "an event file holds one event; move long text out or split the event",
    )
    assert len(problems) == 0


def test_read_yaml_file_size_cap_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    text = "title: " + "x" * 93 + "\n"
    assert len(text) == 101
    path.write_text(text, encoding="utf-8")
    assert plain(read_yaml_file(path, SHOWN, Problems(), max_bytes=101)) == {"title": "x" * 93}
    with pytest.raises(YamlError) as info:
        read_yaml_file(path, SHOWN, Problems(), max_bytes=100)
    assert info.value.message == "file is 101 bytes, over the limit of 100 bytes"


def test_read_yaml_file_reports_bad_bytes_with_their_position(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"title: x\nplace: Bogot\xe1\n")
    with pytest.raises(YamlError) as info:
        read_yaml_file(path, SHOWN, Problems())
    assert (info.value.pos, info.value.message) == (
        pos(2, 13),
        "file is not valid UTF-8: byte 0xE1 at byte offset 21",
    )


def test_read_yaml_file_passes_max_depth_on(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("title: x\nlinks:\n  - a\n", encoding="utf-8")
    with pytest.raises(YamlError) as info:
        read_yaml_file(path, "site.yaml", Problems(), max_depth=1)
    assert info.value.pos == Position("site.yaml", 3, 3)


def test_read_yaml_file_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"")
    with pytest.raises(YamlError) as info:
        read_yaml_file(path, SHOWN, Problems())
    assert (info.value.pos, info.value.message) == (pos(1, 1), "file is empty")


def test_read_yaml_file_refuses_an_alias_bomb_at_its_first_anchor(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        prev, cur = chr(ord("a") + n - 1), chr(ord("a") + n)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(YamlError) as info:
        read_yaml_file(path, SHOWN, Problems())
    assert (info.value.pos, info.value.message) == (pos(1, 4), "YAML anchor '&a' is not allowed")


@pytest.mark.parametrize(
    ("text", "col", "code"),
    [
        ('title: "a \\0 b"\n', 8, "0000"),
        ('title: "a \\x1b[31m"\n', 8, "001B"),
        ('tags: ["ok", "\\u202e reversed"]\n', 14, "202E"),
        ('summary: "one\\u2028two"\n', 10, "2028"),
    ],
)
def test_control_characters_made_by_quoted_escapes_are_refused(
    text: str, col: int, code: str
) -> None:
    """The file's own bytes are clean, but a double-quoted escape makes the character:
    refused the same, at the quoted text (nothing can smuggle NUL into a page)."""
    err = refused(text)
    assert (err.pos, err.message) == (
        pos(1, col),
        f"an escape in this quoted text makes control character U+{code}, which is not allowed",
    )
    assert err.hint == "remove the escape (\\0, \\x…, \\u…) from the text"


def test_quoted_tab_and_newline_escapes_are_fine() -> None:
    node, problems = parse('a: "x\\ty\\nz"\n')
    assert problems == []
    assert node.items[0][1].value == "x\ty\nz"  # type: ignore[attr-defined]
