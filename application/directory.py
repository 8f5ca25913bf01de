"""Staff contact details, kept out of the event log so they can be corrected
or erased. Events name staff only by their stable key."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder


class Directory:
    """A ``people`` table beside the events, in the same database."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self._datastore: Any = recorder.datastore  # type: ignore[attr-defined]
        postgres = isinstance(recorder, PostgresApplicationRecorder)
        self._mark = "%s" if postgres else "?"
        self._table = f"{self._datastore.schema}.tracker_people" if postgres else "tracker_people"
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self._table} "
                "(key TEXT PRIMARY KEY, email TEXT NOT NULL)"
            )

    def set_emails(self, emails: dict[str, str]) -> None:
        m = self._mark
        with self._datastore.transaction(commit=True) as cursor:
            for key, email in sorted(emails.items()):
                cursor.execute(
                    f"INSERT INTO {self._table} (key, email) VALUES ({m}, {m}) "
                    "ON CONFLICT (key) DO UPDATE SET email = excluded.email",
                    (key, email),
                )

    def email(self, key: str) -> str | None:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT email FROM {self._table} WHERE key = {self._mark}", (key,))
            row = cursor.fetchone()
        if row is None:
            return None
        return str(row["email"] if not isinstance(row, tuple) else row[0])
