"""Reporting periods are read strictly, on both sides of every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidPeriod
from domain.periods import parse_period


@pytest.mark.parametrize(
    ("text", "starts", "ends", "kind", "label"),
    [
        ("2009-06", date(2009, 6, 1), date(2009, 6, 30), "month", "Jun 2009"),
        ("2009-01", date(2009, 1, 1), date(2009, 1, 31), "month", "Jan 2009"),
        ("2009-12", date(2009, 12, 1), date(2009, 12, 31), "month", "Dec 2009"),
        ("2008-02", date(2008, 2, 1), date(2008, 2, 29), "month", "Feb 2008"),
        ("2009-Q1", date(2009, 1, 1), date(2009, 3, 31), "quarter", "Q1 2009"),
        ("2009-q2", date(2009, 4, 1), date(2009, 6, 30), "quarter", "Q2 2009"),
        ("2009-Q4", date(2009, 10, 1), date(2009, 12, 31), "quarter", "Q4 2009"),
        ("2008/09", date(2008, 4, 1), date(2009, 3, 31), "year", "2008/09"),
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31), "year", "1999/00"),
        (" 2009-06 ", date(2009, 6, 1), date(2009, 6, 30), "month", "Jun 2009"),
    ],
)
def test_a_period_names_its_first_and_last_day(
    text: str, starts: date, ends: date, kind: str, label: str
) -> None:
    period = parse_period(text)
    assert (period.starts_on, period.ends_on, period.kind, period.label) == (
        starts,
        ends,
        kind,
        label,
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2009/11", "the year after 2009 (2009/10)"),
        ("2008/08", "the year after 2008"),
        ("2009-13", "month 13 does not exist"),
        ("2009-00", "month 0 does not exist"),
        ("2009-Q0", "expected a month"),
        ("2009-Q5", "expected a month"),
        ("2009-6", "expected a month"),
        ("June 2009", "expected a month"),
        ("2008/2009", "expected a month"),
        ("", "expected a month"),
        ("1899-12", "outside the years"),
        ("2009-06-30", "expected a month"),
    ],
)
def test_anything_else_is_refused_saying_what_was_expected(text: str, says: str) -> None:
    with pytest.raises(
        InvalidPeriod, match=r"is not a period|is not a financial year|outside"
    ) as refused:
        parse_period(text)
    assert says in str(refused.value)


def test_periods_order_by_their_last_day_so_annual_figures_precede_later_months() -> None:
    texts = ["2009-05", "2008/09", "2009-04", "2007/08", "2009-Q2"]
    ordered = [str(p) for p in sorted(parse_period(t) for t in texts)]
    assert ordered == ["2007/08", "2008/09", "2009-04", "2009-05", "2009-Q2"]


def test_the_same_period_written_two_ways_is_one_key() -> None:
    assert parse_period("2009-q2") == parse_period("2009-Q2")
    assert str(parse_period("2009-q2")) == "2009-Q2"
