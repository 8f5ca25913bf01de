"""The web interface in a real browser: what a board member, an officer and an
inspector see and do. Screenshots of the main pages are saved for people to
look at (var/test-output/screenshots, or $TEST_OUTPUT/screenshots)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import screenshots, sign_in

pytestmark = pytest.mark.browser


def test_an_owner_changes_a_status_and_sees_it_on_the_board_and_timeline(
    page: Page, server: str
) -> None:
    page.goto(server + "/")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2F$"))
    page.screenshot(path=screenshots() / "01-sign-in.png")
    sign_in(page, server, "hos-cf", "/plans/pl")
    page.screenshot(path=screenshots() / "02-board.png", full_page=True)
    page.get_by_role("link", name="Implement the revised Working Together").click()
    page.get_by_label("New status").select_option("at_risk")
    page.locator("#status-reason").fill("DCSF guidance delayed to March")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("alert")).to_contain_text("11 is now at risk.")
    trail = page.locator(".app-timeline__entry").first
    expect(trail).to_contain_text("Status changed: On track → At risk")
    expect(trail).to_contain_text("by hos-cf")
    expect(trail).to_contain_text("Why: DCSF guidance delayed to March")
    page.screenshot(path=screenshots() / "03-item-timeline.png", full_page=True)
    page.get_by_role("link", name="Back to the board").click()
    row = page.get_by_role("row", name=re.compile("^11 Implement the revised"))
    expect(row).to_contain_text("At risk")
    expect(row).to_contain_text("Amber")


def test_travel_to_a_past_date_and_see_the_old_board(page: Page, server: str) -> None:
    sign_in(page, server, "inspector", "/plans/pl")
    row = page.get_by_role("row", name=re.compile("^32 Health visitor"))
    expect(row).to_contain_text("Off track")
    page.get_by_text("Time travel: see the plan as at a past moment").click()
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("8")
    page.get_by_label("Year").fill("2009")
    page.get_by_role("button", name="Show the plan as at then").click()
    banner = page.get_by_role("region", name="Historical view")
    expect(banner).to_contain_text("recorded at 1 Aug 2009, 23:59 (London time)")
    expect(page.get_by_role("row", name=re.compile("^32 Health visitor"))).to_contain_text(
        "Not started"
    )
    page.screenshot(path=screenshots() / "04-time-travel.png", full_page=True)
    page.get_by_role("link", name="Health visitor workforce capacity").click()
    expect(page).to_have_url(re.compile(r"/plans/pl/items/32\?as_at=2009-08-01T23%3A59%3A59$"))
    expect(page.get_by_role("region", name="Historical view")).to_be_visible()
    expect(page.locator(".app-timeline")).not_to_contain_text("Status changed")


def test_a_refused_form_shows_its_error_summary(page: Page, server: str) -> None:
    sign_in(page, server, "hos-cf", "/plans/pl/items/11.a")
    page.get_by_label("New status").select_option("deferred")
    page.get_by_role("button", name="Change status").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus there
    expect(page).to_have_title(re.compile("^Error: "))
    summary.get_by_role("link").click()
    expect(page.locator("#status-reason")).to_be_focused()
    page.screenshot(path=screenshots() / "05-error-summary.png", full_page=True)
    page.goto(server + "/plans/pl/items/11.a")
    expect(page.locator(".app-timeline")).not_to_contain_text("Deferred")


def test_an_owner_cannot_change_another_owners_item_even_by_forging_the_request(
    page: Page, server: str
) -> None:
    sign_in(page, server, "hos-cf", "/plans/pl/items/32")
    expect(page.get_by_text("Update this item")).to_have_count(0)
    page.goto(server + "/plans/pl/items/11")
    own_token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    assert own_token
    forged = page.request.post(
        server + "/plans/pl/items/32/status", form={"status": "complete"}, max_redirects=0
    )
    assert forged.status == 403  # no CSRF token: not sent from one of our pages
    with_token = page.request.post(
        server + "/plans/pl/items/32/status",
        form={"status": "complete", "csrf_token": own_token},
        max_redirects=0,
    )
    assert with_token.status == 403  # a real token, but not their item
    assert "cannot change a status on items owned by health-commissioner" in with_token.text()
    page.goto(server + "/plans/pl")
    expect(page.get_by_role("row", name=re.compile("^32 Health visitor"))).to_contain_text(
        "Off track"
    )


def test_filters_narrow_the_board_in_place(page: Page, server: str) -> None:
    sign_in(page, server, "inspector", "/plans/pl")
    expect(page.locator("#counts")).to_contain_text("Showing 5 of 5 items")
    page.get_by_label("Owner").select_option("lscb-manager")
    expect(page.locator("#counts")).to_contain_text("Showing 2 of 5 items (filtered)")
    expect(page).to_have_url(re.compile(r"owner=lscb-manager"))  # htmx pushed the address
    page.reload()
    expect(page.locator("#counts")).to_contain_text("Showing 2 of 5 items (filtered)")


def test_the_board_pack_prints_and_downloads_as_a_pdf(page: Page, server: str) -> None:
    sign_in(page, server, "board-chair", "/plans/pl/pack")
    expect(page.get_by_role("heading", name="2. Exceptions: items red or amber")).to_be_visible()
    expect(page.get_by_role("button", name="Print this pack")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the board")).to_be_visible()
    page.screenshot(path=screenshots() / "06-board-pack.png", full_page=True)
    reply = page.request.get(server + "/plans/pl/pack.pdf")
    assert reply.ok and reply.headers["content-type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(reply.body()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Response to Lord Laming (2009)" in text
    assert "Two health visitor posts vacant" in text  # 32's position, in the exceptions
    (screenshots() / "board-pack.pdf").write_bytes(reply.body())
