"""Where a chained recorder keeps its events and their links, and how its SQL
names them: the tables' qualified names, the position column, the parameter
mark, a stream's id as the table holds it, and a stored state as bytes.

Every module that reads or writes the log by SQL (the chain writer, the log
readers, the integrity check, backup and restore, the views) asks these of a
recorder, so they are said once, from ``store.dialect``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from store.dialect import Dialect
from store.kind import is_postgres_recorder

CHAIN = "tracker_chain"


def chain_table(recorder: ApplicationRecorder) -> str:
    return Dialect.of_recorder(recorder).qualify(CHAIN)


def events_table(recorder: ApplicationRecorder) -> str:
    if is_postgres_recorder(recorder):
        return f"{recorder.datastore.schema}.{recorder.events_table_name}"
    assert isinstance(recorder, SQLiteApplicationRecorder)
    return recorder.events_table_name


def position_column(recorder: ApplicationRecorder) -> str:
    """The events table's column holding the log position."""
    return Dialect.of_recorder(recorder).position_column


def marker(recorder: ApplicationRecorder) -> str:
    return Dialect.of_recorder(recorder).mark


def stream_key(recorder: ApplicationRecorder, stream: UUID) -> UUID | str:
    """A stream's id as the events table holds it, to bind in a query: a
    ``uuid`` on PostgreSQL, its hex digits on SQLite."""
    return stream if is_postgres_recorder(recorder) else stream.hex


def state_bytes(state: Any) -> bytes:
    """A stored state as bytes, however the driver returned it."""
    return state.encode() if isinstance(state, str) else bytes(state)
