"""Exports: the chronology in formats other programs read, one small module per format.

`render_exports` returns output path → bytes; the same input gives the same bytes.
`updated` is the build's time (from SOURCE_DATE_EPOCH, or else the newest date in the
content — never the clock); it must carry a time zone. Each module's docstring states
the choices its format forces, notably what happens when `base_url` is "/".
"""

from __future__ import annotations

from datetime import datetime

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports.atom import render_atom
from timeline.exports.csvfile import render_csv
from timeline.exports.ics import render_ics
from timeline.exports.ownjson import render_json
from timeline.exports.sitemap import render_robots, render_sitemap
from timeline.exports.timelinejs import render_timelinejs
from timeline.exports.urls import utc


def render_exports(chron: Chronology, config: SiteConfig, updated: datetime) -> dict[str, bytes]:
    """Output path → bytes for: feed.atom, calendar.ics, timeline.json, timelinejs.json,
    events.csv, sitemap.xml, robots.txt.

    sitemap.xml is left out when base_url is "/" (a sitemap needs absolute addresses).
    """
    updated = utc(updated)
    out = {
        "feed.atom": render_atom(chron, config, updated),
        "calendar.ics": render_ics(chron, config, updated),
        "timeline.json": render_json(chron, config, updated),
        "timelinejs.json": render_timelinejs(chron, config, updated),
        "events.csv": render_csv(chron, config, updated),
        "robots.txt": render_robots(config),
    }
    if config.absolute:
        out["sitemap.xml"] = render_sitemap(chron, config)
    return out
