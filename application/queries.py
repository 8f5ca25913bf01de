"""The service's queries: boards now and as at an instant, overdue items, what
changed between two instants, a plan's history, the plans list, workload.

Why a module of its own: every query reads the views (brought up to date
first, for writes by other processes) or a plan's own streams, and records
nothing; keeping them apart from the commands keeps each side short. It is a
mixin of ``Tracker`` (whose public methods stay where callers look for
them); what it needs of the service is the ``Readable`` protocol.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder

from application.clock import Clock
from application.directory import Directory
from application.persistence import decode_state
from domain.action import Item, action_id
from domain.dates import london_date
from domain.errors import UnknownPlan
from domain.plan import Plan, plan_id
from domain.status import Status
from projections.activity import recorded_after, recorded_with
from projections.board import Board, make_board
from projections.changes import Changes, compare
from projections.history import history_row, mark_backdated, mark_erased
from projections.item_versions import ItemVersionsView, instant_key
from projections.overdue_rows import OverdueItem, overdue_items
from projections.plan_summaries import PlanSummary, plan_summaries
from projections.workload import Workload, workload
from store.log_records import stream_records


class Readable(Protocol):
    """What the queries need of the application service."""

    clock: Clock
    views: ItemVersionsView
    directory: Directory

    @property
    def recorder(self) -> ApplicationRecorder: ...

    def plan(self, plan: str) -> Plan: ...

    def board(self, plan: str, *, as_at: datetime | None = None) -> Board: ...

    def plans(self, include_archived: bool = False) -> list[str]: ...


class Queries:
    def board(self: Readable, plan: str, *, as_at: datetime | None = None) -> Board:
        """The board now, or as the system knew it at ``as_at`` (overdue judged
        on that instant's London date)."""
        self.views.catch_up()  # writes by other processes
        if as_at is None:
            now = self.clock.now()
            title = self.views.plan_title(plan)
            if title is None:
                raise UnknownPlan(f"there is no plan '{plan}'")
            items = self.views.current(plan)
            return make_board(plan, title, items, as_at=now, on=london_date(now), historical=False)
        title, items = _as_at(self, plan, as_at)
        return make_board(plan, title, items, as_at=as_at, on=london_date(as_at), historical=True)

    def items_as_at(self: Readable, plan: str, as_at: datetime) -> tuple[str, list[Item]]:
        """The plan's title and items as the system knew them at ``as_at``: the
        rows of ``board(plan, as_at=as_at)`` before they are judged, for a reader
        that judges only some of them (the daily scan: the open ones)."""
        self.views.catch_up()
        return _as_at(self, plan, as_at)

    def overdue(
        self: Readable, plan: str | None, on: date | None = None
    ) -> tuple[date, list[tuple[str, OverdueItem]]]:
        """Items open now whose due date is before ``on`` (default: today)."""
        day = on or london_date(self.clock.now())
        self.views.catch_up()
        if plan is not None and self.views.plan_title(plan) is None:
            raise UnknownPlan(f"there is no plan '{plan}'")  # an error, not an empty list
        # across all plans, archived ones are left out; asked by name, a plan answers
        return day, overdue_items(self.views, day, plan=plan, include_archived=plan is not None)

    def recorded_with(
        self: Readable, plan: str, status: Status, since: datetime, until: datetime
    ) -> bool:
        """Whether an item of the plan was recorded with ``status`` in (since, until]."""
        self.views.catch_up()
        return recorded_with(self.views, plan, status, since, until)

    def changes(
        self: Readable,
        plan: str,
        *,
        since: datetime,
        until: datetime | None = None,
        after: Board | None = None,
    ) -> Changes:
        """What moved between ``since`` and ``until``; ``after``: the board as
        at ``until``, when the caller has it already."""
        end = until or self.clock.now()
        try:
            before = self.board(plan, as_at=since)
        except UnknownPlan:
            before = make_board(plan, "", [], as_at=since, on=london_date(since), historical=True)
        return compare(before, after or self.board(plan, as_at=end))

    def history(self: Readable, plan: str, ref: str | None = None) -> list[dict[str, Any]]:
        """Every event of the plan (or of one item), oldest first, in log order;
        read from the plan's own streams (indexed), not by walking the log."""
        current = self.plan(plan)
        if ref is None:
            ids = [plan_id(plan), *(action_id(plan, r) for r in current.action_refs())]
        else:
            ids = [action_id(plan, current.action_of(ref))]
        rows = []
        erased = self.directory.erased()
        added_on: dict[str, date] = {}  # each item's first effective date, as met
        for record in stream_records(self.recorder, ids):
            row = history_row(record.topic, decode_state(record), record.position)
            row = mark_backdated(row, added_on)
            if ref is None or row["ref"] == ref:
                rows.append(mark_erased(row, erased))
        return rows

    def plans(self: Readable, include_archived: bool = False) -> list[str]:
        self.views.catch_up()
        return self.views.plans(include_archived)

    def plan_summaries(self: Readable, *, archived: bool = False) -> list[PlanSummary]:
        """Every plan's title and RAG totals now (the plans list); with
        ``archived``, the archived plans' instead."""
        self.views.catch_up()
        return plan_summaries(self.views, london_date(self.clock.now()), archived=archived)

    def boards(self: Readable) -> list[Board]:
        """Every current plan's board now."""
        return [self.board(plan) for plan in self.plans()]

    def workload(self: Readable, plan: str) -> list[Workload]:
        return workload(self.board(plan))


def _as_at(app: Readable, plan: str, as_at: datetime) -> tuple[str, list[Item]]:
    title = app.views.plan_title(plan, instant_key(as_at))
    if title is None:
        raise UnknownPlan(f"plan '{plan}' did not exist at {as_at.isoformat()}")
    if recorded_after(app.views, plan, as_at):
        return title, app.views.as_at(plan, as_at)
    # nothing recorded on it since: its items as at then are its current ones
    return title, app.views.current(plan)
