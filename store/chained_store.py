"""Event recorders that chain every event in the transaction that stores it.

The library's SQLite and PostgreSQL application recorders, extended: once an
insert knows its notification ids, a ``tracker_chain`` row per event is written
from the previous link, before the transaction commits. An event is therefore
never stored without its link, nor a link without its event.

Writers are already serialised where it matters: SQLite has one writer at a
time (the event INSERT takes the write lock before the head link is read), and
PostgreSQL's recorder locks the events table (EXCLUSIVE) in every insert
transaction, so reading the head link and adding the next one cannot interleave.

Other work that must commit with the events or not at all (the log-time rule,
the views' upkeep) is registered in ``after_insert``: each hook is called with
the new events and the log position before them, in the insert's transaction,
and any exception it raises rolls the whole insert back.

A store made before the chain existed is chained from position 1 when it is
first opened, in the transaction that creates the table: what was in it then is
vouched for from that moment only. An existing chain is never extended except
by an insert; an event slipped in by hand stays unchained, and ``verify`` says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    OperationalError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from store.chain import GENESIS, ChainRow, StoredRecord, extend
from store.dialect import Dialect, datastore_of
from store.kind import is_postgres_recorder

CHAIN = "tracker_chain"
_PAGE = 1000


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


def state_bytes(state: Any) -> bytes:
    """A stored state as bytes, however the driver returned it."""
    return state.encode() if isinstance(state, str) else bytes(state)


def marker(recorder: ApplicationRecorder) -> str:
    return Dialect.of_recorder(recorder).mark


def _create_statement(table: str) -> str:
    return (
        f"CREATE TABLE {table} (position BIGINT PRIMARY KEY, topic TEXT NOT NULL, "
        "digest TEXT NOT NULL, link TEXT NOT NULL)"
    )


def _append(cursor: Any, table: str, mark: str, rows: Sequence[ChainRow]) -> None:
    cursor.executemany(
        f"INSERT INTO {table} (position, topic, digest, link) VALUES ({mark}, {mark}, {mark}, {mark})",
        [(r.position, r.topic, r.digest, r.link) for r in rows],
    )


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


def _after_insert(
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
    _append(cursor, table, marker(recorder), list(extend(head, records)))
    inserted = Inserted(cursor, records, position, state)
    for hook in hooks:
        hook(inserted)


def _records(ids: Sequence[int], stored_events: Sequence[StoredEvent]) -> list[StoredRecord]:
    return sorted(
        (
            StoredRecord(position, s.originator_id, s.originator_version, s.topic, s.state)
            for position, s in zip(ids, stored_events, strict=True)
        ),
        key=lambda r: r.position,
    )


def read_records(
    cursor: Any, recorder: ApplicationRecorder, after: int, limit: int = _PAGE
) -> list[StoredRecord]:
    """Up to ``limit`` stored events after position ``after``, through ``cursor``
    (so inside its transaction, seeing what it has written)."""
    cursor.execute(*_select_events(recorder, after, limit))
    return [_record(recorder, row) for row in cursor.fetchall()]


def _backfill(cursor: Any, recorder: ApplicationRecorder, table: str, mark: str) -> None:
    """Chain the events already stored, from position 1 (same transaction as CREATE)."""
    previous = GENESIS
    start = 0
    while True:
        page = read_records(cursor, recorder, start)
        if not page:
            return
        rows = list(extend(previous, page))
        _append(cursor, table, mark, rows)
        previous = bytes.fromhex(rows[-1].link)
        start = page[-1].position


def _select_events(recorder: ApplicationRecorder, after: int, limit: int) -> tuple[str, Any]:
    column, m = position_column(recorder), marker(recorder)
    return (
        f"SELECT {column} AS position, originator_id, originator_version, topic, state "
        f"FROM {events_table(recorder)} WHERE {column} > {m} ORDER BY {column} LIMIT {m}",
        (after, limit),
    )


def _record(recorder: ApplicationRecorder, row: Any) -> StoredRecord:
    originator_id = row["originator_id"]
    if isinstance(recorder, SQLiteApplicationRecorder):
        try:
            originator_id = recorder.convert_originator_id(originator_id)
        except (ValueError, TypeError, AttributeError):
            originator_id = str(originator_id)  # not a UUID: hand-made, judged as it is
    return StoredRecord(
        int(row["position"]),
        originator_id,
        int(row["originator_version"]),
        str(row["topic"]),
        state_bytes(row["state"]),
    )


def stream_records(
    recorder: ApplicationRecorder, originator_ids: Sequence[UUID]
) -> list[StoredRecord]:
    """Every stored event of these streams, in log order: indexed reads of the
    streams themselves, so an item's history costs its own events, not the log."""
    postgres = is_postgres_recorder(recorder)
    column, m = position_column(recorder), marker(recorder)
    found: list[StoredRecord] = []
    ids = [i if postgres else i.hex for i in originator_ids]  # as each library stores them
    datastore = datastore_of(recorder)
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT {column} AS position, originator_id, originator_version, topic, state "
                f"FROM {events_table(recorder)} "
                f"WHERE originator_id IN ({', '.join([m] * len(chunk))})",
                chunk,
            )
            found += [_record(recorder, row) for row in cursor.fetchall()]
    return sorted(found, key=lambda r: r.position)


def iter_events(recorder: ApplicationRecorder, stop: int) -> Iterator[StoredRecord]:
    """The events as stored up to position ``stop``, a page at a time."""
    datastore = datastore_of(recorder)
    after = 0
    while True:
        with datastore.transaction(commit=False) as c:
            page = read_records(c, recorder, after)
        yield from (r for r in page if r.position <= stop)
        if len(page) < _PAGE or page[-1].position >= stop:
            return
        after = page[-1].position


def iter_chain(recorder: ApplicationRecorder, stop: int) -> Iterator[ChainRow]:
    """The chain rows up to position ``stop``, in position order, a page at a time."""
    table, mark = chain_table(recorder), marker(recorder)
    datastore = datastore_of(recorder)
    after = 0
    while True:
        with datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT position, topic, digest, link FROM {table} WHERE position > {mark} "
                f"AND position <= {mark} ORDER BY position LIMIT {mark}",
                (after, stop, _PAGE),
            )
            page = [
                ChainRow(int(r["position"]), str(r["topic"]), str(r["digest"]), str(r["link"]))
                for r in c.fetchall()
            ]
        yield from page
        if len(page) < _PAGE:
            return
        after = page[-1].position


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after_insert: list[AfterInsert] = []

    def create_table(self) -> None:
        super().create_table()
        with self.datastore.transaction(commit=False) as c:
            c.execute("SELECT count(*) AS n FROM sqlite_master WHERE name = ?", (CHAIN,))
            if c.fetchone()["n"]:
                return
        try:
            with self.datastore.transaction(commit=True) as c:
                c.execute(_create_statement(CHAIN))  # takes the write lock first
                _backfill(c, self, CHAIN, "?")
        except OperationalError as error:
            if "already exists" not in str(error):
                raise  # otherwise another process created and filled it first

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        if ids:
            _after_insert(c, self, self.after_insert, CHAIN, ids, stored_events)
        return ids
