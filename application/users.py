"""Sign-in accounts for the web interface, kept beside the events.

A user's name is their staff key, so the actor the web records is the same key
the command line uses. Passwords are stored only as Argon2id hashes of their
NFKC form. Accounts are not events: they hold secrets, and they must be
correctable and erasable. Whatever changes what an account may do (a new
password, a new role, its removal) ends its sessions in the same transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from application.access import Role
from application.passwords import MAX_PASSWORD, check_password, check_user_name, normalise
from application.sessions import SESSIONS_TABLE, Sessions
from application.sign_in_throttle import SignInThrottle
from domain.errors import TrackerError
from store.database import Database
from store.dialect import Dialect
from store.tables import ensure_tables

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


@dataclass(frozen=True)
class Credentials:
    """What checking a password needs: the account (None if there is none) and
    the hash to check against (a dummy one when there is no account)."""

    user: User | None
    password_hash: str


def sign_in_name(typed: str) -> str:
    """The name as looked up: staff keys are lower case, whatever was typed."""
    return normalise(typed).strip().lower()


def verify(credentials: Credentials, password: str) -> User | None:
    """The slow part of signing in (Argon2): the web runs it off the event loop."""
    if len(password) > 4 * MAX_PASSWORD:
        return None  # never hash megabytes sent to slow the server down
    try:
        _HASHER.verify(credentials.password_hash, normalise(password))
    except (VerificationError, InvalidHashError):
        return None
    return credentials.user


class Users:
    """The ``tracker_users`` table, their sessions, the sign-in throttle, and the
    secret that signs the web's cookies."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._m = db.dialect.mark
        self._users = db.dialect.qualify("tracker_users")
        self._secrets = db.dialect.qualify("tracker_secrets")
        self.sessions = Sessions(self._db, self._users)
        self.throttle = SignInThrottle(self._db)
        ensure_tables(
            self._db,
            {
                self._users: "name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL",
                self._secrets: "name TEXT PRIMARY KEY, value TEXT NOT NULL",
                self.sessions.table: SESSIONS_TABLE,
                **self.throttle.tables,
            },
        )

    def add(self, name: str, role: Role, password: str) -> User:
        name = check_user_name(name.strip())
        password = check_password(password, user_name=name)
        if self.get(name) is not None:
            raise UserError(f"there is already a user '{name}'")
        password_hash = _HASHER.hash(password)
        with self._db.transaction(commit=True) as c:
            self.sessions.end_all(c, name)  # none should be left; never inherit one
            c.execute(
                f"INSERT INTO {self._users} (name, role, password_hash) "
                f"VALUES ({self._m}, {self._m}, {self._m})",
                (name, role.value, password_hash),
            )
        return User(name, role)

    def remove(self, name: str) -> int:
        """Removes a sign-in and ends its sessions; how many sessions ended."""
        self._existing(name)
        with self._db.transaction(commit=True) as c:
            ended = self.sessions.end_all(c, name)
            c.execute(f"DELETE FROM {self._users} WHERE name = {self._m}", (name,))
        return ended

    def set_password(self, name: str, password: str) -> int:
        """A new password; every session of the user ends. How many ended."""
        self._existing(name)
        password_hash = _HASHER.hash(check_password(password, user_name=name))
        with self._db.transaction(commit=True) as c:
            ended = self.sessions.end_all(c, name)
            c.execute(
                f"UPDATE {self._users} SET password_hash = {self._m} WHERE name = {self._m}",
                (password_hash, name),
            )
        return ended

    def set_role(self, name: str, role: Role) -> int | None:
        """A new role; every session ends. None if the user already had it."""
        if self._existing(name).role is role:
            return None
        with self._db.transaction(commit=True) as c:
            ended = self.sessions.end_all(c, name)
            c.execute(
                f"UPDATE {self._users} SET role = {self._m} WHERE name = {self._m}",
                (role.value, name),
            )
        return ended

    def end_sessions(self, name: str) -> int:
        self._existing(name)
        with self._db.transaction(commit=True) as c:
            return self.sessions.end_all(c, name)

    def get(self, name: str) -> User | None:
        row = self._row(name)
        return None if row is None else User(row[0], Role(row[1]))

    def all(self) -> list[User]:
        with self._db.transaction(commit=False) as c:
            c.execute(f"SELECT name, role FROM {self._users} ORDER BY name")
            rows = [Dialect.values(row) for row in c.fetchall()]
        return [User(str(name), Role(role)) for name, role in rows]

    def credentials(self, name: str) -> Credentials:
        row = self._row(sign_in_name(name))
        if row is None:
            return Credentials(None, _dummy_hash())
        return Credentials(User(row[0], Role(row[1])), row[2])

    def authenticate(self, name: str, password: str) -> User | None:
        """Checks a password, slowly; no throttling (the web adds it)."""
        return verify(self.credentials(name), password)

    def session_secret(self) -> str:
        """One secret per store, made on first use: every web worker shares it."""
        with self._db.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {self._secrets} (name, value) VALUES ('session', {self._m}) "
                "ON CONFLICT (name) DO NOTHING",
                (secrets.token_urlsafe(48),),
            )
            c.execute(f"SELECT value FROM {self._secrets} WHERE name = 'session'")
            return str(Dialect.values(c.fetchone())[0])

    def _existing(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise UserError(f"there is no user '{name}'")
        return user

    def _row(self, name: str) -> tuple[str, str, str] | None:
        with self._db.transaction(commit=False) as c:
            c.execute(
                f"SELECT name, role, password_hash FROM {self._users} WHERE name = {self._m}",
                (name,),
            )
            row = c.fetchone()
        if row is None:
            return None
        name_, role, password_hash = Dialect.values(row)
        return str(name_), str(role), str(password_hash)
