"""The round trip: a plan exported as XLSX or CSV reads back, through the
importer's own reader, into the rows the plan holds; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from application.plan_columns import plan_csv
from application.plan_workbook import Origin, plan_xlsx, read_origin
from application.service import Tracker
from application.spreadsheet import PlanRow, read_plan_file
from domain.status import Status
from projections.board import Board
from tests.conftest import Clock
from tests.plans import write

PLAN = """ref,parent,title,theme,owner,owner_email,due,status,source,description
11,,Implement the revised Working Together,Leadership and Accountability,hos-cf,hos-cf@example.gov.uk,December 2009,on_track,"11, 13, 14","Procedures, briefings
and audit"
11.a,11,Local procedures revised,,hos-cf,,30/11/2009,,,
11.b,11,Multi-agency briefings held,,lscb-manager,lscb@example.gov.uk,2009-12,,,
32,,Health visitor workforce capacity,Support for Children,health-commissioner,,October 2009,,32,
40,,"+2 lay members, appointed",Leadership and Accountability,lscb-manager,,2010-03-31,,,
"""
FIELDS = (
    "ref", "parent", "theme", "title", "owner", "owner_email", "due", "status", "source",
    "description",
)  # fmt: skip


def shaped(board: Board, emails: dict[str, str]) -> list[tuple[object, ...]]:
    """What the plan holds, in the import's terms."""
    return [
        (
            i.ref,
            i.parent,
            i.theme,
            i.title,
            i.owner,
            emails.get(i.owner),
            i.due,
            i.status,
            i.source,
            i.description,
        )
        for i in board.items
    ]


def read(rows: list[PlanRow]) -> list[tuple[object, ...]]:
    return [tuple(getattr(r, name) for name in FIELDS) for r in rows]


def a_worked_plan(app: Tracker, clock: Clock, tmp_path: Path) -> None:
    """Milestones, a revised deadline, statuses, evidence and a sign-off."""
    app.import_plan("laming-2009", read_plan_file(write(tmp_path, PLAN)), by="pmo", source="p.csv")
    clock.advance(days=30)
    app.change_status("laming-2009", "11.a", Status.ON_TRACK, by="hos-cf")
    app.revise_due_date(
        "laming-2009", "11.b", date(2010, 2, 28), by="lscb-manager", reason="partners"
    )
    app.change_status("laming-2009", "32", Status.OFF_TRACK, by="hc", reason="vacancies")
    clock.advance(days=30)
    app.change_status("laming-2009", "11.a", Status.COMPLETE, by="hos-cf")
    app.add_evidence("laming-2009", "11.a", "Procedures published", by="hos-cf")
    app.change_status("laming-2009", "11.a", Status.VERIFIED, by="board-chair")
    app.change_status("laming-2009", "40", Status.DEFERRED, by="dcs", reason="LSCB review")


def test_an_exported_plan_reads_back_as_the_plan(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    a_worked_plan(app, clock, tmp_path)
    board = app.board("laming-2009")
    emails = app.directory.entries()
    assert emails == {"hos-cf": "hos-cf@example.gov.uk", "lscb-manager": "lscb@example.gov.uk"}
    expected = shaped(board, emails)
    assert {i.status for i in board.items} >= {Status.VERIFIED, Status.OFF_TRACK}
    assert board.items[2].due != board.items[2].original_due  # 11.b was revised

    workbook = tmp_path / "laming-2009.xlsx"
    workbook.write_bytes(plan_xlsx(board, emails, base=board.as_at))
    assert read(read_plan_file(workbook)) == expected
    assert read_origin(workbook) == Origin("laming-2009", board.as_at)

    sheet = tmp_path / "laming-2009.csv"
    sheet.write_bytes(plan_csv(board, emails))
    from_csv = read(read_plan_file(sheet))
    # "+2 lay members" is written with the apostrophe that stops Excel running
    # it, and the import takes the apostrophe off: the CSV round trip is lossless.
    assert "'+2 lay members, appointed" in sheet.read_text(encoding="utf-8-sig")
    assert from_csv == expected


def test_importing_the_exported_workbook_records_nothing(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    a_worked_plan(app, clock, tmp_path)
    board = app.board("laming-2009")
    workbook = tmp_path / "laming-2009.xlsx"
    workbook.write_bytes(plan_xlsx(board, app.directory.entries(), base=board.as_at))
    history = app.history("laming-2009")
    clock.advance(hours=1)
    again = app.import_plan("laming-2009", read_plan_file(workbook), by="pmo", source=workbook.name)
    assert again.events == 0 and app.history("laming-2009") == history


def test_the_past_exports_as_it_was_and_erased_people_have_no_email(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    app.import_plan("laming-2009", read_plan_file(write(tmp_path, PLAN)), by="pmo", source="p.csv")
    before = clock.now()
    clock.advance(days=1)
    app.revise_due_date("laming-2009", "11", date(2010, 3, 31), by="dcs", reason="guidance late")
    app.erase_person("hos-cf")
    past = app.board("laming-2009", as_at=before)
    workbook = tmp_path / "then.xlsx"
    workbook.write_bytes(plan_xlsx(past, app.directory.entries(), base=past.as_at))
    rows = {r.ref: r for r in read_plan_file(workbook)}
    assert rows["11"].due == date(2009, 12, 31)
    assert rows["11"].owner == "hos-cf" and rows["11"].owner_email is None
    assert rows["11.b"].owner_email == "lscb@example.gov.uk"
    assert read_origin(workbook) == Origin("laming-2009", before)
