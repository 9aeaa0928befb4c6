"""Event dates: a subset of EDTF (ISO 8601-2) that keeps the precision given.

Accepted: `2019`, `2019-01`, `2019-01-23`, `2019-01-23T14:30-04:00` (a time needs an
offset or `Z`; seconds optional), a trailing `~` (approximate) or `?` (uncertain),
and intervals `2019-01-21/2019-01-25`. Nothing is ever filled in from today, and
nothing but our own regular expression reads the raw text.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from enum import IntEnum

from timeline.datewords import ENGLISH, DateWords
from timeline.frozen import record

MONTHS = ENGLISH.months  # English month names: what contributors' dates are parsed against


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3
    TIME = 4


class DateError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@record
class DatePoint:
    """One date at the precision it was written; `offset` is minutes east of UTC."""

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> Precision:
        if self.hour is not None:
            return Precision.TIME
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def instant(self) -> datetime | None:
        if self.hour is None or self.minute is None or self.offset is None:
            return None
        tz = timezone(timedelta(minutes=self.offset))
        return datetime(
            self.year, self.month or 1, self.day or 1,
            self.hour, self.minute, self.second or 0, tzinfo=tz,
        )  # fmt: skip

    def sort_key(self) -> tuple[int, int, int, int, float]:
        """Coarser first within the same span: 2019 < 2019-01 < 2019-01-01 < a time that day."""
        moment = self.instant()
        return (
            self.year,
            self.month or 0,
            self.day or 0,
            0 if moment is None else 1,
            0.0 if moment is None else moment.timestamp(),
        )

    # -- writing ------------------------------------------------------------

    def edtf(self) -> str:
        """The canonical text form; `parse_point(p.edtf()) == p`."""
        return self.html() + ("~" if self.approximate else "?" if self.uncertain else "")

    def html(self) -> str:
        """A valid HTML `datetime` attribute value at this precision."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += format_offset(self.offset or 0, iso=True)
        return text

    def display(self, *, with_year: bool = True, words: DateWords = ENGLISH) -> str:
        """This date in words ("23 January 2019"), in the language of `words`."""
        if self.day is not None:
            d, m = words.day_number(self.day), words.months[(self.month or 1) - 1]
            text = (words.day_month_year if with_year else words.day_month).format(
                d=d, m=m, y=self.year
            )
        elif self.month is not None:
            m = words.months[self.month - 1]
            text = words.month_year.format(m=m, y=self.year) if with_year else m
        else:
            text = str(self.year)
        if self.hour is not None:
            clock = f"{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                clock += f":{self.second:02d}"
            text = words.time.format(date=text, clock=clock, offset=format_offset(self.offset or 0))
        return self.qualify(text, words)

    def qualify(self, text: str, words: DateWords = ENGLISH) -> str:
        if self.approximate:
            pattern = words.approximate_day if self.day is not None else words.approximate
            return pattern.format(date=text)
        if self.uncertain:
            return words.uncertain.format(date=text)
        return text


def format_offset(minutes: int, *, iso: bool = False) -> str:
    if iso and minutes == 0:
        return "Z"
    if not iso and minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-" if iso else "−"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}" if iso else f"UTC{sign}{hours:02d}:{mins:02d}"


# Every date point made, by its value: events share their days (100,000 events of the
# benchmark have 10,000; held once each, they take 45 MB less). Bounded by the content.
_POINTS: dict[DatePoint, DatePoint] = {}


def shared(point: DatePoint) -> DatePoint:
    """The one held copy of `point`'s value."""
    return _POINTS.setdefault(point, point)


@record
class EventDate:
    start: DatePoint
    end: DatePoint | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", shared(self.start))
        if self.end is not None:
            object.__setattr__(self, "end", shared(self.end))

    def sort_key(self) -> tuple:
        end = self.end.sort_key() if self.end else ()
        return (*self.start.sort_key(), end)

    def edtf(self) -> str:
        return self.start.edtf() + (f"/{self.end.edtf()}" if self.end else "")

    def display(self, words: DateWords = ENGLISH) -> str:
        return display_range(self.start, self.end, words)

    def parts(self, words: DateWords = ENGLISH) -> tuple[str, str, str]:
        return range_parts(self.start, self.end, words)


def display_range(start: DatePoint, end: DatePoint | None, words: DateWords = ENGLISH) -> str:
    return "".join(range_parts(start, end, words))


def range_parts(
    start: DatePoint, end: DatePoint | None, words: DateWords = ENGLISH
) -> tuple[str, str, str]:
    """(start text, separator, end text): '21', '–', '25 January 2019'.

    Parts repeated on both ends are said once: '30 January – 2 February 2019',
    'January–March 2019', '2018–2019'; qualified or mixed ends are written in full.
    In the language of `words`: '21.', '–', '25. Januar 2019'.
    """
    if end is None:
        return (start.display(words=words), "", "")
    last = end.display(words=words)
    plain = not (start.approximate or start.uncertain or end.approximate or end.uncertain)
    same_kind = start.precision == end.precision and start.precision < Precision.TIME
    if plain and same_kind and start.year == end.year:
        if start.precision == Precision.DAY:
            if start.month == end.month:
                return (words.day.format(d=words.day_number(start.day or 1)), "–", last)
            return (start.display(with_year=False, words=words), " – ", last)
        if start.precision == Precision.MONTH:
            return (words.months[(start.month or 1) - 1], "–", last)
    if plain and same_kind and start.precision == Precision.YEAR:
        return (str(start.year), "–", str(end.year))
    return (start.display(words=words), " – ", last)


# -- parsing ----------------------------------------------------------------------

_POINT = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-(?P<month>[0-9]{2})"
    r"(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?P<tz>Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?"
    r"(?P<q>[~?])?"
)
# The same grammar as a plain (ECMA 262) regular expression, for the editor schema, with
# the ranges of each part (month 01-12, day 01-31, hour 00-23, offsets -12:00 to +14:00);
# the parser also checks the calendar (30 days in April, 29 February).
DAY_PATTERN = r"(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_OFFSET_PATTERN = r"Z|[+]((0[0-9]|1[0-3]):[0-5][0-9]|14:00)|-((0[0-9]|1[01]):[0-5][0-9]|12:00)"
POINT_PATTERN = (
    r"(?!0000)[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])"
    rf"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?({_OFFSET_PATTERN}))?)?)?[~?]?"
)
DATE_PATTERN = rf"^\s*{POINT_PATTERN}(/{POINT_PATTERN})?\s*$"
_CLOCK = "write the time on a 24-hour clock: 2019-01-23T14:30-04:00"
_FORMAT_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-01-23"


def parse_date(text: str) -> EventDate:
    """Parse a date or an interval `start/end`; raises DateError with a contributor hint."""
    text = text.strip()
    if "/" in text and not re.fullmatch(r"[0-9]{1,4}/[0-9]{1,2}/[0-9]{1,4}", text):
        left, _, right = text.partition("/")
        if "/" in right:
            raise DateError(f"'{text}' has more than one '/'", "an interval is START/END")
        if not left or not right or ".." in (left, right):
            raise DateError(
                f"'{text}' is an open interval",
                "give both ends, e.g. 2019-01-21/2019-01-25",
            )
        start, end = parse_point(left), parse_point(right)
        check_order(start, end)
        return EventDate(start, end)
    return EventDate(parse_point(text))


def check_order(start: DatePoint, end: DatePoint) -> None:
    a, b = start.instant(), end.instant()
    backwards = (b < a) if (a and b) else end.last_day() < start.first_day()
    if backwards:
        raise DateError(
            f"the end ({end.edtf()}) is before the start ({start.edtf()})",
            "swap the two dates",
        )
    if start == end:
        raise DateError(
            f"the start and the end are the same ({start.edtf()})",
            "give a single date instead of an interval",
        )


def parse_point(text: str) -> DatePoint:
    text = text.strip()
    m = _POINT.fullmatch(text)
    if m is None:
        raise _diagnose(text)
    g = m.groupdict()
    year = int(g["year"])
    month = _opt_int(g["month"])
    day = _opt_int(g["day"])
    if year == 0:
        raise DateError("year 0000 does not exist", "the year before 1 CE is not supported")
    if month is not None and not 1 <= month <= 12:
        raise DateError(
            f"month {g['month']} does not exist — months run from 01 to 12",
            "the order is year-month-day: 2019-01-23",
        )
    if day is not None:
        assert month is not None
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateError(
                f"{text.rstrip('~?')[:10]} is not a real day — "
                f"{MONTHS[month - 1]} {year} has {days} days",
                f"the last day of that month is {year:04d}-{month:02d}-{days:02d}",
            )
    hour = minute = second = offset = None
    if g["hour"] is not None:
        hour, minute, second = int(g["hour"]), int(g["minute"]), _opt_int(g["second"])
        if hour > 23:
            raise DateError(f"hour {g['hour']} does not exist — hours run from 00 to 23", _CLOCK)
        if minute > 59:
            raise DateError(
                f"minute {g['minute']} does not exist — minutes run from 00 to 59", _CLOCK
            )
        if second is not None and second > 59:
            raise DateError(
                f"second {g['second']} does not exist — seconds run from 00 to 59", _CLOCK
            )
        if g["tz"] is None:
            raise DateError(
                f"the time in '{text}' has no UTC offset",
                f"add the offset of the place, e.g. {text.rstrip('~?')}-04:00, or Z for UTC",
            )
        offset = _parse_offset(g["tz"])
    q = g["q"]
    return DatePoint(year, month, day, hour, minute, second, offset, q == "~", q == "?")


def _opt_int(value: str | None) -> int | None:
    return None if value is None else int(value)


def _parse_offset(tz: str) -> int:
    if tz == "Z":
        return 0
    sign = 1 if tz[0] == "+" else -1
    hours, mins = int(tz[1:3]), int(tz[4:6])
    if mins > 59 or hours * 60 + mins > 14 * 60 or (sign < 0 and hours * 60 + mins > 12 * 60):
        raise DateError(
            f"UTC offset {tz} does not exist — offsets run from -12:00 to +14:00",
            "e.g. -04:00 for Caracas, +03:00 for Moscow, Z for UTC",
        )
    return sign * (hours * 60 + mins)


def _numeric_day(text: str, first: int, second: int, year: str) -> DateError:
    """`23/01/2019`, `01/23/2019` or `06/04/2019`: the fix, when only one reading of it is
    a real day (a number over 12 can only be the day); both readings when both are."""
    readings = [
        f"{year}-{month:02d}-{day:02d}"
        for day, month in ((first, second), (second, first))
        if len(year) == 4
        and year != "0000"
        and 1 <= month <= 12
        and 1 <= day <= calendar.monthrange(int(year), month)[1]
    ]
    if len(set(readings)) == 1:
        return DateError(f"'{text}' is not in our date format", f"did you mean {readings[0]}?")
    if len(readings) == 2:
        return DateError(
            f"'{text}' is ambiguous (day/month or month/day?)",
            f"write it as YYYY-MM-DD: {readings[0]} if the day comes first, {readings[1]} "
            "if the month does",
        )
    four = "" if len(year) == 4 else ", with the year in four digits"
    return DateError(
        f"'{text}' is not in our date format",
        f"write the date as YYYY-MM-DD{four}, e.g. 2019-01-23",
    )


def _diagnose(text: str) -> DateError:
    """Explain why `text` is not a date, with the fix when we can tell it."""
    if not text:
        return DateError("the date is empty", _FORMAT_HINT)
    from timeline.wordeddates import in_words  # only for a date that is wrong

    iso = in_words(text)
    if iso:  # "January 23, 2019", "5 janvier 2023", "5 de enero de 2023"
        return DateError(f"'{text}' is not in our date format", f"did you mean {iso}?")
    m = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})(?:-([0-9]{1,2}))?", text)
    if m:
        fixed = "-".join([m[1]] + [f"{int(x):02d}" for x in m.groups()[1:] if x])
        return DateError(f"'{text}': months and days take two digits", f"did you mean {fixed}?")
    m = re.fullmatch(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", text)
    if m:
        fixed = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
        return DateError(f"'{text}' uses '/' between the parts of a date", f"did you mean {fixed}?")
    m = re.fullmatch(r"([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{2,4})", text)
    if m:
        return _numeric_day(text, int(m[1]), int(m[2]), m[3])
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ t]\S+", text):
        return DateError(
            f"'{text}' separates date and time with a space or 't'",
            f"use a capital T: {text[:10]}T{text[11:]}",
        )
    m = re.fullmatch(r"(.*T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?)([+-])([0-9]{2})([0-9]{2})([~?]?)", text)
    if m:
        fixed = f"{m[1]}{m[2]}{m[3]}:{m[4]}{m[5]}"
        return DateError(f"'{text}': the UTC offset needs a colon", f"did you mean {fixed}?")
    if re.fullmatch(r".*T[0-9]{2}:[0-9]{2}:[0-9]{2}[.,][0-9]+.*", text):
        return DateError(
            f"'{text}' has a fraction of a second", "give the time to the second at most: 14:30:05"
        )
    if re.fullmatch(r".*([~?]{2,}|%)", text):
        return DateError(
            f"'{text}' has more than one qualifier",
            "use ~ for approximate or ? for uncertain, not both",
        )
    if any(c.isdigit() and not c.isascii() for c in text):
        return DateError(
            f"'{text}' is not written with the digits 0-9",
            "write the date with ASCII digits, e.g. 2019-01-23",
        )
    if re.search(r"[A-Za-z]{3,}", text):
        return DateError(
            f"'{text}' is not a date",
            f"{_FORMAT_HINT}; relative dates such as 'next week' are never worked out",
        )
    return DateError(f"'{text}' is not a date", _FORMAT_HINT)
