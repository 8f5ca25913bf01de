"""The tracker's read views, as one object: the item versions (every version
of every item, with the interval of recorded time in which it was current:
the board now, as at T, the overdue index) and the outbox (each message with
its delivery state).

They live in the same database as the events and are kept from the
notification log, each with its own position (``view_runner``). This facade
composes the parts, each in its own module: the tables (``item_schema``,
``outbox_view``), how events become rows (``item_applier``, ``outbox``), the
runner and the rebuild (``view_runner``, ``view_rebuild``) and the queries
(``item_queries``). ``tracker rebuild`` rebuilds every view; ``rebuild(only=)``
one alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from domain.action import Item
from domain.message import Delivery
from projections import item_applier, view_rebuild
from projections.item_applier import ItemBatch
from projections.item_queries import ItemQueries
from projections.item_schema import ItemSchema
from projections.outbox import OutboxRow
from projections.outbox_view import OutboxView
from projections.view_runner import ViewRunner
from projections.view_support import instant_key, values
from store.chained_store import Inserted, events_table
from store.database import Database
from store.dialect import Cursor

__all__ = ["ItemVersionsView", "instant_key"]


class _ItemsView(ItemSchema):
    """The item-versions tables with their applier: a ``View`` to run."""

    def wants(self, topic: str) -> bool:
        return item_applier.wants(topic)

    def batch(self, cursor: Cursor, suffix: str, *, replay: bool) -> ItemBatch:
        table: Callable[[str], str] = lambda stem: self.table(stem, suffix)  # noqa: E731
        return ItemBatch(
            cursor, table, self.db.dialect.mark, copy=replay and self.db.dialect.postgres
        )


class ItemVersionsView:
    def __init__(self, recorder: ApplicationRecorder, db: Database) -> None:
        self.db = db
        dialect = db.dialect
        self.items = ViewRunner(_ItemsView(self.db), self.db, recorder)
        self.outbox_view = OutboxView(self.db)
        self.outbox = ViewRunner(self.outbox_view, self.db, recorder)
        self.runners = (self.items, self.outbox)
        self.queries = ItemQueries(self.db)
        for runner in self.runners:
            runner.view.create("")
        self._head = f"SELECT max({dialect.position_column}) FROM {events_table(recorder)}"

    def table(self, stem: str, suffix: str = "") -> str:
        """A view table's name as SQL may use it (schema-qualified on PostgreSQL)."""
        return self.db.dialect.qualify(f"tracker_view_{stem}{suffix}")

    # -- keeping up ---------------------------------------------------------

    def position(self, suffix: str = "") -> int:
        """The item versions' log position."""
        return self.items.position(suffix)

    def catch_up(self, suffix: str = "", progress: Callable[[int], None] | None = None) -> int:
        """Bring every view to the log's end; returns how many events the
        furthest behind applied. When nothing is new this is one query."""
        positions = ", ".join(f"({r.position_sql(suffix)})" for r in self.runners)
        (row,) = self.db.read(f"SELECT {positions}, ({self._head}) AS head")
        *at, head = values(row)
        if all(int(p) >= int(head or 0) for p in at):
            return 0
        return max(runner.catch_up(suffix, progress) for runner in self.runners)

    @contextmanager
    def fresh(self, events: Sequence[Any]) -> Iterator[None]:
        """While saving ``events``: the insert hook applies them as they are in
        memory (the same objects a decode of their stored JSON makes)."""
        known = {(str(e.originator_id), int(e.originator_version)): e for e in events}
        for runner in self.runners:
            runner.fresh = known
        try:
            yield
        finally:
            for runner in self.runners:
                runner.fresh = {}

    def record_inserted(self, inserted: Inserted) -> None:
        """The recorder's hook: every view kept in the insert's transaction."""
        for runner in self.runners:
            runner.record_inserted(inserted)

    def rebuild(
        self, progress: Callable[[int], None] | None = None, only: Sequence[str] = ()
    ) -> int:
        """Replay the whole log into new tables, then swap them in: every view,
        or only those named (``items``, ``outbox``); the others are not touched."""
        runners = [
            r
            for r, name in zip(self.runners, ("items", "outbox"), strict=True)
            if not only or name in only
        ]
        return view_rebuild.rebuild(runners, self.db, progress)

    def replay_beside(self, suffix: str, progress: Callable[[int], None] | None = None) -> int:
        """Every view replayed into tables named with ``suffix`` (``verify --views``)."""
        return view_rebuild.replay_beside(self.runners, suffix, progress)

    def drop(self, suffix: str) -> None:
        for runner in self.runners:
            runner.drop(suffix)

    # -- reading ------------------------------------------------------------

    def plan_title(self, plan: str, as_at: str | None = None) -> str | None:
        return self.queries.plan_title(plan, as_at)

    def plans(self, include_archived: bool = False) -> list[str]:
        return self.queries.plans(include_archived)

    def archived_plans(self) -> list[str]:
        return self.queries.archived_plans()

    def is_archived(self, plan: str) -> bool:
        return self.queries.is_archived(plan)

    def parent_of(self, plan: str, ref: str) -> str | None:
        return self.queries.parent_of(plan, ref)

    def current(self, plan: str) -> list[Item]:
        return self.queries.current(plan)

    def as_at(self, plan: str, instant: datetime) -> list[Item]:
        return self.queries.as_at(plan, instant)

    def messages(
        self, delivery: Delivery | None = None, ready_at: datetime | None = None
    ) -> list[OutboxRow]:
        return self.outbox_view.messages(delivery, ready_at)

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, for comparing a rebuild with live upkeep."""
        out = {}
        for name in ("versions", "streams", "plans", "outbox"):
            rows = self.db.read(f"SELECT * FROM {self.table(name)}")
            out[name] = sorted(values(row) for row in rows)
        return out
