"""When owners and boards hear about an item: working days in England and the
reminder rules, checked against dates worked out by hand from the 2009-10
calendar."""

from __future__ import annotations

from datetime import date

from domain.reminders import (
    ReminderPolicy,
    escalation_day,
    latest_in_window,
    owner_triggers,
    report_due,
    step,
    working_days_between,
)
from scheduler.calendar import EnglishWorkingDays

ENGLAND = EnglishWorkingDays()
POLICY = ReminderPolicy()


def test_weekends_bank_holidays_and_closures_are_not_working_days() -> None:
    assert ENGLAND.is_working(date(2009, 12, 24))  # Thursday
    assert ENGLAND.why_not(date(2009, 12, 25)) == "a bank holiday (Christmas Day)"
    assert not ENGLAND.is_working(date(2009, 12, 28))  # Boxing Day, moved to Monday
    assert ENGLAND.why_not(date(2009, 12, 26)) is not None  # Saturday
    assert not ENGLAND.is_working(date(2010, 4, 2))  # Good Friday
    assert not ENGLAND.is_working(date(2010, 4, 5))  # Easter Monday (England, not Scotland)
    assert ENGLAND.is_working(date(2009, 8, 3))  # Scotland's summer holiday, not England's
    closed = EnglishWorkingDays(closures=[date(2009, 12, 29), date(2009, 12, 30)])
    assert closed.why_not(date(2009, 12, 29)) == "a council closure day"
    assert closed.is_working(date(2009, 12, 31))


def test_counting_working_days_skips_christmas() -> None:
    # Wed 23 Dec 2009 + 1 = Thu 24; + 2 = Tue 29 (25, 26, 27, 28 are not working days)
    assert step(ENGLAND, date(2009, 12, 23), 1) == date(2009, 12, 24)
    assert step(ENGLAND, date(2009, 12, 23), 2) == date(2009, 12, 29)
    assert step(ENGLAND, date(2009, 12, 29), -2) == date(2009, 12, 23)
    assert working_days_between(ENGLAND, date(2009, 12, 23), date(2010, 1, 4)) == 5


def test_owner_reminders_for_an_item_due_on_a_thursday() -> None:
    due = date(2009, 12, 31)  # Thursday, New Year's Eve
    triggers = [(t.on, t.why) for t in owner_triggers(POLICY, ENGLAND, due, date(2010, 1, 20))]
    assert triggers == [
        # ten working days back from 31 Dec, skipping 25 and 28 Dec and the weekends
        (date(2009, 12, 15), "due in 10 working days"),
        (date(2009, 12, 24), "due in 3 working days"),
        (date(2009, 12, 31), "due today"),
        (date(2010, 1, 4), "overdue"),  # 1 Jan is a bank holiday
        (date(2010, 1, 11), "still overdue"),
        (date(2010, 1, 18), "still overdue"),
    ]


def test_a_due_date_on_a_saturday_is_mentioned_on_the_next_working_day() -> None:
    due = date(2009, 10, 31)  # Saturday
    days = [t.on for t in owner_triggers(POLICY, ENGLAND, due, date(2009, 11, 2))]
    assert date(2009, 10, 31) in days and date(2009, 11, 2) in days
    # a scan on Friday 30th then one on Monday 2nd: Monday's window holds both
    # the due date and the first day overdue, and mentions the item once
    found = latest_in_window(
        owner_triggers(POLICY, ENGLAND, due, date(2009, 11, 2)),
        after=date(2009, 10, 30),
        until=date(2009, 11, 2),
    )
    assert found is not None and (found.on, found.why) == (date(2009, 11, 2), "overdue")


def test_a_window_with_no_trigger_mentions_nothing() -> None:
    due = date(2009, 12, 31)
    triggers = owner_triggers(POLICY, ENGLAND, due, date(2009, 12, 17))
    assert latest_in_window(triggers, after=date(2009, 12, 15), until=date(2009, 12, 17)) is None


def test_policy_without_weekly_reminders_stops_after_the_first_overdue_day() -> None:
    quiet = ReminderPolicy(before=(5,), weekly_overdue=False)
    days = [t.on for t in owner_triggers(quiet, ENGLAND, date(2009, 12, 31), date(2010, 3, 1))]
    assert days == [date(2009, 12, 22), date(2009, 12, 31), date(2010, 1, 4)]


def test_escalation_after_ten_working_days_overdue() -> None:
    assert escalation_day(POLICY, ENGLAND, date(2009, 12, 31)) == date(2010, 1, 15)
    assert escalation_day(ReminderPolicy(escalate_after=None), ENGLAND, date(2009, 12, 31)) is None


def test_the_weekly_report_moves_off_a_bank_holiday_monday() -> None:
    # Easter Monday 5 April 2010: the Monday report goes out on Tuesday 6 April
    assert not report_due(POLICY, ENGLAND, after=date(2010, 4, 1), until=date(2010, 4, 1))
    assert report_due(POLICY, ENGLAND, after=date(2010, 4, 1), until=date(2010, 4, 6))
    assert not report_due(POLICY, ENGLAND, after=date(2010, 4, 6), until=date(2010, 4, 7))
    thursday = ReminderPolicy(report_day="thursday")
    assert report_due(thursday, ENGLAND, after=date(2010, 4, 7), until=date(2010, 4, 8))
