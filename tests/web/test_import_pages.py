"""Importing on the web: upload, preview, confirm; nothing is recorded before
*Confirm*, and a confirmation is refused if the plan changed meanwhile."""

from __future__ import annotations

import re
from datetime import date

from application.service import Tracker
from domain.status import Status
from tests.conftest import Clock
from tests.plans import BASIC
from tests.web.conftest import Browser, text_of


def events(app: Tracker) -> int:
    return app.recorder.max_notification_id() or 0


def upload(
    browser: Browser, plan: str, text: str, name: str = "plan.csv", title: str = ""
) -> tuple[int, str]:
    reply = browser.client.post(
        "/import",
        data={"csrf_token": browser.token, "plan": plan, "title": title, "reason": ""},
        files={"file": (name, text.encode(), "text/csv")},
        follow_redirects=False,
    )
    return reply.status_code, reply.text


def confirm(browser: Browser, preview: str, **extra: str) -> tuple[int, str, str]:
    """Post the preview's confirmation form back, as a browser would."""
    form = preview[preview.index('name="action" value="confirm"') - 2000 :]
    fields = dict(re.findall(r'type="hidden" name="([a-z_]+)" value="([^"]*)"', form))
    reply = browser.client.post("/import/confirm", data={**fields, **extra}, follow_redirects=False)
    return reply.status_code, reply.text, reply.headers.get("location", "")


def test_a_file_in_error_is_listed_row_by_row_and_records_nothing(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("pmo")
    bad = (
        "ref,parent,title,theme,owner,due\n"
        "1,,Audit of case files,Practice,hos-cf,2010-01-31\n"
        "2,,,Practice,hos-cf,31/02/2010\n"
    )
    before = events(planned)
    status, html = upload(browser, "audit-2010", bad, "audit.csv")
    assert status == 400
    words = text_of(html)
    assert "audit.csv: row 3, column title:" in words
    assert "audit.csv: row 3, column due: '31/02/2010' is not a real date" in words
    assert events(planned) == before


def test_a_new_plan_is_previewed_then_created_only_when_ticked(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("pmo")
    good = "ref,parent,title,theme,owner,due\n1,,Audit of case files,Practice,hos-cf,2010-01-31\n"
    before = events(planned)
    status, preview = upload(browser, "audit-2010", good, "audit.csv", title="Audit")
    words = text_of(preview)
    assert status == 200 and "this file would create a new plan" in words
    assert "Items to add 1" in words and events(planned) == before
    status, again, _ = confirm(browser, preview)
    assert status == 400 and "Tick the box to create the new plan audit-2010" in text_of(again)
    assert events(planned) == before
    status, _, location = confirm(browser, again, create="yes")
    assert (status, location) == (303, "/plans/audit-2010")
    board = text_of(browser.get("/plans/audit-2010"))
    assert "audit.csv: 1 items added, 0 changes recorded" in board


def test_a_preview_shows_changes_and_kept_cells_and_confirm_records_exactly_them(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    clock.advance(days=2)
    planned.change_status("pl", "11.a", Status.AT_RISK, by="hos-cf", reason="late")
    browser.sign_in("pmo")
    edited = BASIC.replace("Health visitor workforce capacity", "Health visitor capacity")
    edited = edited.replace("30/11/2009,,", "30/11/2009,not_started,")  # stale: now at risk
    before = events(planned)
    status, preview = upload(browser, "pl", edited)
    words = text_of(preview)
    assert status == 200 and events(planned) == before
    assert "Health visitor workforce capacity Health visitor capacity" in words
    assert "Kept as the tracker has them" in words and "Not started At risk" in words
    status, _, location = confirm(browser, preview)
    assert (status, location) == (303, "/plans/pl")
    board = {item.ref: item for item in planned.board("pl").items}
    assert board["32"].title == "Health visitor capacity"
    assert board["11.a"].status is Status.AT_RISK  # the stale cell reverted nothing
    assert events(planned) == before + 2  # the title change and the import's record


def test_a_stale_preview_is_refused_with_a_fresh_one(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    browser.sign_in("pmo")
    edited = BASIC.replace("Health visitor workforce capacity", "Health visitor capacity")
    _, preview = upload(browser, "pl", edited)
    clock.advance(minutes=20)  # within the session's idle time
    planned.add_evidence("pl", "11", "Procedures drafted", by="hos-cf")
    before = events(planned)
    status, fresh, _ = confirm(browser, preview)
    assert status == 409 and "The plan changed after this preview was made" in text_of(fresh)
    assert events(planned) == before
    status, _, location = confirm(browser, fresh)  # the fresh preview confirms
    assert (status, location) == (303, "/plans/pl") and events(planned) == before + 2


def test_a_conflict_must_be_settled_before_anything_is_recorded(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    clock.advance(days=2)
    planned.revise_due_date("pl", "32", date(2010, 3, 31), by="dcs", reason="PCT plan late")
    browser.sign_in("pmo")
    edited = BASIC.replace("October 2009", "December 2009")
    status, preview = upload(browser, "pl", edited)
    words = text_of(preview)
    assert status == 200 and "Conflicts" in words and "dcs" in words and "PCT plan late" in words
    assert 'value="confirm"' not in preview  # no way to record while it conflicts
    before = events(planned)
    reply = browser.client.post(
        "/import/confirm",
        data={
            **dict(re.findall(r'type="hidden" name="([a-z_]+)" value="([^"]*)"', preview)),
            "action": "preview",
            "prefer": "tracker",
        },
    )
    assert reply.status_code == 200 and "Nothing to record" in text_of(reply.text)
    assert events(planned) == before


def test_the_downloaded_workbook_uploaded_unchanged_records_nothing(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    browser.sign_in("pmo")
    workbook = browser.client.get("/plans/pl/board.xlsx").content
    clock.advance(days=1)
    browser.sign_in("pmo")  # a day later: the session of the download is over
    planned.change_status("pl", "11", Status.AT_RISK, by="hos-cf", reason="DCSF late")
    before = events(planned)
    reply = browser.client.post(
        "/import",
        data={"csrf_token": browser.token, "plan": "pl", "title": "", "reason": ""},
        files={"file": ("pl.xlsx", workbook, "application/octet-stream")},
    )
    words = text_of(reply.text)
    assert reply.status_code == 200 and "Nothing to record" in words
    assert "stored in the workbook when it was exported" in words
    assert "On track At risk" in words  # the stale cell is shown as kept, not recorded
    assert events(planned) == before


def test_a_file_over_the_limit_is_refused_as_it_streams(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("pmo")
    before = events(planned)
    huge = b"ref,title,due\n" + b"1,x,2010-01-31\n" * 400_000  # about 6 MB
    reply = browser.client.post(
        "/import",
        data={"csrf_token": browser.token, "plan": "pl"},
        files={"file": ("huge.csv", huge, "text/csv")},
    )
    assert reply.status_code == 413
    assert "the limit is 5 MB" in text_of(reply.text)
    assert events(planned) == before
