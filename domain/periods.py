"""Reporting periods, as council performance reports write them (DOMAIN.md,
"Performance indicators"): a month ``2009-06``, a calendar quarter ``2009-Q2``
or a financial year ``2008/09`` (April to March).

Checked strictly, because a period is the key a value is filed under: a loose
reading would file a revision as a new period or the reverse. ``2009/11`` is
not a financial year, ``2009-13`` not a month. Pure: nothing here reads the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from domain.dates import FIRST_YEAR, LAST_YEAR, month_end
from domain.errors import InvalidPeriod

Kind = Literal["month", "quarter", "year"]

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2})")
_EXPECTED = "expected a month (2009-06), a quarter (2009-Q2) or a financial year (2008/09)"
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. Orders by its last day, then its first, so a
    series mixing annual figures with later monthly ones reads in time order."""

    ends_on: date
    starts_on: date
    kind: Kind
    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        """How a report heads the column: 'Jun 2009', 'Q2 2009', '2008/09'."""
        if self.kind == "month":
            return f"{_MONTH_NAMES[self.starts_on.month - 1]} {self.starts_on.year}"
        if self.kind == "quarter":
            return f"Q{(self.starts_on.month - 1) // 3 + 1} {self.starts_on.year}"
        return self.text


def parse_period(value: object) -> Period:
    """The period ``value`` names, or ``InvalidPeriod`` saying what was expected."""
    text = str(value).strip()
    shown = repr(text[:20])
    if match := _MONTH.fullmatch(text):
        year, month = _year(match[1], shown), int(match[2])
        if not 1 <= month <= 12:
            raise InvalidPeriod(
                f"{shown} is not a period: month {month} does not exist; {_EXPECTED}"
            )
        return Period(month_end(year, month), date(year, month, 1), "month", f"{year}-{month:02d}")
    if match := _QUARTER.fullmatch(text):
        year, quarter = _year(match[1], shown), int(match[2])
        first = 3 * quarter - 2
        return Period(
            month_end(year, first + 2), date(year, first, 1), "quarter", f"{year}-Q{quarter}"
        )
    if match := _FINANCIAL_YEAR.fullmatch(text):
        year = _year(match[1], shown)
        if int(match[2]) != (year + 1) % 100:
            raise InvalidPeriod(
                f"{shown} is not a financial year: the second part must be the year after "
                f"{year} ({year}/{(year + 1) % 100:02d}); {_EXPECTED}"
            )
        return Period(
            date(year + 1, 3, 31), date(year, 4, 1), "year", f"{year}/{(year + 1) % 100:02d}"
        )
    raise InvalidPeriod(f"{shown} is not a period: {_EXPECTED}")


def _year(text: str, shown: str) -> int:
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidPeriod(
            f"{shown} is outside the years {FIRST_YEAR} to {LAST_YEAR}: check the year"
        )
    return year
