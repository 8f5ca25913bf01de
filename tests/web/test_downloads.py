"""The board's downloads are the plan in the import format, and the Import
page offers an empty template; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from application.plan_columns import HEADINGS
from application.plan_workbook import Origin, read_origin
from application.service import Tracker
from application.spreadsheet import read_plan_file
from domain.status import Status
from projections.board import make_board
from tests.conftest import START, Clock
from tests.web.conftest import Browser
from web.downloads import file_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_downloaded_workbook_imports_back_as_the_plan(
    planned: Tracker, browser: Browser, clock: Clock, tmp_path: Path
) -> None:
    clock.advance(days=10)
    planned.change_status("pl", "11", Status.AT_RISK, by="hos-cf")
    browser.sign_in("pmo")
    reply = browser.client.get("/plans/pl/board.xlsx")
    assert reply.status_code == 200 and reply.headers["content-type"] == XLSX
    assert reply.headers["content-disposition"] == 'attachment; filename="pl-2009-07-11.xlsx"'
    path = tmp_path / "pl-2009-07-11.xlsx"
    path.write_bytes(reply.content)
    rows = read_plan_file(path)
    board = planned.board("pl")
    assert [(r.ref, r.parent, r.title, r.due, r.status, r.owner) for r in rows] == [
        (i.ref, i.parent, i.title, i.due, i.status, i.owner) for i in board.items
    ]
    assert rows[0].owner_email == "hos-cf@example.gov.uk"
    assert read_origin(path) == Origin("pl", START.replace(day=11))


def test_the_csv_and_a_past_instant(planned: Tracker, browser: Browser, clock: Clock) -> None:
    clock.advance(days=10)
    planned.revise_due_date("pl", "40", date(2010, 6, 30), by="dcs", reason="later")
    browser.sign_in("pmo")
    past = browser.client.get("/plans/pl/board.xlsx?as_at=2009-07-02T12:00:00")
    assert past.headers["content-disposition"] == 'attachment; filename="pl-2009-07-02.xlsx"'
    book = load_workbook(io.BytesIO(past.content))
    assert book.custom_doc_props["tracker_base"].value == "2009-07-02T11:00:00+00:00"
    sheet = book["Plan"]
    assert (sheet["A6"].value, sheet["G6"].value) == ("40", datetime(2010, 3, 31))

    reply = browser.client.get("/plans/pl/board.csv")
    assert reply.headers["content-type"] == "text/csv; charset=utf-8"
    assert reply.headers["content-disposition"] == 'attachment; filename="pl-2009-07-11.csv"'
    lines = reply.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADINGS)
    assert "Two lay members appointed to the LSCB,lscb-manager,,2010-06-30," in lines[5]


def test_only_those_who_may_import_get_the_owners_emails(browser: Browser) -> None:
    browser.sign_in("inspector")
    lines = browser.client.get("/plans/pl/board.csv").content.decode("utf-8-sig").splitlines()
    assert "@" not in "\n".join(lines)
    assert lines[1].startswith("11,,Leadership and Accountability,Implement the revised")


@pytest.mark.parametrize("kind", ["pdf", "xls", "json", "xlsx.exe", "XLSX"])
def test_other_kinds_are_not_found(browser: Browser, kind: str) -> None:
    browser.sign_in("inspector")
    reply = browser.client.get(f"/plans/pl/board.{kind}")
    assert reply.status_code == 404 and "There is no such page" in reply.text
    assert "content-disposition" not in reply.headers


def test_a_bad_instant_or_plan_is_a_page_not_a_server_error(browser: Browser) -> None:
    browser.sign_in("inspector")
    bad = browser.client.get("/plans/pl/board.xlsx?as_at=yesterday-ish")
    assert bad.status_code == 400 and "cannot be read" in bad.text
    assert browser.client.get("/plans/nope/board.csv").status_code == 404


def test_the_file_name_is_safe_ascii() -> None:
    board = make_board('x "y"/é\r\nz', "", [], as_at=START, on=date(2010, 1, 4), historical=False)
    assert file_name(board, "xlsx") == "x-y-z-2010-01-04.xlsx"
    nothing = make_board("ééé", "", [], as_at=START, on=date(2010, 1, 4), historical=False)
    assert file_name(nothing, "csv") == "plan-2010-01-04.csv"


def test_the_import_page_offers_the_template(browser: Browser, tmp_path: Path) -> None:
    assert browser.client.get("/import/template.xlsx", follow_redirects=False).status_code == 303
    browser.sign_in("inspector")
    assert browser.client.get("/import/template.xlsx").status_code == 403
    browser.sign_in("pmo")
    assert 'href="/import/template.xlsx"' in browser.get("/import")
    reply = browser.client.get("/import/template.xlsx")
    assert reply.status_code == 200 and reply.headers["content-type"] == XLSX
    assert reply.headers["content-disposition"] == 'attachment; filename="plan-template.xlsx"'
    book = load_workbook(io.BytesIO(reply.content))
    assert book.sheetnames == ["Plan", "Instructions"]
    assert [c.value for c in book["Plan"][1]] == list(HEADINGS)
    path = tmp_path / "template.xlsx"
    path.write_bytes(reply.content)
    assert read_origin(path) is None
