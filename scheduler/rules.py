"""The reminder policy's rules as one scan asks them: which items' owners are
reminded and which items are escalated in the scan's window.

Why a module of its own: the answers depend only on a policy and a due date,
and items share both (a plan of 500 items may have a few dozen due dates; most
plans share a policy), while working out a long-overdue item's weekly
reminders walks every day since it fell due. So they are worked out once per
scan, and the calendar's answers remembered, apart from the scan's flow.
"""

from __future__ import annotations

from datetime import date

from domain.action import Item
from domain.reminders import (
    ReminderPolicy,
    Trigger,
    WorkingDays,
    escalation_day,
    latest_in_window,
    owner_triggers,
)
from domain.status import Status


class Remembered:
    """A calendar that remembers its answers for the length of one scan."""

    def __init__(self, calendar: WorkingDays) -> None:
        self._calendar = calendar
        self._days: dict[date, bool] = {}

    def is_working(self, day: date) -> bool:
        if day not in self._days:
            self._days[day] = self._calendar.is_working(day)
        return self._days[day]


class Rules:
    """A policy's rules for each due date, worked out once per scan."""

    def __init__(self, policy: ReminderPolicy, calendar: WorkingDays, after: date, day: date):
        self.policy, self._calendar, self._after, self._day = policy, calendar, after, day
        self._owner: dict[date, Trigger | None] = {}
        self._escalate: dict[date, date | None] = {}

    def owner(self, due: date) -> Trigger | None:
        """The owner's reminder in the scan's window, if any."""
        if due not in self._owner:
            found = owner_triggers(self.policy, self._calendar, due, self._day)
            self._owner[due] = latest_in_window(found, self._after, self._day)
        return self._owner[due]

    def escalation_day(self, due: date) -> date | None:
        if due not in self._escalate:
            self._escalate[due] = escalation_day(self.policy, self._calendar, due)
        return self._escalate[due]

    def escalation(self, item: Item, off_track: set[str]) -> str | None:
        """Why ``item`` is escalated in the scan's window, if it is: overdue by
        the policy's working days, or newly declared off track."""
        policy = self.policy
        escalate_on = self.escalation_day(item.due)
        if escalate_on is not None and self._after < escalate_on <= self._day:
            return f"{policy.escalate_after} working days overdue"
        if policy.escalate_off_track and item.ref in off_track and item.status is Status.OFF_TRACK:
            return "now declared off track"
        return None
