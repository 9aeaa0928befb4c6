"""The shape of our YAML files, declared once.

The loader checks files against these tables (unknown keys, required keys, the
kind of each value); the documentation and, later, the editor's JSON Schema are
made from the same tables so they cannot drift apart.
"""

from __future__ import annotations

import difflib
import re
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
    # What the text means, for the editor schema: text, line, markdown, date, point, day,
    # url, src, status, id. For a list: the form of its items, or the table of its mappings.
    form: str = "line"
    items: str | dict[str, Field] | None = None
    # Optional, but its absence is a warning (an event's summary, a source's date).
    expected: bool = False


def fields(*items: Field) -> dict[str, Field]:
    return {f.name: f for f in items}


# The longest text each value may hold, in characters.
LIMITS = {
    "title": 200, "place": 120, "summary": 5000, "claimed_by": 200, "tag": 60,
    "actor": 100, "source title": 300, "publisher": 120, "note": 2000, "alt": 300,
    "caption": 500, "credit": 200, "url": 2000,
}  # fmt: skip

# The most entries each list may hold. Each tag and actor has a page that shows its
# events with all their terms: one file of 9,000 tags made 9,000 pages of 1 MB each.
ENTRIES = {"tags": 30, "actors": 50, "related": 50, "sources": 50, "corrections": 50}

STATUSES = ("confirmed", "reported", "claimed", "disputed", "retracted", "draft")
# What readers see for each status, in pages and exports alike; a confirmed event has none.
STATUS_LABELS = {
    "reported": "Reported",
    "claimed": "Claim, not confirmed",
    "disputed": "Disputed",
    "retracted": "Retracted",
    "draft": "Draft, not published",
}


SOURCE = fields(
    Field("url", YScalar, True, "the article's http(s) address", "https://www.example.org/a/",
          "url"),
    Field("title", YScalar, True, "the article's headline", "Article headline"),
    Field("publisher", YScalar, True, "who published it", "Example News"),
    Field("published", YScalar, False, "the date it was published, e.g. 2019-01-25", "2019-01-25",
          "point", expected=True),
    Field("archive", YScalar, False, "an archived copy's address", "https://web.archive.org/…",
          "url"),
)  # fmt: skip

MEDIA = fields(
    Field("src", YScalar, True, "an https address or a path under events/media/",
          "media/guaido-crowd.jpg", "src"),
    Field("alt", YScalar, True, "what the picture shows, for readers who cannot see it", ""),
    Field("caption", YScalar, False, "the caption shown under it", "", "text"),
    Field("credit", YScalar, False, "who made it", ""),
)  # fmt: skip

CORRECTION = fields(
    Field("date", YScalar, True, "when the correction was made, YYYY-MM-DD", "2019-02-01", "day"),
    Field("note", YScalar, True, "what was wrong and what changed", "", "text"),
)

EVENT = fields(
    Field("title", YScalar, True, "what happened, in one line of plain text",
          "Guaidó sworn in as interim president"),
    Field("date", YScalar, True, "when: YYYY, YYYY-MM, YYYY-MM-DD, a time with offset, "
          "~ approximate, ? uncertain, or START/END", "2019-01-23", "date"),
    Field("end", YScalar, False, "the last day of a span (same grammar as date)", "2019-01-25",
          "point"),
    Field("place", YScalar, False, "where it happened", "Caracas, Venezuela"),
    Field("summary", YScalar, False, "what happened, in Markdown and your own words",
          "Opposition leader …", "markdown", expected=True),
    Field("status", YScalar, False, "one of: " + ", ".join(STATUSES) + " (default confirmed)",
          "confirmed", "status"),
    Field("claimed_by", YScalar, False, "who makes the claim, for status claimed or disputed",
          "Reuters (unnamed sources)"),
    Field("tags", YSeq, False, "topics, a list", "[recognition, diplomacy]", items="line"),
    Field("actors", YSeq, False, "people and organisations, a list", "[Juan Guaidó]",
          items="line"),
    Field("related", YSeq, False, "ids of related events, a list",
          "[2019-01-23-us-recognizes-guaido]", items="id"),
    Field("sources", YSeq, True, "the articles that report it, at least one", "",
          items=SOURCE),
    Field("media", YMap, False, "one picture: src, alt, caption, credit", "", items=MEDIA),
    Field("corrections", YSeq, False, "published corrections: date and note", "",
          items=CORRECTION),
)  # fmt: skip


PLACEHOLDER = "TODO"  # what `new` leaves for the contributor to fill in


def is_placeholder(text: str) -> bool:
    return re.match(rf"{PLACEHOLDER}(\s|$)", text.strip()) is not None


def kind_name(kind: type) -> str:
    return KIND_NAMES[kind]


def check_mapping(
    node: Node, table: dict[str, Field], problems: Problems, what: str
) -> dict[str, Node] | None:
    """Check keys and value kinds of a mapping against `table`.

    Returns the well-formed entries, or None if `node` is not a mapping at all.
    Every unknown key, missing key and wrong kind is reported; an unknown key that is
    the misspelling of a missing required or expected key is one problem, at the
    misspelled key, that says to rename it (not also "has no 'title'").
    """
    if not isinstance(node, YMap):
        problems.error(
            node.pos,
            f"{what} must be {kind_name(YMap)}, not {kind_name(type(node))}",
            "write one 'key: value' per line",
        )
        return None
    good: dict[str, Node] = {}
    misspelled = misspellings(node, table)
    meant = {key: name for name, key in misspelled.items()}
    for key, value in node.items:
        spec = table.get(key.value)
        if spec is None:
            name = meant.get(key)
            if name is None:
                problems.error(key.pos, f"unknown key '{key.value}' in {what}", suggest(key, table))
            else:
                problems.error(
                    key.pos,
                    f"unknown key '{key.value}' in {what}, which has no '{name}'",
                    f"rename '{key.value}' to '{name}'",
                )
            continue
        if not isinstance(value, spec.kind):
            problems.error(
                value.pos,
                f"'{key.value}' must be {kind_name(spec.kind)}, not {kind_name(type(value))}",
                example_of(spec),
            )
            continue
        limit = ENTRIES.get(key.value) if isinstance(value, YSeq) else None
        if limit is not None and len(value.items) > limit:
            problems.error(
                value.items[limit].pos,
                f"'{key.value}' has {len(value.items)} entries; the limit is {limit}",
                "keep the ones that matter most",
            )
            continue
        if isinstance(value, YScalar) and is_placeholder(value.value):
            problems.error(
                value.pos,
                f"'{key.value}' still says {PLACEHOLDER}",
                f"replace it with {spec.doc}" + ("" if spec.required else ", or delete the line"),
            )
            continue
        good[key.value] = value
    for spec in table.values():
        if spec.name in misspelled:
            continue
        if spec.required and spec.name not in good and node.get(spec.name) is None:
            problems.error(
                node.pos, f"{what} has no '{spec.name}'", f"add '{spec.name}:' — {spec.doc}"
            )
    return good


def absent(node: YMap, name: str, table: dict[str, Field]) -> bool:
    """Whether the mapping has no `name` key, not even misspelled: an expected key's
    absence is worth a warning only then (a misspelling is already an error)."""
    return node.get(name) is None and name not in misspellings(node, table)


def misspellings(node: YMap, table: dict[str, Field]) -> dict[str, YScalar]:
    """The unknown key taken for each missing required or expected key: the first whose
    "did you mean" suggestion names it."""
    found: dict[str, YScalar] = {}
    for key, _ in node.items:
        if key.value in table:
            continue
        close = closest(key.value, table)
        if close is None or close in found or node.get(close) is not None:
            continue
        if table[close].required or table[close].expected:
            found[close] = key
    return found


def closest(key: str, table: dict[str, Field]) -> str | None:
    close = difflib.get_close_matches(key.lower(), list(table), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(key: YScalar, table: dict[str, Field]) -> str:
    close = closest(key.value, table)
    if close:
        return f"did you mean '{close}'?"
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
