"""The latest verdict on the event log's chain, kept beside the events.

Verifying a million events takes seconds, so pages and commands never verify:
they read this one row, written by every full verification (``tracker verify``
and the scheduler's daily check). While it says the chain is broken, the web
shows every signed-in user a banner and the command line warns on every
command; writes still go in, chained onto the break, so nothing is lost.

The row remembers since when the chain has been broken at the same place (the
same first break found again keeps its start) and whether the alarm for that
break has been queued, so the alarm is sent once per break, not every day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from application.sessions import instant, stamp
from domain.dates import LONDON
from store.chain import Break, Verdict
from store.database import Database
from store.dialect import Dialect
from store.tables import ensure_tables

# Breaks found only against a signed checkpoint (``tracker verify --checkpoint``):
# the chain itself verified. The row keeps the chain's own verdict, the one the
# daily check can repeat, so the banner does not come and go with a checkpoint.
CHECKPOINT_KINDS = frozenset({"truncated tail", "diverged from checkpoint"})

_COLUMNS = (
    "name TEXT PRIMARY KEY, checked_at TEXT NOT NULL, events INTEGER NOT NULL, "
    "head_position INTEGER NOT NULL, break_position INTEGER, break_kind TEXT, "
    "break_detail TEXT, broken_since TEXT, alarm_queued_at TEXT"
)
_FIELDS = (
    "checked_at, events, head_position, break_position, break_kind, break_detail, "
    "broken_since, alarm_queued_at"
)


@dataclass(frozen=True)
class LatestCheck:
    """What the latest full verification found."""

    checked_at: datetime
    events: int  # verified before the first break (all of them, when ok)
    head_position: int
    first_break: Break | None
    broken_since: datetime | None  # the first verification that found this break
    alarm_queued_at: datetime | None

    @property
    def ok(self) -> bool:
        return self.first_break is None

    def warning(self) -> str | None:
        """One line for the command line while the chain is broken."""
        b = self.first_break
        if b is None or self.broken_since is None:
            return None
        return (
            f"the event log failed its integrity check (since "
            f"{self.broken_since.astimezone(LONDON):%-d %b %Y %H:%M}: {b.kind} at position "
            f"{b.position}); "
            "changes are still recorded; run tracker verify and tell the administrator"
        )


class IntegrityStatus:
    """The ``tracker_integrity`` table: one row, the latest verdict."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._m = db.dialect.mark
        self._table = db.dialect.qualify("tracker_integrity")
        ensure_tables(self._db, {self._table: _COLUMNS})

    def latest(self) -> LatestCheck | None:
        with self._db.transaction(commit=False) as c:
            return self._read(c)

    def record(self, verdict: Verdict, *, at: datetime) -> LatestCheck:
        """Keep ``verdict`` (of a full verification at ``at``) as the latest.

        One statement, so two processes recording at once never read, then
        write (on SQLite that upgrade of a read lock fails at once as "locked").
        """
        found = verdict.first_break
        if found is not None and found.kind in CHECKPOINT_KINDS:
            found = None
        m = self._m
        same = (
            "t.break_position = excluded.break_position AND t.break_kind = excluded.break_kind "
            "AND t.break_detail = excluded.break_detail"
        )
        with self._db.transaction(commit=True) as c:
            c.execute(
                f"INSERT INTO {self._table} AS t (name, {_FIELDS}) "
                f"VALUES ('latest', {m}, {m}, {m}, {m}, {m}, {m}, {m}, NULL) "
                "ON CONFLICT (name) DO UPDATE SET checked_at = excluded.checked_at, "
                "events = excluded.events, head_position = excluded.head_position, "
                "break_position = excluded.break_position, break_kind = excluded.break_kind, "
                "break_detail = excluded.break_detail, "
                # the same break found again keeps its start and its alarm
                f"broken_since = CASE WHEN {same} THEN t.broken_since "
                "ELSE excluded.broken_since END, "
                f"alarm_queued_at = CASE WHEN {same} THEN t.alarm_queued_at ELSE NULL END "
                "RETURNING broken_since, alarm_queued_at",
                (
                    stamp(at),
                    verdict.events,
                    verdict.head_position,
                    found.position if found else None,
                    found.kind if found else None,
                    found.detail if found else None,
                    stamp(at) if found else None,
                ),
            )
            since, alarm = Dialect.values(c.fetchone())
        return LatestCheck(
            checked_at=at,
            events=verdict.events,
            head_position=verdict.head_position,
            first_break=found,
            broken_since=instant(since) if since else None,
            alarm_queued_at=instant(alarm) if alarm else None,
        )

    def alarm_queued(self, found: Break, *, at: datetime) -> None:
        """Remember the alarm for ``found`` was queued; a verification that has
        since found another break (or none) is left as it is."""
        m = self._m
        with self._db.transaction(commit=True) as c:
            c.execute(
                f"UPDATE {self._table} SET alarm_queued_at = {m} "
                f"WHERE name = 'latest' AND break_position = {m} AND break_kind = {m}",
                (stamp(at), found.position, found.kind),
            )

    def _read(self, cursor: Any) -> LatestCheck | None:
        cursor.execute(f"SELECT {_FIELDS} FROM {self._table} WHERE name = 'latest'")
        row = cursor.fetchone()
        if row is None:
            return None
        checked, events, head, position, kind, detail, since, alarm = Dialect.values(row)
        return LatestCheck(
            checked_at=instant(checked),
            events=int(events),
            head_position=int(head),
            first_break=None if position is None else Break(int(position), kind, detail),
            broken_since=instant(since) if since else None,
            alarm_queued_at=instant(alarm) if alarm else None,
        )
