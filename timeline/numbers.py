"""How a language writes a whole number's digits in groups: 1,234 in English, 1.234 in
German, 1 234 in French, and 1234 but 12.345 in Spanish.

The interface shows counts and page numbers this way (`Locale.number`); dates, years and
what programs read (datetime attributes, JSON, CSV) keep plain digits. Each catalogue of
`timeline.locales` gives its language's `NUMBERS` and the countries that write them
otherwise (`REGION_NUMBERS`); English's are here. The values are CLDR 48's, as ICU 78
formats them (`Intl.NumberFormat`): the group separator, the minimum grouping digits
(CLDR's minimumGroupingDigits: with 2, a number of four digits is not grouped) and, for
India, groups of two after the first three (12,34,567). Babel's data has no minimum
grouping digits, which is one reason this is a table and not a dependency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space (French)


@dataclass(frozen=True)
class Grouping:
    separator: str = ","
    minimum: int = 1  # the fewest digits before the first separator (CLDR: 2 in Spanish)
    secondary: int = 3  # the size of the groups before the last three (India: 2)

    def __call__(self, n: int) -> str:
        """`n` with its digits grouped: 1234 → '1,234'."""
        sign, digits = ("-", str(-n)) if n < 0 else ("", str(n))
        if len(digits) < 3 + self.minimum:
            return sign + digits
        head, groups = digits[:-3], [digits[-3:]]
        while len(head) > self.secondary:
            groups.insert(0, head[-self.secondary :])
            head = head[: -self.secondary]
        return sign + self.separator.join([head, *groups])

    def formatter(self) -> Callable[[int], str]:
        """This grouping as the quickest function that writes it: Python's own for
        groups of three from four digits (`"{:,}".format`, in C for English), called by
        the pages for every count they show (250,000 times in a build of 10,000 events).
        An undefined value fails in it as in the general rule, naming what is undefined
        (`templating.Undefined`)."""
        if self.minimum != 1 or self.secondary != 3:
            return self
        if self.separator == ",":
            return "{:,}".format
        separator = self.separator
        return lambda n: f"{n:,}".replace(",", separator)


ENGLISH = Grouping(",")

# The countries whose English groups digits otherwise (CLDR 48).
ENGLISH_REGIONS = {
    **dict.fromkeys(("AT", "BE", "DE", "DK", "ES", "ID", "IT", "NL", "PL", "RO", "SI"),
                    Grouping(".")),
    **dict.fromkeys(("CZ", "EE", "FI", "HU", "LT", "LV", "NO", "PT", "SE", "SK", "UA", "ZA"),
                    Grouping(NBSP)),
    **dict.fromkeys(("FR", "GE"), Grouping(NNBSP)),
    "CH": Grouping("'"),
    "IN": Grouping(",", secondary=2),
}  # fmt: skip
