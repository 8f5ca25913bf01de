"""Uploaded spreadsheets waiting for their preview to be confirmed.

The web shows what a file would do before anything is recorded; *Confirm*
must record exactly that file, whichever worker answers it, so the bytes wait
in the database (beside the events, never in them) under a random token bound
to the person who uploaded them. They are deleted when confirmed, and any older
than an hour are deleted whenever another file arrives.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from store.database import Database
from store.dialect import Dialect
from store.tables import ensure_tables

KEPT_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class PendingUpload:
    token: str
    owner: str
    file_name: str
    data: bytes


class PendingUploads:
    def __init__(self, db: Database) -> None:
        self._datastore = db
        self._mark = db.dialect.mark
        self._table = db.dialect.qualify("tracker_uploads")
        ensure_tables(
            self._datastore,
            {
                self._table: "token TEXT PRIMARY KEY, owner TEXT NOT NULL, "
                "file_name TEXT NOT NULL, data TEXT NOT NULL, uploaded_at TEXT NOT NULL"
            },
        )

    def put(self, owner: str, file_name: str, data: bytes, *, now: datetime) -> str:
        """Keep the file; the token names it in the preview's form."""
        token = secrets.token_urlsafe(24)
        m = self._mark
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"DELETE FROM {self._table} WHERE uploaded_at < {m}",
                ((now - KEPT_FOR).isoformat(),),
            )
            cursor.execute(
                f"INSERT INTO {self._table} (token, owner, file_name, data, uploaded_at) "
                f"VALUES ({m}, {m}, {m}, {m}, {m})",
                (token, owner, file_name, base64.b64encode(data).decode(), now.isoformat()),
            )
        return token

    def get(self, token: str, owner: str, *, now: datetime) -> PendingUpload | None:
        """The file, if the token is this person's and not expired."""
        m = self._mark
        with self._datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT file_name, data FROM {self._table} "
                f"WHERE token = {m} AND owner = {m} AND uploaded_at >= {m}",
                (token, owner, (now - KEPT_FOR).isoformat()),
            )
            row = cursor.fetchone()
        if row is None:
            return None
        file_name, data = Dialect.values(row)
        return PendingUpload(token, owner, str(file_name), base64.b64decode(str(data)))

    def discard(self, token: str) -> None:
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {self._table} WHERE token = {self._mark}", (token,))
