"""The outbox as a view of its own: its table and its own position, so it is
kept, caught up and rebuilt apart from the item versions (``tracker rebuild``
still rebuilds both). The rows themselves are made in ``projections/outbox.py``.

Sets of views made before the outbox had its own position kept it in the
item versions' position table, moved together: such a set gains its own
position table, starting where the shared one stood.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import uuid4

from eventsourcing.utils import get_topic

from domain.message import Delivery, Message
from projections import outbox
from projections.item_schema import INDEX_LOCK
from projections.outbox import OutboxRow
from store.database import Database
from store.dialect import Cursor

_TOPICS = get_topic(Message).split(":")[0] + ":"
SHARED_POSITION = "position"  # the item versions' position table


class OutboxBatch:
    def __init__(self, cursor: Cursor, table: str, mark: str) -> None:
        self.c, self.table, self.mark = cursor, table, mark

    def prefetch(self, events: Sequence[tuple[str, object]]) -> None:
        pass  # a message's events are few: each reads its row

    def apply(self, position: int, stream: str, event: object) -> None:
        if isinstance(event, Message.Event):
            outbox.apply(self.c, self.table, self.mark, event)

    def flush(self, *, keep_open: bool = False) -> None:
        pass  # written as applied


class OutboxView:
    stems: tuple[str, ...] = ("outbox", "outbox_position")
    position_stem = "outbox_position"

    def __init__(self, db: Database) -> None:
        self.db = db

    def table(self, stem: str, suffix: str = "") -> str:
        return self.db.dialect.qualify(f"tracker_view_{stem}{suffix}")

    def wants(self, topic: str) -> bool:
        return topic.startswith(_TOPICS)

    def batch(self, cursor: Cursor, suffix: str, *, replay: bool) -> OutboxBatch:
        return OutboxBatch(cursor, self.table("outbox", suffix), self.db.dialect.mark)

    def finish(self, suffix: str) -> None:
        pass  # the outbox's one index is made with its table

    def create(self, suffix: str, *, indexes: bool = True) -> None:
        """Create the table and the position unless both exist, under a lock
        (processes may start at once); a new position starts where the item
        versions' shared one stands, if the set has it, else at 0."""
        with self.db.transaction(commit=False) as c:
            if self._exists(c, "outbox", suffix) and self._exists(c, self.position_stem, suffix):
                return
        position = self.table(self.position_stem, suffix)
        with self.db.transaction(commit=True) as c:
            if self.db.dialect.postgres:
                c.execute("SELECT pg_advisory_xact_lock(%s)", (INDEX_LOCK,))
            else:  # a write takes the file's lock, so the looks below see the latest
                c.execute("CREATE TABLE IF NOT EXISTS tracker_view_lock (one INTEGER)")
                c.execute("DELETE FROM tracker_view_lock")
            if not self._exists(c, "outbox", suffix):
                for statement in outbox.create_statements(
                    self.table("outbox", suffix), uuid4().hex[:10]
                ):
                    c.execute(statement)
            if not self._exists(c, self.position_stem, suffix):
                start = "0"
                if self._exists(c, SHARED_POSITION, suffix):
                    start = f"(SELECT position FROM {self.table(SHARED_POSITION, suffix)})"
                c.execute(
                    f"CREATE TABLE {position} (one INTEGER PRIMARY KEY, position BIGINT NOT NULL)"
                )
                c.execute(f"INSERT INTO {position} (one, position) SELECT 1, {start}")

    def _exists(self, c: Cursor, stem: str, suffix: str) -> bool:
        return self.db.dialect.exists(c, self.table(stem, suffix))

    def messages(
        self, delivery: Delivery | None = None, ready_at: datetime | None = None
    ) -> list[OutboxRow]:
        """The outbox, oldest first; only one delivery state, or only those a
        relay should try at ``ready_at`` (pending, or a claim gone stale)."""
        m = self.db.dialect.mark
        sql = f"SELECT {', '.join(outbox.COLUMNS)} FROM {self.table('outbox')}"
        params: tuple[str, ...] = ()
        if ready_at is not None:
            sql += f" WHERE delivery IN ('pending', 'sending') AND retry_at <= {m}"
            params = (outbox.instant_text(ready_at),)
        elif delivery is not None:
            sql += f" WHERE delivery = {m}"
            params = (delivery.value,)
        rows = self.db.read(sql + " ORDER BY queued_at, recipient, kind", params)
        return [outbox.from_row(row) for row in rows]
