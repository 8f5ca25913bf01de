"""The application service against real stores: an SQLite file and PostgreSQL.

Every test here runs on both (see ``store_url`` in conftest).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from application.service import Tracker
from application.spreadsheet import ImportRejected, read_plan_file
from domain.dates import parse_instant
from domain.errors import (
    ClockWentBackwards,
    ReasonRequired,
    TransitionNotAllowed,
    UnknownItem,
    UnknownPlan,
)
from domain.status import Status
from tests.conftest import Clock
from tests.plans import BASIC, write

PLAN = "laming-2009"


def imported(app: Tracker, tmp_path: Path, text: str = BASIC) -> None:
    app.import_plan(
        PLAN,
        read_plan_file(write(tmp_path, text)),
        by="pmo",
        source="plan.csv",
        title="Response to Lord Laming",
    )


def log(app: Tracker) -> list[tuple[int, str, bytes]]:
    """Every stored event, byte for byte: what "the store is unchanged" means."""
    return [
        (n.id, n.topic, n.state) for n in app.recorder.select_notifications(start=1, limit=100_000)
    ]


def test_import_creates_the_plan_and_reimport_records_nothing(app: Tracker, tmp_path: Path) -> None:
    imported(app, tmp_path)
    board = app.board(PLAN)
    assert [i.ref for i in board.items] == ["11", "11.a", "11.b", "32", "40"]
    assert board.items[1].theme == "Leadership and Accountability"  # inherited from the action
    assert board.title == "Response to Lord Laming"
    before = log(app)
    result = app.import_plan(PLAN, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    assert result.events == 0
    assert log(app) == before
    assert app.directory.email("hos-cf") == "hos-cf@example.gov.uk"


def test_reimporting_a_changed_file_records_only_the_differences(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    imported(app, tmp_path)
    clock.advance(days=30)
    changed = (
        BASIC.replace("Health visitor workforce capacity", "Health visitor capacity increased")
        .replace(
            "32,,Health visitor capacity increased,Support for Children,health-commissioner",
            "32,,Health visitor capacity increased,Support for Children,pct-lead",
        )
        .replace("30/11/2009,,", "30/11/2009,at_risk,")
        + "41,,Independent chair of the SCR panel,Improvement and Challenge,lscb-manager,,2009-09,,\n"
    )
    result = app.import_plan(
        PLAN, read_plan_file(write(tmp_path, changed)), by="pmo", source="plan.csv"
    )
    types = [row["type"] for row in app.history(PLAN)][-result.events :]
    assert sorted(types) == sorted(
        [
            "DetailChanged",
            "OwnerAssigned",
            "StatusChanged",
            "RefRegistered",
            "ActionAdded",
            "SpreadsheetImported",
        ]
    )
    assert result.added == ["41"]


def test_a_due_date_change_in_a_file_needs_a_reason(app: Tracker, tmp_path: Path) -> None:
    imported(app, tmp_path)
    before = log(app)
    changed = BASIC.replace("October 2009", "December 2009")
    with pytest.raises(ImportRejected) as caught:
        app.import_plan(PLAN, read_plan_file(write(tmp_path, changed)), by="pmo", source="plan.csv")
    (error,) = caught.value.errors
    assert (error.row, error.column) == (5, "due")
    assert "add a 'reason' column or pass --reason" in error.problem
    assert log(app) == before
    app.import_plan(
        PLAN,
        read_plan_file(write(tmp_path, changed)),
        by="pmo",
        source="plan.csv",
        reason="PCT workforce plan agreed later",
    )
    (revision,) = [r for r in app.history(PLAN, "32") if r["type"] == "DueDateRevised"]
    assert (revision["old"], revision["new"], revision["reason"]) == (
        "2009-10-31",
        "2009-12-31",
        "PCT workforce plan agreed later",
    )


def test_an_import_with_one_bad_row_records_nothing(app: Tracker, tmp_path: Path) -> None:
    imported(app, tmp_path)
    before = log(app)
    bad = (
        BASIC
        + "50,,New action,Legal,legal-lead,,2010-01,,\n51.a,99,Orphan milestone,,,,2010-01,,\n"
    )
    with pytest.raises(ImportRejected) as caught:
        app.import_plan(PLAN, read_plan_file(write(tmp_path, bad)), by="pmo", source="plan.csv")
    assert [(e.row, e.column) for e in caught.value.errors] == [(8, "parent")]
    assert log(app) == before


def test_a_file_that_breaks_the_status_rules_is_refused_whole(app: Tracker, tmp_path: Path) -> None:
    imported(app, tmp_path)
    before = log(app)
    closing = BASIC.replace("December 2009,on_track", "December 2009,complete")
    with pytest.raises(ImportRejected) as caught:
        app.import_plan(PLAN, read_plan_file(write(tmp_path, closing)), by="pmo", source="plan.csv")
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "status")]
    assert "still open" in caught.value.errors[0].problem
    assert log(app) == before


def test_commands_change_items_and_same_status_records_nothing(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    imported(app, tmp_path)
    clock.advance(days=10)
    assert app.change_status(PLAN, "11.a", Status.AT_RISK, by="hos-cf", reason="consultation late")
    before = log(app)
    assert app.change_status(PLAN, "11.a", Status.AT_RISK, by="hos-cf") is False
    assert log(app) == before
    assert app.revise_due_date(PLAN, "11", date(2010, 3, 31), by="hos-cf", reason="DCSF delay")
    assert app.assign(PLAN, "40", "head-safeguarding", by="dcs")
    assert app.add_evidence(
        PLAN,
        "11.a",
        "Draft procedures",
        by="hos-cf",
        link="https://example.gov.uk/d",
        effective=date(2009, 7, 9),
    )
    item = {i.ref: i for i in app.board(PLAN).items}
    assert (item["11"].due, item["11"].original_due) == (date(2010, 3, 31), date(2009, 12, 31))
    assert item["40"].owner == "head-safeguarding"
    assert item["11.a"].status is Status.AT_RISK and item["11.a"].evidence == 1
    trail = app.history(PLAN, "11.a")
    assert [r["type"] for r in trail] == ["MilestoneAdded", "StatusChanged", "EvidenceAdded"]
    assert (
        trail[1]["from"] == "not_started"
        and trail[1]["to"] == "at_risk"
        and trail[1]["by"] == "hos-cf"
    )
    assert (
        trail[2]["effective_on"] == "2009-07-09"
        and trail[2]["recorded_at"] == "2009-07-11T09:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (lambda app: app.change_status(PLAN, "11", Status.WITHDRAWN, by="x"), ReasonRequired),
        (lambda app: app.change_status(PLAN, "11", Status.COMPLETE, by="x"), TransitionNotAllowed),
        (
            lambda app: app.change_status(PLAN, "11.a", Status.VERIFIED, by="x"),
            TransitionNotAllowed,
        ),
        (lambda app: app.change_status(PLAN, "99", Status.ON_TRACK, by="x"), UnknownItem),
        (lambda app: app.change_status("no-such-plan", "11", Status.ON_TRACK, by="x"), UnknownPlan),
        (
            lambda app: app.revise_due_date(PLAN, "11", date(2010, 1, 31), by="x", reason=""),
            ReasonRequired,
        ),
    ],
)
def test_a_refused_command_changes_nothing(
    app: Tracker, tmp_path: Path, command: Callable[[Tracker], object], error: type[Exception]
) -> None:
    imported(app, tmp_path)
    before = log(app)
    with pytest.raises(error):
        command(app)
    assert log(app) == before


def test_the_log_never_goes_back_in_time(
    app: Tracker, tmp_path: Path, clock: Clock, make_app: Callable[[], Tracker]
) -> None:
    imported(app, tmp_path)
    clock.advance(days=5)
    app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf")
    before = log(app)
    clock.set(datetime(2009, 7, 2, tzinfo=UTC))  # a wrongly set clock elsewhere
    with pytest.raises(ClockWentBackwards, match="before the newest recorded change"):
        make_app().change_status(PLAN, "11", Status.OFF_TRACK, by="hos-cf")
    assert log(app) == before


def test_as_at_shows_what_was_recorded_by_then_and_judges_overdue_on_that_day(
    app: Tracker, tmp_path: Path, clock: Clock
) -> None:
    imported(app, tmp_path)  # 1 July 2009
    clock.set(parse_instant("2009-11-02T10:00"))
    app.change_status(
        PLAN, "32", Status.OFF_TRACK, by="health-commissioner", effective=date(2009, 10, 30)
    )
    clock.set(parse_instant("2010-01-04T10:00"))
    app.revise_due_date(PLAN, "11", date(2010, 3, 31), by="hos-cf", reason="DCSF delay")

    october = app.board(PLAN, as_at=parse_instant("2009-10-31"))
    item = {i.ref: i for i in october.items}
    assert october.historical and october.on == date(2009, 10, 31)
    assert (
        item["32"].status is Status.NOT_STARTED and not item["32"].overdue
    )  # due on the 31st: not yet overdue
    november = {i.ref: i for i in app.board(PLAN, as_at=parse_instant("2009-11-02T10:00")).items}
    assert november["32"].status is Status.OFF_TRACK and november["32"].days_overdue == 2
    new_year = {i.ref: i for i in app.board(PLAN, as_at=parse_instant("2010-01-01")).items}
    assert (
        new_year["11"].overdue
        and new_year["11"].rag == "red"
        and new_year["11"].status is Status.ON_TRACK
    )
    assert new_year["11"].due == date(2009, 12, 31)  # the revision came later
    now = {i.ref: i for i in app.board(PLAN).items}
    assert now["11"].due == date(2010, 3, 31) and not now["11"].overdue
    with pytest.raises(UnknownPlan, match="did not exist"):
        app.board(PLAN, as_at=parse_instant("2009-06-01"))


def test_overdue_and_changes(app: Tracker, tmp_path: Path, clock: Clock) -> None:
    imported(app, tmp_path)
    clock.set(parse_instant("2009-12-01T09:00"))
    app.change_status(PLAN, "11.a", Status.COMPLETE, by="hos-cf")
    day, found = app.overdue(PLAN)
    assert day == date(2009, 12, 1)
    assert [(plan, item.ref, item.days_overdue) for plan, item in found] == [(PLAN, "32", 31)]
    _, ahead = app.overdue(None, on=date(2010, 1, 1))
    assert [item.ref for _, item in ahead] == ["11", "11.b", "32"]
    moved = app.changes(
        PLAN, since=parse_instant("2009-07-31"), until=parse_instant("2009-12-01T10:00")
    )
    assert [m.ref for m in moved.newly_complete] == ["11.a"]
    assert [m.ref for m in moved.newly_overdue] == ["32"]
    assert [m.ref for m in moved.newly_red] == ["32"]
    assert moved.new_items == []


def test_two_processes_share_one_store(
    make_app: Callable[[], Tracker], tmp_path: Path, clock: Clock
) -> None:
    first, second = make_app(), make_app()
    imported(first, tmp_path)
    clock.advance(hours=1)
    second.change_status(PLAN, "40", Status.ON_TRACK, by="lscb-manager")
    assert {i.ref: i.status for i in first.board(PLAN).items}["40"] is Status.ON_TRACK
    assert first.plans() == [PLAN]
