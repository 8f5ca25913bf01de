"""Archiving a plan, on SQLite and PostgreSQL: it leaves the plans list,
overdue across plans and the scheduler's scan, keeps its board, history and
as-at, and unarchiving brings it all back. The views keep the flag through a
rebuild, and views made before the flag existed gain its column when opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from application.service import Tracker
from application.spreadsheet import read_plan_file
from domain.dates import parse_instant
from domain.errors import ReasonRequired, UnknownPlan
from projections.view_support import values as _values
from scheduler.scan import scan
from tests.conftest import Clock
from tests.integration.test_mail import ENGLAND, PLAN, london, setup_plan
from tests.plans import write

OTHER = "other-2010"


def two_plans(app: Tracker, tmp_path: Path) -> None:
    """laming-2009 (with board contacts and emails) and another plan, same rows."""
    setup_plan(app, tmp_path)
    app.import_plan(OTHER, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")


def events(app: Tracker) -> int:
    return app.recorder.max_notification_id() or 0


def test_an_archived_plan_leaves_the_lists_and_keeps_its_board_and_history(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    two_plans(app, tmp_path)
    clock.set(london("2009-11-02T09:00"))
    board = app.board(PLAN)
    as_at = app.board(PLAN, as_at=parse_instant("2009-10-01"))
    assert app.set_archived(PLAN, True, by="pmo", reason="superseded by the 2010 plan")

    assert app.plans() == [OTHER]
    assert app.plans(include_archived=True) == [PLAN, OTHER]
    assert app.archived_plans() == [PLAN]
    assert (app.is_archived(PLAN), app.is_archived(OTHER)) == (True, False)
    assert [b.plan for b in app.plan_summaries()] == [OTHER]
    assert [b.plan for b in app.plan_summaries(archived=True)] == [PLAN]
    _, overdue = app.overdue(None)
    assert {plan for plan, _ in overdue} == {OTHER}  # 32, due October, in the other plan only
    _, named = app.overdue(PLAN)  # asked by name, an archived plan still answers
    assert [item.ref for _, item in named] == ["32"]

    assert app.board(PLAN) == board  # the board, as-at and history stay
    assert app.board(PLAN, as_at=parse_instant("2009-10-01")) == as_at
    archived = app.history(PLAN)[-1]
    assert (archived["type"], archived["by"], archived["reason"]) == (
        "PlanArchived",
        "pmo",
        "superseded by the 2010 plan",
    )

    clock.advance(days=1)
    assert not app.set_archived(PLAN, True, by="pmo", reason="again")  # already: nothing
    assert app.set_archived(PLAN, False, by="pmo", reason="the 2010 plan was withdrawn")
    assert app.plans() == [PLAN, OTHER]
    assert app.archived_plans() == []
    assert {plan for plan, _ in app.overdue(None)[1]} == {PLAN, OTHER}
    assert [row["type"] for row in app.history(PLAN)][-2:] == ["PlanArchived", "PlanUnarchived"]


def test_archiving_needs_a_reason_and_a_plan_that_exists(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    before = events(app)
    for reason in ("", "   "):
        with pytest.raises(ReasonRequired, match="a reason is required to archive plan"):
            app.set_archived(PLAN, True, by="pmo", reason=reason)
    with pytest.raises(UnknownPlan, match="there is no plan 'no-such-plan'"):
        app.set_archived("no-such-plan", True, by="pmo", reason="tidy up")
    assert events(app) == before
    assert app.plans() == [PLAN]


def test_the_scan_neither_flags_nor_mails_about_an_archived_plan(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    two_plans(app, tmp_path)
    app.set_contacts(OTHER, ["board-chair"], by="pmo")
    clock.set(london("2009-11-30T07:00"))
    app.set_archived(PLAN, True, by="pmo", reason="superseded")
    monday = london("2009-11-30T07:30")
    clock.set(monday)
    report = scan(app, monday, ENGLAND)
    assert report.flagged == [f"{OTHER} 32"]
    assert sorted(report.queued) == [
        "digest to health-commissioner",
        "digest to hos-cf",
        "exceptions to board-chair",
    ]
    mentioned = {
        mention["plan"]
        for row in app.messages()
        for mention in app.message(row.id).content.get("mentions", [])
    } | {
        report["plan"]
        for row in app.messages()
        for report in app.message(row.id).content.get("plans", [])
    }
    assert mentioned == {OTHER}
    assert not [r for r in app.history(PLAN) if r["type"] == "ItemFlaggedOverdue"]

    # brought back: the next scan flags its items and mails about them again
    clock.set(london("2009-12-01T07:00"))
    app.set_archived(PLAN, False, by="pmo", reason="still in force")
    tuesday = london("2009-12-01T07:30")
    clock.set(tuesday)
    report = scan(app, tuesday, ENGLAND)
    assert f"{PLAN} 32" in report.flagged and f"{PLAN} 11.a" in report.flagged
    queued = app.messages()[-len(report.queued) :]
    assert any(
        mention["plan"] == PLAN
        for row in queued
        for mention in app.message(row.id).content.get("mentions", [])
    )


def test_the_archived_flag_survives_a_rebuild(app: Tracker, clock: Clock, tmp_path: Path) -> None:
    two_plans(app, tmp_path)
    clock.advance(days=1)
    app.set_archived(PLAN, True, by="pmo", reason="superseded")
    clock.advance(days=1)
    app.set_archived(OTHER, True, by="pmo", reason="merged")
    clock.advance(days=1)
    app.set_archived(OTHER, False, by="pmo", reason="not merged after all")
    live = app.views.dump()
    assert sorted(row[-1] for row in live["plans"]) == [0, 1]  # the column, set by live upkeep
    app.rebuild()
    assert app.views.dump() == live
    assert (app.plans(), app.archived_plans()) == ([OTHER], [PLAN])


def test_views_made_by_an_earlier_version_gain_the_archived_column(
    make_app: Callable[[], Tracker], clock: Clock, tmp_path: Path
) -> None:
    app = make_app()
    two_plans(app, tmp_path)
    plans = app.views.table("plans")
    with app.views.db.transaction(commit=True) as c:  # as views made before it existed
        c.execute(f"ALTER TABLE {plans} DROP COLUMN archived")
    assert "archived" not in columns(app, plans)
    reopened = make_app()
    assert "archived" in columns(reopened, plans)
    assert reopened.plans() == [PLAN, OTHER]  # every plan was current then
    clock.advance(days=1)
    reopened.set_archived(PLAN, True, by="pmo", reason="superseded")
    assert reopened.plans() == [OTHER]
    live = reopened.views.dump()
    reopened.rebuild()
    assert reopened.views.dump() == live


def columns(app: Tracker, table: str) -> list[str]:
    with app.views.db.transaction(commit=False) as c:
        if "." in table:
            schema, name = table.split(".")
            c.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = %s",
                (schema, name),
            )
        else:
            c.execute("SELECT name FROM pragma_table_info(?)", (table,))
        return [str(_values(row)[0]) for row in c.fetchall()]


def test_an_archived_plans_items_still_take_changes(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    """Archiving hides; it does not freeze: a late update is still recorded."""
    setup_plan(app, tmp_path)
    clock.advance(days=1)
    app.set_archived(PLAN, True, by="pmo", reason="superseded")
    app.revise_due_date(PLAN, "40", date(2010, 6, 30), by="lscb-manager", reason="recruitment")
    assert {i.ref: i.due for i in app.board(PLAN).items}["40"] == date(2010, 6, 30)
    assert app.plans() == []
