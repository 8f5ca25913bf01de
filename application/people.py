"""Staff by name: the display name and job title kept beside a staff key, and
the one way every page, pack, email and CLI table shows a person.

Events name people by their stable key (``hos-cf``) only; what a board member
reads is "Head of Service, Children and Families (hos-cf)": the name (or the job
title) from the staff directory, then the key, so the key still matches the
history and the spreadsheet. Names and job titles live in the directory's
``tracker_staff_names`` table, erased with the email address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import TrackerError
from store.database import Database
from store.dialect import Cursor, Dialect
from store.tables import ensure_tables

MAX_LENGTH = 120


@dataclass(frozen=True)
class Person:
    """What the directory says of a staff key besides the email address."""

    name: str = ""
    job_title: str = ""


def staff_label(key: str | None, people: Mapping[str, Person]) -> str:
    """How a person is shown: "Jane Smith, Head of Service (hos-cf)", "Head of
    Service (hos-cf)" with a job title only, or the bare key when the directory
    knows no name (or it was erased)."""
    if not key:
        return ""
    person = people.get(key)
    if person is None:
        return key
    words = ", ".join(part for part in (person.name, person.job_title) if part)
    return f"{words} ({key})" if words else key


def checked_text(field: str, value: str) -> str:
    """A name or job title: one line, of a sensible length; '' clears it."""
    text = " ".join(value.split())
    if len(text) > MAX_LENGTH:
        raise TrackerError(f"{field} is {len(text)} characters: at most {MAX_LENGTH}, please")
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        raise TrackerError(f"{field} holds a control character: letters and punctuation only")
    if "@" in text:
        raise TrackerError(f"{field} holds an '@': email addresses go in --email")
    return text


class StaffNames:
    """The ``tracker_staff_names`` table: key, name, job title."""

    def __init__(self, datastore: Database, erased_table: str) -> None:
        self._datastore = datastore
        dialect = datastore.dialect
        self._mark = dialect.mark
        self._erased = erased_table
        self.table = dialect.qualify("tracker_staff_names")
        ensure_tables(
            datastore,
            {self.table: "key TEXT PRIMARY KEY, name TEXT NOT NULL, job_title TEXT NOT NULL"},
        )

    def set(self, key: str, *, name: str | None = None, job_title: str | None = None) -> None:
        """Set what is given (None leaves a field as it is, '' clears it);
        refused silently for an erased key, like an email address."""
        current = self.people().get(key, Person())
        new = Person(
            name=current.name if name is None else checked_text("--name", name),
            job_title=current.job_title
            if job_title is None
            else checked_text("--job-title", job_title),
        )
        m = self._mark
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (key, name, job_title) "
                f"SELECT {m}, {m}, {m} WHERE NOT EXISTS "
                f"(SELECT 1 FROM {self._erased} WHERE key = {m}) "
                "ON CONFLICT (key) DO UPDATE SET name = excluded.name, "
                "job_title = excluded.job_title",
                (key, new.name, new.job_title, key),
            )

    def delete(self, cursor: Cursor, key: str) -> None:
        """Within the directory's erasure transaction."""
        cursor.execute(f"DELETE FROM {self.table} WHERE key = {self._mark}", (key,))

    def people(self) -> dict[str, Person]:
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT key, name, job_title FROM {self.table} ORDER BY key")
            rows = [Dialect.values(row) for row in cursor.fetchall()]
        return {str(k): Person(str(n), str(j)) for k, n, j in rows}
