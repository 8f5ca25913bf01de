"""The few ways SQLite and PostgreSQL differ, said once.

Every module that writes SQL needs the same handful of answers: the parameter
mark (``?`` or ``%s``), a table's name in its schema, whether a table exists,
which column holds the log position, and a row's values (PostgreSQL's rows are
dicts, SQLite's sequences). ``Dialect`` gives them; ``datastore_of`` reaches a
recorder's datastore with its type, so no caller needs ``type: ignore``.
Knowing PostgreSQL's classes goes through ``store.kind``, so a process on
SQLite still never imports psycopg.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.sqlite import SQLiteDatastore, SQLiteRecorder

from store.kind import is_postgres_datastore, is_postgres_recorder


class Cursor(Protocol):
    """What this project uses of a DB-API cursor (sqlite3's or psycopg's)."""

    def execute(self, query: Any, params: Any = ..., /) -> object: ...

    def executemany(self, query: Any, params_seq: Any, /) -> object: ...

    def fetchone(self) -> Any: ...  # a dict (PostgreSQL) or a sqlite3.Row

    def fetchall(self) -> Any: ...


class Datastore(Protocol):
    """Either library's datastore: a transaction that yields a cursor."""

    def transaction(self, *, commit: bool) -> AbstractContextManager[Cursor]: ...


def datastore_of(recorder: object) -> Datastore:
    """The datastore behind either library's recorder."""
    if isinstance(recorder, SQLiteRecorder):
        return recorder.datastore
    if is_postgres_recorder(recorder):
        return recorder.datastore
    raise TypeError(f"expected a SQLite or PostgreSQL recorder, got {type(recorder).__name__}")


@dataclass(frozen=True)
class Dialect:
    postgres: bool
    schema: str = ""  # PostgreSQL's; SQLite has none

    @classmethod
    def of(cls, datastore: object) -> Dialect:
        if is_postgres_datastore(datastore):
            return cls(postgres=True, schema=datastore.schema)
        if isinstance(datastore, SQLiteDatastore):
            return cls(postgres=False)
        raise TypeError(
            f"expected a SQLite or PostgreSQL datastore, got {type(datastore).__name__}"
        )

    @classmethod
    def of_env(cls, env: dict[str, str]) -> Dialect:
        """From the library's settings, before any recorder exists (as
        ``PostgresDatastore`` reads its schema: blank means ``public``)."""
        if env.get("PERSISTENCE_MODULE") == "eventsourcing.postgres":
            return cls(postgres=True, schema=env.get("POSTGRES_SCHEMA", "").strip() or "public")
        if env.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite":
            return cls(postgres=False)
        raise ValueError(f"no SQL dialect for {env.get('PERSISTENCE_MODULE')!r}")

    @classmethod
    def of_recorder(cls, recorder: object) -> Dialect:
        return cls.of(datastore_of(recorder))

    @property
    def mark(self) -> str:
        """The parameter placeholder."""
        return "%s" if self.postgres else "?"

    @property
    def position_column(self) -> str:
        """The events table's column holding the log position."""
        return "notification_id" if self.postgres else "rowid"

    def holds_bytes(self, column: str) -> str:
        """A condition: the bytes ``column`` holds contain the parameter's bytes
        (found in the database's own code, without a row reaching Python)."""
        return (
            f"position({self.mark} in {column}) > 0" if self.postgres else f"instr({column}, ?) > 0"
        )

    def qualify(self, table: str) -> str:
        return f"{self.schema}.{table}" if self.postgres else table

    def exists(self, cursor: Cursor, table: str) -> bool:
        """Whether ``table`` (qualified) exists, asked without running DDL."""
        if self.postgres:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (table,))
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            )
        return bool(self.values(cursor.fetchone())[0])

    @staticmethod
    def values(row: Any) -> tuple[Any, ...]:
        """A row's values, from PostgreSQL (a dict) or SQLite (a sequence)."""
        return tuple(row.values()) if isinstance(row, dict) else tuple(row)
