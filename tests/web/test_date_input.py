"""Time travel's GOV.UK date input: day, month and year boxes and an optional
24-hour time. An impossible date or letters are named with the Design System's
messages, the boxes at fault marked, instead of silently showing today."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from application.service import Tracker
from domain.status import Status
from tests.conftest import Clock
from tests.web.conftest import Browser, text_of
from web.date_input import date_field, read_date


def typed(day: str = "", month: str = "", year: str = "", at: str = "") -> dict[str, str]:
    return {"on-day": day, "on-month": month, "on-year": year, "at": at}


@pytest.mark.parametrize(
    ("boxes", "message", "bad"),
    [
        (typed("31", "2", "2010"), "Date must be a real date", {"day", "month", "year"}),
        (typed("1", "x", "2010"), "Date must be a real date", {"month"}),
        (typed("", "2", "2010"), "Date must include a day", {"day"}),
        (typed("1", "", ""), "Date must include a month and year", {"month", "year"}),
        (typed("1", "2", "10"), "Year must include 4 numbers", {"year"}),
        (typed("", "", "", "12:00"), "Enter the date", {"day", "month", "year"}),
        (typed("1", "2", "2010", "noon"), "Enter the time in 24-hour format", {"time"}),
        (typed("1", "2", "2010", "25:00"), "Time must be a real time", {"time"}),
    ],
)
def test_a_wrong_date_is_named_and_its_boxes_marked(
    boxes: dict[str, str], message: str, bad: set[str]
) -> None:
    found = read_date(boxes, "on", time_name="at")
    assert found.error.startswith(message)
    assert found.bad == bad
    assert found.instant is None


def test_a_date_is_the_end_of_that_london_day_and_a_time_is_london_time() -> None:
    day = read_date(typed("1", "8", "2009"), "on", time_name="at")
    assert day.instant is not None and day.instant.isoformat().startswith("2009-08-01T22:59:59")
    noon = read_date(typed("01", "08", "2009", "12:00"), "on", time_name="at")
    assert noon.instant == datetime(2009, 8, 1, 11, tzinfo=UTC)
    assert read_date({}, "on").instant is None and not read_date({}, "on").error


def test_the_boxes_show_the_instant_viewed_when_nothing_was_typed() -> None:
    shown = date_field({}, "on", time_name="at", instant=datetime(2009, 8, 1, 11, tzinfo=UTC))
    assert (shown.day, shown.month, shown.year, shown.time) == ("1", "8", "2009", "12:00")


def test_the_form_travels_in_time(planned: Tracker, browser: Browser, clock: Clock) -> None:
    clock.advance(days=60)
    planned.change_status("pl", "32", Status("off_track"), by="health-commissioner", reason="gaps")
    browser.sign_in("inspector")
    html = browser.get("/plans/pl?on-day=1&on-month=8&on-year=2009&at=12%3A00")
    words = text_of(html)
    assert "This is the plan as it was recorded at 1 Aug 2009, 12:00 (London time)" in words
    assert "Health visitor workforce capacity health-commissioner 31 Oct 2009 Not started" in words
    assert 'id="on-day" name="on-day" type="text" inputmode="numeric" value="1"' in html


@pytest.mark.parametrize("path", ["/plans/pl", "/plans/pl/items/32"])
def test_an_impossible_date_is_an_error_not_today(browser: Browser, path: str) -> None:
    browser.sign_in("inspector")
    reply = browser.client.get(path + "?on-day=31&on-month=2&on-year=2010&at=")
    assert reply.status_code == 400
    html = reply.text
    assert '<a href="#on-day">Date must be a real date</a>' in html  # the error summary
    assert '<p id="on-error" class="govuk-error-message">' in html
    assert html.count("govuk-input--error") == 3
    assert 'value="31"' in html  # what was typed stays, to be corrected
    assert "Historical view" not in html
    assert '<details class="govuk-details app-no-print" open>' in html  # the form shows
    assert "<title>Error: " in html
    letters = browser.client.get(path + "?on-day=1&on-month=feb&on-year=2010")
    assert letters.status_code == 400 and "Date must be a real date" in letters.text
    assert letters.text.count("govuk-input--error") == 1
