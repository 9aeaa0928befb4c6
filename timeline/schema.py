"""The shape of our YAML files, declared once.

The loader checks files against these tables (unknown keys, required keys, the
kind of each value); the documentation and, later, the editor's JSON Schema are
made from the same tables so they cannot drift apart.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from timeline.problems import Problems
from timeline.yamlsafe import KIND_NAMES, Node, YMap, YScalar, YSeq


@dataclass(frozen=True)
class Field:
    name: str
    kind: type  # YScalar, YSeq or YMap
    required: bool = False
    doc: str = ""
    example: str = ""


def fields(*items: Field) -> dict[str, Field]:
    return {f.name: f for f in items}


STATUSES = ("confirmed", "reported", "claimed", "disputed", "retracted", "draft")

EVENT = fields(
    Field("title", YScalar, True, "what happened, in one line of plain text",
          "Guaidó sworn in as interim president"),
    Field("date", YScalar, True, "when: YYYY, YYYY-MM, YYYY-MM-DD, a time with offset, "
          "~ approximate, ? uncertain, or START/END", "2019-01-23"),
    Field("end", YScalar, False, "the last day of a span (same grammar as date)", "2019-01-25"),
    Field("place", YScalar, False, "where, as text", "Caracas, Venezuela"),
    Field("summary", YScalar, False, "Markdown, in our own words", "Opposition leader …"),
    Field("status", YScalar, False, "one of: " + ", ".join(STATUSES) + " (default confirmed)",
          "confirmed"),
    Field("claimed_by", YScalar, False, "who makes the claim, for status claimed or disputed",
          "Reuters (unnamed sources)"),
    Field("tags", YSeq, False, "topics, a list", "[recognition, diplomacy]"),
    Field("actors", YSeq, False, "people and organisations, a list", "[Juan Guaidó]"),
    Field("related", YSeq, False, "ids of related events, a list",
          "[2019-01-23-us-recognizes-guaido]"),
    Field("sources", YSeq, True, "the articles that report it, at least one", ""),
    Field("media", YMap, False, "one picture: src, alt, caption, credit", ""),
    Field("corrections", YSeq, False, "published corrections: date and note", ""),
)  # fmt: skip

SOURCE = fields(
    Field("url", YScalar, True, "the article's http(s) address", "https://www.example.org/a/"),
    Field("title", YScalar, True, "the article's headline", "Article headline"),
    Field("publisher", YScalar, True, "who published it", "Example News"),
    Field("published", YScalar, False, "publication date (same grammar as date)", "2019-01-25"),
    Field("archive", YScalar, False, "an archived copy's address", "https://web.archive.org/…"),
)  # fmt: skip

MEDIA = fields(
    Field("src", YScalar, True, "an https address or a path under events/media/",
          "media/guaido-crowd.jpg"),
    Field("alt", YScalar, True, "what the picture shows, for readers who cannot see it", ""),
    Field("caption", YScalar, False, "the caption shown under it", ""),
    Field("credit", YScalar, False, "who made it", ""),
)  # fmt: skip

CORRECTION = fields(
    Field("date", YScalar, True, "when the correction was made, YYYY-MM-DD", "2019-02-01"),
    Field("note", YScalar, True, "what was wrong and what changed", ""),
)


def kind_name(kind: type) -> str:
    return KIND_NAMES[kind]


def check_mapping(
    node: Node, table: dict[str, Field], problems: Problems, what: str
) -> dict[str, Node] | None:
    """Check keys and value kinds of a mapping against `table`.

    Returns the well-formed entries, or None if `node` is not a mapping at all.
    Every unknown key, missing key and wrong kind is reported.
    """
    if not isinstance(node, YMap):
        problems.error(
            node.pos,
            f"{what} must be {kind_name(YMap)}, not {kind_name(type(node))}",
            "write one 'key: value' per line",
        )
        return None
    good: dict[str, Node] = {}
    for key, value in node.items:
        spec = table.get(key.value)
        if spec is None:
            problems.error(key.pos, f"unknown key '{key.value}' in {what}", suggest(key, table))
            continue
        if not isinstance(value, spec.kind):
            problems.error(
                value.pos,
                f"'{key.value}' must be {kind_name(spec.kind)}, not {kind_name(type(value))}",
                example_of(spec),
            )
            continue
        good[key.value] = value
    for spec in table.values():
        if spec.required and spec.name not in good and node.get(spec.name) is None:
            problems.error(
                node.pos, f"{what} has no '{spec.name}'", f"add '{spec.name}:' — {spec.doc}"
            )
    return good


def suggest(key: YScalar, table: dict[str, Field]) -> str:
    close = difflib.get_close_matches(key.value.lower(), list(table), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "allowed keys: " + ", ".join(table)


def example_of(spec: Field) -> str:
    if spec.kind is YSeq:
        return f"write a list, e.g. {spec.name}: {spec.example or '[…]'}" + (
            "" if spec.example else " or one '- item' per line"
        )
    if spec.kind is YMap:
        return f"write '{spec.name}:' and its keys indented on the lines below"
    return f"write one line of text, e.g. {spec.name}: {spec.example}" if spec.example else ""


SITE = fields(
    Field("title", YScalar, False, "the site's name (default: Chronology)", "Venezuela 2019"),
    Field("description", YScalar, False, "one sentence about the chronology (default: empty)",
          "A sourced chronology of the 2019 Venezuelan presidential crisis"),
    Field("base_url", YScalar, False, "the public address the site is served from, for "
          "canonical links (default: / — links stay relative)", "https://example.org/venezuela/"),
    Field("language", YScalar, False, "the language of the pages, a BCP 47 tag (default: en)",
          "en"),
    Field("repository", YScalar, False, "the web address of the site's git repository; turns "
          "on 'edit this event' and history links (default: none)",
          "https://github.com/example/venezuela-timeline"),
    Field("branch", YScalar, False, "the repository's branch for edit links (default: main)",
          "main"),
)  # fmt: skip
