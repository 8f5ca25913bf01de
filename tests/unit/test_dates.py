"""Dates as council documents write them, and instants for "as at"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.dates import end_of_day, london_date, parse_date, parse_instant
from domain.errors import InvalidDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 2009", date(2009, 12, 31)),
        ("by December 2009", date(2009, 12, 31)),
        ("Dec 2009", date(2009, 12, 31)),
        ("february 2010", date(2010, 2, 28)),
        ("February 2012", date(2012, 2, 29)),
        ("2009-12", date(2009, 12, 31)),
        ("2010-09", date(2010, 9, 30)),
        ("31/12/2009", date(2009, 12, 31)),
        ("01/10/2009", date(2009, 10, 1)),  # day first: 1 October, not 10 January
        ("1/10/09", date(2009, 10, 1)),
        ("2009-12-31", date(2009, 12, 31)),
        (datetime(2009, 12, 31, 0, 0), date(2009, 12, 31)),  # an Excel date cell
    ],
)
def test_due_dates(text: object, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2009", "13/13/2009", "Decembre 2009", "soon", "", "2009"])
def test_bad_dates_say_what_was_expected(text: str) -> None:
    with pytest.raises(InvalidDate, match=f"'{text}' is not"):
        parse_date(text)


@pytest.mark.parametrize("text", ["1899-12-31", "31/12/1899", "December 1899", "0209-07-01"])
def test_a_year_before_1900_is_refused_as_a_typo(text: str) -> None:
    with pytest.raises(InvalidDate, match="is outside the years 1900 to 2200: check the year"):
        parse_date(text)
    with pytest.raises(InvalidDate, match="is outside the years 1900 to 2200"):
        parse_instant(text)


def test_1900_itself_is_allowed() -> None:
    assert parse_date("01/01/1900") == date(1900, 1, 1)


def test_a_bare_date_is_the_end_of_that_london_day() -> None:
    # British Summer Time: the day ends at 22:59:59.999999 UTC
    assert parse_instant("2009-07-01") == datetime(2009, 7, 1, 22, 59, 59, 999999, tzinfo=UTC)
    # Greenwich Mean Time in winter
    assert parse_instant("05/01/2010") == datetime(2010, 1, 5, 23, 59, 59, 999999, tzinfo=UTC)
    assert end_of_day(date(2010, 1, 5)) == parse_instant("2010-01-05")


def test_a_time_without_offset_is_london_time() -> None:
    assert parse_instant("2009-07-01T10:30") == datetime(2009, 7, 1, 9, 30, tzinfo=UTC)
    assert parse_instant("2009-07-01T10:30+00:00") == datetime(2009, 7, 1, 10, 30, tzinfo=UTC)


def test_the_london_date_of_an_instant() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (BST)
    assert london_date(datetime(2009, 6, 30, 23, 30, tzinfo=UTC)) == date(2009, 7, 1)


def test_an_unreadable_instant_is_refused() -> None:
    with pytest.raises(InvalidDate, match="not a date or time"):
        parse_instant("next Tuesday")
