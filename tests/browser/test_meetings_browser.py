"""A chair records a board meeting in a real browser, and the board, the trend
chart and "what moved" then compare with it (the server's clock: 1 Oct 2009)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshots, sign_in
from tests.browser.test_accessibility import serious

pytestmark = pytest.mark.browser


def test_a_chair_records_a_meeting_and_the_board_compares_with_it(page: Page, server: str) -> None:
    sign_in(page, server, "board-chair", "/plans/pl")
    page.get_by_role("link", name="Board meetings").click()
    expect(page.get_by_role("heading", name="Board meetings")).to_be_visible()
    page.get_by_label("Date of the meeting").fill("02/10/2009")  # tomorrow
    page.get_by_role("button", name="Record the meeting").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("is after today")
    summary.get_by_role("link").click()  # the summary's link leads to the field
    expect(page.get_by_label("Date of the meeting")).to_be_focused()
    page.get_by_label("Date of the meeting").fill("20/08/2009")
    page.get_by_label("Title (optional)").fill("Improvement Board (August)")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The board meeting of 20 Aug 2009 is recorded."
    )
    expect(page.get_by_role("row", name=re.compile("^20 Aug 2009"))).to_contain_text("board-chair")
    page.screenshot(path=screenshots() / "10-meetings.png", full_page=True)

    page.get_by_role("link", name="Board", exact=True).click()
    row = page.get_by_role("row", name=re.compile("^32 Health visitor"))
    expect(row).to_contain_text("Worse since 20 Aug 2009")
    expect(row).to_contain_text("(was Grey)")
    chart = page.get_by_role("img", name=re.compile("RAG totals at each board meeting"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("RAG totals at the end"))).to_contain_text(
        "Improvement Board (August)"
    )
    page.screenshot(path=screenshots() / "11-board-since-meeting.png", full_page=True)

    page.get_by_role("link", name="What moved", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What moved since the board meeting of 20 Aug 2009"
    )
    red = page.locator("#group-red_or_overdue + ul")
    expect(red).to_contain_text("32 Health visitor workforce capacity")
    expect(red).to_contain_text("By health-commissioner, 1 Sep 2009, 10:00.")
    expect(red).to_contain_text("Two health visitor posts vacant")
    page.get_by_label("Since").fill("2009-02-30")
    page.get_by_role("button", name="Show what moved").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Since:")
    expect(page.get_by_role("heading", level=1)).to_have_text("What moved")
    expect(page.locator("#group-red_or_overdue")).to_have_count(0)


@pytest.mark.parametrize("path", ["/plans/pl", "/plans/pl/changes", "/plans/pl/pack"])
def test_the_pages_with_the_meeting_pass_axe(chromium: Browser, server: str, path: str) -> None:
    """After the test above: the board with its trend chart and directions."""
    context = chromium.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, server, "inspector", path)
        expect(page.locator("svg[role=img]")).to_have_count(0 if "changes" in path else 1)
        assert serious(page) == []
    finally:
        context.close()
