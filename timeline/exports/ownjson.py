"""timeline.json: the whole chronology in our own, versioned schema.

    {"version": 1, "site": {...}, "events": [...]}

`site`: title, description, base_url, language, repository, branch, url (the
chronology's address) and updated (the build time, RFC 3339 UTC).

Each event, in chronological order, holds every field of its file:
- id, path (the event file, relative to the site's folder), url (its page: absolute when
  `base_url` is, else relative to this file, which sits at the site's root), title, place,
  summary (Markdown as written), summary_html (sanitised), status, claimed_by, tags,
  actors, related (ids, as written);
- date: {edtf, display, precision, end_precision, approximate, uncertain, start, end}:
  `edtf` is the date as written (canonical form, an interval as START/END); `display` the
  date in words as the pages write it, in the site's language; `start` is its first day
  (YYYY-MM-DD) or, for a time, its instant with the written offset; `end` is the last day
  of the whole span (inclusive) or the end instant; `precision` is the start's (year,
  month, day, time), `end_precision` the end's or null;
- sources: [{url, title, publisher, published (EDTF or null), archive (or null)}];
- media: null or {src, url, alt, caption, credit} (`url` as for pages, for a local picture);
- corrections: [{date (EDTF), note}].

An absent optional text is "" (as in the model); an absent structure is null or [].
Keys are sorted, non-ASCII is kept as is (UTF-8), and the file ends with a newline.
Adding a field keeps version 1; renaming or removing one, or changing a meaning, makes 2.

Each event's object is written on its own (`event_text`, kept in the exports' memo) and
put in place with the indentation `json.dumps` gives the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import partial
from typing import Any

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.dates import DatePoint, EventDate
from timeline.exports.memo import Memo
from timeline.exports.urls import media_url, page_url, rfc3339, site_url
from timeline.exports.words import Wording, wording
from timeline.model import Event

VERSION = 1
ITEM_INDENT = "\n    "  # an item of a list held by a key of the top object
ITEM_SEPARATOR = f",{ITEM_INDENT}"


def render_json(
    chron: Chronology, config: SiteConfig, updated: datetime, memo: Memo
) -> Iterator[bytes | memoryview]:
    site = {
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url,
        "language": config.language,
        "repository": config.repository,
        "branch": config.branch,
        "url": site_url(config),
        "updated": rfc3339(updated),
    }
    return dump_with_items(
        {"version": VERSION, "site": site}, "events", chron, "json", event_text, config, memo
    )


def _dumps(data: Any) -> str:
    """The file's JSON style: sorted keys, UTF-8 kept as is, two-space indentation."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2)


def item_text(value: Any) -> str:
    """`value` written as an item of a list that a key of the top object holds."""
    return _dumps(value).replace("\n", ITEM_INDENT)  # JSON escapes every newline in a text


def dump_with_items(
    data: dict[str, Any],
    key: str,
    chron: Chronology,
    kind: str,
    write: Callable[[Event, SiteConfig], str],
    config: SiteConfig,
    memo: Memo,
) -> Iterator[bytes | memoryview]:
    """The file for `data` plus `key`: the list of each event's piece of `kind`, which
    `write` makes with `item_text`; ends with a newline. The same text as dumping the
    whole object at once, in chunks.
    """
    text = _dumps({**data, key: []})
    if not chron.events:
        return iter([(text + "\n").encode("utf-8")])
    name = json.dumps(key)
    # Only the top object's keys start a line with two spaces and a quote: one match.
    before, after = text.split(f"\n  {name}: []", 1)
    frame = (f"{before}\n  {name}: [{ITEM_INDENT}", f"\n  ]{after}\n")
    make = partial(write, config=config)
    return memo.joined(kind, chron.events, make, ITEM_SEPARATOR, frame)


def event_text(event: Event, config: SiteConfig) -> str:
    return item_text(event_data(event, config))


def event_data(event: Event, config: SiteConfig) -> dict[str, Any]:
    media = event.media
    return {
        "id": event.id,
        "path": event.path,
        "url": page_url(config, event),
        "title": event.title,
        "date": date_data(event.date, wording(config.language)),
        "place": event.place,
        "summary": event.summary,
        "summary_html": event.summary_html,
        "status": event.status,
        "claimed_by": event.claimed_by,
        "tags": list(event.tags),
        "actors": list(event.actors),
        "related": [r.id for r in event.related],
        "sources": [
            {
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "published": s.published.edtf() if s.published else None,
                "archive": s.archive,
            }
            for s in event.sources
        ],
        "media": None
        if media is None
        else {
            "src": media.src,
            "url": media_url(config, media),
            "alt": media.alt,
            "caption": media.caption,
            "credit": media.credit,
        },
        "corrections": [{"date": c.date.edtf(), "note": c.note} for c in event.corrections],
    }


def date_data(when: EventDate, words: Wording) -> dict[str, Any]:
    start, end = when.start, when.end
    points = [start] + ([end] if end else [])
    return {
        "edtf": when.edtf(),
        "display": words.date(when),
        "precision": start.precision.name.lower(),
        "end_precision": end.precision.name.lower() if end else None,
        "approximate": any(p.approximate for p in points),
        "uncertain": any(p.uncertain for p in points),
        "start": _iso(start, first=True),
        "end": _iso(end or start, first=False),
    }


def _iso(point: DatePoint, *, first: bool) -> str:
    """A time as its instant with its offset; otherwise its first or last day."""
    instant = point.instant()
    if instant is not None:
        return instant.isoformat()
    day: date = point.first_day() if first else point.last_day()
    return day.isoformat()
