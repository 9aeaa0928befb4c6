"""Exports: each file is read back by the client that real readers use.

Each test writes its events inline (YAML text), loads them with the real loader and
renders the exports for a site served from a sub-path, or with no known address ("/").
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from urllib.robotparser import RobotFileParser

import feedparser
import icalendar
import pytest

from tests.conftest import Site, event_yaml
from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.exports import render_exports
from timeline.load import load_tree
from timeline.model import Correction, Event, Media, Source
from timeline.pages import plan_pages, sitemap_page
from timeline.problems import Problems
from timeline.render import page_renderer
from timeline.templating import make_environment

BASE = "https://example.org/venezuela/"
SUBPATH = SiteConfig(title="Venezuela", description="A crisis, day by day.", base_url=BASE)
NO_ADDRESS = SiteConfig(title="Venezuela")
UPDATED = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)

FULL = """\
title: Guaidó sworn in as interim president
date: 2019-01-23
place: Caracas, Venezuela
summary: |
  Opposition leader **Juan Guaidó** takes an oath, see [the report](https://example.org/r).
status: disputed
claimed_by: Government of Venezuela
tags: [recognition, diplomacy]
actors: [Juan Guaidó, Сергей Рябков]
related: [2019-01-month]
media:
  src: https://images.example.org/crowd.jpg
  alt: A crowd in a square
  caption: Supporters gather.
  credit: Example Photo
corrections:
  - date: 2019-02-01
    note: An earlier version gave the wrong day.
sources:
  - url: https://www.example.org/2019/01/23/sworn-in/
    title: Leader sworn in
    publisher: Example News
    published: 2019-01-23
    archive: https://web.archive.org/web/2019/https://www.example.org/2019/01/23/sworn-in/
  - url: https://news.example.net/guaido
    title: A second report
    publisher: Example Wire
"""

EVENTS = {
    "2019-01-23-full": FULL,
    "2019-01-month": event_yaml("A month, roughly", "2019-01~", "tags: [context]\n"),
    "2019-year": event_yaml("A whole year", "2019"),
    "2019-01-21-week": event_yaml("A week", "2019-01-21/2019-01-25"),
    "2019-01-23-time": event_yaml(
        "At half past two", "2019-01-23T14:30-04:30", "end: 2019-01-23T16:00-04:30\n"
    ),
    "2019-01-24-utc": event_yaml("In UTC", "2019-01-24T10:00Z"),
    "2019-01-25-moment": event_yaml("A moment", "2019-01-25T09:15+03:00"),
    "2019-02-01-uncertain": event_yaml("Perhaps", "2019-02-01?"),
    "2019-02-02-formula": event_yaml('"=HYPERLINK(\\"https://evil.example/\\")"', "2019-02-02"),
    "2019-02-03-local": event_yaml(
        "Local picture",
        "2019-02-03",
        """\
        place: "-5 degrees"
        media:
          src: media/crowd.png
          alt: A crowd
        """,
    ),
}


def load(site: Site, events: dict[str, str]) -> Chronology:
    for event_id, text in events.items():
        site.event(event_id, textwrap.dedent(text))
    if any("media/crowd.png" in text for text in events.values()):
        site.add("events/media/crowd.png", b"\x89PNG\r\n\x1a\n")
    problems = Problems()
    tree = load_tree(site.root, site.root / "events", problems, date(2023, 11, 14))
    assert not problems.errors, problems.errors
    return Chronology(tree.events)


@pytest.fixture
def chron(site: Site) -> Chronology:
    return load(site, EVENTS)


def exports(chron: Chronology, config: SiteConfig, updated: datetime) -> dict[str, bytes]:
    """The exports' files, rendered without a memo (tests/test_exports_memo.py tests one)."""
    files, _memo = render_exports(chron, config, updated)
    return files


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


# -- feed.atom -------------------------------------------------------------------------


def test_feed_is_valid_atom_with_every_entry_newest_first(chron: Chronology) -> None:
    feed = feedparser.parse(exports(chron, SUBPATH, UPDATED)["feed.atom"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Venezuela"
    assert feed.feed.id == BASE
    assert feed.feed.updated == "2023-11-14T22:13:20Z"
    newest_first = [e.id for e in reversed(chron.events)]
    assert [e.link for e in feed.entries] == [f"{BASE}events/{i}/" for i in newest_first]
    assert [e.id for e in feed.entries] == [f"{BASE}events/{i}/" for i in newest_first]

    full = next(e for e in feed.entries if e.id.endswith("/2019-01-23-full/"))
    assert full.title == "Guaidó sworn in as interim president"
    assert full.summary.startswith("<p>Opposition leader <strong>Juan Guaidó</strong>")
    assert full.summary_detail.type == "text/html"
    content = full.content[0].value
    assert 'href="https://www.example.org/2019/01/23/sworn-in/"' in content
    assert 'href="https://news.example.net/guaido"' in content
    assert "Disputed — source of the claim: Government of Venezuela" in content
    assert "An earlier version gave the wrong day." in content
    assert full.updated == "2019-02-01T00:00:00Z"  # its newest correction
    assert [t.term for t in full.tags] == ["recognition", "diplomacy"]


def test_feed_without_address_uses_relative_links_and_stable_ids(chron: Chronology) -> None:
    data = exports(chron, NO_ADDRESS, UPDATED)["feed.atom"]
    assert b"xml:base" not in data
    served = {
        "content-location": "https://example.net/sub/path/feed.atom",
        "content-type": "application/atom+xml; charset=utf-8",
    }
    feed = feedparser.parse(data, response_headers=served)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.entries[-1].link == "https://example.net/sub/path/events/2019-year/"
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert len({e.id for e in feed.entries}) == len(chron.events)
    again = feedparser.parse(exports(chron, NO_ADDRESS, UPDATED)["feed.atom"])
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_feed_holds_the_50_most_recent_events(site: Site) -> None:
    events = {
        f"2019-{m:02d}-{d:02d}-e": event_yaml(f"Event {m}-{d}", f"2019-{m:02d}-{d:02d}")
        for m in (1, 2)
        for d in range(1, 29)
    }
    chron = load(site, events)
    feed = feedparser.parse(exports(chron, SUBPATH, UPDATED)["feed.atom"])
    assert feed.bozo == 0
    assert len(feed.entries) == 50
    assert feed.entries[0].link == f"{BASE}events/2019-02-28-e/"
    assert feed.entries[-1].link == f"{BASE}events/2019-01-07-e/"


# -- calendar.ics ----------------------------------------------------------------------


def test_calendar_dates_are_all_day_with_exclusive_ends(chron: Chronology) -> None:
    found = vevents(exports(chron, SUBPATH, UPDATED)["calendar.ics"])
    assert len(found) == len(chron.events)
    spans = {
        "2019-01-23-full": (date(2019, 1, 23), date(2019, 1, 24)),
        "2019-01-month": (date(2019, 1, 1), date(2019, 2, 1)),
        "2019-year": (date(2019, 1, 1), date(2020, 1, 1)),
        "2019-01-21-week": (date(2019, 1, 21), date(2019, 1, 26)),
    }
    for event_id, (start, end) in spans.items():
        vevent = found[event_id]
        assert vevent.decoded("DTSTART") == start, event_id
        assert vevent.decoded("DTEND") == end, event_id
        assert not isinstance(vevent.decoded("DTSTART"), datetime)
        assert vevent["DTSTART"].params["VALUE"] == "DATE"


def test_calendar_times_keep_their_offset(chron: Chronology) -> None:
    data = exports(chron, SUBPATH, UPDATED)["calendar.ics"]
    found = vevents(data)
    tz = timezone(timedelta(hours=-4, minutes=-30))
    timed = found["2019-01-23-time"]
    start, end = timed.decoded("DTSTART"), timed.decoded("DTEND")
    assert start == datetime(2019, 1, 23, 14, 30, tzinfo=tz)
    assert start.utcoffset() == timedelta(hours=-4, minutes=-30)
    assert (start.hour, start.minute) == (14, 30)  # the clock as written, not converted
    assert end == datetime(2019, 1, 23, 16, 0, tzinfo=tz)

    moment = found["2019-01-25-moment"]
    assert moment.decoded("DTSTART").utcoffset() == timedelta(hours=3)
    assert moment.decoded("DTSTART") == datetime(2019, 1, 25, 6, 15, tzinfo=UTC)
    assert "DTEND" not in moment  # a point in time ends when it starts

    utc = found["2019-01-24-utc"].decoded("DTSTART")
    assert utc == datetime(2019, 1, 24, 10, 0, tzinfo=UTC)
    assert utc.utcoffset() == timedelta(0)
    assert b"DTSTART:20190124T100000Z" in data
    assert b'DTSTART;TZID="UTC-04:30":20190123T143000' in data


def test_calendar_event_properties(chron: Chronology) -> None:
    found = vevents(exports(chron, SUBPATH, UPDATED)["calendar.ics"])
    full = found["2019-01-23-full"]
    assert str(full["UID"]) == "2019-01-23-full@example.org"
    assert full.decoded("DTSTAMP") == UPDATED
    assert str(full["URL"]) == f"{BASE}events/2019-01-23-full/"
    assert str(full["LOCATION"]) == "Caracas, Venezuela"
    assert str(full["STATUS"]) == "TENTATIVE"
    assert str(full["SUMMARY"]) == "Guaidó sworn in as interim president (disputed)"
    description = str(full["DESCRIPTION"])
    said = "Opposition leader Juan Guaidó takes an oath, see the report (https://example.org/r)."
    assert said in description  # plain text: no Markdown marks, the link's address kept
    assert "https://www.example.org/2019/01/23/sworn-in/" in description
    assert "https://news.example.net/guaido" in description
    assert "Government of Venezuela" in description
    assert str(found["2019-01-month"]["SUMMARY"]) == "A month, roughly (approximate date)"
    assert str(found["2019-01-month"]["DESCRIPTION"]).startswith("c. January 2019")
    assert str(found["2019-02-01-uncertain"]["SUMMARY"]) == "Perhaps (uncertain date)"
    assert str(found["2019-year"]["STATUS"]) == "CONFIRMED"


def test_calendar_without_address_has_no_url(chron: Chronology) -> None:
    found = vevents(exports(chron, NO_ADDRESS, UPDATED)["calendar.ics"])
    assert str(found["2019-year"]["UID"]) == "2019-year@timeline"
    assert all("URL" not in vevent for vevent in found.values())


# -- timeline.json ---------------------------------------------------------------------


def content_fields(cls: type) -> set[str]:
    """A model class's fields, less where they were written (`pos`) and the
    cache's `digest` (not content: a hash of the file it came from), `summary_text`
    (derived from `summary_html`) and the fields an event derives when it is made (its
    order, newest day and listed size: not given to it).

    A field added to the model fails this test until timeline.json carries it too.
    """
    skipped = {"pos", "digest", "summary_text"}
    return {
        f.name
        for f in fields(cls)
        if f.init and f.name not in skipped and not f.name.endswith("_pos")
    }


def test_json_holds_every_field_of_every_event(chron: Chronology) -> None:
    data = json.loads(exports(chron, SUBPATH, UPDATED)["timeline.json"])
    assert data["version"] == 1
    assert data["site"] == {
        "title": "Venezuela",
        "description": "A crisis, day by day.",
        "base_url": BASE,
        "language": "en",
        "repository": "",
        "branch": "main",
        "url": BASE,
        "updated": "2023-11-14T22:13:20Z",
    }
    assert [e["id"] for e in data["events"]] == [e.id for e in chron.events]
    for item in data["events"]:
        assert content_fields(Event) | {"url"} == set(item), item["id"]
        for source in item["sources"]:
            assert set(source) == content_fields(Source)

    full = next(e for e in data["events"] if e["id"] == "2019-01-23-full")
    assert full["url"] == f"{BASE}events/2019-01-23-full/"
    assert full["path"] == "events/2019-01-23-full.yaml"
    assert full["title"] == "Guaidó sworn in as interim president"
    assert full["place"] == "Caracas, Venezuela"
    assert full["summary"].startswith("Opposition leader **Juan Guaidó**")
    assert full["summary_html"].startswith("<p>Opposition leader <strong>Juan Guaidó</strong>")
    assert (full["status"], full["claimed_by"]) == ("disputed", "Government of Venezuela")
    assert full["tags"] == ["recognition", "diplomacy"]
    assert full["actors"] == ["Juan Guaidó", "Сергей Рябков"]
    assert full["related"] == ["2019-01-month"]
    assert full["sources"][0] == {
        "url": "https://www.example.org/2019/01/23/sworn-in/",
        "title": "Leader sworn in",
        "publisher": "Example News",
        "published": "2019-01-23",
        "archive": "https://web.archive.org/web/2019/https://www.example.org/2019/01/23/sworn-in/",
    }
    assert full["sources"][1]["published"] is None
    assert full["sources"][1]["archive"] is None
    assert set(full["media"]) == content_fields(Media) | {"url"}
    assert full["media"]["url"] == "https://images.example.org/crowd.jpg"
    assert full["media"]["alt"] == "A crowd in a square"
    assert full["corrections"] == [
        {"date": "2019-02-01", "note": "An earlier version gave the wrong day."}
    ]
    assert set(full["corrections"][0]) == content_fields(Correction)


def test_json_dates_give_edtf_bounds_and_precision(chron: Chronology) -> None:
    events = {
        e["id"]: e["date"]
        for e in json.loads(exports(chron, NO_ADDRESS, UPDATED)["timeline.json"])["events"]
    }
    assert events["2019-01-month"] == {
        "edtf": "2019-01~",
        "display": "c. January 2019",
        "precision": "month",
        "end_precision": None,
        "approximate": True,
        "uncertain": False,
        "start": "2019-01-01",
        "end": "2019-01-31",
    }
    assert events["2019-01-21-week"]["edtf"] == "2019-01-21/2019-01-25"
    assert (events["2019-01-21-week"]["start"], events["2019-01-21-week"]["end"]) == (
        "2019-01-21",
        "2019-01-25",
    )
    assert events["2019-year"]["end"] == "2019-12-31"
    timed = events["2019-01-23-time"]
    assert (timed["start"], timed["end"]) == (
        "2019-01-23T14:30:00-04:30",
        "2019-01-23T16:00:00-04:30",
    )
    assert (timed["precision"], timed["end_precision"]) == ("time", "time")
    assert events["2019-02-01-uncertain"]["uncertain"] is True


def test_json_without_address_uses_root_relative_urls(chron: Chronology) -> None:
    raw = exports(chron, NO_ADDRESS, UPDATED)["timeline.json"]
    assert raw.endswith(b"}\n")
    assert "Сергей Рябков".encode() in raw  # UTF-8, not \u escapes
    data = json.loads(raw)
    local = next(e for e in data["events"] if e["id"] == "2019-02-03-local")
    assert local["url"] == "events/2019-02-03-local/"
    assert local["media"]["url"] == "media/crowd.png"
    assert data["site"]["url"] == "./"


# -- timelinejs.json -------------------------------------------------------------------


def test_timelinejs_dates_follow_precision(chron: Chronology) -> None:
    data = json.loads(exports(chron, SUBPATH, UPDATED)["timelinejs.json"])
    assert data["title"]["text"]["headline"] == "Venezuela"
    slides = {s["unique_id"]: s for s in data["events"]}
    assert list(slides) == [e.id for e in chron.events]
    assert slides["2019-year"]["start_date"] == {"year": 2019}
    assert slides["2019-01-month"]["start_date"] == {"year": 2019, "month": 1}
    assert slides["2019-01-23-full"]["start_date"] == {"year": 2019, "month": 1, "day": 23}
    week = slides["2019-01-21-week"]
    assert week["end_date"] == {"year": 2019, "month": 1, "day": 25}
    timed = slides["2019-01-23-time"]
    assert timed["start_date"] == {"year": 2019, "month": 1, "day": 23, "hour": 14, "minute": 30}
    assert timed["end_date"] == {"year": 2019, "month": 1, "day": 23, "hour": 16, "minute": 0}
    shown = "23 January 2019, 14:30 (UTC−04:30) – 23 January 2019, 16:00 (UTC−04:30)"
    assert timed["display_date"] == shown
    assert "end_date" not in slides["2019-year"]
    assert slides["2019-01-month"]["display_date"] == "c. January 2019"
    assert slides["2019-02-01-uncertain"]["display_date"] == "1 February 2019 (uncertain)"
    assert "display_date" not in slides["2019-01-23-full"]


def test_timelinejs_text_group_and_media(chron: Chronology) -> None:
    data = json.loads(exports(chron, SUBPATH, UPDATED)["timelinejs.json"])
    slides = {s["unique_id"]: s for s in data["events"]}
    full = slides["2019-01-23-full"]
    assert full["group"] == "recognition"
    assert slides["2019-01-month"]["group"] == "context"
    assert "group" not in slides["2019-year"]
    assert full["text"]["headline"] == "Guaidó sworn in as interim president"
    text = full["text"]["text"]
    assert "<strong>Juan Guaidó</strong>" in text
    assert '<a href="https://www.example.org/2019/01/23/sworn-in/">Leader sworn in</a>' in text
    assert f'<a href="{BASE}events/2019-01-23-full/">' in text
    assert full["media"] == {
        "url": "https://images.example.org/crowd.jpg",
        "alt": "A crowd in a square",
        "caption": "Supporters gather.",
        "credit": "Example Photo",
    }
    assert slides["2019-02-03-local"]["media"]["url"] == f"{BASE}media/crowd.png"
    formula = slides["2019-02-02-formula"]["text"]["headline"]
    assert formula == "=HYPERLINK(&quot;https://evil.example/&quot;)"  # escaped: it is HTML
    no_address = json.loads(exports(chron, NO_ADDRESS, UPDATED)["timelinejs.json"])
    local = next(s for s in no_address["events"] if s["unique_id"] == "2019-02-03-local")
    assert "media" not in local  # a relative address would resolve against the embedding page


# -- events.csv ------------------------------------------------------------------------


def test_csv_rows_and_formula_neutralising(chron: Chronology) -> None:
    raw = exports(chron, SUBPATH, UPDATED)["events.csv"]
    assert b"\r" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [
        "id", "date", "end", "title", "place", "status", "claimed_by", "tags", "actors",
        "related", "summary", "source_urls", "source_titles", "source_publishers",
        "source_published", "source_archive", "url",
    ]  # fmt: skip
    assert [r["id"] for r in rows] == [e.id for e in chron.events]
    by_id = {r["id"]: r for r in rows}
    full = by_id["2019-01-23-full"]
    assert full["date"] == "2019-01-23"
    assert full["tags"] == "recognition | diplomacy"
    assert full["actors"] == "Juan Guaidó | Сергей Рябков"
    assert full["related"] == "2019-01-month"
    assert full["source_urls"] == (
        "https://www.example.org/2019/01/23/sworn-in/ | https://news.example.net/guaido"
    )
    assert full["source_titles"] == "Leader sworn in | A second report"
    assert full["source_publishers"] == "Example News | Example Wire"
    assert full["source_published"] == "2019-01-23 | "
    assert full["source_archive"] == (
        "https://web.archive.org/web/2019/https://www.example.org/2019/01/23/sworn-in/ | "
    )
    assert full["url"] == f"{BASE}events/2019-01-23-full/"
    assert full["summary"].startswith("Opposition leader **Juan Guaidó**")
    assert (by_id["2019-01-21-week"]["date"], by_id["2019-01-21-week"]["end"]) == (
        "2019-01-21",
        "2019-01-25",
    )
    assert by_id["2019-01-month"]["date"] == "2019-01~"
    assert by_id["2019-02-02-formula"]["title"] == '\'=HYPERLINK("https://evil.example/")'
    assert by_id["2019-02-03-local"]["place"] == "'-5 degrees"


def test_csv_escapes_the_list_separator_and_backslash_inside_a_value(site: Site) -> None:
    pipes = event_yaml("Pipes", "2019-01-23", "tags: [a|b]\n").replace(
        "sources:\n",
        "sources:\n"
        "  - url: https://www.example.org/p/\n"
        '    title: "Venezuela crisis | Reuters"\n'
        "    publisher: Reuters\n"
        "  - url: https://www.example.org/q/\n"
        "    title: Second \\ last\n"
        "    publisher: Example News\n"
        "    archive: https://web.archive.org/web/2019/https://www.example.org/q/\n",
        1,
    )
    raw = exports(load(site, {"2019-01-23-pipes": pipes}), SUBPATH, UPDATED)["events.csv"]
    [row] = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    assert row["tags"] == "a\\|b"
    assert row["source_titles"].split(" | ")[:2] == [
        "Venezuela crisis \\| Reuters",
        "Second \\\\ last",
    ]
    assert row["source_archive"] == (  # the third source is event_yaml's, without archive
        " | https://web.archive.org/web/2019/https://www.example.org/q/ | "
    )


# -- sitemap.xml and robots.txt --------------------------------------------------------


def sitemap(chron: Chronology, config: SiteConfig) -> bytes:
    """sitemap.xml as a build renders it: a page of the plan, in the built-in theme."""
    plan = plan_pages(chron)
    env = make_environment(Path("/nonexistent/templates"))
    return page_renderer(env, plan.home, config, {})(sitemap_page(plan.pages))


def test_sitemap_lists_every_page_with_the_sub_path(chron: Chronology) -> None:
    root = ET.fromstring(sitemap(chron, SUBPATH))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{ns}urlset"
    locs = [loc.text for loc in root.iter(f"{ns}loc")]
    assert len(root) == len(locs)
    assert all(u.startswith(BASE) for u in locs)
    assert locs[0] == BASE
    assert {f"{BASE}tags/", f"{BASE}actors/", f"{BASE}years/2019/", f"{BASE}search/"} <= set(locs)
    assert {f"{BASE}events/{e.id}/" for e in chron.events} <= set(locs)
    assert f"{BASE}tags/recognition/" in locs
    assert f"{BASE}actors/juan-guaido/" in locs
    cyrillic = "%D1%81%D0%B5%D1%80%D0%B3%D0%B5%D0%B9-%D1%80%D1%8F%D0%B1%D0%BA%D0%BE%D0%B2"
    assert f"{BASE}actors/{cyrillic}/" in locs  # сергей-рябков, percent-encoded
    assert f"{BASE}404.html" not in locs
    assert len(locs) == len(set(locs))
    assert len(locs) == len(plan_pages(chron).pages) - 1  # every page but 404.html
    assert not list(root.iter(f"{ns}lastmod"))


def test_robots_names_the_sitemap_only_when_the_address_is_known(chron: Chronology) -> None:
    known = exports(chron, SUBPATH, UPDATED)
    robots = RobotFileParser()
    robots.parse(known["robots.txt"].decode().splitlines())
    assert robots.can_fetch("AnyBot", f"{BASE}events/2019-year/")
    assert robots.site_maps() == [f"{BASE}sitemap.xml"]

    unknown = exports(chron, NO_ADDRESS, UPDATED)
    assert "sitemap.xml" not in unknown
    assert unknown["robots.txt"] == b"User-agent: *\nAllow: /\n"
    assert sorted(unknown) == [
        "calendar.ics", "events.csv", "feed.atom", "robots.txt", "timeline.json",
        "timelinejs.json",
    ]  # fmt: skip


# -- determinism -----------------------------------------------------------------------


# -- the site's language -----------------------------------------------------------------


def test_the_words_and_dates_people_read_follow_the_sites_language(site: Site) -> None:
    """A German site's feed, calendar and TimelineJS slides say what its pages say, in
    German; what programs read (dates in DTSTART and EDTF, the CSV) stays as it is."""
    chron = load(site, {**EVENTS, "2019-01-22-claim": event_yaml(
        "Talks claimed", "2019-01-22", "status: claimed\nclaimed_by: A minister\n"
    )})  # fmt: skip
    german = replace(SUBPATH, language="de")
    files = exports(chron, german, UPDATED)
    found = vevents(files["calendar.ics"])
    full = found["2019-01-23-full"]
    assert str(full["SUMMARY"]) == "Guaidó sworn in as interim president (umstritten)"
    assert (
        str(found["2019-01-22-claim"]["SUMMARY"]) == "Talks claimed (Behauptung, nicht bestätigt)"
    )
    assert str(found["2019-01-month"]["SUMMARY"]) == "A month, roughly (ungefähres Datum)"
    assert str(found["2019-02-01-uncertain"]["SUMMARY"]) == "Perhaps (Datum unsicher)"
    assert full.decoded("DTSTART") == date(2019, 1, 23)
    description = str(full["DESCRIPTION"])
    assert description.startswith(
        "23. Januar 2019\nUmstritten — Quelle der Behauptung: Government of Venezuela\n"
    )
    assert (
        "\n\nQuellen:\n- Leader sworn in, Example News, 23. Januar 2019: "
        "https://www.example.org/2019/01/23/sworn-in/ (archivierte Kopie: https://web.archive"
    ) in description
    assert "\n\nKorrekturen:\n- 1. Februar 2019: An earlier version gave the wrong day." in (
        description
    )
    entry = next(
        e for e in feedparser.parse(files["feed.atom"]).entries if e.title.startswith("Guaidó")
    )
    content = entry.content[0].value
    assert content.startswith("<p>23. Januar 2019 · Caracas, Venezuela</p>")
    assert "<p>Quellen:</p>" in content and "<p>Korrekturen:</p>" in content
    slides = {s["unique_id"]: s for s in json.loads(files["timelinejs.json"])["events"]}
    assert slides["2019-01-month"]["display_date"] == "ca. Januar 2019"
    assert slides["2019-01-23-time"]["display_date"] == (
        "23. Januar 2019, 14:30 Uhr (UTC−04:30) – 23. Januar 2019, 16:00 Uhr (UTC−04:30)"
    )
    text = slides["2019-01-23-full"]["text"]["text"]
    assert ">archivierte Kopie</a>)" in text and ">Über dieses Ereignis</a></p>" in text
    assert slides["2019-01-23-full"]["start_date"] == {"year": 2019, "month": 1, "day": 23}
    own = {e["id"]: e["date"] for e in json.loads(files["timeline.json"])["events"]}
    assert own["2019-01-month"]["display"] == "ca. Januar 2019"
    assert own["2019-01-month"]["edtf"] == "2019-01~"
    english = exports(chron, SUBPATH, UPDATED)
    assert files["events.csv"] == english["events.csv"]
    for name in ("feed.atom", "calendar.ics", "timelinejs.json"):
        assert "Sources:" in english[name].decode() and "Sources:" not in files[name].decode()


def test_french_words_keep_their_no_break_space(chron: Chronology) -> None:
    files = exports(chron, replace(SUBPATH, language="fr"), UPDATED)
    description = str(vevents(files["calendar.ics"])["2019-01-23-full"]["DESCRIPTION"])
    assert "\n\nSources\u00a0:\n- Leader sworn in, Example News, 23 janvier 2019" in description
    assert "Contesté — source de l’affirmation\u00a0: Government of Venezuela" in description
    # Every colon, as the pages write them: after a source, its archived copy, a correction.
    assert (
        "- Leader sworn in, Example News, 23 janvier 2019\u00a0: https://www.example.org/2019/"
        "01/23/sworn-in/ (copie archivée\u00a0: https://web.archive.org/web/2019/"
    ) in description
    assert "- 1er février 2019\u00a0: An earlier version gave the wrong day." in description
    slides = {s["unique_id"]: s for s in json.loads(files["timelinejs.json"])["events"]}
    assert (
        "<li>1er février 2019\u00a0: An earlier version"
        in (slides["2019-01-23-full"]["text"]["text"])
    )


def test_same_input_gives_identical_bytes(site: Site) -> None:
    first = exports(load(site, EVENTS), SUBPATH, UPDATED)
    reloaded = load(site, {})
    shuffled = Chronology(tuple(reversed(reloaded.events)))
    assert exports(shuffled, SUBPATH, UPDATED) == first
    later = exports(reloaded, SUBPATH, UPDATED.astimezone(timezone(timedelta(hours=5))))
    assert later == first  # the same instant in another zone


def test_identical_bytes_across_processes_and_hash_seeds(site: Site) -> None:
    load(site, EVENTS)
    script = textwrap.dedent(
        f"""
        import hashlib, sys
        from datetime import UTC, date, datetime
        from pathlib import Path
        from timeline.chronology import Chronology
        from timeline.config import SiteConfig
        from timeline.exports import render_exports
        from timeline.load import load_tree
        from timeline.problems import Problems
        root = Path(sys.argv[1])
        tree = load_tree(root, root / "events", Problems(), date(2023, 11, 14))
        config = SiteConfig(title="Venezuela", base_url={BASE!r})
        out, _ = render_exports(Chronology(tree.events), config, datetime(2023, 1, 1, tzinfo=UTC))
        for name in sorted(out):
            print(name, hashlib.sha256(out[name]).hexdigest())
        """
    )
    digests = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(site.root)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent.parent,
        )
        digests.append(done.stdout)
    assert digests[0] == digests[1]
    assert digests[0].count("\n") == 6
    assert hashlib.sha256(b"").hexdigest() not in digests[0]


def test_a_build_time_without_a_zone_is_refused(chron: Chronology) -> None:
    with pytest.raises(ValueError, match="time zone"):
        render_exports(chron, SUBPATH, datetime(2023, 11, 14))
