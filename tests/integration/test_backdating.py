"""Backfilling history through the application service, on SQLite and PostgreSQL:
a change effective before its item's first event needs a reason and shows as
backdated in the history; a date after today or before 1900 is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from application.service import Tracker
from application.spreadsheet import read_plan_file
from domain.dates import parse_instant
from domain.errors import BackdatingNeedsReason, EffectiveDateOutOfBounds
from domain.status import Status
from tests.conftest import Clock
from tests.integration.test_tracker import PLAN, imported, log
from tests.plans import BASIC, write

ADDED_ON = "2009-07-01"  # the import's day (tests.conftest.START): every item's first event
BEFORE = date(2008, 1, 1)


@pytest.mark.parametrize(
    "command",
    [
        lambda app: app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf", effective=BEFORE),
        lambda app: app.assign(PLAN, "11", "dcs", by="hos-cf", effective=BEFORE),
        lambda app: app.add_evidence(PLAN, "11", "Minutes", by="hos-cf", effective=BEFORE),
        lambda app: app.add_comment(PLAN, "11", "Noted", by="hos-cf", effective=BEFORE),
    ],
)
def test_a_backdated_command_without_a_reason_records_nothing(
    app: Tracker, tmp_path: Path, clock: Clock, command: Callable[[Tracker], object]
) -> None:
    imported(app, tmp_path)
    clock.set(parse_instant("2009-11-02T10:00"))
    before = log(app)
    with pytest.raises(BackdatingNeedsReason, match="before 11 was added \\(1 Jul 2009\\)"):
        command(app)
    assert log(app) == before


@pytest.mark.parametrize(
    ("effective", "says"),
    [(date(2009, 11, 3), "is after today"), (date(1899, 12, 31), "is before 1900")],
)
def test_an_effective_date_after_today_or_before_1900_is_refused(
    app: Tracker, tmp_path: Path, clock: Clock, effective: date, says: str
) -> None:
    imported(app, tmp_path)
    clock.set(parse_instant("2009-11-02T10:00"))
    before = log(app)
    with pytest.raises(EffectiveDateOutOfBounds, match=says):
        app.add_comment(PLAN, "11", "Noted", by="hos-cf", reason="r", effective=effective)
    assert log(app) == before


def test_the_history_marks_backdated_changes_and_an_import_is_never_backdated(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    imported(app, tmp_path)
    clock.set(parse_instant("2009-11-02T10:00"))
    why = "backfilled from the 2008 board minutes"
    assert app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf", reason=why, effective=BEFORE)
    assert app.add_evidence(
        PLAN, "11", "LSCB minutes", by="hos-cf", reason=why, effective=date(2009, 6, 30)
    )
    assert app.add_comment(PLAN, "11", "On the day", by="hos-cf", effective=date(2009, 7, 1))
    # a later import changes 11 again: its changes take effect on the import's day
    clock.set(parse_instant("2009-12-01T10:00"))
    changed = BASIC.replace("December 2009,on_track", "December 2009,off_track")
    rows = read_plan_file(write(tmp_path, changed))
    app.import_plan(PLAN, rows, by="pmo", source="plan.csv", prefer="file", reason="board decision")

    trail = [(r["type"], r["effective_on"], r["backdated"]) for r in app.history(PLAN, "11")]
    assert trail == [
        ("ActionAdded", ADDED_ON, False),
        ("StatusChanged", "2008-01-01", True),
        ("EvidenceAdded", "2009-06-30", True),
        ("CommentAdded", "2009-07-01", False),
        ("StatusChanged", "2009-12-01", False),
    ]
    assert app.history(PLAN, "11")[1]["reason"] == why
    whole = app.history(PLAN)  # the plan's own rows and other items are never backdated
    assert [r["ref"] for r in whole if r["backdated"]] == ["11", "11"]
    assert all(r["backdated"] is False for r in whole if r["ref"] != "11")
