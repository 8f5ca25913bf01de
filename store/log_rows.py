"""The log read as plain rows, for the read views: one query a page, each
event as (position, stream, version, topic, stored bytes).

The library's ``select_notifications`` builds a ``UUID`` and a
``Notification`` for every event; the views need neither (they skip most
topics before decoding anything, and key streams by their text), and at a
rebuild's million events that cost more than decoding them. The stream comes
as the text ``str(UUID)`` gives on both stores: PostgreSQL casts its ``uuid``;
SQLite holds the hex digits, put in that form once per stream (remembered).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple
from uuid import UUID

from store.chain import StoredRecord
from store.database import Database
from store.dialect import Cursor, Dialect

_STREAMS = 65_536  # the most stream names remembered: a log's streams recur, page after page
_streams: dict[str, str] = {}


class LogRow(NamedTuple):
    position: int
    stream: str  # the originator id as ``str(UUID)`` writes it
    version: int  # the originator version
    topic: str
    state: bytes

    @property
    def originator_id(self) -> str:  # the names a refusal uses (``domain.event_versions``)
        return self.stream

    @property
    def originator_version(self) -> int:
        return self.version


def log_row(record: StoredRecord) -> LogRow:
    """An event just written (the insert hook's), as the views read it."""
    return LogRow(
        record.position,
        str(record.originator_id),
        record.originator_version,
        record.topic,
        record.state,
    )


def select_rows(dialect: Dialect, events_table: str, where: str = "") -> str:
    """The query for a page of rows after a position (parameters: after, any of
    ``where``'s, limit)."""
    column, m = dialect.position_column, dialect.mark
    stream = "originator_id::text" if dialect.postgres else "originator_id"
    also = f" AND {where}" if where else ""
    return (
        f"SELECT {column}, {stream}, originator_version, topic, state FROM {events_table} "
        f"WHERE {column} > {m}{also} ORDER BY {column} LIMIT {m}"
    )


def read_rows(db: Database, events_table: str, after: int, limit: int) -> list[LogRow]:
    """Up to ``limit`` events after position ``after``, in one query of its own."""
    rows = db.read_tuples(select_rows(db.dialect, events_table), (after, limit))
    return _rows(rows, db.dialect)


def rows_holding(
    db: Database, events_table: str, needle: bytes, after: int, limit: int
) -> list[LogRow]:
    """Up to ``limit`` events after ``after`` whose stored bytes contain
    ``needle``: a scan the database makes in its own code, for a rare question
    (has anyone ever been named so?) that no view is kept for."""
    sql = select_rows(db.dialect, events_table, db.dialect.holds_bytes("state"))
    return _rows(db.read_tuples(sql, (after, needle, limit)), db.dialect)


def read_rows_in(
    cursor: Cursor, dialect: Dialect, events_table: str, after: int, limit: int
) -> list[LogRow]:
    """The same, through ``cursor`` (inside its transaction, seeing its writes)."""
    cursor.execute(select_rows(dialect, events_table), (after, limit))
    return _rows([dialect.values(row) for row in cursor.fetchall()], dialect)


def _rows(rows: Sequence[Sequence[Any]], dialect: Dialect) -> list[LogRow]:
    # What ``LogRow(...)`` runs, without its Python frame (a rebuild's million rows).
    make = tuple.__new__
    if dialect.postgres:
        return [make(LogRow, row) for row in rows]
    return [make(LogRow, (p, _stream(o), v, t, s)) for p, o, v, t, s in rows]


def _stream(stored: Any) -> str:
    """SQLite's stored originator id (``UUID.hex``) as ``str(UUID)`` writes it."""
    found = _streams.get(stored)
    if found is None:
        if len(_streams) >= _STREAMS:
            _streams.clear()
        try:
            found = str(UUID(stored))
        except (ValueError, TypeError, AttributeError):
            found = str(stored)  # not a UUID: hand-made, read as it is
        _streams[stored] = found
    return found
