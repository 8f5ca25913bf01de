"""Late indicator figures: which of a plan's indicators are waiting for a
figure past its working days' grace, and which became late in the scan's
window (their owners hear once, on the day it happens).

Its own module because it reads indicators, not items: the scan asks it per
plan and adds what it says to the owners' reminders and the board's report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from domain.indicator_due import latest_due
from domain.reminders import WorkingDays
from notifications.content import LateFigure, LateFigures
from projections.indicators import Reading


def late_figures(
    plan: str,
    plan_title: str,
    readings: list[Reading],
    calendar: WorkingDays,
    within: int,
    day: date,
) -> list[LateFigure]:
    """Each indicator whose newest due figure has not arrived by ``day``."""
    found = []
    for reading in readings:
        due = latest_due(reading.frequency, calendar, within, day)
        if any(point.period == due.period for point in reading.series):
            continue
        found.append(
            LateFigure(
                plan=plan,
                plan_title=plan_title,
                code=reading.code,
                title=reading.title,
                owner=reading.owner,
                period=due.period.label,
                late_from=due.late_from,
            )
        )
    return found


def newly_late(late: LateFigure, after: date, day: date) -> bool:
    """Whether ``late`` became late in the scan's window (``after``, ``day``]:
    the owner is reminded once, not every day."""
    return after < late.late_from <= day


class LateReminders:
    """One scan's late figures: each plan's (for its report), and by owner
    those that became late in the scan's window (for their reminders)."""

    def __init__(self, calendar: WorkingDays, after: date, day: date) -> None:
        self._calendar, self._after, self._day = calendar, after, day
        self._owners: defaultdict[str, list[LateFigure]] = defaultdict(list)

    def of_plan(
        self, plan: str, plan_title: str, readings: list[Reading], within: int
    ) -> list[LateFigure]:
        """The plan's late figures; the newly late are kept for their owners."""
        late = late_figures(plan, plan_title, readings, self._calendar, within, self._day)
        for figure in late:
            if figure.owner and newly_late(figure, self._after, self._day):
                self._owners[figure.owner].append(figure)
        return late

    def reminders(self) -> Iterator[tuple[str, str, LateFigures]]:
        """(owner, subject, reminder) for each owner with newly late figures."""
        for owner, figures in sorted(self._owners.items()):
            n = len(figures)
            subject = f"{n} indicator figure{'' if n == 1 else 's'} late: please report"
            yield owner, subject, LateFigures(recipient=owner, day=self._day, late=figures)
