"""feed.atom: the 50 most recent events by event date, newest first (Atom 1.0, RFC 4287).

Written with xml.etree, so every text and attribute is escaped by the library: each
entry on its own (`entry_text`, kept in the exports' memo for the build time it was made
with) and the feed's head, joined with the indentation `ET.indent` gives the whole feed.

Choices:
- Links: absolute when `base_url` is absolute; otherwise relative to the feed, which
  sits at the site's root (`events/<id>/`). No `xml:base` is written: a reader resolves
  a relative link against the address it fetched the feed from, which is right at any
  sub-path.
- Ids must be absolute IRIs. With an absolute `base_url`, the feed's id is the site's
  address and an entry's id its page's address. With "/", they are `urn:uuid:` names
  derived (UUID 5) from the site's title and the event's id: stable from build to build,
  but they change if the title changes or a `base_url` is set later (readers then see
  the entries once more as new).
- An entry's `updated` is the latest date the event itself gives — its newest correction,
  else its newest source, else its own start — at midnight UTC for a day, capped at the
  build time. The feed's `updated` is the build time. Neither depends on the clock.
- `summary` is the sanitised summary HTML (type="html"); `content` adds the date, place,
  status label, the sources (linked) and the corrections, in the site's language
  (`timeline.exports.words`), which the feed's `xml:lang` names.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import datetime
from functools import partial

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports.describe import event_html
from timeline.exports.memo import Memo
from timeline.exports.urls import page_url, point_moment, rfc3339, site_url, utc
from timeline.exports.words import wording
from timeline.model import Event

ATOM_NS = "http://www.w3.org/2005/Atom"
LIMIT = 50
FEED_END = "\n</feed>"


def render_atom(chron: Chronology, config: SiteConfig, updated: datetime, memo: Memo) -> bytes:
    recent = tuple(reversed(chron.events[-LIMIT:]))
    make = partial(entry_text, config=config, updated=updated)
    entries = memo.pieces("atom", recent, make, rfc3339(updated))
    head = feed_text(config, updated)
    assert head.endswith(FEED_END), head[-40:]
    body = "".join("\n  " + entry.decode("utf-8") for entry in entries)  # a line each, indented
    text = head.removesuffix(FEED_END) + body + FEED_END
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def feed_text(config: SiteConfig, updated: datetime) -> str:
    """The feed without its entries, indented as ET.indent does it (ends with FEED_END)."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": config.language})
    _add(feed, "id", config.base_url if config.absolute else _uuid(config, "site"))
    _add(feed, "title", config.title)
    if config.description:
        _add(feed, "subtitle", config.description)
    _add(feed, "updated", rfc3339(updated))
    _link(feed, "self", site_url(config, "feed.atom"), "application/atom+xml")
    _link(feed, "alternate", site_url(config), "text/html")
    author = ET.SubElement(feed, "author")
    _add(author, "name", config.title)
    _add(feed, "generator", "timeline")
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="unicode")


def entry_text(event: Event, config: SiteConfig, updated: datetime) -> str:
    """An <entry> indented as it sits in the feed (one level in), without the line before it."""
    entry = _entry(event, config, updated)
    ET.indent(entry, space="  ", level=1)
    return ET.tostring(entry, encoding="unicode")


def _entry(event: Event, config: SiteConfig, updated: datetime) -> ET.Element:
    entry = ET.Element("entry")
    url = page_url(config, event)
    _add(entry, "id", url if config.absolute else _uuid(config, f"event:{event.id}"))
    _add(entry, "title", event.title)
    _add(entry, "updated", rfc3339(entry_updated(event, updated)))
    _link(entry, "alternate", url, "text/html")
    for tag in event.tags:
        ET.SubElement(entry, "category", {"term": tag})
    if event.summary_html:
        _add(entry, "summary", event.summary_html, type="html")
    _add(entry, "content", event_html(event, wording(config.language)), type="html")
    return entry


def entry_updated(event: Event, updated: datetime) -> datetime:
    """The latest date the event carries (correction, else source, else its start), capped."""
    if event.corrections:
        points = [c.date for c in event.corrections]
    else:
        points = [s.published for s in event.sources if s.published] or [event.date.start]
    return min(max(point_moment(p) for p in points), utc(updated))


def _uuid(config: SiteConfig, name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"timeline:{config.title}:{name}"))


def _add(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _link(parent: ET.Element, rel: str, href: str, kind: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": kind, "href": href})
