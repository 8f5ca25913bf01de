"""Staff contact details, kept out of the event log so they can be corrected
or erased. Events name staff only by their stable key.

Erasure deletes the contact details (the email address, and the display name
and job title of ``application.people``) and remembers only that the key was erased
(``tracker_erased``), so the history can say so and a later spreadsheet import
does not bring the address back. The events, and so the hash chain, are untouched.
On SQLite a deleted row's bytes stay in the file unless overwritten, and old
copies of its page stay in the write-ahead log: erasure zeroes the one
(``secure_delete``) and empties the other (a checkpoint that truncates the log).
"""

from __future__ import annotations

from typing import Any

from application.people import Person, StaffNames
from store.database import Database
from store.dialect import Dialect
from store.tables import ensure_tables


class Directory:
    """A ``people`` table beside the events, in the same database."""

    def __init__(self, db: Database) -> None:
        self._datastore = db
        self._mark = db.dialect.mark
        self._table = db.dialect.qualify("tracker_people")
        self._erased = db.dialect.qualify("tracker_erased")
        ensure_tables(
            self._datastore,
            {
                self._table: "key TEXT PRIMARY KEY, email TEXT NOT NULL",
                self._erased: "key TEXT PRIMARY KEY",
            },
        )
        self.names = StaffNames(self._datastore, self._erased)  # name and job title

    def set_emails(self, emails: dict[str, str]) -> None:
        m = self._mark
        with self._datastore.transaction(commit=True) as cursor:
            for key, email in sorted(emails.items()):
                cursor.execute(
                    f"INSERT INTO {self._table} (key, email) "
                    f"SELECT {m}, {m} WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {self._erased} WHERE key = {m}) "
                    "ON CONFLICT (key) DO UPDATE SET email = excluded.email",
                    (key, email, key),
                )

    def erase(self, key: str) -> bool:
        """Delete the person's contact details; False if already erased."""
        m = self._mark
        sqlite = not self._datastore.dialect.postgres
        with self._datastore.transaction(commit=True) as cursor:
            if sqlite:
                cursor.execute("PRAGMA secure_delete = ON")  # zero what is deleted
            cursor.execute(f"DELETE FROM {self._table} WHERE key = {m}", (key,))
            self.names.delete(cursor, key)
            cursor.execute(f"SELECT count(*) AS n FROM {self._erased} WHERE key = {m}", (key,))
            if _first(cursor.fetchone()):
                return False
            cursor.execute(f"INSERT INTO {self._erased} (key) VALUES ({m})", (key,))
        if sqlite:
            self._empty_write_ahead_log()
        return True

    def _empty_write_ahead_log(self) -> None:
        """Copy the log's pages into the database and truncate the log, so no
        earlier copy of the erased row's page is left in it. A reader still on
        an old snapshot makes this wait (up to the store's lock timeout)."""
        self._datastore.empty_write_ahead_log()

    def people(self) -> dict[str, Person]:
        """Each named person's display name and job title (erased people have none)."""
        return self.names.people()

    def erased(self) -> set[str]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT key FROM {self._erased}")
            return {str(_first(row)) for row in cursor.fetchall()}

    def entries(self) -> dict[str, str]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT key, email FROM {self._table} ORDER BY key")
            return {str(_first(row)): str(_second(row)) for row in cursor.fetchall()}

    def email(self, key: str) -> str | None:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT email FROM {self._table} WHERE key = {self._mark}", (key,))
            row = cursor.fetchone()
        if row is None:
            return None
        return str(_first(row))


def _first(row: Any) -> Any:
    return Dialect.values(row)[0]


def _second(row: Any) -> Any:
    return Dialect.values(row)[1]
