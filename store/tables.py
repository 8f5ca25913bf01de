"""Tables the application keeps beside the events (users, the staff directory).

Many processes open the store at once (web workers, the scheduler, a CLI).
Existing tables are found without running DDL; missing ones are created under
a PostgreSQL advisory lock, since concurrent CREATE TABLE IF NOT EXISTS can fail
there ("tuple concurrently updated").
"""

from __future__ import annotations

from store.database import Database

_DDL_LOCK = 7_310_452_019  # any constant shared by every tracker process


def ensure_tables(db: Database, tables: dict[str, str]) -> None:
    """``tables`` maps a qualified table name to the column list that creates it."""
    dialect = db.dialect
    with db.transaction(commit=True) as c:
        missing = [name for name in tables if not dialect.exists(c, name)]
        if not missing:
            return
        if dialect.postgres:
            c.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
        for name in missing:
            c.execute(f"CREATE TABLE IF NOT EXISTS {name} ({tables[name]})")
