"""Sign-in attempts counted per account and per client, and lockouts.

Five failed sign-ins to one account within fifteen minutes lock it for fifteen
minutes; twenty failures from one client (an IP address), whatever accounts
they named, lock that client out likewise. While locked, every attempt is
refused before its password is looked at, the right one included.

Every web worker shares the counts, so they live in side tables
(``tracker_sign_in_failures``, ``tracker_lockouts``). An attempt reserves its
failure before the password is checked and the reservation is dropped if it
succeeds: guesses sent in parallel count as they start, not as they finish.
Admissions are serialised (a PostgreSQL advisory lock; SQLite's write lock).
Lockouts stay as security records an administrator can list; they hold
client addresses, so they are kept here, never in the event log, and deleted
after 90 days.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from application.sessions import instant, stamp
from store.database import Database
from store.dialect import Dialect

WINDOW = timedelta(minutes=15)
LOCKED_FOR = timedelta(minutes=15)
RECORDS_KEPT_FOR = timedelta(days=90)
_ADMISSION_LOCK = 7_310_452_020  # a PostgreSQL advisory lock id of the tracker's own

FAILURES_TABLE = "id TEXT PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, at TEXT NOT NULL"
LOCKOUTS_TABLE = (
    "id TEXT PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, locked_at TEXT NOT NULL, "
    "locked_until TEXT NOT NULL, failures INTEGER NOT NULL, client TEXT NOT NULL, "
    "lifted_at TEXT, lifted_by TEXT"
)


class Kind(StrEnum):
    ACCOUNT = "account"
    CLIENT = "client"


LIMITS = {Kind.ACCOUNT: 5, Kind.CLIENT: 20}


@dataclass(frozen=True)
class Attempt:
    """An admitted attempt: the failures it reserved, one per key it counts against."""

    account: str | None
    client: str
    reserved: tuple[str, ...]


@dataclass(frozen=True)
class Lockout:
    kind: Kind
    key: str
    locked_at: datetime
    locked_until: datetime
    failures: int
    client: str  # the address of the attempt that tripped it
    lifted_at: datetime | None
    lifted_by: str | None

    def active(self, now: datetime) -> bool:
        return self.lifted_at is None and self.locked_until > now


class SignInThrottle:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._m = db.dialect.mark
        self._failures = db.dialect.qualify("tracker_sign_in_failures")
        self._lockouts = db.dialect.qualify("tracker_lockouts")

    @property
    def tables(self) -> dict[str, str]:
        return {self._failures: FAILURES_TABLE, self._lockouts: LOCKOUTS_TABLE}

    def admit(self, account: str | None, client: str, *, now: datetime) -> Attempt | datetime:
        """An attempt may go ahead (its failure reserved), or the instant a lock ends."""
        keys = _keys(account, client)
        with self._db.transaction(commit=True) as c:
            self._serialise(c, now)
            until = self._locked_until(c, keys, now)
            if until is None:
                for kind, key in keys:  # parallel guesses in flight count already
                    if self._count(c, kind, key, now) >= LIMITS[kind]:
                        until = self._lock(c, kind, key, client, now)
            if until is not None:
                return until
            reserved = tuple(self._reserve(c, kind, key, now) for kind, key in keys)
        return Attempt(account, client, reserved)

    def failed(self, attempt: Attempt, *, now: datetime) -> datetime | None:
        """Keeps the attempt's failures; returns when the lock it caused, or one
        placed while its password was being checked, ends."""
        keys = _keys(attempt.account, attempt.client)
        with self._db.transaction(commit=True) as c:
            self._serialise(c, now)
            for kind, key in keys:
                if self._count(c, kind, key, now) >= LIMITS[kind]:
                    self._lock(c, kind, key, attempt.client, now)
            return self._locked_until(c, keys, now)

    def succeeded(self, attempt: Attempt) -> None:
        """A right password: the account's count starts again; the client's stays."""
        with self._db.transaction(commit=True) as c:
            for failure in attempt.reserved:
                c.execute(f"DELETE FROM {self._failures} WHERE id = {self._m}", (failure,))
            if attempt.account is not None:
                self._forget(c, Kind.ACCOUNT, attempt.account)

    def unlock(self, kind: Kind, key: str, *, now: datetime, by: str) -> int:
        """Lifts the key's active lockouts and forgets its failures; how many were lifted."""
        m = self._m
        active = f"kind = {m} AND key = {m} AND lifted_at IS NULL AND locked_until > {m}"
        params = (kind.value, key, stamp(now))
        with self._db.transaction(commit=True) as c:
            c.execute(f"SELECT count(*) FROM {self._lockouts} WHERE {active}", params)
            lifted = int(Dialect.values(c.fetchone())[0])
            c.execute(
                f"UPDATE {self._lockouts} SET lifted_at = {m}, lifted_by = {m} WHERE {active}",
                (stamp(now), by, *params),
            )
            self._forget(c, kind, key)
        return lifted

    def lockouts(self, kind: Kind | None = None, key: str | None = None) -> list[Lockout]:
        """Security records, the newest first (all of them, or one key's)."""
        where, params = "1 = 1", tuple[str, ...]()
        if kind is not None and key is not None:
            where, params = f"kind = {self._m} AND key = {self._m}", (kind.value, key)
        with self._db.transaction(commit=False) as c:
            c.execute(
                "SELECT kind, key, locked_at, locked_until, failures, client, lifted_at, "
                f"lifted_by FROM {self._lockouts} WHERE {where} ORDER BY locked_at DESC",
                params,
            )
            rows = [Dialect.values(row) for row in c.fetchall()]
        return [
            Lockout(
                Kind(kind_),
                str(key_),
                instant(str(at)),
                instant(str(until)),
                int(failures),
                str(client),
                instant(str(lifted)) if lifted else None,
                str(lifted_by) if lifted_by else None,
            )
            for kind_, key_, at, until, failures, client, lifted, lifted_by in rows
        ]

    def _serialise(self, cursor: Any, now: datetime) -> None:
        """One admission at a time across workers; stale failures go first.
        (On SQLite the DELETE, a write, takes the database's write lock.)"""
        if self._db.dialect.postgres:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_ADMISSION_LOCK,))
        cursor.execute(
            f"DELETE FROM {self._failures} WHERE at <= {self._m}", (stamp(now - WINDOW),)
        )

    def _locked_until(
        self, cursor: Any, keys: list[tuple[Kind, str]], now: datetime
    ) -> datetime | None:
        ends = []
        for kind, key in keys:
            cursor.execute(
                f"SELECT max(locked_until) FROM {self._lockouts} WHERE kind = {self._m} "
                f"AND key = {self._m} AND lifted_at IS NULL AND locked_until > {self._m}",
                (kind.value, key, stamp(now)),
            )
            until = Dialect.values(cursor.fetchone())[0]
            if until:
                ends.append(instant(str(until)))
        return max(ends, default=None)

    def _count(self, cursor: Any, kind: Kind, key: str, now: datetime) -> int:
        cursor.execute(
            f"SELECT count(*) FROM {self._failures} WHERE kind = {self._m} AND key = {self._m} "
            f"AND at > {self._m}",
            (kind.value, key, stamp(now - WINDOW)),
        )
        return int(Dialect.values(cursor.fetchone())[0])

    def _reserve(self, cursor: Any, kind: Kind, key: str, now: datetime) -> str:
        failure = secrets.token_hex(16)
        cursor.execute(
            f"INSERT INTO {self._failures} (id, kind, key, at) "
            f"VALUES ({self._m}, {self._m}, {self._m}, {self._m})",
            (failure, kind.value, key, stamp(now)),
        )
        return failure

    def _lock(self, cursor: Any, kind: Kind, key: str, client: str, now: datetime) -> datetime:
        """Records the lockout; its failures are spent, so a new count starts after it."""
        until = now + LOCKED_FOR
        m = self._m
        failures = self._count(cursor, kind, key, now)
        cursor.execute(
            f"DELETE FROM {self._lockouts} WHERE locked_at < {m}",
            (stamp(now - RECORDS_KEPT_FOR),),
        )
        cursor.execute(
            f"INSERT INTO {self._lockouts} (id, kind, key, locked_at, locked_until, failures, "
            f"client) VALUES ({m}, {m}, {m}, {m}, {m}, {m}, {m})",
            (secrets.token_hex(16), kind.value, key, stamp(now), stamp(until), failures, client),
        )
        self._forget(cursor, kind, key)
        return until

    def _forget(self, cursor: Any, kind: Kind, key: str) -> None:
        cursor.execute(
            f"DELETE FROM {self._failures} WHERE kind = {self._m} AND key = {self._m}",
            (kind.value, key),
        )


def client_key(address: str) -> str:
    """What a client is counted as: its IPv4 address, or its IPv6 /64 network
    (one household or office is given a whole /64 to pick addresses from)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, 64), strict=False))


def _keys(account: str | None, client: str) -> list[tuple[Kind, str]]:
    keys = [(Kind.CLIENT, client_key(client))]
    return [(Kind.ACCOUNT, account), *keys] if account is not None else keys
