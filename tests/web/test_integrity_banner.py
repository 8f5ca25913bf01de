"""The integrity banner, on SQLite and PostgreSQL: every signed-in user sees it
on every page while the latest verification found the chain broken, and
nobody sees it while the chain verifies; changes made meanwhile still go in."""

from __future__ import annotations

from starlette.testclient import TestClient

from application.integrity import verify_log
from application.service import Tracker
from scheduler.integrity import check_integrity
from tests.conftest import Clock
from tests.integration.test_chain import event_at, positions
from tests.integration.test_integrity_alarm import put_back
from tests.web.conftest import USERS, Browser, text_of

PAGES = ("/", "/my-items", "/plans/pl", "/plans/pl/items/11", "/plans/pl/changes")
BANNER = "The record of changes has failed its integrity check"


def break_the_chain(app: Tracker) -> int:
    """Rewrite the import event's recorder, as someone with database access might."""
    first = positions(app)[0]
    state = bytes(event_at(app, first)["state"])
    forged = state.replace(b'"by":"pmo"', b'"by":"xyz"')
    assert forged != state
    put_back(app, first, forged)
    return first


def test_every_user_sees_the_banner_on_every_page_while_broken(
    planned: Tracker, browser: Browser, client: TestClient, clock: Clock
) -> None:
    browser.sign_in("inspector")
    assert all(BANNER not in browser.get(path) for path in PAGES), "no verdict yet"
    check_integrity(planned, clock.advance(hours=1))
    assert planned.integrity.latest() is not None
    assert all(BANNER not in browser.get(path) for path in PAGES), "verified: ok"

    at = break_the_chain(planned)
    check_integrity(planned, clock.advance(days=1))  # the next day's check finds it
    for name in USERS:
        browser.sign_in(name)
        for path in PAGES:
            text = text_of(browser.get(path))
            assert f"Important {BANNER} since 2 Jul 2009, 11:00." in text, (name, path)
            assert f"changed event at position {at}. The stored content" in text
            assert "Your changes are still being recorded" in text
        missing = client.get("/plans/pl/items/999")
        assert missing.status_code == 404 and BANNER in missing.text
    browser.client.post("/sign-out", data={"csrf_token": browser.token})
    assert BANNER not in client.get("/sign-in").text, "signed-out visitors are not told"

    # a change made through the web while broken is recorded, after the break
    browser.sign_in("hos-cf")
    status, _ = browser.post("/plans/pl/items/11/status", status="at_risk", reason="delayed")
    assert status == 303
    assert planned.board("pl").items[0].status.value == "at_risk"
    found = verify_log(planned.recorder).first_break
    assert found is not None and found.position == at
    assert positions(planned)[-1] > at
