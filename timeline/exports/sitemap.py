"""sitemap.xml and robots.txt.

- Sitemaps must list absolute URLs, so sitemap.xml is written only when `base_url` is
  absolute; robots.txt then names it in a `Sitemap:` line, and otherwise only allows all.
- The sitemap lists every HTML page that `pages.plan_pages` plans (the chronology, each
  event, each tag and actor, and their two indexes), except 404.html, with the site's
  sub-path and percent-encoded paths (`actors/%D1%81…/`).
- No `lastmod`: a page also changes when its neighbours, related events or the theme
  change, which no date in the content tells, and a wrong lastmod is worse than none.
- The page plan is the whole chronology's, not one event's: the sitemap is kept whole in
  the exports' memo, under a hash of what the plan reads from each event, in order
  (`plan_shape`: id, start year, month and day, tags, actors). Editing a title or a
  summary keeps it; adding or removing an event, moving one to another day or changing
  a tag or an actor writes it again. If `plan_pages` comes to read more of an event,
  `plan_shape` must give it too.
- Crawlers read robots.txt only at a host's root: with a sub-path (`/venezuela/`), the
  file written here is ignored by them unless it is copied to the host's root.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports.memo import Memo
from timeline.exports.urls import site_url
from timeline.model import Event
from timeline.pages import plan_pages

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_urls(chron: Chronology, config: SiteConfig) -> list[str]:
    paths = [quote(p.url_path, safe="/") for p in plan_pages(chron).pages if p.path != "404.html"]
    return [site_url(config, path) for path in paths]


def render_sitemap(chron: Chronology, config: SiteConfig, memo: Memo) -> bytes:
    if not config.absolute:
        raise ValueError("a sitemap needs absolute addresses: set base_url")
    shapes = memo.pieces("plan", chron.events, plan_shape)
    key = hashlib.sha256("\n".join(shapes).encode("utf-8")).hexdigest()[:32]
    return memo.piece("sitemap", key, lambda: sitemap_text(chron, config)).encode("utf-8")


def plan_shape(event: Event) -> str:
    """What the page plan reads of the event (id, start year, month, day, tags, actors) as JSON."""
    start = event.date.start
    return json.dumps([event.id, start.year, start.month, start.day, event.tags, event.actors])


def sitemap_text(chron: Chronology, config: SiteConfig) -> str:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in page_urls(chron, config):
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = url
    ET.indent(urlset, space="  ")
    text = ET.tostring(urlset, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def render_robots(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.absolute:
        lines += ["", f"Sitemap: {site_url(config, 'sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
