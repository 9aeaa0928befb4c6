"""EventDate: parsing, messages, display, ordering — and property-based round trips."""

from __future__ import annotations

import calendar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.dates import DateError, DatePoint, EventDate, Precision, parse_date, parse_point


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("2019", Precision.YEAR),
        ("2019-01", Precision.MONTH),
        ("2019-01-23", Precision.DAY),
        ("2019-01-23T14:30-04:00", Precision.TIME),
        ("2019-01-23T14:30:05Z", Precision.TIME),
    ],
)
def test_precision_is_kept(text: str, precision: Precision) -> None:
    point = parse_point(text)
    assert point.precision is precision
    assert point.edtf() == text


def test_qualifiers() -> None:
    assert parse_point("2019-01~").approximate
    assert parse_point("2019-01-23?").uncertain
    assert parse_point("2019-01~").display() == "c. January 2019"
    assert parse_point("2019-01-23?").display() == "23 January 2019 (uncertain)"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2019", "2019"),
        ("2019-01", "January 2019"),
        ("2019-01-23", "23 January 2019"),
        ("2019-01-23T14:30-04:00", "23 January 2019, 14:30 (UTC−04:00)"),
        ("2019-01-23T18:30Z", "23 January 2019, 18:30 (UTC)"),
        ("2019-01-23T18:30+05:30", "23 January 2019, 18:30 (UTC+05:30)"),
        ("2019-01-21/2019-01-25", "21–25 January 2019"),
        ("2019-01-30/2019-02-02", "30 January – 2 February 2019"),
        ("2018-12-30/2019-01-02", "30 December 2018 – 2 January 2019"),
        ("2019-01/2019-03", "January–March 2019"),
        ("2018/2019", "2018–2019"),
        ("2019-01~/2019-03", "c. January 2019 – March 2019"),
        ("2019-01/2019-01-15", "January 2019 – 15 January 2019"),
    ],
)
def test_display_follows_precision(text: str, shown: str) -> None:
    assert parse_date(text).display() == shown


def test_interval_parts_for_two_time_elements() -> None:
    assert parse_date("2019-01-21/2019-01-25").parts() == ("21", "–", "25 January 2019")
    assert parse_date("2019-01-23").parts() == ("23 January 2019", "", "")


def test_html_datetime_values() -> None:
    assert parse_point("2019").html() == "2019"
    assert parse_point("2019-01~").html() == "2019-01"
    assert parse_point("2019-01-23T14:30-04:00").html() == "2019-01-23T14:30-04:00"
    assert parse_point("2019-01-23T14:30+00:00").html() == "2019-01-23T14:30Z"


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        (
            "2019-02-30",
            "2019-02-30 is not a real day — February 2019 has 28 days",
            "the last day of that month is 2019-02-28",
        ),
        (
            "2020-02-30",
            "2020-02-30 is not a real day — February 2020 has 29 days",
            "the last day of that month is 2020-02-29",
        ),
        (
            "2019-13",
            "month 13 does not exist — months run from 01 to 12",
            "the order is year-month-day: 2019-01-23",
        ),
        (
            "2019-01-23T14:30",
            "the time in '2019-01-23T14:30' has no UTC offset",
            "add the offset of the place, e.g. 2019-01-23T14:30-04:00, or Z for UTC",
        ),
        (
            "next week",
            "'next week' is not a date",
            "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-01-23; relative dates such as "
            "'next week' are never worked out",
        ),
        (
            "January 23, 2019",
            "'January 23, 2019' is not in our date format",
            "did you mean 2019-01-23?",
        ),
        ("23 Jan. 2019", "'23 Jan. 2019' is not in our date format", "did you mean 2019-01-23?"),
        # In the words of the other languages the interface speaks, as contributors write.
        (
            "5 juillet 2023",
            "'5 juillet 2023' is not in our date format",
            "did you mean 2023-07-05?",
        ),
        ("1er mars 2023", "'1er mars 2023' is not in our date format", "did you mean 2023-03-01?"),
        (
            "Lundi 9 janvier 2023",
            "'Lundi 9 janvier 2023' is not in our date format",
            "did you mean 2023-01-09?",
        ),
        (
            "5 de enero de 2023",
            "'5 de enero de 2023' is not in our date format",
            "did you mean 2023-01-05?",
        ),
        ("5. März 2023", "'5. März 2023' is not in our date format", "did you mean 2023-03-05?"),
        ("février 2023", "'février 2023' is not in our date format", "did you mean 2023-02?"),
        ("2019-1-5", "'2019-1-5': months and days take two digits", "did you mean 2019-01-05?"),
        (
            "2019/01/23",
            "'2019/01/23' uses '/' between the parts of a date",
            "did you mean 2019-01-23?",
        ),
        ("23/01/2019", "'23/01/2019' is not in our date format", "did you mean 2019-01-23?"),
        ("01/23/2019", "'01/23/2019' is not in our date format", "did you mean 2019-01-23?"),
        ("23.01.2019", "'23.01.2019' is not in our date format", "did you mean 2019-01-23?"),
        (
            "06/04/2019",
            "'06/04/2019' is ambiguous (day/month or month/day?)",
            "write it as YYYY-MM-DD: 2019-04-06 if the day comes first, 2019-06-04 if the "
            "month does",
        ),
        (
            "31/02/2019",
            "'31/02/2019' is not in our date format",
            "write the date as YYYY-MM-DD, e.g. 2019-01-23",
        ),
        (
            "23/01/19",
            "'23/01/19' is not in our date format",
            "write the date as YYYY-MM-DD, with the year in four digits, e.g. 2019-01-23",
        ),
        (
            "2019-01-23 14:30Z",
            "'2019-01-23 14:30Z' separates date and time with a space or 't'",
            "use a capital T: 2019-01-23T14:30Z",
        ),
        (
            "2019-01-25/2019-01-23",
            "the end (2019-01-23) is before the start (2019-01-25)",
            "swap the two dates",
        ),
        (
            "2019-01-23/2019-01-23",
            "the start and the end are the same (2019-01-23)",
            "give a single date instead of an interval",
        ),
        (
            "2019-01-23/..",
            "'2019-01-23/..' is an open interval",
            "give both ends, e.g. 2019-01-21/2019-01-25",
        ),
        ("2019/2020/2021", "'2019/2020/2021' has more than one '/'", "an interval is START/END"),
        ("", "the date is empty", "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019-01-23"),
        (
            "2019-01-23T24:00Z",
            "hour 24 does not exist — hours run from 00 to 23",
            "write the time on a 24-hour clock: 2019-01-23T14:30-04:00",
        ),
        (
            "2019-01-23T10:00+15:00",
            "UTC offset +15:00 does not exist — offsets run from -12:00 to +14:00",
            "e.g. -04:00 for Caracas, +03:00 for Moscow, Z for UTC",
        ),
        ("0000", "year 0000 does not exist", "the year before 1 CE is not supported"),
        (
            "2019-01-23%",
            "'2019-01-23%' has more than one qualifier",
            "use ~ for approximate or ? for uncertain, not both",
        ),
        (
            "\uff12\uff10\uff11\uff19-01-23",
            "'\uff12\uff10\uff11\uff19-01-23' is not written with the digits 0-9",
            "write the date with ASCII digits, e.g. 2019-01-23",
        ),
        (
            "2019-01-23T14:30-0400",
            "'2019-01-23T14:30-0400': the UTC offset needs a colon",
            "did you mean 2019-01-23T14:30-04:00?",
        ),
        (
            "2019-01-23T14:30:05.5Z",
            "'2019-01-23T14:30:05.5Z' has a fraction of a second",
            "give the time to the second at most: 14:30:05",
        ),
    ],
)
def test_errors_name_the_limit_and_the_fix(text: str, message: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.message == message
    assert caught.value.hint == hint


def test_precision_is_never_filled_from_today() -> None:
    point = parse_point("2019-01")
    assert (point.day, point.hour) == (None, None)
    assert parse_point("2019").month is None


def test_sorting_puts_coarser_first_then_time_then_end() -> None:
    texts = [
        "2019-01-23T14:30-04:00",
        "2019-01-23",
        "2019-01",
        "2019",
        "2019-01-23T10:00-04:00",
        "2019-01-21/2019-01-25",
        "2019-01-21",
        "2018-12-31",
    ]
    ordered = sorted((parse_date(t) for t in texts), key=EventDate.sort_key)
    assert [d.edtf() for d in ordered] == [
        "2018-12-31",
        "2019",
        "2019-01",
        "2019-01-21",
        "2019-01-21/2019-01-25",
        "2019-01-23",
        "2019-01-23T10:00-04:00",
        "2019-01-23T14:30-04:00",
    ]


def test_times_on_the_same_day_sort_by_instant() -> None:
    caracas = parse_point("2019-01-23T14:30-04:00")  # 18:30 UTC
    moscow = parse_point("2019-01-23T20:00+03:00")  # 17:00 UTC
    assert moscow.sort_key() < caracas.sort_key()


# -- properties -------------------------------------------------------------------


@st.composite
def points(draw: st.DrawFn) -> DatePoint:
    year = draw(st.integers(1, 9999))
    precision = draw(st.sampled_from(list(Precision)))
    month = day = hour = minute = second = offset = None
    if precision >= Precision.MONTH:
        month = draw(st.integers(1, 12))
    if precision >= Precision.DAY:
        assert month is not None
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    if precision is Precision.TIME:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        second = draw(st.none() | st.integers(0, 59))
        offset = draw(st.integers(-12 * 4, 14 * 4)) * 15
        if year == 1 and (month, day) == (1, 1):
            offset = max(offset, 0)  # keep the instant inside datetime's range
        if year == 9999 and (month, day) == (12, 31):
            offset = min(offset, 0)
    qualifier = draw(st.sampled_from(["", "~", "?"]))
    return DatePoint(
        year, month, day, hour, minute, second, offset, qualifier == "~", qualifier == "?"
    )


@given(points())
def test_point_round_trip(point: DatePoint) -> None:
    assert parse_point(point.edtf()) == point
    assert parse_point(point.edtf()).edtf() == point.edtf()


@given(points(), points())
def test_interval_round_trip_when_ordered(a: DatePoint, b: DatePoint) -> None:
    text = f"{a.edtf()}/{b.edtf()}"
    try:
        parsed = parse_date(text)
    except DateError as exc:
        assert "before the start" in exc.message or "are the same" in exc.message
        return
    assert parsed == EventDate(a, b)
    assert parse_date(parsed.edtf()) == parsed


@given(points(), points())
def test_order_is_consistent_with_calendar_days(a: DatePoint, b: DatePoint) -> None:
    if a.first_day() < b.first_day():
        assert a.sort_key() < b.sort_key()
    if a.first_day() == b.first_day() and a.precision < b.precision and a.precision < Precision.DAY:
        assert a.sort_key() < b.sort_key()  # coarser first within the same span


@given(st.text(max_size=30))
def test_arbitrary_text_parses_or_explains(text: str) -> None:
    try:
        parsed = parse_date(text)
    except DateError as exc:
        assert exc.message and exc.hint, "every date error says how to fix it"
    else:
        assert parse_date(parsed.edtf()) == parsed


@given(points(), points())
def test_times_within_a_local_day_sort_by_instant(a: DatePoint, b: DatePoint) -> None:
    ia, ib = a.instant(), b.instant()
    if ia is None or ib is None or a.first_day() != b.first_day():
        return
    if ia < ib:
        assert a.sort_key() < b.sort_key()
    if ia == ib:
        assert a.sort_key()[:4] == b.sort_key()[:4]
