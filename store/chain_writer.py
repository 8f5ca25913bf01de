"""Writing the chain: a ``tracker_chain`` row per event, in the transaction
that stores the event, then the hooks that must commit with it.

Both chained recorders (``store.chained_store``'s SQLite one and
``store.chained_postgres``) call ``chain_and_run_hooks`` once an insert knows
its notification ids, and ``backfill_chain`` when they first create the chain
table under a store made before it existed. Each hook is called with the new
events and the log position before them (``Inserted``), in the insert's
transaction; any exception it raises rolls the whole insert back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, StoredEvent

from store.chain import GENESIS, ChainRow, StoredRecord, extend
from store.log_records import read_records
from store.log_tables import events_table, marker, position_column, state_bytes


@dataclass(frozen=True)
class Inserted:
    """Events just written, seen from inside their still-open transaction."""

    cursor: Any
    records: Sequence[StoredRecord]  # in position order
    previous_position: int  # the log's last position before them (0: it was empty)
    previous_state: bytes | None  # the stored JSON of that event


AfterInsert = Callable[[Inserted], None]


def after_insert_hooks(recorder: object) -> list[AfterInsert]:
    """The hooks a chained recorder (either store's) runs in its insert transaction."""
    hooks = getattr(recorder, "after_insert", None)
    if not isinstance(hooks, list):
        raise TypeError(f"expected a chained recorder, got {type(recorder).__name__}")
    return hooks


def create_chain_statement(table: str) -> str:
    return (
        f"CREATE TABLE {table} (position BIGINT PRIMARY KEY, topic TEXT NOT NULL, "
        "digest TEXT NOT NULL, link TEXT NOT NULL)"
    )


def append_links(cursor: Any, table: str, mark: str, rows: Sequence[ChainRow]) -> None:
    cursor.executemany(
        f"INSERT INTO {table} (position, topic, digest, link) VALUES ({mark}, {mark}, {mark}, {mark})",
        [(r.position, r.topic, r.digest, r.link) for r in rows],
    )


def chain_and_run_hooks(
    cursor: Any,
    recorder: ApplicationRecorder,
    hooks: Sequence[AfterInsert],
    table: str,
    ids: Sequence[int],
    stored_events: Sequence[StoredEvent],
) -> None:
    """Chain the new events, then run the hooks: all in the insert's transaction."""
    records = _records(ids, stored_events)
    head, position, state = _tail(cursor, recorder, table, records[0].position)
    append_links(cursor, table, marker(recorder), list(extend(head, records)))
    inserted = Inserted(cursor, records, position, state)
    for hook in hooks:
        hook(inserted)


def backfill_chain(cursor: Any, recorder: ApplicationRecorder, table: str, mark: str) -> None:
    """Chain the events already stored, from position 1 (same transaction as CREATE)."""
    previous = GENESIS
    start = 0
    while True:
        page = read_records(cursor, recorder, start)
        if not page:
            return
        rows = list(extend(previous, page))
        append_links(cursor, table, mark, rows)
        previous = bytes.fromhex(rows[-1].link)
        start = page[-1].position


def _tail(
    cursor: Any, recorder: ApplicationRecorder, table: str, position: int
) -> tuple[bytes, int, bytes | None]:
    """In one query: the chain's last link, and the position and stored state
    of the last event before ``position`` (0 and None when there is none)."""
    column = position_column(recorder)
    before = f"FROM {events_table(recorder)} WHERE {column} < {marker(recorder)} ORDER BY {column} DESC LIMIT 1"
    cursor.execute(
        f"SELECT (SELECT link FROM {table} ORDER BY position DESC LIMIT 1) AS link, "
        f"(SELECT {column} {before}) AS position, (SELECT state {before}) AS state",
        (position, position),
    )
    row = cursor.fetchone()
    link = GENESIS if row["link"] is None else bytes.fromhex(row["link"])
    state = None if row["state"] is None else state_bytes(row["state"])
    return link, int(row["position"] or 0), state


def _records(ids: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[StoredRecord]:
    return sorted(
        (
            StoredRecord(position, s.originator_id, s.originator_version, s.topic, s.state)
            for position, s in zip(ids, stored_events, strict=True)
        ),
        key=lambda r: r.position,
    )
