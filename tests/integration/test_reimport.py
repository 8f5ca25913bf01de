"""Re-importing a plan never undoes the record (issue: "an old spreadsheet
undid 16 sign-offs"), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from application.import_report import ImportConflicts, ImportReport, PreviewOutdated
from application.service import Tracker
from application.spreadsheet import ImportRejected, read_plan_file
from domain.errors import InvalidPlanId
from domain.status import Status
from tests.conftest import Clock
from tests.plans import BASIC, write

PLAN = "laming-2009"


def log(app: Tracker) -> list[tuple[int, str, bytes]]:
    return [
        (n.id, n.topic, n.state) for n in app.recorder.select_notifications(start=1, limit=100_000)
    ]


def load(app: Tracker, tmp_path: Path, text: str = BASIC, **options: Any) -> ImportReport:
    return app.import_plan(
        PLAN,
        read_plan_file(write(tmp_path, text)),
        by="pmo",
        source="plan.csv",
        content_hash=str(hash(text)),
        **options,
    )


def moved_on(app: Tracker, clock: Clock) -> None:
    """The tracker after some months: a sign-off, a revised deadline, a new owner."""
    clock.advance(days=60)
    app.add_evidence(PLAN, "40", "Two lay members appointed", by="lscb-manager")
    app.change_status(PLAN, "40", Status.COMPLETE, by="lscb-manager")
    app.change_status(PLAN, "40", Status.VERIFIED, by="board-chair")
    app.revise_due_date(PLAN, "32", date(2010, 3, 31), by="dcs", reason="PCT plan agreed late")
    app.assign(PLAN, "11.b", "hos-cf", by="dcs")
    app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf", reason="DCSF guidance late")


def test_the_stale_original_file_records_nothing(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    original = BASIC.replace("2010-03-31,,", "2010-03-31,not_started,")
    load(app, tmp_path, original)
    moved_on(app, clock)
    board_before = app.board(PLAN)
    before = log(app)
    clock.advance(days=1)
    stale = original + "\n"  # not byte-identical: the base is the plan's last import
    report = load(app, tmp_path, stale)
    assert log(app) == before
    assert app.board(PLAN).items == board_before.items
    kept = {(k.ref, k.field) for k in report.kept}
    assert {("40", "status"), ("32", "due"), ("11.b", "owner"), ("11", "status")} <= kept


def test_an_added_row_goes_in_without_touching_revised_deadlines(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    load(app, tmp_path)
    moved_on(app, clock)
    report = load(
        app,
        tmp_path,
        BASIC + "41,,Independent chair of the SCR panel,Legal,lscb-manager,,2010-01,,\n",
    )
    assert report.added == ["41"]
    assert report.changes == []
    board = {i.ref: i for i in app.board(PLAN).items}
    assert board["32"].due == date(2010, 3, 31) and board["40"].status is Status.VERIFIED
    (imported,) = [r for r in app.history(PLAN) if r["type"] == "SpreadsheetImported"][1:]
    assert (imported["added"], imported["changed"], imported["file_name"]) == (1, 0, "plan.csv")


def test_a_conflict_refuses_the_file_naming_who_changed_what_and_why(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    load(app, tmp_path)
    moved_on(app, clock)
    before = log(app)
    edited = BASIC.replace("October 2009", "December 2009")  # 32's due, also revised in the tracker
    with pytest.raises(ImportConflicts) as caught:
        load(app, tmp_path, edited, reason="agreed at the board")
    (conflict,) = caught.value.report.conflicts
    assert (conflict.cell.ref, conflict.cell.field, conflict.by) == ("32", "due", "dcs")
    assert conflict.reason == "PCT plan agreed late"
    assert conflict.cell.tracker == date(2010, 3, 31) and conflict.cell.file == date(2009, 12, 31)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (5, "due") and "--prefer" in error.problem
    assert log(app) == before


@pytest.mark.parametrize(
    ("prefer", "due"), [("file", date(2009, 12, 31)), ("tracker", date(2010, 3, 31))]
)
def test_prefer_settles_conflicts_explicitly(
    app: Tracker, tmp_path: Path, clock: Clock, prefer: str, due: date
) -> None:
    load(app, tmp_path)
    moved_on(app, clock)
    edited = BASIC.replace("October 2009", "December 2009")
    report = load(app, tmp_path, edited, reason="agreed at the board", prefer=prefer)
    assert [(c.ref, c.field) for c in report.settled] == [("32", "due")]
    assert {i.ref: i for i in app.board(PLAN).items}["32"].due == due


def test_a_dry_run_records_nothing_and_predicts_exactly_what_is_recorded(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    load(app, tmp_path)
    clock.advance(days=3)
    edited = (
        BASIC.replace("Health visitor workforce capacity", "Health visitor capacity").replace(
            "30/11/2009,,", "30/11/2009,at_risk,"
        )
        + "41,,New action,Legal,lscb-manager,,2010-01,,\n"
    )
    before = log(app)
    preview = load(app, tmp_path, edited, dry_run=True)
    assert log(app) == before
    predicted = sorted((c.ref, c.field, str(c.old), str(c.new)) for c in preview.changes)
    assert predicted == [
        ("11.a", "status", "not_started", "at_risk"),
        ("32", "title", "Health visitor workforce capacity", "Health visitor capacity"),
    ]
    report = load(app, tmp_path, edited, expect=preview.fingerprint)
    rows = [r for r in app.history(PLAN) if r["position"] > before[-1][0]]
    assert len(rows) == report.events == preview.events + 1
    recorded = sorted(
        (
            r["ref"],
            "status" if r["type"] == "StatusChanged" else r.get("field"),
            r.get("from") or r["old"],
            r.get("to") or r["new"],
        )
        for r in rows
        if r["type"] in ("StatusChanged", "DetailChanged")
    )
    assert recorded == predicted


def test_a_confirmation_is_refused_when_the_plan_changed_after_the_preview(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    load(app, tmp_path)
    edited = BASIC.replace("Health visitor workforce capacity", "Health visitor capacity")
    preview = load(app, tmp_path, edited, dry_run=True)
    clock.advance(hours=1)
    app.add_evidence(PLAN, "11", "Draft procedures", by="hos-cf")  # another item, meanwhile
    before = log(app)
    with pytest.raises(PreviewOutdated):
        load(app, tmp_path, edited, expect=preview.fingerprint)
    assert log(app) == before


def test_an_identical_file_imported_before_is_its_own_base(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    load(app, tmp_path)
    clock.advance(days=1)
    second = BASIC.replace("Health visitor workforce capacity", "Health visitor capacity")
    load(app, tmp_path, second)
    clock.advance(days=1)
    before = log(app)
    report = load(app, tmp_path)  # the first file again, byte for byte
    assert report.base_from.startswith("an identical file")
    assert log(app) == before


def test_an_import_never_signs_off(app: Tracker, tmp_path: Path, clock: Clock) -> None:
    load(app, tmp_path)
    app.add_evidence(PLAN, "40", "Appointed", by="lscb-manager")
    app.change_status(PLAN, "40", Status.COMPLETE, by="lscb-manager")
    clock.advance(days=1)
    before = log(app)
    signing = BASIC.replace("2010-03-31,,", "2010-03-31,verified,")
    with pytest.raises(ImportRejected) as caught:
        load(app, tmp_path, signing)
    (error,) = caught.value.errors
    assert (error.row, error.column) == (6, "status") and "chair" in error.problem
    assert log(app) == before


def test_a_new_plan_with_a_verified_action_and_milestones_is_refused_cleanly(
    app: Tracker, tmp_path: Path
) -> None:
    sheet = (
        "ref,parent,title,due,status\n"
        "1,,An action,31/03/2011,verified\n"
        "1.a,1,A milestone,31/01/2011,complete\n"
    )
    with pytest.raises(ImportRejected) as caught:
        load(app, tmp_path, sheet)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "status"), (3, "parent")]
    assert "row 2" in caught.value.errors[1].problem
    assert log(app) == []


def test_a_new_plan_needs_a_safe_id(app: Tracker, tmp_path: Path) -> None:
    for bad in ("laming/2009", "<script>", "Laming-2009", "x", "a" * 65, "laming\n2009"):
        with pytest.raises(InvalidPlanId):
            app.import_plan(bad, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    assert log(app) == []
