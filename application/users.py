"""Sign-in accounts for the web interface, kept beside the events.

A user's name is their staff key, so the actor the web records is the same key
the command line uses. Passwords are stored only as Argon2id hashes. Accounts
are not events: they hold secrets, and they must be correctable and erasable.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from eventsourcing.persistence import ApplicationRecorder

from application.access import Role
from application.tables import ensure_tables, is_postgres, qualified, row_values
from domain.errors import TrackerError

MIN_PASSWORD = 10
_HASHER = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so both cases take as long.
    Made on first need: a hash costs 64 MiB and tens of milliseconds."""
    return _HASHER.hash(secrets.token_hex(16))


class UserError(TrackerError):
    pass


@dataclass(frozen=True)
class User:
    name: str
    role: Role


class Users:
    """The ``tracker_users`` table, and the secret that signs web sessions."""

    def __init__(self, recorder: ApplicationRecorder) -> None:
        self._db: Any = recorder.datastore  # type: ignore[attr-defined]
        self._m = "%s" if is_postgres(self._db) else "?"
        self._users = qualified(self._db, "tracker_users")
        self._secrets = qualified(self._db, "tracker_secrets")
        ensure_tables(
            self._db,
            {
                self._users: "name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL",
                self._secrets: "name TEXT PRIMARY KEY, value TEXT NOT NULL",
            },
        )

    def add(self, name: str, role: Role, password: str) -> User:
        name = name.strip()
        if not name or any(ch.isspace() for ch in name):
            raise UserError(f"'{name}' is not a user name: use the staff key, with no spaces")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
        if self.get(name) is not None:
            raise UserError(f"there is already a user '{name}'")
        with self._db.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {self._users} (name, role, password_hash) "
                f"VALUES ({self._m}, {self._m}, {self._m})",
                (name, role.value, _HASHER.hash(password)),
            )
        return User(name, role)

    def remove(self, name: str) -> None:
        """Remove a sign-in; a session it holds stops at its next request."""
        if self.get(name) is None:
            raise UserError(f"there is no user '{name}'")
        with self._db.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {self._users} WHERE name = {self._m}", (name,))

    def get(self, name: str) -> User | None:
        row = self._row(name)
        return None if row is None else User(row[0], Role(row[1]))

    def all(self) -> list[User]:
        with self._db.transaction(commit=False) as c:
            c.execute(f"SELECT name, role FROM {self._users} ORDER BY name")
            rows = [row_values(row) for row in c.fetchall()]
        return [User(str(name), Role(role)) for name, role in rows]

    def authenticate(self, name: str, password: str) -> User | None:
        row = self._row(name.strip())
        try:
            _HASHER.verify(row[2] if row else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        return User(row[0], Role(row[1])) if row else None

    def session_secret(self) -> str:
        """One secret per store, made on first use: every web worker shares it."""
        with self._db.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {self._secrets} (name, value) VALUES ('session', {self._m}) "
                "ON CONFLICT (name) DO NOTHING",
                (secrets.token_urlsafe(48),),
            )
            c.execute(f"SELECT value FROM {self._secrets} WHERE name = 'session'")
            return str(row_values(c.fetchone())[0])

    def _row(self, name: str) -> tuple[str, str, str] | None:
        with self._db.transaction(commit=False) as c:
            c.execute(
                f"SELECT name, role, password_hash FROM {self._users} WHERE name = {self._m}",
                (name,),
            )
            row = c.fetchone()
        if row is None:
            return None
        name_, role, password_hash = row_values(row)
        return str(name_), str(role), str(password_hash)
