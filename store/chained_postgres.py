"""The PostgreSQL event recorder that chains every event in the transaction
that stores it (the SQLite one, and what both share, are in ``chained_store``).

Apart so that a process on SQLite never imports the PostgreSQL driver: the
store's settings name this class by topic, imported only for a PostgreSQL URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from store.chained_store import (
    AfterInsert,
    _after_insert,
    _backfill,
    _create_statement,
    chain_table,
    events_table,
)


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after_insert: list[AfterInsert] = []

    def create_table(self) -> None:
        table = chain_table(self)
        if self._exists(events_table(self)) and self._exists(table):
            # The library replaces its insert function on every start; two processes
            # starting at once then fail with "tuple concurrently updated".
            self.datastore.register_type_adapters()
            return
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            c.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (table,))
            row = c.fetchone()
            if row is not None and row["found"]:
                return
            # Under the writers' own lock: no event is stored while the chain starts.
            c.execute(
                SQL("LOCK TABLE {0}.{1} IN EXCLUSIVE MODE").format(
                    Identifier(self.datastore.schema), Identifier(self.events_table_name)
                )
            )
            c.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (table,))
            row = c.fetchone()
            if row is not None and row["found"]:
                return
            c.execute(_create_statement(table))
            _backfill(c, self, table, "%s")

    def _exists(self, table: str) -> bool:
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (table,))
            row = c.fetchone()
            return bool(row and row["found"])

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            # Still inside the insert's transaction, which holds the table lock.
            _after_insert(curs, self, self.after_insert, chain_table(self), ids, stored_events)
        return ids

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The library's insert, changed in two ways. Any exception raised after
        the rows are written (by the chain or a hook) rolls them back: the
        library's version catches it inside the transaction, which then commits.
        And only the lock and the insert are pipelined: the hooks' queries run
        after the pipeline, where a fetch cannot pick up another statement's
        result (in pipeline mode it sometimes did, after an ``executemany``).
        As in the library, nothing to store touches nothing: no lock, no NOTIFY."""
        if not stored_events:
            return []
        with (
            self.datastore.get_connection() as conn,  # translates psycopg's errors
            conn.transaction(),
            conn.cursor() as curs,
        ):
            with conn.pipeline():  # table lock, NOTIFY and INSERT in one round trip
                self._insert_stored_events(curs, stored_events, **kwargs)
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
