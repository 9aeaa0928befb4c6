"""timelinejs.json: the chronology in Knight Lab's TimelineJS3 JSON format.

https://timeline.knightlab.com/docs/json-format.html — `{"title": slide, "events": [slide]}`.

Choices:
- `start_date` / `end_date` are date objects at the event's precision: {year} for a year,
  {year, month} for a month, {year, month, day} for a day, plus hour and minute (and
  second when written) for a time. TimelineJS has no time zones: a time is given as
  written (the local clock of the place), and its offset is kept in `display_date`.
- `display_date` (the slide's, which TimelineJS shows instead of its own formatting) is
  our wording of the date — "c. January 2019", "23 January 2019 (uncertain)",
  "23 January 2019, 14:30 (UTC−04:00)" — for approximate, uncertain and timed events;
  other dates are left to TimelineJS, which formats them at their precision (in the
  language its embed is given: `language` in TimelineJS's options).
- `text.headline` is the title (escaped); `text.text` the place, status label, summary
  HTML, the sources as links and, with an absolute `base_url`, a link to the event's page.
  `autolink` is off, since every link is already written as one. Their words and dates
  are in the site's language (`timeline.exports.words`); `import` reads them back in any
  language of the interface.
- `group` is the event's first tag; `unique_id` our id (so `#event-<id>` bookmarks work).
- TimelineJS inserts headline, text, display_date, group, caption and credit as HTML, so
  every plain text among them is HTML-escaped (a tag `R&D` is written `R&amp;D`).
- `media` only for a picture given as a web address, or for a local picture when
  `base_url` is absolute (a relative address would resolve against whatever page embeds
  the timeline).

Each slide is written on its own (`slide_text`, kept in the exports' memo) and put in
place with the indentation `json.dumps` gives the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from html import escape
from typing import Any

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.dates import DatePoint, Precision
from timeline.exports.describe import event_html
from timeline.exports.memo import Memo
from timeline.exports.ownjson import dump_with_items, item_text
from timeline.exports.urls import media_url, page_url
from timeline.exports.words import wording
from timeline.model import Event


def render_timelinejs(
    chron: Chronology, config: SiteConfig, updated: datetime, memo: Memo
) -> Iterator[bytes | memoryview]:
    title: dict[str, Any] = {"text": {"headline": escape(config.title)}}
    if config.description:
        title["text"]["text"] = f"<p>{escape(config.description)}</p>"
    return dump_with_items(
        {"title": title}, "events", chron, "timelinejs", slide_text, config, memo
    )


def slide_text(event: Event, config: SiteConfig) -> str:
    """The event's slide as JSON text, as it sits in the file's list of events."""
    return item_text(slide(event, config))


def slide(event: Event, config: SiteConfig) -> dict[str, Any]:
    words = wording(config.language)
    text = event_html(event, words, with_date=False)
    if config.absolute:
        about = escape(words("About this event"))
        text += f'<p><a href="{escape(page_url(config, event))}">{about}</a></p>'
    data: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": date_object(event.date.start),
        "text": {"headline": escape(event.title), "text": text},
        "autolink": False,
    }
    if event.date.end:
        data["end_date"] = date_object(event.date.end)
    points = [event.date.start] + ([event.date.end] if event.date.end else [])
    if any(p.approximate or p.uncertain or p.precision == Precision.TIME for p in points):
        data["display_date"] = escape(words.date(event.date))
    if event.tags:
        data["group"] = escape(event.tags[0])
    media = event.media
    if media and (not media.is_local or config.absolute):
        data["media"] = {
            "url": media_url(config, media),
            "alt": media.alt,
            "caption": escape(media.caption),
            "credit": escape(media.credit),
        }
    return data


def date_object(point: DatePoint) -> dict[str, int]:
    """Only the parts the date was written with: TimelineJS formats by what is present."""
    keys = ("year", "month", "day", "hour", "minute", "second")
    values = {k: getattr(point, k) for k in keys}
    return {k: v for k, v in values.items() if v is not None}
