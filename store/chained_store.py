"""Event recorders that chain every event in the transaction that stores it:
here the SQLite one (the store's settings name it by topic,
"store.chained_store:ChainedSQLiteRecorder"); PostgreSQL's is in
``store.chained_postgres``, what both share in ``store.chain_writer``.

The library's SQLite application recorder, extended: once an insert knows its
notification ids, a ``tracker_chain`` row per event is written from the
previous link, before the transaction commits. An event is therefore never
stored without its link, nor a link without its event.

Writers are already serialised where it matters: SQLite has one writer at a
time (the event INSERT takes the write lock before the head link is read), and
PostgreSQL's recorder locks the events table (EXCLUSIVE) in every insert
transaction, so reading the head link and adding the next one cannot interleave.

Other work that must commit with the events or not at all (the log-time rule,
the views' upkeep) is registered in ``after_insert`` (``store.chain_writer``).

A store made before the chain existed is chained from position 1 when it is
first opened, in the transaction that creates the table: what was in it then is
vouched for from that moment only. An existing chain is never extended except
by an insert; an event slipped in by hand stays unchained, and ``verify`` says so.

``Inserted``, ``events_table``, ``marker`` and ``state_bytes`` are re-exported:
``projections/`` and ``application/overdue_flags.py`` still import them from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from store.chain_writer import (
    AfterInsert,
    backfill_chain,
    chain_and_run_hooks,
    create_chain_statement,
)
from store.chain_writer import Inserted as Inserted  # re-exported (see the docstring)
from store.dialect import Dialect
from store.log_tables import CHAIN
from store.log_tables import events_table as events_table  # re-exported
from store.log_tables import marker as marker  # re-exported
from store.log_tables import state_bytes as state_bytes  # re-exported


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after_insert: list[AfterInsert] = []

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=False) as c:
            if Dialect(postgres=False).exists(c, CHAIN):
                return
        try:
            with self.datastore.transaction(commit=True) as c:
                c.execute(create_chain_statement(CHAIN))  # takes the write lock first
                backfill_chain(c, self, CHAIN, "?")
        except OperationalError as error:
            if "already exists" not in str(error):
                raise  # otherwise another process created and filled it first

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            chain_and_run_hooks(c, self, self.after_insert, CHAIN, ids, stored_events)
        return ids
