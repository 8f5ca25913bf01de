"""Governance on SQLite and PostgreSQL: a request waits on the board until a
chair approves it (the change then takes effect) or rejects it (with a reason,
nothing changes); the audit trail keeps both; the settings read back as set;
an import under approvals refuses the rows that would need a request."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from application.access import Role
from application.service import Tracker
from application.spreadsheet import ImportRejected, read_plan_file
from domain.errors import ChairRequired, ReasonRequired
from domain.governance import Governance
from domain.status import Status
from tests.conftest import Clock
from tests.plans import BASIC, write

PLAN = "laming-2009"
PASSWORD = "a long enough pass phrase 7"


def governed(app: Tracker, tmp_path: Path) -> None:
    app.import_plan(PLAN, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    app.users.add("chair", Role.CHAIR, PASSWORD)
    assert app.set_governance(PLAN, {"approvals": True}, by="chair") == ["approvals"]


def test_a_revision_waits_for_a_chair_then_takes_effect(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    governed(app, tmp_path)
    assert app.governance(PLAN) == Governance(approvals=True)
    assert app.revise_due_date(PLAN, "11", date(2010, 3, 31), by="hos-cf", reason="DCSF late")
    waiting = next(i for i in app.board(PLAN).items if i.ref == "11")
    assert waiting.due == date(2009, 12, 31)
    assert waiting.pending is not None
    assert (waiting.pending.kind, waiting.pending.due, waiting.pending.by) == (
        "revision",
        date(2010, 3, 31),
        "hos-cf",
    )
    with pytest.raises(ChairRequired):
        app.approve(PLAN, "11", by="hos-cf")
    clock.advance(hours=1)
    assert app.approve(PLAN, "11", by="chair")
    done = next(i for i in app.board(PLAN).items if i.ref == "11")
    assert done.due == date(2010, 3, 31) and done.pending is None
    kinds = [(r["type"], r["by"]) for r in app.history(PLAN, "11")][-3:]
    assert kinds == [
        ("ChangeRequested", "hos-cf"),
        ("RequestApproved", "chair"),
        ("DueDateRevised", "hos-cf"),
    ]


def test_a_rejected_withdrawal_needs_a_reason_and_changes_nothing(
    app: Tracker, tmp_path: Path
) -> None:
    governed(app, tmp_path)
    assert app.change_status(PLAN, "40", Status.WITHDRAWN, by="lscb-manager", reason="merged")
    assert next(i for i in app.board(PLAN).items if i.ref == "40").status is Status.NOT_STARTED
    with pytest.raises(ReasonRequired):
        app.reject(PLAN, "40", by="chair", reason=" ")
    assert app.reject(PLAN, "40", by="chair", reason="the LSCB still needs it")
    after = next(i for i in app.board(PLAN).items if i.ref == "40")
    assert after.status is Status.NOT_STARTED and after.pending is None
    last = app.history(PLAN, "40")[-1]
    assert (last["type"], last["by"], last["reason"], last["requested_by"]) == (
        "RequestRejected",
        "chair",
        "the LSCB still needs it",
        "lscb-manager",
    )


def test_a_chair_revises_at_once_and_the_views_rebuild_the_same(
    app: Tracker, tmp_path: Path
) -> None:
    governed(app, tmp_path)
    app.change_status(PLAN, "32", Status.DEFERRED, by="health-commissioner", reason="review")
    app.revise_due_date(PLAN, "40", date(2010, 6, 30), by="chair", reason="board agreed")
    board = app.board(PLAN)
    assert next(i for i in board.items if i.ref == "40").due == date(2010, 6, 30)
    app.rebuild()
    assert app.board(PLAN).items == board.items  # the pending request survives a rebuild


def test_an_import_under_approvals_refuses_the_rows_that_need_a_chair(
    app: Tracker, tmp_path: Path
) -> None:
    governed(app, tmp_path)
    moved = BASIC.replace("2010-03-31", "2010-06-30")
    with pytest.raises(ImportRejected) as refused:
        app.import_plan(
            PLAN, read_plan_file(write(tmp_path, moved)), by="pmo", source="p.csv", reason="late"
        )
    (problem,) = refused.value.errors
    assert problem.column == "due" and "an import cannot ask" in problem.problem
    # a chair's import takes effect
    rows = read_plan_file(write(tmp_path, moved))
    app.import_plan(PLAN, rows, by="chair", source="p.csv", reason="late")
    assert next(i for i in app.board(PLAN).items if i.ref == "40").due == date(2010, 6, 30)
