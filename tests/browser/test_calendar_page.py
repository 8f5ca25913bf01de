"""The calendar page in Chromium against a served tracker: an owner makes
their address, it passes axe, Outlook's fetch of it (no session) works, and
stopping it ends it."""

from __future__ import annotations

import urllib.error
import urllib.request

import icalendar
import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious

pytestmark = pytest.mark.browser


def test_an_owner_makes_uses_and_stops_their_calendar_address(
    chromium: Browser, server: str
) -> None:
    context = chromium.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, server, "hos-cf", "/my-items")
        page.get_by_role("link", name="See your deadlines in Outlook").click()
        assert serious(page) == []
        page.get_by_role("button", name="Make my calendar address").click()
        field = page.get_by_label("Copy this address now: it is shown only once")
        url = field.input_value()
        assert url.startswith(server + "/calendar/") and url.endswith(".ics")
        assert serious(page) == []
        with urllib.request.urlopen(url, timeout=10) as reply:  # Outlook: no cookies
            assert reply.headers["Content-Type"] == "text/calendar; charset=utf-8"
            entries = icalendar.Calendar.from_ical(reply.read()).walk("VEVENT")
        assert entries and all(str(e["UID"]).startswith("pl.") for e in entries)
        assert all("hos-cf" not in e.to_ical().decode() for e in entries)
        page.get_by_role("button", name="Stop my calendar address").click()
        page.wait_for_selector("#flash-title")
        with pytest.raises(urllib.error.HTTPError) as stopped:
            urllib.request.urlopen(url, timeout=10)
        assert stopped.value.code == 404
    finally:
        context.close()
