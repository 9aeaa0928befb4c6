"""Exports: the chronology in formats other programs read, one small module per format.

`render_exports` returns output path → bytes (and the memo described below);
`each_export` gives the same files one at a time, each as chunks of bytes to write as
they come (the largest files are hundreds of megabytes at 100,000 events). The same
input gives the same bytes.
`updated` is the build's time (from SOURCE_DATE_EPOCH, or else the newest date in the
content — never the clock); it must carry a time zone. Each module's docstring states
the choices its format forces, notably what happens when `base_url` is "/".

Incremental: what each event contributes to a format (its VEVENT, JSON object, CSV
row…) is text made by a pure function of the event, the site's settings and the named
build-wide values, kept in a memo from one build to the next (`timeline.exports.memo`
tells how its keys are made). Given the memo the last build returned, a build makes only
the pieces of new or edited events and assembles the files from the rest; the bytes are
the same as without a memo. The memo's keys carry a hash of the site's settings, so a
memo made with other settings is harmless (merely unused); the caller must discard it
when the generator's code changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports.atom import render_atom
from timeline.exports.csvfile import render_csv
from timeline.exports.ics import render_ics
from timeline.exports.memo import Memo
from timeline.exports.ownjson import render_json
from timeline.exports.robots import render_robots
from timeline.exports.timelinejs import render_timelinejs
from timeline.exports.urls import utc


def render_exports(
    chron: Chronology,
    config: SiteConfig,
    updated: datetime,
    memo: Mapping[str, bytes] | None = None,
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(output path → bytes, the memo entries this build used) for: feed.atom,
    calendar.ics, timeline.json, timelinejs.json, events.csv, robots.txt (sitemap.xml
    lists the pages: it is one, `pages.sitemap_page`).

    `memo` is what the previous build returned (None: start from nothing). The returned
    memo holds exactly the entries this build looked up or made, so entries of removed
    or edited events drop out.
    """
    pieces = Memo(config, memo)
    files = {name: b"".join(chunks) for name, chunks in each_export(chron, config, updated, pieces)}
    return files, pieces.used


def each_export(
    chron: Chronology, config: SiteConfig, updated: datetime, pieces: Memo
) -> Iterator[tuple[str, Iterable[bytes | memoryview]]]:
    """`render_exports`' files one at a time, each as chunks of its bytes, so that a caller
    writing them never holds a file's bytes whole. A file's pieces are looked up before
    its chunks are given and made as they are (`Memo.joined`): `pieces.take()` after
    writing a file's chunks has all its pieces."""
    updated = utc(updated)
    yield "feed.atom", [render_atom(chron, config, updated, pieces)]
    yield "calendar.ics", render_ics(chron, config, updated, pieces)
    yield "timeline.json", render_json(chron, config, updated, pieces)
    yield "timelinejs.json", render_timelinejs(chron, config, updated, pieces)
    yield "events.csv", render_csv(chron, config, updated, pieces)
    yield "robots.txt", [render_robots(config)]
