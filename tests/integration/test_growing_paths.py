"""The paths that grow with the number of plans, built the fast way, give what
the boards give: the plans list's totals (counted by the database), overdue
lines (built from plain rows) and the scheduler's flags (looked for by the
views, saved a plan at a time). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from application.service import Tracker
from application.spreadsheet import read_plan_file
from demo.replay import PLAN
from domain.dates import london_date, parse_instant
from domain.events import When
from domain.plan import Plan
from domain.status import Status
from store.chain_writer import Inserted
from tests.conftest import Clock
from tests.integration.test_views import demo, index_names
from tests.plans import write

OTHER, EMPTY = "other-2010", "empty-2010"


def three_plans(app: Tracker, clock: Clock, tmp_path: Path) -> None:
    """The demo plan, a small plan (archived), and a plan with no items yet."""
    demo(app, clock)
    app.import_plan(OTHER, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    app.set_archived(OTHER, True, by="pmo", reason="superseded")
    at = clock.now()
    app.save(
        Plan.create(
            EMPTY,
            title="Nothing yet",
            organisation="",
            **When(by="pmo", at=at, effective_on=at.date()),
        )
    )


def test_the_plans_list_counts_what_each_board_shows(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    three_plans(app, clock, tmp_path)
    clock.set(parse_instant("2010-01-05T09:00"))
    listed = app.plan_summaries()
    assert [s.plan for s in listed] == [EMPTY, PLAN]
    for summary in [*listed, *app.plan_summaries(archived=True)]:
        board = app.board(summary.plan)
        assert (summary.title, summary.totals) == (board.title, board.totals)
    assert listed[0].totals.items == 0 and listed[1].totals.overdue > 0
    assert [s.plan for s in app.plan_summaries(archived=True)] == [OTHER]


def test_views_made_before_the_status_column_gain_it_filled_in(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    app = make_app()
    demo(app, clock)
    clock.set(parse_instant("2010-01-05T09:00"))
    before = app.plan_summaries()
    live = app.views.dump()
    (totals,) = [n for n in index_names(app) if n.startswith("tracker_view_totals_")]
    with app.views.db.transaction(commit=True) as c:  # as views made before they existed
        c.execute(f"DROP INDEX {app.views.db.dialect.qualify(totals)}")
        c.execute(f"ALTER TABLE {app.views.table('versions')} DROP COLUMN status")
    reopened = make_app()
    assert [n for n in index_names(reopened) if n.startswith("tracker_view_totals_")]
    assert reopened.plan_summaries() == before
    assert reopened.views.dump() == live  # every version's status, as upkeep writes it
    reopened.rebuild()
    assert reopened.views.dump() == live


def test_overdue_lines_are_the_boards_lines_and_one_plan_is_asked_in_sql(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    three_plans(app, clock, tmp_path)
    app.set_archived(OTHER, False, by="pmo", reason="back")
    clock.set(parse_instant("2010-01-05T09:00"))
    day, everything = app.overdue(None)
    assert {plan for plan, _ in everything} == {PLAN, OTHER}
    for plan in (PLAN, OTHER):
        lines = {i.ref: i.model_dump(mode="json") for i in app.board(plan).items}
        _, found = app.overdue(plan)
        assert found == [(p, item) for p, item in everything if p == plan]
        assert [item.as_json() for _, item in found] == [
            lines[item.ref] for _, item in found
        ]  # key for key, the overdue list's JSON is the board's
        assert {item.ref for _, item in found} == {
            ref for ref, line in lines.items() if line["overdue"]
        }
    assert day == london_date(clock.now())
    assert any(item.kind == "milestone" for _, item in everything)


def test_a_plans_flags_are_saved_in_one_insert_and_not_looked_for_again(
    app: Tracker, clock: Clock
) -> None:
    demo(app, clock)
    clock.set(parse_instant("2010-12-06T09:00"))  # the demo's last change was before
    day = london_date(clock.now())
    milestone = next(i for i in app.board(PLAN).items if i.kind == "milestone" and i.status.is_open)
    ref, action = milestone.ref, str(milestone.parent)
    app.revise_due_date(PLAN, ref, date(2010, 11, 30), by="pmo", reason="brought forward")
    ((plan, items),) = app.unflagged_overdue(day).items()
    assert plan == PLAN and (ref, action) in items and len(items) > 1  # flagged via its action
    inserts: list[int] = []

    def count(inserted: Inserted) -> None:
        inserts.append(len(inserted.records))

    clock.advance(minutes=1)
    app.recorder.after_insert.append(count)  # type: ignore[attr-defined]
    flagged = app.flag_overdue_items(plan, items, today=day, at=clock.now())
    app.recorder.after_insert.remove(count)  # type: ignore[attr-defined]
    assert flagged == [r for r, _ in items] and inserts == [len(items)]
    assert app.unflagged_overdue(day) == {}
    assert app.unflagged_overdue(day + timedelta(days=7)) == {}  # flagged once per due date
    assert not app.flag_overdue(plan, ref, today=day, at=clock.now())

    clock.advance(minutes=1)  # a new due date, also past: flagged again for it
    app.revise_due_date(plan, ref, date(2010, 11, 29), by="pmo", reason="agreed")
    assert app.unflagged_overdue(day) == {plan: [(ref, action)]}
    clock.advance(minutes=1)
    app.change_status(plan, ref, Status.COMPLETE, by="pmo")  # then done: nothing to flag
    assert app.unflagged_overdue(day) == {}
