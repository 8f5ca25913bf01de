"""The web interface, route by route, on SQLite and PostgreSQL: what a signed-in
person sees, what their forms record, and what is refused."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from starlette.testclient import TestClient

from application.service import Tracker
from domain.status import Status
from tests.conftest import Clock
from tests.web.conftest import Browser, csrf_of, text_of


def events(app: Tracker) -> int:
    return app.recorder.max_notification_id() or 0


def test_every_page_needs_a_sign_in_and_returns_to_it_after(client: TestClient) -> None:
    reply = client.get("/plans/pl?status=on_track", follow_redirects=False)
    assert reply.status_code == 303
    assert reply.headers["location"] == "/sign-in?next=%2Fplans%2Fpl%3Fstatus%3Don_track"


def test_a_wrong_password_is_refused_with_an_error_summary(browser: Browser) -> None:
    page = browser.client.get("/sign-in").text
    reply = browser.client.post(
        "/sign-in",
        data={"csrf_token": csrf_of(page), "name": "hos-cf", "password": "wrong password!"},
    )
    assert reply.status_code == 400
    assert "There is a problem" in reply.text
    assert '<a href="#name">The user name or password is not right</a>' in reply.text
    assert browser.client.get("/", follow_redirects=False).status_code == 303  # still out


def test_the_plans_page_shows_rag_totals(browser: Browser) -> None:
    browser.sign_in("inspector")
    words = text_of(browser.get("/"))
    # items, red, overdue, amber, green, verified, grey: 11 is on track, the rest not started
    assert "Plan 5 0 0 0 1 0 4" in words


def test_an_owner_changes_a_status_and_sees_it_on_the_board_and_in_the_timeline(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    clock.advance(days=30)
    browser.sign_in("hos-cf")
    status, _ = browser.post("/plans/pl/items/11/status", status="at_risk", reason="DCSF delayed")
    assert status == 303
    item = text_of(browser.get("/plans/pl/items/11"))
    assert "11 is now at risk." in item  # the confirmation, once
    board = text_of(browser.get("/plans/pl"))
    assert "11 is now at risk." not in board
    assert "11 Implement the revised Working Together hos-cf 31 Dec 2009 At risk Amber" in board
    assert "Status changed: On track → At risk" in item
    assert "by hos-cf · recorded 31 Jul 2009, 10:00 · effective 31 Jul 2009" in item
    assert "Why: DCSF delayed" in item
    (row,) = [r for r in planned.history("pl", "11") if r["type"] == "StatusChanged"]
    assert (row["by"], row["to"], row["reason"]) == ("hos-cf", "at_risk", "DCSF delayed")


def test_a_refused_form_names_the_field_and_records_nothing(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("hos-cf")
    before = events(planned)
    status, html = browser.post("/plans/pl/items/11/status", status="deferred", reason="")
    assert status == 400
    assert "There is a problem" in html
    assert '<a href="#status-reason">' in html
    assert 'id="status-reason-error"' in html
    assert '<option value="deferred" selected>' in html  # the choice is kept
    status, html = browser.post("/plans/pl/items/11/due", due="31/02/2010", reason="late")
    assert status == 400
    assert '<a href="#due-due">' in html and "is not a real date" in html
    status, html = browser.post("/plans/pl/items/11/due", due="March 2010", reason=" ")
    assert status == 400 and '<a href="#due-reason">' in html
    status, html = browser.post("/plans/pl/items/11/evidence", text="  ")
    assert status == 400 and '<a href="#evidence-text">' in html
    status, html = browser.post(
        "/plans/pl/items/11/status", status="on_track", effective="2010-01-01"
    )
    assert status == 400 and '<a href="#status-effective">' in html
    assert events(planned) == before


def test_a_revised_deadline_shows_original_and_new(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("hos-cf")
    status, _ = browser.post("/plans/pl/items/11/due", due="March 2010", reason="DCSF delay")
    assert status == 303
    board = text_of(browser.get("/plans/pl"))
    assert "31 Mar 2010 (was 31 Dec 2009)" in board
    item = text_of(browser.get("/plans/pl/items/11"))
    assert "Deadline revised: 31 Dec 2009 → 31 Mar 2010" in item
    assert "31 Mar 2010 (originally 31 Dec 2009)" in item


def test_an_owner_cannot_change_another_owners_item(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("hos-cf")
    page = browser.get("/plans/pl/items/32")  # health-commissioner's
    assert "Update this item" not in page and "/items/32/status" not in page
    before = events(planned)
    for form, fields in [
        ("status", {"status": "off_track", "reason": "x"}),
        ("due", {"due": "2010-01-31", "reason": "x"}),
        ("evidence", {"text": "x"}),
        ("comment", {"text": "x"}),
        ("verify", {}),
    ]:
        status, html = browser.post(f"/plans/pl/items/32/{form}", **fields)
        assert status == 403, form
        assert "cannot" in html
    assert events(planned) == before


def test_a_forged_post_without_the_pages_token_is_refused(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("hos-cf")
    before = events(planned)
    for token in ("", "guessed-token"):
        reply = browser.client.post(
            "/plans/pl/items/11/status",
            data={"csrf_token": token, "status": "complete"},
            follow_redirects=False,
        )
        assert reply.status_code == 403
        assert "Nothing was recorded" in reply.text
    assert events(planned) == before


def test_the_chair_signs_off_only_with_evidence(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("board-chair")
    assert browser.post("/plans/pl/items/32/status", status="complete")[0] == 303
    status, html = browser.post("/plans/pl/items/32/verify", reason="")
    assert status == 400 and "attach evidence first" in text_of(html)
    assert browser.post("/plans/pl/items/32/evidence", text="Caseloads audited")[0] == 303
    assert browser.post("/plans/pl/items/32/verify", reason="Seen by the board")[0] == 303
    assert "Health visitor workforce capacity health-commissioner 31 Oct 2009 Verified" in text_of(
        browser.get("/plans/pl")
    )


def test_an_owner_may_not_sign_off_even_their_own_item(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("lscb-manager")
    assert browser.post("/plans/pl/items/40/status", status="complete")[0] == 303
    assert browser.post("/plans/pl/items/40/evidence", text="Appointed")[0] == 303
    before = events(planned)
    assert browser.post("/plans/pl/items/40/verify")[0] == 403
    status, html = browser.post("/plans/pl/items/40/status", status="verified")
    assert status == 400 and "only the chair signs off" in html
    assert events(planned) == before


def test_time_travel_shows_the_board_as_it_was_and_links_keep_the_instant(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    clock.advance(days=60)  # 30 August 2009
    browser.sign_in("inspector")
    planned.change_status("pl", "32", Status("off_track"), by="health-commissioner", reason="gaps")
    now = text_of(browser.get("/plans/pl"))
    assert "Health visitor workforce capacity health-commissioner 31 Oct 2009 Off track Red" in now
    html = browser.get("/plans/pl?on=2009-08-01&at=12:00")
    words = text_of(html)
    assert "Historical view" in words
    assert "This is the plan as it was recorded at 1 Aug 2009, 12:00 (London time)" in words
    assert (
        "Health visitor workforce capacity health-commissioner 31 Oct 2009 Not started Grey"
        in words
    )
    assert 'href="/plans/pl/items/32?as_at=2009-08-01T12%3A00%3A00"' in html
    assert 'href="/plans/pl/pack.pdf?as_at=2009-08-01T12%3A00%3A00"' in html
    assert 'href="/plans/pl/pack.docx?as_at=2009-08-01T12%3A00%3A00"' in html
    item = text_of(browser.get("/plans/pl/items/32?as_at=2009-08-01T12%3A00%3A00"))
    assert "Historical view" in item and "Status changed" not in item
    assert "Update this item" not in item


def test_a_bad_time_travel_date_is_named(browser: Browser) -> None:
    browser.sign_in("inspector")
    reply = browser.client.get("/plans/pl?on=31/13/2009")
    assert reply.status_code == 400
    assert '<a href="#on">' in reply.text and "is not a real date" in reply.text


def test_what_moved_since_a_date(planned: Tracker, browser: Browser, clock: Clock) -> None:
    clock.advance(days=10)
    browser.sign_in("inspector")
    planned.revise_due_date(
        "pl", "40", date.fromisoformat("2010-06-30"), by="lscb-manager", reason="recruitment"
    )
    words = text_of(browser.get("/plans/pl/changes?since=2009-07-05"))
    assert "Deadlines revised (1)" in words
    assert "40 Two lay members appointed to the LSCB: 31 Mar 2010 → 30 Jun 2010" in words


def test_exceptions_and_my_items(planned: Tracker, browser: Browser, clock: Clock) -> None:
    clock.advance(days=160)  # 8 December 2009: 11.a (30 Nov) is overdue
    planned.change_status("pl", "40", Status("at_risk"), by="lscb-manager")
    browser.sign_in("lscb-manager")
    exceptions = text_of(browser.get("/plans/pl/exceptions"))
    assert exceptions.index("11.a Local procedures revised") < exceptions.index("40 Two lay")
    assert "8 days overdue" in exceptions
    mine = text_of(browser.get("/my-items"))
    assert "11.b Multi-agency briefings held" in mine and "40 Two lay members" in mine
    assert "11.a" not in mine


def test_html_in_titles_is_shown_as_text_and_formulas_exported_as_text(
    app: Tracker, tmp_path: Path
) -> None:
    from application.access import Role
    from application.spreadsheet import read_plan_file
    from tests.plans import write
    from web.app import create_app

    hostile = (
        "ref,parent,title,theme,owner,due\n"
        '1,,"<script>alert(1)</script><img src=x onerror=alert(2)>",=cmd|x,a-owner,2010-01-31\n'
        '2,,"=HYPERLINK(""http://evil"",""click"")",@sum,a-owner,2010-01-31\n'
    )
    app.import_plan("hp", read_plan_file(write(tmp_path, hostile)), by="pmo", source="h.csv")
    app.users.add("inspector", Role.VIEWER, "a long enough password")
    with TestClient(create_app(app)) as client:
        browser = Browser(client)
        browser.sign_in("inspector")
        html = browser.get("/plans/hp")
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
        csv_text = client.get("/plans/hp/board.csv").content.decode("utf-8-sig")
        assert "'=HYPERLINK" in csv_text and ",'=cmd|x," in csv_text and ",'@sum," in csv_text
        # The workbook keeps the text as it is, in cells typed as text (never formulas).
        sheet = load_workbook(io.BytesIO(client.get("/plans/hp/board.xlsx").content))["Plan"]
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        assert not [c for c in cells if c.data_type == "f"]
        assert {c.value for c in cells} >= {'=HYPERLINK("http://evil","click")', "=cmd|x", "@sum"}
        assert "script-src 'self'" in client.get("/plans/hp").headers["content-security-policy"]


def test_a_removed_user_is_signed_out_at_their_next_request(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("hos-cf")
    assert browser.client.get("/plans/pl").status_code == 200
    planned.users.remove("hos-cf")
    reply = browser.client.get("/plans/pl", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"].startswith("/sign-in")


def test_a_post_to_a_form_that_does_not_exist_is_not_found(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("board-chair")
    before = events(planned)
    status, html = browser.post("/plans/pl/items/11/bogus", text="x")
    assert status == 404 and "Page not found" in html
    assert events(planned) == before


def test_evidence_on_the_item_page_is_dated_as_people_read_dates(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("board-chair")
    assert browser.post("/plans/pl/items/32/evidence", text="Caseloads audited")[0] == 303
    day = planned.history("pl", "32")[-1]["effective_on"]
    page = text_of(browser.get("/plans/pl/items/32"))
    shown = date.fromisoformat(day).strftime("%-d %b %Y")
    assert f"Caseloads audited \u2013 board-chair, {shown}" in page
    assert day not in page
