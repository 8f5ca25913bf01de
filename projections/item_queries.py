"""The questions the item-versions view answers: the plans, a plan's title,
the board now (each item's current version) and as at an instant (each item's
last version recorded by then), and which action holds a milestone.

Reads only: one query each, through ``Database.read`` (on PostgreSQL one round
trip, outside a transaction block). Larger questions built on these tables
live beside them: ``overdue_rows``, ``plan_summaries``, ``activity``.
"""

from __future__ import annotations

from datetime import datetime

from domain.action import Item
from projections.item_applier import ITEM
from projections.view_support import first, instant_key
from store.database import Database


class ItemQueries:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._mark = db.dialect.mark

    def table(self, stem: str) -> str:
        return self.db.dialect.qualify(f"tracker_view_{stem}")

    def plan_title(self, plan: str, as_at: str | None = None) -> str | None:
        sql = f"SELECT title FROM {self.table('plans')} WHERE plan = {self._mark}"
        params: tuple[str, ...] = (plan,)
        if as_at is not None:
            sql += f" AND created_at <= {self._mark}"
            params += (as_at,)
        rows = self.db.read(sql, params)
        return str(first(rows[0])) if rows else None

    def plans(self, include_archived: bool = False) -> list[str]:
        where = "" if include_archived else " WHERE archived = 0"
        sql = f"SELECT plan FROM {self.table('plans')}{where} ORDER BY plan"
        return [str(first(row)) for row in self.db.read(sql)]

    def archived_plans(self) -> list[str]:
        sql = f"SELECT plan FROM {self.table('plans')} WHERE archived = 1 ORDER BY plan"
        return [str(first(row)) for row in self.db.read(sql)]

    def is_archived(self, plan: str) -> bool:
        """Whether the plan is archived now (False for a plan there is not)."""
        sql = f"SELECT archived FROM {self.table('plans')} WHERE plan = {self._mark}"
        rows = self.db.read(sql, (plan,))
        return bool(rows) and bool(first(rows[0]))

    def parent_of(self, plan: str, ref: str) -> str | None:
        """The action a milestone belongs to (None for an action or an unknown ref)."""
        m = self._mark
        items = self._items(f"plan = {m} AND ref = {m} AND recorded_to IS NULL", (plan, ref))
        return items[0].parent if items else None

    def current(self, plan: str) -> list[Item]:
        return self._items(f"plan = {self._mark} AND recorded_to IS NULL", (plan,))

    def as_at(self, plan: str, instant: datetime) -> list[Item]:
        """Each item's last version recorded by ``instant`` (the log is in time
        order, so that is the version current then): one index probe per item."""
        versions = self.table("versions")
        last_by = (  # the item c's last version recorded by the instant
            f"FROM {versions} p WHERE p.plan = c.plan AND p.ref = c.ref AND "
            f"p.recorded_from <= {self._mark} ORDER BY p.recorded_from DESC, p.position DESC LIMIT 1"
        )
        if self.db.dialect.postgres:  # items listed by their first versions (see "first")
            sql = (
                f"SELECT v.state FROM {versions} c CROSS JOIN LATERAL (SELECT p.state {last_by}) v "
                "WHERE c.plan = %s AND c.position = c.seq ORDER BY c.action_seq, c.seq"
            )
        else:  # no LATERAL; CROSS JOIN keeps the current rows as the outer loop
            sql = (
                f"SELECT v.state FROM {versions} c CROSS JOIN {versions} v WHERE v.plan = c.plan "
                f"AND v.ref = c.ref AND v.position = (SELECT p.position {last_by}) "
                "AND c.plan = ? AND c.recorded_to IS NULL ORDER BY c.action_seq, c.seq"
            )
        rows = self.db.read(sql, (instant_key(instant), plan))
        return [ITEM.validate_json(first(row)) for row in rows]

    def _items(self, where: str, params: tuple[str, ...]) -> list[Item]:
        sql = f"SELECT state FROM {self.table('versions')} WHERE {where} ORDER BY action_seq, seq"
        return [ITEM.validate_json(first(row)) for row in self.db.read(sql, params)]
