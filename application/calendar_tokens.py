"""Private calendar addresses: the secret in a user's calendar feed URL.

Why a table of its own: Outlook fetches a subscribed calendar with no sign-in,
so the address itself is the key. Like a session id (``application/sessions``)
the secret is stored only as its SHA-256, so a copy of the table opens no
calendar; a user has at most one address, and a new one replaces the old.
It is not an event: a secret must never enter the log, and revoking must
delete it. An address answers only while its user can sign in (the lookup
joins the users table); ``tracker user remove`` deletes it too, so a later
account of the same name never inherits it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from application.sessions import instant, stamp
from store.database import Database
from store.dialect import Dialect
from store.tables import ensure_tables

# When a feed was last fetched is written at most this often (Outlook polls).
TOUCH_EVERY = timedelta(hours=1)
COLUMNS = (
    "token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL UNIQUE, "
    "created_at TEXT NOT NULL, last_used TEXT"
)


@dataclass(frozen=True)
class CalendarAddress:
    """What may be shown about a user's address: never the secret."""

    user: str
    created_at: datetime
    last_used: datetime | None


class CalendarTokens:
    def __init__(self, db: Database) -> None:
        self._db = db
        dialect = db.dialect
        self._m = dialect.mark
        self._table = dialect.qualify("tracker_calendar_tokens")
        self._users = dialect.qualify("tracker_users")
        ensure_tables(self._db, {self._table: COLUMNS})

    def create(self, user: str, *, now: datetime) -> str:
        """A new address for ``user`` (any earlier one stops working); returns
        the secret for the URL, which is stored only hashed."""
        secret = secrets.token_urlsafe(32)
        m = self._m
        with self._db.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self._table} WHERE user_name = {m}", (user,))
            c.execute(
                f"INSERT INTO {self._table} (token_hash, user_name, created_at) "
                f"VALUES ({m}, {m}, {m})",
                (_hash(secret), user, stamp(now)),
            )
        return secret

    def revoke(self, user: str) -> bool:
        """The user's address stops working; False if they had none."""
        where = f"FROM {self._table} WHERE user_name = {self._m}"
        with self._db.transaction(commit=True) as c:
            c.execute(f"SELECT count(*) {where}", (user,))
            had = bool(Dialect.values(c.fetchone())[0])
            c.execute(f"DELETE {where}", (user,))
        return had

    def of(self, user: str) -> CalendarAddress | None:
        with self._db.transaction(commit=False) as c:
            c.execute(
                f"SELECT created_at, last_used FROM {self._table} WHERE user_name = {self._m}",
                (user,),
            )
            row = c.fetchone()
        if row is None:
            return None
        created, used = Dialect.values(row)
        return CalendarAddress(user, instant(str(created)), instant(str(used)) if used else None)

    def user_of(self, secret: str, *, now: datetime) -> str | None:
        """Whose calendar this secret opens (None: no such address, or its user
        was removed); notes when it was used."""
        if not secret or len(secret) > 100:
            return None
        token_hash, m = _hash(secret), self._m
        with self._db.transaction(commit=False) as c:
            c.execute(
                f"SELECT t.user_name, t.last_used FROM {self._table} t "
                f"JOIN {self._users} u ON u.name = t.user_name WHERE t.token_hash = {m}",
                (token_hash,),
            )
            row = c.fetchone()
        if row is None:
            return None
        user, used = (str(v) if v is not None else None for v in Dialect.values(row))
        if used is None or now - instant(used) >= TOUCH_EVERY:
            with self._db.transaction(commit=True) as c:
                c.execute(
                    f"UPDATE {self._table} SET last_used = {m} WHERE token_hash = {m}",
                    (stamp(now), token_hash),
                )
        return user


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
