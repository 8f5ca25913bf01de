"""When the tracker chases people: a plan's reminder policy and the pure rules
that say which items to mention to whom on a given working day.

The rules look at a window of days, from the day after the previous scan to
today, so a scan after downtime still mentions what fell due while the
scheduler was down, and a second scan on the same day mentions nothing new.
The calendar of working days is passed in: the domain knows no holidays.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


class WorkingDays(Protocol):
    def is_working(self, day: date) -> bool: ...


class ReminderPolicy(BaseModel):
    """A plan's reminder settings; the defaults are the board's usual practice."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    before: tuple[int, ...] = Field(default=(10, 3), description="working days before the due date")
    on_due: bool = True
    first_overdue: bool = True
    weekly_overdue: bool = True
    escalate_after: int | None = Field(default=10, description="working days overdue; None: never")
    escalate_off_track: bool = True
    report_day: str = "monday"  # the weekday the board's exception report goes out
    figures_within: int = Field(
        default=10, ge=0, le=60, description="working days after a period ends for its figure"
    )


@dataclass(frozen=True)
class Trigger:
    on: date
    why: str


def step(calendar: WorkingDays, day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (before it, if negative)."""
    direction = 1 if count >= 0 else -1
    for _ in range(abs(count)):
        day += timedelta(days=direction)
        while not calendar.is_working(day):
            day += timedelta(days=direction)
    return day


def on_or_after(calendar: WorkingDays, day: date) -> date:
    while not calendar.is_working(day):
        day += timedelta(days=1)
    return day


def working_days_between(calendar: WorkingDays, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working(day)
    return count


def owner_triggers(
    policy: ReminderPolicy, calendar: WorkingDays, due: date, until: date
) -> Iterator[Trigger]:
    """Every day up to ``until`` on which an owner should hear about an open
    item due on ``due``, oldest first."""
    for days in sorted(policy.before, reverse=True):
        yield Trigger(step(calendar, due, -days), f"due in {days} working days")
    if policy.on_due:
        yield Trigger(due, "due today")
    first = step(calendar, due, 1)
    if policy.first_overdue:
        yield Trigger(first, "overdue")
    if policy.weekly_overdue:
        week = 1
        while (day := on_or_after(calendar, first + timedelta(weeks=week))) <= until:
            yield Trigger(day, "still overdue")
            week += 1


def latest_in_window(triggers: Iterator[Trigger], after: date, until: date) -> Trigger | None:
    """The newest trigger falling in (``after``, ``until``]: one mention per item."""
    found = None
    for trigger in triggers:
        if after < trigger.on <= until:
            found = trigger if found is None or trigger.on >= found.on else found
    return found


def escalation_day(policy: ReminderPolicy, calendar: WorkingDays, due: date) -> date | None:
    if policy.escalate_after is None:
        return None
    return step(calendar, due, policy.escalate_after)


def report_due(policy: ReminderPolicy, calendar: WorkingDays, after: date, until: date) -> bool:
    """Whether the weekly exception report's day (moved to the next working day
    when it is a holiday) falls in (``after``, ``until``]."""
    weekday = WEEKDAYS.index(policy.report_day)
    day = until - timedelta(days=(until.weekday() - weekday) % 7)
    for candidate in (day, day - timedelta(weeks=1)):
        sent_on = on_or_after(calendar, candidate)
        if after < sent_on <= until:
            return True
    return False
