"""Writers take turns to read the clock and store, so that an instant read in
one's turn is never older than what was stored before it.

Why: the log never goes back in time (an event is refused if it would be
recorded before the newest one), and a writer reads the clock before it
stores. Two writers that read the clock, then queue for the store's write
lock, can commit in the opposite order; the earlier instant is then refused
although nothing conflicted, and under steady load the same writer can be
refused again and again. The item commands therefore read the clock, decide
and save inside a turn, a lock held across processes until their events are
committed. Loading the aggregate happens before the turn, so a turn lasts only
as long as deciding and storing, which the store serialises anyway.

PostgreSQL: a transaction-scoped advisory lock on a pooled connection (granted
in the order asked; a process that dies releases it with its session). SQLite:
an exclusive ``flock`` on a file beside the database (released when the
process dies); an in-memory database has one process, so a thread lock does.
Within a process, threads also queue on a thread lock, so a process holds at
most one extra connection for its turn.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from store.kind import is_postgres_recorder

if TYPE_CHECKING:
    from eventsourcing.postgres import PostgresDatastore


class WriterTurns:
    def __init__(self, recorder: ApplicationRecorder) -> None:
        self._in_process = threading.Lock()
        self._postgres: PostgresDatastore | None = None
        self._key = 0
        self._file: Path | None = None
        if is_postgres_recorder(recorder):
            self._postgres = recorder.datastore
            digest = hashlib.sha256(f"tracker-writers:{recorder.datastore.schema}".encode())
            self._key = int.from_bytes(digest.digest()[:8], "big", signed=True)
        elif isinstance(recorder, SQLiteApplicationRecorder):
            name = str(recorder.datastore.pool.db_name)
            if not recorder.datastore.pool.is_sqlite_memory_mode:
                self._file = Path(f"{name}.writers.lock")

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold the store's writer turn for the body (wait for it first)."""
        with self._in_process:
            if self._postgres is not None:
                with self._postgres.transaction(commit=False) as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", (self._key,))
                    yield
            elif self._file is not None:
                with self._file.open("ab") as handle:
                    fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes
                    yield
            else:
                yield
