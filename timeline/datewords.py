"""How a language writes dates in words: month and weekday names and the patterns around
them. `timeline.dates` writes a date with these (English unless told otherwise); each
catalogue of `timeline.locales` gives its own.

Patterns are `str.format` patterns: `{d}` the day (as `day` writes it), `{m}` the month's
name, `{y}` the year, `{date}` a date written by another pattern.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DateWords:
    months: tuple[str, ...]  # as in a date: January… (enero…)
    weekdays: tuple[str, ...]  # Monday first
    day: str = "{d}"  # a day alone, as a range's start says it: 21 (–25 January); 21.
    day_month: str = "{d} {m}"  # 30 January (– 2 February 2019)
    day_month_year: str = "{d} {m} {y}"
    month_year: str = "{m} {y}"
    weekday_date: str = "{weekday} {date}"  # a day's heading: Wednesday 23 January 2019
    time: str = "{date}, {clock} ({offset})"
    approximate: str = "c. {date}"  # c. January 2019
    approximate_day: str = "c. {date}"  # c. 23 January 2019 (and a time)
    uncertain: str = "{date} (uncertain)"
    first_day: str = ""  # how the first day of a month is written, when not "1" (1er)
    headings: bool = False  # whether a heading capitalises its first letter (Enero de 2019)

    def day_number(self, day: int) -> str:
        """The day of the month as a date writes it: 23; 1er in French."""
        return self.first_day if day == 1 and self.first_day else str(day)

    def heading(self, text: str) -> str:
        """A month or a day as a heading or a list entry starts (Enero de 2019)."""
        return text[:1].upper() + text[1:] if self.headings else text


ENGLISH = DateWords(
    months=(
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
)  # fmt: skip
