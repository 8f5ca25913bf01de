"""When an indicator's figure is late: the period it should have been reported
for by now, and the working day it became late.

A figure for a period is due within ``within`` working days after the period
ends (the board sets how many, in its reminder policy); from the working day
after that it is late. Pure: the calendar of working days is passed in and
nothing reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.periods import Period, parse_period
from domain.reminders import WorkingDays, step


@dataclass(frozen=True)
class Due:
    period: Period
    late_from: date  # the first working day on which the figure is late


def period_ending_before(frequency: str, day: date) -> Period:
    """The newest period of ``frequency`` that ended before ``day``."""
    if frequency == "monthly":
        year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
        return parse_period(f"{year}-{month:02d}")
    if frequency == "quarterly":
        quarter = (day.month - 1) // 3  # the quarter before this one, 0 meaning last year's Q4
        year, quarter = (day.year, quarter) if quarter else (day.year - 1, 4)
        return parse_period(f"{year}-Q{quarter}")
    start = day.year - 1 if day.month >= 4 else day.year - 2  # the last financial year ended
    return parse_period(f"{start}/{(start + 1) % 100:02d}")


def latest_due(frequency: str, calendar: WorkingDays, within: int, day: date) -> Due:
    """The newest period whose figure is late on ``day`` if it has not arrived:
    the period before the last one ended, when the last one is still in its
    working days' grace."""
    period = period_ending_before(frequency, day)
    late_from = step(calendar, period.ends_on, within + 1)
    if late_from > day:  # still in its grace: the one before is the newest due
        period = period_ending_before(frequency, period.starts_on)
        late_from = step(calendar, period.ends_on, within + 1)
    return Due(period, late_from)
