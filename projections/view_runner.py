"""Keeping one read view up to date with the log, exactly once.

A view (``View``) says which tables it has, which events it reads (by topic,
so no other event is decoded) and how a batch of events changes its rows. The
runner moves it along the notification log: the catch-up loop, the hook run
in the insert transaction, and the replay into a fresh set of tables that a
rebuild swaps in (blue/green: readers keep the old tables until the swap commits).

Exactly once: each batch and the view's new position are written in one
transaction, and the position moves only from the value the batch started at
(compare-and-set), so two processes catching up at once never apply an event
twice; the loser rolls back and reads again. Each view has its own position
table, so each can be rebuilt alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Protocol

from eventsourcing.persistence import ApplicationRecorder

from projections.event_decoding import decode
from projections.view_support import first, must_decode, values
from store.chained_store import Inserted, events_table
from store.database import Database
from store.dialect import Cursor
from store.log_rows import LogRow, log_row, read_rows, read_rows_in

BATCH = 500
Progress = Callable[[int], None]


class Batch(Protocol):
    """Applies decoded events to a view's rows inside a transaction. Each
    event comes with its log position and its stream (``str`` of its
    originator id); ``prefetch`` is given a batch's (stream, event) pairs first."""

    c: Cursor

    def prefetch(self, events: Sequence[tuple[str, object]]) -> None: ...

    def apply(self, position: int, stream: str, event: object) -> None: ...

    def flush(self, *, keep_open: bool = False) -> None: ...


class View(Protocol):
    stems: tuple[str, ...]  # its tables' stems, the position table's included
    position_stem: str

    def wants(self, topic: str) -> bool: ...

    def create(self, suffix: str, *, indexes: bool = True) -> None: ...

    def finish(self, suffix: str) -> None: ...  # after a replay: indexes, statistics

    def batch(self, cursor: Cursor, suffix: str, *, replay: bool) -> Batch: ...


class ViewRunner:
    def __init__(self, view: View, db: Database, recorder: ApplicationRecorder) -> None:
        self.view, self.db = view, db
        self.events = events_table(recorder)
        self._head_sql = f"SELECT max({db.dialect.position_column}) FROM {self.events}"
        # Events being saved, as the service holds them, by (stream, version): the
        # insert hook applies these rather than decoding their stored JSON again.
        # Per thread: another thread's catch-up may meet a committed event of the
        # same stream and version as one this thread is failing to save.
        self._saving = threading.local()

    @property
    def fresh(self) -> dict[tuple[str, int], object]:
        found: dict[tuple[str, int], object] = getattr(self._saving, "events", {})
        return found

    @fresh.setter
    def fresh(self, events: dict[tuple[str, int], object]) -> None:
        self._saving.events = events

    def table(self, stem: str, suffix: str = "") -> str:
        return self.db.dialect.qualify(f"tracker_view_{stem}{suffix}")

    def position(self, suffix: str = "") -> int:
        (row,) = self.db.read(f"SELECT position FROM {self.table(self.view.position_stem, suffix)}")
        return int(first(row))

    def position_sql(self, suffix: str = "") -> str:
        return f"SELECT position FROM {self.table(self.view.position_stem, suffix)}"

    def catch_up(self, suffix: str = "", progress: Progress | None = None) -> int:
        """Apply every event after the view's position; returns how many."""
        applied = 0
        while True:
            (row,) = self.db.read(
                f"SELECT ({self.position_sql(suffix)}) AS position, ({self._head_sql}) AS head"
            )
            position, head = values(row)
            start, head = int(position), int(head or 0)
            if start >= head:
                return applied
            page = read_rows(self.db, self.events, start, BATCH)
            if not page:
                return applied
            if self._apply(page, start, suffix):
                applied += len(page)
                if progress:
                    progress(len(page))

    def record_inserted(self, inserted: Inserted) -> None:
        """Bring the live view up to date in the transaction that stores new
        events (a hook of the recorder): the events and the view commit
        together. Events stored without the view (before it existed, or by a
        tool that keeps none) are applied first."""
        c = inserted.cursor
        new = [log_row(r) for r in inserted.records]
        if self._apply_in(c, new, inserted.previous_position, ""):
            return  # the usual case: the view was at the log's end
        lock = (
            " FOR UPDATE" if self.db.dialect.postgres else ""
        )  # SQLite: the writer holds the file
        c.execute(self.position_sql() + lock)
        at = int(first(c.fetchone()))
        while at < inserted.previous_position:
            missed = [
                r
                for r in read_rows_in(c, self.db.dialect, self.events, at, BATCH)
                if r.position <= inserted.previous_position
            ]
            if not missed:
                break  # rows gone from the log: ``verify`` reports that, not the views
            self._apply_in(c, missed, at, "")
            at = missed[-1].position
        self._apply_in(c, new, at, "")

    def _apply(self, page: Sequence[LogRow], start: int, suffix: str) -> bool:
        with self.db.transaction(commit=True) as c:
            return self._apply_in(c, page, start, suffix)

    def _apply_in(self, c: Cursor, page: Sequence[LogRow], start: int, suffix: str) -> bool:
        m = self.db.dialect.mark
        c.execute(
            f"UPDATE {self.table(self.view.position_stem, suffix)} SET position = {m} "
            f"WHERE position = {m} RETURNING position",
            (page[-1].position, start),
        )
        if len(c.fetchall()) != 1:
            return False  # another process applied this batch first
        wanted = [n for n in page if self.view.wants(n.topic) or must_decode(n)]
        if not wanted:
            return True
        batch = self.view.batch(c, suffix, replay=False)
        fresh = self.fresh
        events = [(n.stream, fresh.get((n.stream, n.version)) or decode(n)) for n in wanted]
        batch.prefetch(events)
        for n, (stream, event) in zip(wanted, events, strict=True):
            batch.apply(n.position, stream, event)
        batch.flush()
        return True

    def drop(self, suffix: str) -> None:
        with self.db.transaction(commit=True) as c:
            for stem in self.view.stems:
                c.execute(f"DROP TABLE IF EXISTS {self.table(stem, suffix)}")

    def swap_in(self, c: Cursor, suffix: str) -> None:
        """Put the set named with ``suffix`` in place of the live one (in the
        caller's transaction, which holds the live tables' lock on PostgreSQL)."""
        for stem in self.view.stems:
            c.execute(f"ALTER TABLE {self.table(stem)} RENAME TO tracker_view_{stem}_old")
            c.execute(f"ALTER TABLE {self.table(stem, suffix)} RENAME TO tracker_view_{stem}")
            c.execute(f"DROP TABLE {self.table(stem, '_old')}")
