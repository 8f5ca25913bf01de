"""When an indicator's figure is late, on both sides of every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from domain.indicator_due import latest_due, period_ending_before
from scheduler.calendar import EnglishWorkingDays

CALENDAR = EnglishWorkingDays()


@pytest.mark.parametrize(
    ("frequency", "day", "period"),
    [
        ("monthly", date(2009, 7, 1), "2009-06"),
        ("monthly", date(2009, 6, 30), "2009-05"),
        ("monthly", date(2010, 1, 15), "2009-12"),
        ("quarterly", date(2009, 7, 1), "2009-Q2"),
        ("quarterly", date(2009, 6, 30), "2009-Q1"),
        ("quarterly", date(2010, 2, 1), "2009-Q4"),
        ("annual", date(2009, 4, 1), "2008/09"),
        ("annual", date(2009, 3, 31), "2007/08"),
    ],
)
def test_the_newest_period_ended(frequency: str, day: date, period: str) -> None:
    assert period_ending_before(frequency, day).text == period


def test_a_figure_is_late_from_the_working_day_after_its_grace() -> None:
    # June 2009 ends on Tuesday 30 June; 10 working days later is Tuesday 14 July.
    on_time = latest_due("monthly", CALENDAR, 10, date(2009, 7, 14))
    assert on_time.period.text == "2009-05"  # June is still within its grace
    late = latest_due("monthly", CALENDAR, 10, date(2009, 7, 15))
    assert (late.period.text, late.late_from) == ("2009-06", date(2009, 7, 15))


def test_bank_holidays_extend_the_grace() -> None:
    # December 2009 ends on Thursday 31 Dec; 1 Jan is a bank holiday, so the
    # working days after it are 4-8 and 11-15 Jan: the 10th is Friday 15 Jan,
    # and the figure is late from Monday 18 Jan.
    due = latest_due("monthly", CALENDAR, 10, date(2010, 1, 20))
    assert (due.period.text, due.late_from) == ("2009-12", date(2010, 1, 18))
    assert latest_due("monthly", CALENDAR, 10, date(2010, 1, 15)).period.text == "2009-11"
