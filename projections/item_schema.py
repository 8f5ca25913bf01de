"""The item-versions view's tables: their DDL, their indexes, and the
migrations that bring a set made by an earlier version up to date.

Every process start asks whether anything is missing (without a lock); a set
that lacks something takes a lock (PostgreSQL: an advisory lock; SQLite: the
file's write lock, by writing first), looks again and adds it. Index names
carry a fresh token, so they stay unique when a rebuilt set is renamed over
the live one (SQLite cannot rename an index).
"""

from __future__ import annotations

from uuid import uuid4

from projections.view_support import first
from store.database import Database
from store.dialect import Cursor

INDEX_LOCK = 7_310_452_020  # any constant shared by every tracker process
# The versions table's indexes, by the stem of their names.
VERSION_INDEXES = {
    # the board now: each item's current version, by plan; or by item, one probe
    "now": "CREATE INDEX {name} ON {table} (plan, recorded_to, ref)",
    # as at T: each item's last version recorded by T, one probe per item
    "item": "CREATE INDEX {name} ON {table} (plan, ref, recorded_from, position)",
    # each item's first version, by plan: the as-at board's list of items on
    # PostgreSQL, whose index over current rows keeps an entry for every closed
    # version until vacuum (first versions are closed once: two entries an item)
    "first": "CREATE INDEX {name} ON {table} (plan) WHERE position = seq",
    # the overdue index: open current items by due date, all plans
    "overdue": "CREATE INDEX {name} ON {table} (is_open, due) WHERE recorded_to IS NULL",
    # the plans list's totals, counted from the index alone, in plan order
    "totals": "CREATE INDEX {name} ON {table} (plan, status, is_open, due) WHERE recorded_to IS NULL",
}
# Columns later versions added to a table, by (table stem, column): a set of
# views made earlier gains them when opened (no event before them needs them).
ADDED_COLUMNS = {
    ("plans", "archived"): "INTEGER NOT NULL DEFAULT 0",
    ("versions", "status"): "TEXT NOT NULL DEFAULT ''",  # the plans list counts by it
}
# How an added column is filled in for the rows already there: (SQLite, PostgreSQL).
BACKFILLS = {("versions", "status"): ("json_extract(state, '$.status')", "state::json->>'status'")}


class ItemSchema:
    stems: tuple[str, ...] = ("versions", "streams", "plans", "position")
    position_stem = "position"

    def __init__(self, db: Database) -> None:
        self.db = db

    def table(self, stem: str, suffix: str = "") -> str:
        """A view table's name as SQL may use it (schema-qualified on PostgreSQL)."""
        return self.db.dialect.qualify(f"tracker_view_{stem}{suffix}")

    def create(self, suffix: str, *, indexes: bool = True) -> None:
        """Create the tables (and their indexes) unless they exist; bring a
        set made by an earlier version up to date."""
        with self.db.transaction(commit=False) as c:
            made = self.db.dialect.exists(c, self.table("position", suffix))
        if made:
            self._add_missing_columns(suffix)
            self.add_missing_indexes(suffix)
            return
        t = self.table
        statements = [
            f"CREATE TABLE {t('versions', suffix)} (plan TEXT NOT NULL, ref TEXT NOT NULL, "
            "position BIGINT NOT NULL, action_seq BIGINT NOT NULL, seq BIGINT NOT NULL, "
            "recorded_from TEXT NOT NULL, recorded_to TEXT, is_open INTEGER NOT NULL, "
            "due TEXT NOT NULL, state TEXT NOT NULL, "
            f"status {ADDED_COLUMNS[('versions', 'status')]}, PRIMARY KEY (plan, ref, position))",
            f"CREATE TABLE {t('streams', suffix)} (originator_id TEXT PRIMARY KEY, "
            "plan TEXT NOT NULL, action TEXT NOT NULL, action_seq BIGINT NOT NULL)",
            f"CREATE TABLE {t('plans', suffix)} (plan TEXT PRIMARY KEY, originator_id TEXT NOT NULL, "
            "title TEXT NOT NULL, created_at TEXT NOT NULL, "
            f"archived {ADDED_COLUMNS[('plans', 'archived')]})",
            f"CREATE TABLE {t('position', suffix)} (one INTEGER PRIMARY KEY, position BIGINT NOT NULL)",
            f"INSERT INTO {t('position', suffix)} (one, position) VALUES (1, 0)",
        ]
        with self.db.transaction(commit=True) as c:
            for statement in statements:
                c.execute(statement)
        if indexes:
            self.add_missing_indexes(suffix)

    def finish(self, suffix: str) -> None:
        """After a replay: the indexes, built once over all the rows; on
        PostgreSQL the statistics a new table lacks until autovacuum."""
        self.add_missing_indexes(suffix)
        if self.db.dialect.postgres:
            with self.db.transaction(commit=True) as c:
                c.execute(f"ANALYZE {self.table('versions', suffix)}")

    def _add_missing_columns(self, suffix: str) -> None:
        with self.db.transaction(commit=False) as c:
            if not self._missing_columns(c, suffix):
                return
        with self.db.transaction(commit=True) as c:
            if self.db.dialect.postgres:
                c.execute("SELECT pg_advisory_xact_lock(%s)", (INDEX_LOCK,))
            else:  # a write takes the lock, so the second look sees the latest schema
                c.execute(f"UPDATE {self.table('position', suffix)} SET one = one WHERE one = 0")
            for stem, column in self._missing_columns(c, suffix):
                table = self.table(stem, suffix)
                c.execute(
                    f"ALTER TABLE {table} ADD COLUMN {column} {ADDED_COLUMNS[(stem, column)]}"
                )
                if (stem, column) in BACKFILLS:
                    value = BACKFILLS[(stem, column)][self.db.dialect.postgres]
                    c.execute(f"UPDATE {table} SET {column} = {value}")

    def _missing_columns(self, c: Cursor, suffix: str) -> list[tuple[str, str]]:
        missing = []
        for stem, column in ADDED_COLUMNS:
            table = self.table(stem, suffix)
            if self.db.dialect.postgres:
                c.execute(
                    "SELECT count(*) AS found FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = %s AND column_name = %s",
                    (self.db.dialect.schema, table.split(".")[-1], column),
                )
            else:
                c.execute(
                    "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", (table, column)
                )
            if not first(c.fetchone()):
                missing.append((stem, column))
        return missing

    def add_missing_indexes(self, suffix: str) -> None:
        """Found without locking (every process start asks); created under a
        lock on PostgreSQL, where processes start at once, after a second look."""
        versions = self.table("versions", suffix)
        with self.db.transaction(commit=False) as c:
            if not self._missing_indexes(c, versions):
                return
        with self.db.transaction(commit=True) as c:
            if self.db.dialect.postgres:
                c.execute("SELECT pg_advisory_xact_lock(%s)", (INDEX_LOCK,))
            for stem in self._missing_indexes(c, versions):
                name = f"tracker_view_{stem}_{uuid4().hex[:10]}"
                c.execute(VERSION_INDEXES[stem].format(name=name, table=versions))

    def _missing_indexes(self, c: Cursor, versions: str) -> list[str]:
        """The stems of ``VERSION_INDEXES`` with no index on ``versions``."""
        if self.db.dialect.postgres:
            c.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
                (self.db.dialect.schema, versions.split(".")[-1]),
            )
        else:
            c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (versions,)
            )
        names = [str(first(row)) for row in c.fetchall()]
        return [
            stem
            for stem in VERSION_INDEXES
            if not any(name.startswith(f"tracker_view_{stem}_") for name in names)
        ]
