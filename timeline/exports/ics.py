"""calendar.ics: every event as an iCalendar VEVENT (RFC 5545), written by `icalendar`.

Choices:
- A date without a time is an all-day event: DTSTART;VALUE=DATE on its first day and an
  exclusive DTEND on the day after its last (a month spans the month, a year the year,
  an interval ends after its end's last day).
- A time keeps its UTC offset: each offset used gets a VTIMEZONE of its own with one fixed
  rule (TZID `UTC-04:00`, TZOFFSETFROM = TZOFFSETTO = -0400, from 1601), and DTSTART
  keeps the clock time as written (`DTSTART;TZID="UTC-04:00":20190123T143000`);
  `icalendar` reads it back with that offset, and a client that honours VTIMEZONE shows
  the right instant in its reader's zone. `Z` times are written in UTC. A time without
  an end has no DTEND (RFC 5545: it ends when it starts). An interval mixing a time and
  a day is written as all-day, from the start's local day.
- UID is `<id>@<host>` (`<id>@timeline` without a public address); DTSTAMP is the build
  time; URL is the event's page, only when `base_url` is absolute.
- SUMMARY is the title, followed in parentheses by the status label and "approximate
  date" / "uncertain date" when they apply; DESCRIPTION gives the date as written, the
  status, the place, the summary as plain text, the sources with their addresses, the
  corrections and the page's address.
- STATUS: confirmed → CONFIRMED, retracted → CANCELLED, any other status → TENTATIVE.
  All-day events are TRANSPARENT (they do not block anyone's free/busy time).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import icalendar

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.dates import DatePoint, format_offset
from timeline.exports.describe import (
    STATUS_LABELS,
    correction_text,
    date_qualifier,
    source_text,
    status_text,
)
from timeline.exports.urls import host, page_url, utc
from timeline.model import Event
from timeline.plaintext import html_to_text

PRODID = "-//timeline//sourced news chronology//EN"
ICS_STATUS = {"confirmed": "CONFIRMED", "retracted": "CANCELLED"}
# Before any event; the usual start of a fixed rule in the wild (Outlook writes the same).
_RULE_START = datetime(1601, 1, 1)


def render_ics(chron: Chronology, config: SiteConfig, updated: datetime) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", config.title)
    cal.add("x-wr-calname", config.title)
    if config.description:
        cal.add("x-wr-caldesc", config.description)
    spans = [ics_span(e.date.start, e.date.end) for e in chron.events]
    offsets = {_minutes(m) for span in spans for m in span if isinstance(m, datetime)}
    for minutes in sorted(offsets - {0}):
        cal.add_component(_vtimezone(minutes))
    for event, (start, end) in zip(chron.events, spans, strict=True):
        cal.add_component(_vevent(event, config, utc(updated), start, end))
    return cal.to_ical()


def _vevent(
    event: Event,
    config: SiteConfig,
    stamp: datetime,
    start: date | datetime,
    end: date | datetime | None,
) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.id}@{host(config)}")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", ics_summary(event))
    vevent.add("description", ics_description(event, config))
    if event.place:
        vevent.add("location", event.place)
    if config.absolute:
        vevent.add("url", page_url(config, event))
    if event.tags:
        vevent.add("categories", list(event.tags))
    vevent.add("status", ICS_STATUS.get(event.status, "TENTATIVE"))
    if not isinstance(start, datetime):
        vevent.add("transp", "TRANSPARENT")
    return vevent


def ics_span(
    start: DatePoint, end: DatePoint | None
) -> tuple[date | datetime, date | datetime | None]:
    """(DTSTART, DTEND): dates with an exclusive end, or instants with their own offset."""
    first, last = start.instant(), end.instant() if end else None
    if first is not None and (end is None or last is not None):
        return _fixed(first), _fixed(last) if last else None
    day = first.date() if first is not None else start.first_day()
    final = (end or start).last_day()
    return day, (final + timedelta(days=1) if final < date.max else None)


def _fixed(moment: datetime) -> datetime:
    """UTC for `Z`; otherwise the written offset (a fixed-offset tzinfo named UTC±HH:MM)."""
    minutes = _minutes(moment)
    if minutes == 0:
        return moment.astimezone(UTC)
    return moment.replace(tzinfo=timezone(timedelta(minutes=minutes), _tzid(minutes)))


def _minutes(moment: datetime) -> int:
    offset = moment.utcoffset()
    assert offset is not None
    return int(offset.total_seconds()) // 60


def _tzid(minutes: int) -> str:
    return "UTC" + format_offset(minutes, iso=True)


def _vtimezone(minutes: int) -> icalendar.Timezone:
    offset = timedelta(minutes=minutes)
    rule = icalendar.TimezoneStandard()
    rule.add("dtstart", _RULE_START)
    rule.add("tzoffsetfrom", offset)
    rule.add("tzoffsetto", offset)
    rule.add("tzname", _tzid(minutes))
    tz = icalendar.Timezone()
    tz.add("tzid", _tzid(minutes))
    tz.add_component(rule)
    return tz


def ics_summary(event: Event) -> str:
    notes = [STATUS_LABELS.get(event.status, "").lower(), date_qualifier(event)]
    notes = [n for n in notes if n]
    return event.title + (f" ({'; '.join(notes)})" if notes else "")


def ics_description(event: Event, config: SiteConfig) -> str:
    head = [event.date.display()]
    qualifier = date_qualifier(event)
    if qualifier:
        head[0] += f" ({qualifier})"
    status = status_text(event)
    if status:
        head.append(status)
    if event.place:
        head.append(event.place)
    blocks = ["\n".join(head)]
    summary = html_to_text(event.summary_html)
    if summary:
        blocks.append(summary)
    blocks.append("Sources:\n" + "\n".join(f"- {source_text(s)}" for s in event.sources))
    if event.corrections:
        blocks.append(
            "Corrections:\n" + "\n".join(f"- {correction_text(c)}" for c in event.corrections)
        )
    if config.absolute:
        blocks.append(page_url(config, event))
    return "\n\n".join(blocks)
