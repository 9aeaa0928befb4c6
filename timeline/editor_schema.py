"""The JSON Schema of event files, made from the loader's own tables.

Editors with a YAML language server read it (a `# yaml-language-server: $schema=…`
line) to complete keys and flag mistakes while typing. The loader stays the
authority; the schema mirrors its shape rules so the two agree on what is valid.
"""

from __future__ import annotations

import json
from typing import Any

from timeline import schema
from timeline.dates import DATE_PATTERN, DAY_PATTERN, POINT_PATTERN
from timeline.model import ID_MAX, ID_PATTERN
from timeline.readers import MEDIA_TYPES
from timeline.yamlsafe import YMap, YScalar, YSeq

SCHEMA_PATH = "schema/event.schema.json"

_ONE_LINE = r"^\s*[^\n]*\S[^\n]*\s*$"  # the loader strips values first
_URL = r"^[hH][tT][tT][pP][sS]?://[^\s/?#@]+([/?#][^\s]*)?$"
# A picture's extension in any case, as the checker takes it (JSON Schema has no flags).
_PICTURE = "|".join("".join(f"[{c}{c.upper()}]" for c in ext[1:]) for ext in MEDIA_TYPES)
# The loader reads every value as text, but an editor reads YAML 1.2, where `1984` is a
# number and `true` a boolean: text fields take those too. Not null, which is also how an
# editor reads an empty value (`place:`), and the loader refuses that.
_TEXT_TYPES = ["string", "number", "boolean"]
# A date may be a bare year (`date: 2019`), which an editor reads as a whole number.
_YEAR = {"type": ["string", "integer"], "minimum": 1, "maximum": 9999}


def scalar(field: schema.Field, limit_name: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "description": field.doc}
    limit = schema.LIMITS.get(limit_name)
    if limit:
        out["maxLength"] = limit
    form = field.form
    if form == "line":
        out["type"] = _TEXT_TYPES
        out["pattern"] = _ONE_LINE
    elif form in ("text", "markdown"):
        out["type"] = _TEXT_TYPES
        out["pattern"] = r"\S"
    elif form == "date":
        out.update(_YEAR, pattern=DATE_PATTERN)
    elif form == "point":
        out.update(_YEAR, pattern=rf"^\s*{POINT_PATTERN}\s*$")
    elif form == "day":
        out["pattern"] = rf"^\s*{DAY_PATTERN}\s*$"
    elif form == "url":
        out["pattern"] = _URL
        out["format"] = "uri"
    elif form == "src":
        out["pattern"] = rf"({_URL})|(^media/.+\.({_PICTURE})$)"
    elif form == "status":
        out["enum"] = list(schema.STATUSES)
    return out


def item(form: str) -> dict[str, Any]:
    if form == "id":  # digits alone are an id too, and a number to an editor
        return {
            "type": ["string", "integer"],
            "minimum": 0,
            "pattern": f"^{ID_PATTERN.pattern}$",
            "maxLength": ID_MAX,
        }
    return {"type": _TEXT_TYPES, "pattern": _ONE_LINE}


def mapping(table: dict[str, schema.Field], limits: dict[str, str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for field in table.values():
        if field.kind is YScalar:
            props[field.name] = scalar(field, limits.get(field.name, field.name))
        elif field.kind is YMap:
            assert isinstance(field.items, dict)
            props[field.name] = {"description": field.doc, **mapping(field.items, {})}
        else:
            assert field.kind is YSeq
            items = field.items
            sub = mapping(items, SUB_LIMITS) if isinstance(items, dict) else item(items or "")
            props[field.name] = {"type": "array", "description": field.doc, "items": sub}
            if field.required:
                props[field.name]["minItems"] = 1
            if field.name in schema.ENTRIES:
                props[field.name]["maxItems"] = schema.ENTRIES[field.name]
            if not isinstance(items, dict):
                props[field.name]["uniqueItems"] = True
    return {
        "type": "object",
        "properties": props,
        "required": [f.name for f in table.values() if f.required],
        "additionalProperties": False,
    }


# Fields whose length limit goes by another name than the key.
SUB_LIMITS = {"title": "source title"}


def event_schema() -> dict[str, Any]:
    body = mapping(schema.EVENT, {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "timeline event file",
        "description": "One news event: what happened, when, and the articles that report it.",
        **body,
        "allOf": [
            {
                "if": {"properties": {"status": {"const": "claimed"}}, "required": ["status"]},
                "then": {"required": ["claimed_by"]},
            },
            {  # and who claims it is said only of a claim (the default status is confirmed)
                "if": {"required": ["claimed_by"]},
                "then": {
                    "required": ["status"],
                    "properties": {"status": {"enum": ["claimed", "disputed"]}},
                },
            },
        ],
    }


def render() -> str:
    """The schema as the bytes we commit and publish: stable key order, LF, final newline."""
    return json.dumps(event_schema(), indent=2, ensure_ascii=False) + "\n"
