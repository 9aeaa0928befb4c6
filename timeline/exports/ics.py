"""calendar.ics: every event as an iCalendar VEVENT (RFC 5545), written by `icalendar`.

Written one event at a time: each VEVENT is an `icalendar.Event` turned into text by its
own `to_ical()`, and the file is the calendar's own lines (an `icalendar.Calendar`
without components), then the VTIMEZONEs, the VEVENTs and END:VCALENDAR: the same
bytes as `Calendar.to_ical()` on the whole calendar (tests/test_exports_memo.py
compares the two). A VEVENT is made with DTSTAMP written as STAMP_PLACEHOLDER, whose
line the calendar carries with the build's time; the exports' memo
(`timeline.exports.memo`) copies the last build's VEVENTs from its calendar and changes
that line in them when the time moves, so a new build time does not make every VEVENT
again.

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
  corrections and the page's address. Their words and dates are in the site's language
  (`timeline.exports.words`); NAME and X-WR-CALNAME are the site's title, X-WR-CALDESC
  its description, as site.yaml writes them.
- STATUS: confirmed → CONFIRMED, retracted → CANCELLED, any other status → TENTATIVE.
  All-day events are TRANSPARENT (they do not block anyone's free/busy time).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial

import icalendar

from timeline.chronology import Chronology
from timeline.config import SiteConfig
from timeline.dates import DatePoint, format_offset
from timeline.exports.describe import correction_text, date_qualifier, source_text, status_text
from timeline.exports.memo import Memo
from timeline.exports.urls import host, page_url, utc
from timeline.exports.words import Wording, wording
from timeline.model import Event

PRODID = "-//timeline//sourced news chronology//EN"
ICS_STATUS = {"confirmed": "CONFIRMED", "retracted": "CANCELLED"}
# Before any event; the usual start of a fixed rule in the wild (Outlook writes the same).
_RULE_START = datetime(1601, 1, 1)
# The DTSTAMP each kept VEVENT is written with; a build puts its own time in its place.
STAMP_PLACEHOLDER = datetime(1970, 1, 1, tzinfo=UTC)
CALENDAR_END = "END:VCALENDAR\r\n"


def render_ics(
    chron: Chronology, config: SiteConfig, updated: datetime, memo: Memo
) -> Iterator[bytes | memoryview]:
    """The calendar, assembled from each event's VEVENT text (see the module docstring)."""
    zones = memo.pieces("ics-zones", chron.events, event_zones)
    offsets = sorted({int(minutes) for text in zones for minutes in text.split()})
    head = calendar_head(config) + "".join(_text(vtimezone(m)) for m in offsets)
    # Only DTSTAMP starts a line with "DTSTAMP:" (a folded line starts with a space, and a
    # line break in a text is written "\n"): replacing its line changes each VEVENT's
    # DTSTAMP, and only it, in a VEVENT made now or in the last build's file.
    stamp = tuple(_stamp_line(s).encode("utf-8") for s in (STAMP_PLACEHOLDER, utc(updated)))
    make = partial(vevent_text, config=config)
    return memo.joined("ics", chron.events, make, "", (head, CALENDAR_END), stamp)  # type: ignore[arg-type]


def calendar(config: SiteConfig) -> icalendar.Calendar:
    """The VCALENDAR with its own properties and no components yet."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", config.title)
    cal.add("x-wr-calname", config.title)
    if config.description:
        cal.add("x-wr-caldesc", config.description)
    return cal


def calendar_head(config: SiteConfig) -> str:
    """The calendar's lines before its first component: BEGIN:VCALENDAR and its properties."""
    text = _text(calendar(config))
    assert text.endswith(CALENDAR_END), text[-40:]
    return text.removesuffix(CALENDAR_END)


def event_zones(event: Event) -> str:
    """The UTC offsets (in minutes, space-separated) other than 0 that the event's times use."""
    start, end = ics_span(event.date.start, event.date.end)
    minutes = {_minutes(m) for m in (start, end) if isinstance(m, datetime)} - {0}
    return " ".join(str(m) for m in sorted(minutes))


def vevent_text(event: Event, config: SiteConfig) -> str:
    """The event's VEVENT as icalendar writes it, with DTSTAMP set to STAMP_PLACEHOLDER."""
    start, end = ics_span(event.date.start, event.date.end)
    return _text(vevent(event, config, STAMP_PLACEHOLDER, start, end))


def _stamp_line(stamp: datetime) -> str:
    """DTSTAMP's line, with the line ends around it, as icalendar writes it in a VEVENT."""
    probe = icalendar.Event()
    probe.add("dtstamp", stamp)
    line = _text(probe).split("\r\n")[1]
    return f"\r\n{line}\r\n"


def _text(component: icalendar.Component) -> str:
    """`component.to_ical()`, as text, with its lines folded here: icalendar folds a line
    a character at a time, which was two thirds of a cold build's exports."""
    return "".join(fold(line) + "\r\n" for line in component.content_lines(sorted=True) if line)


FOLD_OCTETS = 74  # RFC 5545: a line is folded before its 75th octet (the CRLF not counted)


def fold(line: str) -> str:
    """An iCalendar content line folded as icalendar folds it: each part is the longest
    run of whole characters of at most FOLD_OCTETS octets of UTF-8, except that a part
    does not end with a backslash or caret (an escape is kept whole on one line)."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return line
    parts: list[bytes] = []
    start = 0
    while len(data) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def vevent(
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
    words = wording(config.language)
    vevent.add("summary", ics_summary(event, words))
    vevent.add("description", ics_description(event, config, words))
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


def vtimezone(minutes: int) -> icalendar.Timezone:
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


def ics_summary(event: Event, words: Wording) -> str:
    notes = [words.status_note(event.status), date_qualifier(event, words)]
    notes = [n for n in notes if n]
    return event.title + (f" ({'; '.join(notes)})" if notes else "")


def ics_description(event: Event, config: SiteConfig, words: Wording) -> str:
    head = [words.date(event.date)]
    qualifier = date_qualifier(event, words)
    if qualifier:
        head[0] += f" ({qualifier})"
    status = status_text(event, words)
    if status:
        head.append(status)
    if event.place:
        head.append(event.place)
    blocks = ["\n".join(head)]
    summary = event.summary_text
    if summary:
        blocks.append(summary)
    blocks.append(
        words("Sources:") + "\n" + "\n".join(f"- {source_text(s, words)}" for s in event.sources)
    )
    if event.corrections:
        listed = "\n".join(f"- {correction_text(c, words)}" for c in event.corrections)
        blocks.append(words("Corrections:") + "\n" + listed)
    if config.absolute:
        blocks.append(page_url(config, event))
    return "\n\n".join(blocks)
