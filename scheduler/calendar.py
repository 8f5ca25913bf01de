"""Working days in England: Monday to Friday, less bank holidays (the
``holidays`` package, which works offline) and the council's closure days."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays


class EnglishWorkingDays:
    def __init__(self, closures: Iterable[date] = ()) -> None:
        self._bank_holidays = holidays.country_holidays("GB", subdiv="ENG")
        self._closures = frozenset(closures)

    def is_working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._bank_holidays and day not in self._closures

    def why_not(self, day: date) -> str | None:
        """Why ``day`` is not a working day, in words (None when it is one)."""
        if day in self._closures:
            return "a council closure day"
        if day in self._bank_holidays:
            return f"a bank holiday ({self._bank_holidays.get(day)})"
        if day.weekday() >= 5:
            return "a weekend"
        return None
