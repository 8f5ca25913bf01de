"""Backfilling history on the web, on SQLite and PostgreSQL: a status change
dated before the item was added, without a reason, gives the GOV.UK error
summary and records nothing; with one, the audit trail shows it as backdated."""

from __future__ import annotations

from application.service import Tracker
from tests.conftest import Clock
from tests.web.conftest import Browser, text_of
from tests.web.test_pages import events


def test_a_backdated_status_change_needs_a_reason_and_shows_as_backdated(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    clock.advance(days=30)
    browser.sign_in("hos-cf")
    before = events(planned)
    status, html = browser.post(
        "/plans/pl/items/11/status", status="at_risk", effective="01/01/2008"
    )
    assert status == 400
    assert "There is a problem" in html
    assert '<a href="#status-reason">' in html and 'id="status-reason-error"' in html
    assert (
        '<a href="#status-reason">A reason is required for a change to 11 effective 1 Jan 2008: '
        "that is before 11 was added (1 Jul 2009)"
    ) in html
    assert 'value="01/01/2008"' in html  # the date is kept for the person to fix
    assert events(planned) == before

    status, _ = browser.post(
        "/plans/pl/items/11/status",
        status="at_risk",
        effective="01/01/2008",
        reason="Backfilled from the 2008 board minutes",
    )
    assert status == 303
    item = text_of(browser.get("/plans/pl/items/11"))
    assert "effective 1 Jan 2008 Backdated (before this item was added)" in item
    assert "Why: Backfilled from the 2008 board minutes" in item
    assert item.count("Backdated") == 1  # the item's own addition is not
