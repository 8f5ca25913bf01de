"""WCAG 2.2 reflow (1.4.10): at 320 and 390 CSS pixels wide no page scrolls
sideways. Tables stack into one block per row, each cell naming its column,
and the item page's forms come before its long audit trail."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)
PAGES = [
    ("board-chair", "/"),
    ("board-chair", "/plans/pl"),
    ("board-chair", "/plans/pl?on=2009-08-01"),
    ("board-chair", "/plans/pl/items/11"),
    ("board-chair", "/plans/pl/items/32?as_at=2009-08-01T12:00:00"),
    ("hos-cf", "/plans/pl/items/11"),
    ("board-chair", "/plans/pl/changes?since=2009-07-01"),
    ("board-chair", "/plans/pl/exceptions"),
    ("hos-cf", "/my-items"),
    ("pmo", "/import"),
    ("board-chair", "/plans/pl/pack"),
    ("board-chair", "/plans/pl?on-day=31&on-month=2&on-year=2010&at="),
    ("pmo", "/admin"),
    ("pmo", "/admin/users"),
    ("pmo", "/admin/users/hos-cf"),
    ("pmo", "/admin/plans/pl"),
    ("pmo", "/admin/plans/pl/workload"),
    ("pmo", "/no-such-page"),
]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(chromium: Browser, server: str, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    page = context.new_page()
    wide = []
    try:
        page.goto(server + "/sign-in")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            wide.append("/sign-in")
        signed_in = ""
        for user, path in PAGES:
            if user != signed_in:
                context.clear_cookies()
                sign_in(page, server, user, path)
                signed_in = user
            else:
                page.goto(server + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide.append(f"{path} as {user}: {scroll} px")
    finally:
        context.close()
    assert not wide, f"pages wider than {width} px:\n" + "\n".join(wide)


def test_a_stacked_row_names_each_column(chromium: Browser, server: str) -> None:
    context = chromium.new_context(viewport={"width": 320, "height": 800}, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, server, "board-chair", "/plans/pl")
        cell = page.locator("td[data-label='Owner']").first
        assert cell.evaluate("c => getComputedStyle(c).display") == "block"
        label = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert label == '"Owner: "'
    finally:
        context.close()


def test_the_item_forms_come_before_the_audit_trail_on_a_phone(
    chromium: Browser, server: str
) -> None:
    for width in (390, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
        page = context.new_page()
        try:
            sign_in(page, server, "hos-cf", "/plans/pl/items/11")
            form = page.get_by_role("heading", name="Update this item").bounding_box()
            trail = page.get_by_role("heading", name="Audit trail").bounding_box()
            assert form and trail
            if width == 390:  # one column: the forms first
                assert form["y"] < trail["y"]
            else:  # side by side: the forms on the right
                assert form["x"] > trail["x"] + trail["width"] / 2
        finally:
            context.close()
