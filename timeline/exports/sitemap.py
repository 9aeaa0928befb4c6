"""sitemap.xml and robots.txt.

- Sitemaps must list absolute URLs, so sitemap.xml is written only when `base_url` is
  absolute; robots.txt then names it in a `Sitemap:` line, and otherwise only allows all.
- The sitemap lists every HTML page that `pages.plan_pages` plans (the chronology, each
  event, each tag and actor, and their two indexes), except 404.html, with the site's
  sub-path and percent-encoded paths (`actors/%D1%81…/`).
- No `lastmod`: a page also changes when its neighbours, related events or the theme
  change, which no date in the content tells, and a wrong lastmod is worse than none.
- Crawlers read robots.txt only at a host's root: with a sub-path (`/venezuela/`), the
  file written here is ignored by them unless it is copied to the host's root.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports.urls import site_url
from timeline.pages import plan_pages

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_urls(chron: Chronology, config: SiteConfig) -> list[str]:
    paths = [quote(p.url_path, safe="/") for p in plan_pages(chron).pages if p.path != "404.html"]
    return [site_url(config, path) for path in paths]


def render_sitemap(chron: Chronology, config: SiteConfig) -> bytes:
    if not config.absolute:
        raise ValueError("a sitemap needs absolute addresses: set base_url")
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in page_urls(chron, config):
        ET.SubElement(ET.SubElement(urlset, "url"), "loc").text = url
    ET.indent(urlset, space="  ")
    text = ET.tostring(urlset, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def render_robots(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.absolute:
        lines += ["", f"Sitemap: {site_url(config, 'sitemap.xml')}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
