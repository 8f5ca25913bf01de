"""The GOV.UK date input (day, month and year boxes) with an optional 24-hour
time, read from a query string with the Design System's error messages.

Why: a browser's date picker sends nothing at all for an impossible date
(31/02/2010) or letters, so the page silently showed today. Three boxes let
people type what they mean, and a wrong entry is named ("Date must be a real
date") with the boxes at fault highlighted. Any page can use it: the fields
are ``NAME-day``, ``NAME-month``, ``NAME-year`` and an optional time field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time

from domain.dates import FIRST_YEAR, LAST_YEAR, LONDON, end_of_day

PARTS = ("day", "month", "year")
# The time-travel form's fields (an error in any opens its details).
TRAVEL_FIELDS = ("on", "on-day", "on-month", "on-year", "at")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class DateField:
    """What was typed into one date input, and what is wrong with it if anything."""

    name: str
    day: str = ""
    month: str = ""
    year: str = ""
    time: str = ""
    time_name: str = ""
    error: str = ""
    bad: frozenset[str] = field(default_factory=frozenset)  # day, month, year, time
    instant: datetime | None = None  # UTC; None if nothing typed or wrong

    @property
    def typed(self) -> bool:
        return any((self.day, self.month, self.year, self.time))

    @property
    def anchor(self) -> str:
        """The id the error summary links to: the first box at fault."""
        if self.bad == {"time"}:
            return self.time_name
        first = next((part for part in PARTS if part in self.bad), "day")
        return f"{self.name}-{first}"

    def part_id(self, part: str) -> str:
        return self.time_name if part == "time" else f"{self.name}-{part}"


def read_date(
    query: Mapping[str, str], name: str, *, label: str = "Date", time_name: str = ""
) -> DateField:
    """The date (and time, if ``time_name``) typed into the input ``name``.
    A date without a time means the end of that London day."""
    typed = {part: query.get(f"{name}-{part}", "").strip() for part in PARTS}
    clock = query.get(time_name, "").strip() if time_name else ""
    shown = DateField(name, typed["day"], typed["month"], typed["year"], clock, time_name)

    def wrong(message: str, *bad: str) -> DateField:
        return replace(shown, error=message, bad=frozenset(bad))

    if not shown.typed:
        return shown
    missing = [part for part in PARTS if not typed[part]]
    if len(missing) == 3:
        return wrong(f"Enter the {label.lower()}", *PARTS)
    if missing:
        return wrong(f"{label} must include a {' and '.join(missing)}", *missing)
    letters = [part for part in PARTS if not typed[part].isdigit()]
    if letters:
        return wrong(f"{label} must be a real date", *letters)
    if len(typed["year"]) != 4:
        return wrong("Year must include 4 numbers", "year")
    try:
        day = date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
    except ValueError:
        return wrong(f"{label} must be a real date", *PARTS)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return wrong(f"{label} must be between {FIRST_YEAR} and {LAST_YEAR}", "year")
    if not clock:
        return replace(shown, instant=end_of_day(day))
    found = _TIME.match(clock)
    if not found:
        return wrong("Enter the time in 24-hour format, for example 17:30", "time")
    hours, minutes = int(found[1]), int(found[2])
    if hours > 23 or minutes > 59:
        return wrong("Time must be a real time, for example 17:30", "time")
    moment = datetime.combine(day, time(hours, minutes), LONDON)
    return replace(shown, instant=moment.astimezone(UTC))


def date_field(
    query: Mapping[str, str],
    name: str,
    *,
    label: str = "Date",
    time_name: str = "",
    instant: datetime | None = None,
) -> DateField:
    """What the boxes show: what was typed, or else ``instant`` (a page's as-at)
    in London time, the time left blank for the end of a day."""
    typed = read_date(query, name, label=label, time_name=time_name)
    if typed.typed or instant is None:
        return typed
    local = instant.astimezone(LONDON)
    clock = "" if (local.hour, local.minute) == (23, 59) else local.strftime("%H:%M")
    return replace(
        typed,
        day=str(local.day),
        month=str(local.month),
        year=str(local.year),
        time=clock if time_name else "",
    )
