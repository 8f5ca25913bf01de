"""Signed-in web sessions the server can end, kept beside the events.

A browser holds only a random session id (in its signed cookie); the
``tracker_sessions`` table holds who it belongs to, when it started, when it
was last used and its CSRF token, under the id's SHA-256, so a copy of the
table opens no session. Every request looks its session up, so signing out,
a new password, a new role or a removed account ends a session at once, and a
session unused for the idle time, or older than the absolute limit, is over.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from application.access import Role
from store.database import Database
from store.dialect import Dialect

# Last use is written at most this often: a page view should not mean a write.
TOUCH_EVERY = timedelta(minutes=1)
_STAMP = "%Y-%m-%dT%H:%M:%S.%f+00:00"

SESSIONS_TABLE = (
    "id_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL, created_at TEXT NOT NULL, "
    "last_seen TEXT NOT NULL, csrf TEXT NOT NULL, client TEXT NOT NULL"
)


def stamp(instant: datetime) -> str:
    """An instant as fixed-width UTC text: compared as text, it sorts as time."""
    return instant.astimezone(UTC).strftime(_STAMP)


def instant(text: str) -> datetime:
    return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=8)


@dataclass(frozen=True)
class Session:
    key: str  # the start of the id's hash: names a session without opening it
    user: str
    role: Role
    created_at: datetime
    last_seen: datetime
    csrf: str
    client: str


class Sessions:
    def __init__(self, db: Database, users_table: str) -> None:
        self._db = db
        self._m = db.dialect.mark
        self._table = db.dialect.qualify("tracker_sessions")
        self._users = users_table

    @property
    def table(self) -> str:
        return self._table

    def start(self, user: str, *, now: datetime, client: str, policy: SessionPolicy) -> str:
        """A new session; returns the id for the cookie (it is stored only hashed)."""
        secret = secrets.token_urlsafe(32)
        m = self._m
        with self._db.transaction(commit=True) as c:
            self._purge(c, now, policy)
            c.execute(
                f"INSERT INTO {self._table} (id_hash, user_name, created_at, last_seen, csrf, "
                f"client) VALUES ({m}, {m}, {m}, {m}, {m}, {m})",
                (_hash(secret), user, stamp(now), stamp(now), secrets.token_urlsafe(32), client),
            )
        return secret

    def find(self, secret: str, *, now: datetime, policy: SessionPolicy) -> Session | None:
        """The live session with this id, its last use moved to now; else None."""
        id_hash = _hash(secret)
        with self._db.transaction(commit=False) as c:
            found = self._select(c, "s.id_hash = " + self._m, (id_hash,))
        if not found:
            return None
        session = found[0]
        if not _live(session, now, policy):
            self.end(secret)
            return None
        if now - session.last_seen >= TOUCH_EVERY:
            with self._db.transaction(commit=True) as c:
                c.execute(
                    f"UPDATE {self._table} SET last_seen = {self._m} WHERE id_hash = {self._m}",
                    (stamp(now), id_hash),
                )
        return session

    def end(self, secret: str) -> None:
        with self._db.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self._table} WHERE id_hash = {self._m}", (_hash(secret),))

    def end_all(self, cursor: Any, user: str) -> int:
        """Ends every session of ``user`` inside the caller's transaction."""
        cursor.execute(f"SELECT count(*) FROM {self._table} WHERE user_name = {self._m}", (user,))
        count = int(Dialect.values(cursor.fetchone())[0])
        cursor.execute(f"DELETE FROM {self._table} WHERE user_name = {self._m}", (user,))
        return count

    def of_user(self, user: str, *, now: datetime, policy: SessionPolicy) -> list[Session]:
        """The user's live sessions, the most recently used first."""
        with self._db.transaction(commit=False) as c:
            found = self._select(c, "s.user_name = " + self._m, (user,))
        live = [session for session in found if _live(session, now, policy)]
        return sorted(live, key=lambda session: session.last_seen, reverse=True)

    def _select(self, cursor: Any, where: str, params: tuple[str, ...]) -> list[Session]:
        cursor.execute(
            "SELECT s.id_hash, s.user_name, u.role, s.created_at, s.last_seen, s.csrf, s.client "
            f"FROM {self._table} s JOIN {self._users} u ON u.name = s.user_name WHERE {where}",
            params,
        )
        sessions = []
        for row in cursor.fetchall():
            id_hash, user, role, created, seen, csrf, client = (str(v) for v in Dialect.values(row))
            sessions.append(
                Session(
                    id_hash[:8], user, Role(role), instant(created), instant(seen), csrf, client
                )
            )
        return sessions

    def _purge(self, cursor: Any, now: datetime, policy: SessionPolicy) -> None:
        """Sessions past either limit are deleted whenever someone signs in."""
        cursor.execute(
            f"DELETE FROM {self._table} WHERE last_seen < {self._m} OR created_at < {self._m}",
            (stamp(now - policy.idle), stamp(now - policy.absolute)),
        )


def _live(session: Session, now: datetime, policy: SessionPolicy) -> bool:
    return now - session.last_seen < policy.idle and now - session.created_at < policy.absolute


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
