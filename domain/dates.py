"""Dates and instants as council documents write them (DOMAIN.md, "Time").

Pure functions: nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidDate

LONDON = ZoneInfo("Europe/London")

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTH_YEAR = re.compile(r"^(?:by\s+)?([A-Za-z]+)\.?,?\s+(\d{4})$", re.IGNORECASE)
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
_EXPECTED = "expected a date such as 31/12/2009, 2009-12-31, December 2009 or 2009-12"
# Plans, deadlines and as-at instants all fall well inside these years; outside
# them a typo (9999, 0001) would only overflow the calendar arithmetic.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(value: object) -> date:
    """A due date: to the month means the month's last day; UK dates are day-first.
    Years outside 1900-2200 are refused."""
    text = str(value).strip()
    day = _parse_date(value)
    if day is None:
        raise InvalidDate(f"'{text[:40]}' is not a date: {_EXPECTED}")
    return in_range(day, text)


def in_range(day: date, text: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidDate(
            f"'{text[:40]}' is outside the years {FIRST_YEAR} to {LAST_YEAR}: check the year"
        )
    return day


def _parse_date(value: object) -> date | None:
    """The date a value names, or None if it looks like no date at all."""
    if isinstance(value, datetime):  # spreadsheet cells arrive as datetimes
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if m := _ISO_DAY.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _UK_DAY.match(text):
            year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return date(year, int(m[2]), int(m[1]))
        if m := _ISO_MONTH.match(text):
            return month_end(int(m[1]), int(m[2]))
        if (m := _MONTH_YEAR.match(text)) and m[1].lower() in _MONTHS:
            return month_end(int(m[2]), _MONTHS[m[1].lower()])
    except ValueError as error:  # e.g. 31/02/2009
        raise InvalidDate(f"'{text[:40]}' is not a real date ({error})") from None
    return None


def end_of_day(day: date) -> datetime:
    """The last instant of a London day, in UTC."""
    next_midnight = datetime.combine(day + timedelta(days=1), time(), LONDON)
    return (next_midnight - timedelta(microseconds=1)).astimezone(ZoneInfo("UTC"))


def parse_instant(text: str) -> datetime:
    """An instant: a bare date is the end of that London day; a time without an
    offset is London time. Returns UTC."""
    text = text.strip()
    day = _parse_date(text)
    if day is not None:
        return end_of_day(in_range(day, text))
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise InvalidDate(
            f"'{text[:40]}' is not a date or time: expected e.g. 2009-12-31, "
            "31/12/2009 or 2009-12-31T17:00 (London time unless an offset is given)"
        ) from None
    in_range(moment.date(), text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(ZoneInfo("UTC"))


def london_date(instant: datetime) -> date:
    """The London calendar day an instant falls on."""
    return instant.astimezone(LONDON).date()
