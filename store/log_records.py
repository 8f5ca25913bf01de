"""The stored log read back as ``StoredRecord``s (position, stream as a
``UUID``, version, topic, bytes), with its chain links: what the chain is
computed from, so what the chain writer, ``verify`` and a backup read.

A page at a time, each page in a transaction of its own (or through the
caller's cursor, inside its transaction); an item's streams by an indexed read
of those streams alone. The read views use ``store.log_rows`` instead: plain
rows keyed by text, cheaper at a rebuild's million events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from store.chain import ChainRow, StoredRecord
from store.dialect import datastore_of
from store.kind import is_postgres_recorder
from store.log_tables import chain_table, events_table, marker, position_column, state_bytes

PAGE = 1000


def read_records(
    cursor: Any, recorder: ApplicationRecorder, after: int, limit: int = PAGE
) -> list[StoredRecord]:
    """Up to ``limit`` stored events after position ``after``, through ``cursor``
    (so inside its transaction, seeing what it has written)."""
    cursor.execute(*_select_events(recorder, after, limit))
    return [_record(recorder, row) for row in cursor.fetchall()]


def _select_events(recorder: ApplicationRecorder, after: int, limit: int) -> tuple[str, Any]:
    column, m = position_column(recorder), marker(recorder)
    return (
        f"{_select_from(recorder)} WHERE {column} > {m} ORDER BY {column} LIMIT {m}",
        (after, limit),
    )


def _select_from(recorder: ApplicationRecorder) -> str:
    """The start of a query for whole records, which ``_record`` reads."""
    return (
        f"SELECT {position_column(recorder)} AS position, originator_id, originator_version, "
        f"topic, state FROM {events_table(recorder)}"
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
    m = marker(recorder)
    found: list[StoredRecord] = []
    ids = [i if postgres else i.hex for i in originator_ids]  # as each library stores them
    datastore = datastore_of(recorder)
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        with datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"{_select_from(recorder)} WHERE originator_id IN ({', '.join([m] * len(chunk))})",
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
        if len(page) < PAGE or page[-1].position >= stop:
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
                (after, stop, PAGE),
            )
            page = [
                ChainRow(int(r["position"]), str(r["topic"]), str(r["digest"]), str(r["link"]))
                for r in c.fetchall()
            ]
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].position
