"""The views: rebuilt from the log they equal what live upkeep made, a rebuild
killed halfway leaves the old views serving, and several processes keep them
exactly once. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from eventsourcing.application import Application

from application.service import Tracker
from application.spreadsheet import read_plan_file
from demo.replay import HERE, IMPORTED_AT, PLAN, replay
from domain.dates import parse_instant
from domain.status import Status
from projections.view_support import values as _values
from store.chain_writer import Inserted
from store.log_rows import read_rows
from tests.conftest import Clock


def demo(app: Tracker, clock: Clock) -> None:
    """The demo's realistic history: 59 items, 129 changes over 18 months, and
    the indicators' figures among them."""
    clock.set(parse_instant(IMPORTED_AT))
    app.import_plan(PLAN, read_plan_file(HERE / "laming-2009.csv"), by="pmo", source="demo")
    replay(app, clock, HERE / "laming-2009-history.csv", HERE / "laming-2009-indicators.csv")


def test_a_rebuild_gives_exactly_the_rows_live_upkeep_gave(app: Tracker, clock: Clock) -> None:
    demo(app, clock)
    live = app.views.dump()
    assert len(live["versions"]) > 59
    counted: list[int] = []
    assert app.rebuild(counted.append) == app.recorder.max_notification_id()
    assert sum(counted) == app.recorder.max_notification_id()
    assert app.views.dump() == live
    assert app.rebuild() == app.recorder.max_notification_id()  # again, over the swapped-in set
    assert app.views.dump() == live


def test_a_rebuild_killed_halfway_leaves_the_old_views_serving(app: Tracker, clock: Clock) -> None:
    demo(app, clock)
    board = app.board(PLAN)
    # what a killed rebuild leaves behind: a half-filled set of "_next" tables
    for part in app.views.runners:
        part.view.create("_next")
    items = app.views.items
    items._apply(read_rows(items.db, items.events, 0, 40), 0, "_next")
    assert app.board(PLAN) == board
    live = app.views.dump()
    app.rebuild()
    assert app.views.dump() == live


def test_processes_see_each_others_writes_exactly_once(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    writer, reader, other = make_app(), make_app(), make_app()
    demo(writer, clock)
    clock.advance(days=1)
    writer.change_status(PLAN, "9", Status.ON_TRACK, by="finance-lead", reason="new plan agreed")
    # two readers catch up on the same events; the views must not double them
    assert {i.ref: i.status for i in reader.board(PLAN).items}["9"] is Status.ON_TRACK
    assert other.board(PLAN) == reader.board(PLAN)
    assert reader.views.dump() == writer.views.dump()
    writer.rebuild()
    assert reader.views.dump() == writer.views.dump()


def test_workload_and_plan_totals(app: Tracker, clock: Clock) -> None:
    demo(app, clock)
    clock.set(parse_instant("2010-01-05T09:00"))
    board = app.board(PLAN)
    rows = {row.owner: row for row in app.workload(PLAN)}
    open_items = [i for i in board.items if i.status.is_open]
    assert sum(r.open for r in rows.values()) == len(open_items)
    assert sum(r.overdue for r in rows.values()) == board.totals.overdue
    for owner, row in rows.items():
        assert sorted(row.refs) == sorted(i.ref for i in open_items if i.owner == owner)
    (summary,) = app.plan_summaries()
    assert summary.totals == board.totals and summary.plan == PLAN


def test_a_command_and_its_view_updates_commit_together_or_not_at_all(
    app: Tracker, clock: Clock
) -> None:
    demo(app, clock)
    clock.advance(days=1)
    before = (app.recorder.max_notification_id(), app.views.position(), app.views.dump())

    def fail_after_the_views(inserted: Inserted) -> None:
        # the views were updated before this hook, in this same transaction
        inserted.cursor.execute(f"SELECT position FROM {app.views.table('position')}")
        (position,) = _values(inserted.cursor.fetchone())
        assert position == inserted.records[-1].position
        raise RuntimeError("the disk is full")

    app.recorder.after_insert.append(fail_after_the_views)  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="disk is full"):
        app.change_status(PLAN, "9", Status.ON_TRACK, by="finance-lead")
    app.recorder.after_insert.remove(fail_after_the_views)  # type: ignore[attr-defined]
    assert (app.recorder.max_notification_id(), app.views.position(), app.views.dump()) == before
    app.change_status(PLAN, "9", Status.ON_TRACK, by="finance-lead")
    assert {i.ref: i.status for i in app.board(PLAN).items}["9"] is Status.ON_TRACK


def test_a_command_brings_a_view_that_fell_behind_up_to_date_before_it_answers(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    writer, other = make_app(), make_app()
    demo(writer, clock)
    clock.advance(days=1)
    # an event is stored without the views (as a tool that keeps none would write it)
    writer.recorder.after_insert.remove(writer.views.record_inserted)  # type: ignore[attr-defined]
    action = writer.action_holding(PLAN, "9")
    at = clock.now()
    action.change_status("9", Status.AT_RISK, by="finance-lead", at=at, effective_on=at.date())
    Application.save(writer, action)  # the library's save: no catching up after it
    assert writer.views.position() < (writer.recorder.max_notification_id() or 0)
    clock.advance(hours=1)
    # ... so the next command applies it first, in its own transaction
    other.change_status(PLAN, "35", Status.AT_RISK, by="hos-cf")
    assert other.views.position() == other.recorder.max_notification_id()
    statuses = {i.ref: i.status for i in other.views.current(PLAN)}
    assert (statuses["9"], statuses["35"]) == (Status.AT_RISK, Status.AT_RISK)
    live = other.views.dump()
    other.rebuild()
    assert other.views.dump() == live


def test_views_made_by_an_earlier_version_gain_the_indexes_they_lack(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    app = make_app()
    demo(app, clock)
    board = app.board(PLAN, as_at=parse_instant("2009-11-17T12:00"))
    (name,) = [n for n in index_names(app) if n.startswith("tracker_view_item_")]
    with app.views.db.transaction(commit=True) as c:  # as views made before it existed
        c.execute(f"DROP INDEX {app.views.db.dialect.qualify(name)}")
    assert not any(n.startswith("tracker_view_item_") for n in index_names(app))
    reopened = make_app()
    assert [n for n in index_names(reopened) if n.startswith("tracker_view_item_")]
    assert reopened.board(PLAN, as_at=parse_instant("2009-11-17T12:00")) == board


def index_names(app: Tracker) -> list[str]:
    table = app.views.table("versions")
    with app.views.db.transaction(commit=False) as c:
        if "." in table:
            schema, name = table.split(".")
            c.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
                (schema, name),
            )
        else:
            c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            )
        return [str(_values(row)[0]) for row in c.fetchall()]


def test_a_rebuild_upcasts_old_payloads_of_the_events_it_reads(
    app: Tracker, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from domain.action import Action
    from tests.plans import import_sample

    import_sample(app, "up")
    assert app.assign("up", "32", "new-owner", by="pmo")
    # A later release renames owners: OwnerAssigned at version 2, stored ones (1) upcast.
    monkeypatch.setattr(Action.OwnerAssigned, "class_version", 2)
    upcaster = staticmethod(lambda state: state.update(new=state["new"].upper()))
    monkeypatch.setattr(Action.OwnerAssigned, "upcast_v1_v2", upcaster, raising=False)
    owners = {item.ref: item.owner for item in app.views.current("up")}
    assert owners["32"] == "new-owner"  # the live row, made before the release
    app.rebuild()
    owners = {item.ref: item.owner for item in app.views.current("up")}
    assert owners["32"] == "NEW-OWNER" and owners["11"] == "hos-cf"
