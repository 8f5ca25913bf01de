"""Private calendar feeds: made and stopped by the signed-in user, fetched by
Outlook with no session; only the user's own open items, in words, with
stable UIDs; and an item's "add to calendar" download."""

from __future__ import annotations

import re
from datetime import date

import icalendar
from starlette.testclient import TestClient

from application.service import Tracker
from domain.status import Status
from store.dialect import Dialect
from tests.conftest import Clock
from tests.web.conftest import Browser, text_of


def make_address(browser: Browser, user: str) -> str:
    browser.sign_in(user)
    assert "You have no calendar address." in text_of(browser.get("/calendar"))
    status, html = browser.post("/calendar/new")
    assert status == 200
    found = re.search(r'value="(http://testserver/calendar/[A-Za-z0-9_-]+\.ics)"', html)
    assert found, html
    return found[1].removeprefix("http://testserver")


def fetch(app: TestClient, path: str) -> icalendar.Calendar:
    with TestClient(app.app) as outlook:  # no cookies: Outlook has no session
        reply = outlook.get(path)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "set-cookie" not in reply.headers
    return icalendar.Calendar.from_ical(reply.content)


def status_of(app: TestClient, path: str) -> int:
    with TestClient(app.app) as outlook:
        return outlook.get(path).status_code


def test_a_users_feed_holds_their_open_deadlines_in_words(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    planned.change_status("pl", "11.a", Status.COMPLETE, by="hos-cf")  # closed: left out
    path = make_address(browser, "hos-cf")
    feed = fetch(browser.client, path)
    (entry,) = feed.walk("VEVENT")
    assert str(entry["UID"]) == "pl.11@improvement-tracker"
    assert entry.decoded("DTSTART") == date(2009, 12, 31)  # all day: a date, not a time
    assert entry.decoded("DTEND") == date(2010, 1, 1)
    assert entry.decoded("DTSTAMP") == clock.now()
    assert entry["SEQUENCE"] == 0
    assert str(entry["SUMMARY"]) == "Due: 11 Implement the revised Working Together"
    assert str(entry["DESCRIPTION"]).startswith("Plan. Status: On track (Green).")
    assert str(entry["URL"]) == "http://testserver/plans/pl/items/11"
    assert str(feed["X-WR-CALNAME"]) == "Improvement plan deadlines"
    body = feed.to_ical().decode()
    assert "hos-cf" not in body and "lscb-manager" not in body  # names, never keys
    assert "last fetched" in text_of(browser.get("/calendar"))

    # the deadline moves: the same entry (UID), a higher SEQUENCE
    clock.advance(days=1)
    planned.revise_due_date("pl", "11", date(2010, 2, 26), by="hos-cf", reason="consultation")
    (moved,) = fetch(browser.client, path).walk("VEVENT")
    assert str(moved["UID"]) == "pl.11@improvement-tracker"
    assert (moved["SEQUENCE"], moved.decoded("DTSTART")) == (1, date(2010, 2, 26))
    assert "Originally due 31 Dec 2009." in str(moved["DESCRIPTION"])


def test_another_users_items_never_appear(planned: Tracker, client: TestClient) -> None:
    mine = make_address(Browser(client), "hos-cf")
    with TestClient(client.app) as other_browser:
        theirs = make_address(Browser(other_browser), "lscb-manager")
    assert mine != theirs
    uids = {str(e["UID"]) for e in fetch(client, theirs).walk("VEVENT")}
    assert uids == {"pl.11.b@improvement-tracker", "pl.40@improvement-tracker"}
    uids = {str(e["UID"]) for e in fetch(client, mine).walk("VEVENT")}
    assert uids == {"pl.11@improvement-tracker", "pl.11.a@improvement-tracker"}
    # a viewer owns nothing: an empty calendar, never anyone else's
    viewer = Browser(client)
    assert fetch(client, make_address(viewer, "inspector")).walk("VEVENT") == []


def test_a_stopped_or_replaced_address_is_not_found(planned: Tracker, browser: Browser) -> None:
    first = make_address(browser, "hos-cf")
    status, _ = browser.post("/calendar/new")  # a new address: the first stops working
    assert status == 200
    assert status_of(browser.client, first) == 404
    assert status_of(browser.client, "/calendar/not-a-real-address.ics") == 404
    browser.post("/calendar/revoke")
    assert "You have no calendar address." in text_of(browser.get("/calendar"))
    assert planned.calendar_tokens.of("hos-cf") is None
    second = make_address(browser, "hos-cf")
    assert status_of(browser.client, second) == 200
    status, _ = browser.post("/calendar/revoke")
    assert status == 303
    assert status_of(browser.client, second) == 404


def test_the_address_is_stored_only_hashed_and_ends_with_its_user(
    planned: Tracker, browser: Browser
) -> None:
    path = make_address(browser, "lscb-manager")
    secret = path.removeprefix("/calendar/").removesuffix(".ics")
    table = planned.calendar_tokens._table
    with planned.calendar_tokens._db.transaction(commit=False) as c:
        c.execute(f"SELECT * FROM {table}")
        stored = repr([Dialect.values(row) for row in c.fetchall()])
    assert "lscb-manager" in stored and secret not in stored
    planned.users.remove("lscb-manager")
    assert status_of(browser.client, path) == 404


def test_making_an_address_needs_a_session_and_the_forms_token(
    planned: Tracker, client: TestClient
) -> None:
    reply = client.get("/calendar", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"].startswith("/sign-in")
    browser = Browser(client)
    browser.sign_in("hos-cf")
    reply = client.post("/calendar/new", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert reply.status_code == 403
    assert planned.calendar_tokens.of("hos-cf") is None


def test_an_item_offers_its_deadline_as_a_calendar_entry(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("inspector")
    assert "/plans/pl/items/40/calendar.ics" in browser.get("/plans/pl/items/40")
    reply = browser.client.get("/plans/pl/items/40/calendar.ics")
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "text/calendar; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="pl-40.ics"'
    (entry,) = icalendar.Calendar.from_ical(reply.content).walk("VEVENT")
    assert str(entry["UID"]) == "pl.40@improvement-tracker"
    assert entry.decoded("DTSTART") == date(2010, 3, 31)
    assert browser.client.get("/plans/pl/items/99/calendar.ics").status_code == 404
    with TestClient(browser.client.app) as stranger:
        reply = stranger.get("/plans/pl/items/40/calendar.ics", follow_redirects=False)
    assert reply.status_code == 303
