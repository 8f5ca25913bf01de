"""Tables the application keeps beside the events (users, the staff directory).

Many processes open the store at once (web workers, the scheduler, a CLI).
Existing tables are found without running DDL; missing ones are created under
a PostgreSQL advisory lock, since concurrent CREATE TABLE IF NOT EXISTS can fail
there ("tuple concurrently updated").
"""

from __future__ import annotations

from typing import Any

from store.kind import is_postgres_datastore

_DDL_LOCK = 7_310_452_019  # any constant shared by every tracker process


def is_postgres(datastore: Any) -> bool:
    return is_postgres_datastore(datastore)


def qualified(datastore: Any, table: str) -> str:
    return f"{datastore.schema}.{table}" if is_postgres(datastore) else table


def ensure_tables(datastore: Any, tables: dict[str, str]) -> None:
    """``tables`` maps a qualified table name to the column list that creates it."""
    postgres = is_postgres(datastore)
    with datastore.transaction(commit=True) as c:
        missing = [name for name in tables if not _exists(c, name, postgres)]
        if not missing:
            return
        if postgres:
            c.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
        for name in missing:
            c.execute(f"CREATE TABLE IF NOT EXISTS {name} ({tables[name]})")


def _exists(cursor: Any, table: str, postgres: bool) -> bool:
    if postgres:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (table,))
    else:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        )
    return bool(row_values(cursor.fetchone())[0])


def row_values(row: Any) -> tuple[Any, ...]:
    """A row's values, from PostgreSQL (a dict) or SQLite (a sequence)."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
