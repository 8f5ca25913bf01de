"""A datastore and its dialect, typed as one object.

The two libraries' datastores agree on ``transaction`` but not on
``get_connection`` (SQLite's takes ``commit``, PostgreSQL's takes nothing), and
the few things this project does outside a transaction need a connection: a
read in one round trip on PostgreSQL, rows as tuples, SQLite's write-ahead-log
checkpoint. ``Database`` does those three here, on either library, so the
objects above the store hold one typed value and no ``type: ignore``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, runtime_checkable

from eventsourcing.sqlite import SQLiteDatastore

from store.dialect import Cursor, Datastore, Dialect, datastore_of
from store.kind import is_postgres_datastore


class CopyWriter(Protocol):
    def write_row(self, row: Sequence[Any]) -> None: ...


@runtime_checkable
class CopyCursor(Protocol):
    """PostgreSQL's cursor, which can bulk-load rows with ``COPY``."""

    def copy(self, statement: str) -> AbstractContextManager[CopyWriter]: ...


class Database:
    """Where the tracker's own tables live, beside the events."""

    def __init__(self, datastore: Datastore, dialect: Dialect) -> None:
        self.datastore = datastore
        self.dialect = dialect

    @classmethod
    def of_recorder(cls, recorder: object, dialect: Dialect) -> Database:
        datastore = datastore_of(recorder)
        if dialect != Dialect.of(datastore):  # a wiring mistake, caught at start
            raise ValueError(f"{dialect} does not describe the store {Dialect.of(datastore)}")
        return cls(datastore, dialect)

    @classmethod
    def for_recorder(cls, recorder: object) -> Database:
        """For a tool given a bare recorder (backup, restore): its dialect
        read from the recorder, once."""
        datastore = datastore_of(recorder)
        return cls(datastore, Dialect.of(datastore))

    def transaction(self, *, commit: bool) -> AbstractContextManager[Cursor]:
        return self.datastore.transaction(commit=commit)

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """One query's rows. On PostgreSQL, outside a transaction block (the
        library's connections autocommit): one round trip instead of three
        (BEGIN, the query, ROLLBACK); a single query sees one snapshot anyway."""
        datastore = self.datastore
        if is_postgres_datastore(datastore):
            with datastore.get_connection() as conn:
                return list(conn.execute(sql, params).fetchall())
        with datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return list(c.fetchall())

    def read_tuples(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The query's rows, read by position. On PostgreSQL as tuples: building
        tens of thousands of dict rows was a third of a large read."""
        datastore = self.datastore
        if not is_postgres_datastore(datastore):
            return self.read(sql, params)  # SQLite's rows are read by position already
        from psycopg.rows import tuple_row  # here: a process on SQLite never loads psycopg

        with datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cursor:
            return list(cursor.execute(sql, params).fetchall())

    def empty_write_ahead_log(self) -> None:
        """SQLite: copy the write-ahead log's pages into the database and
        truncate it (so no older copy of a page is left in it). PostgreSQL: nothing."""
        datastore = self.datastore
        if isinstance(datastore, SQLiteDatastore):
            with datastore.get_connection(commit=True) as connection:
                connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def copy_into(cursor: Cursor, statement: str) -> Iterator[CopyWriter]:
    """PostgreSQL's ``COPY ... FROM STDIN`` on a cursor that can do it."""
    if not isinstance(cursor, CopyCursor):
        raise TypeError("COPY needs PostgreSQL's cursor")
    with cursor.copy(statement) as copy:
        yield copy
