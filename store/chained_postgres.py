"""The PostgreSQL event recorder that chains every event in the transaction
that stores it (the SQLite one is in ``chained_store``, what both share in
``chain_writer``).

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

from store.chain_writer import (
    AfterInsert,
    backfill_chain,
    chain_and_run_hooks,
    create_chain_statement,
)
from store.dialect import Cursor as AnyCursor
from store.dialect import Dialect
from store.log_tables import chain_table, events_table


def lock_events_table(cursor: AnyCursor, recorder: PostgresApplicationRecorder) -> None:
    """Take the writers' own lock (as every insert does), until the transaction ends."""
    cursor.execute(
        SQL("LOCK TABLE {0}.{1} IN EXCLUSIVE MODE").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name)
        )
    )


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after_insert: list[AfterInsert] = []

    def create_table(self) -> None:
        table, dialect = chain_table(self), Dialect.of_recorder(self)
        with self.datastore.transaction(commit=False) as c:
            ready = dialect.exists(c, events_table(self)) and dialect.exists(c, table)
        if ready:
            # The library replaces its insert function on every start; two processes
            # starting at once then fail with "tuple concurrently updated".
            self.datastore.register_type_adapters()
            return
        super().create_table()
        with self.datastore.transaction(commit=True) as c:
            if dialect.exists(c, table):
                return
            lock_events_table(c, self)  # no event is stored while the chain starts
            if dialect.exists(c, table):
                return
            c.execute(create_chain_statement(table))
            backfill_chain(c, self, table, "%s")

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        if ids:
            # Still inside the insert's transaction, which holds the table lock.
            chain_and_run_hooks(
                curs, self, self.after_insert, chain_table(self), ids, stored_events
            )
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
