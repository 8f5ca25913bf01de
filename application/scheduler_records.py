"""What the scheduler records and asks: overdue flags, the items not yet
flagged, and the log of finished scans.

Why a module of its own: the scheduler's writes take their instant from the
scan, which runs "as at" a moment, and record at the later of it and a fresh
reading of the clock (people may have recorded changes since the scan
began). Flags run on the one write template, one item at a time
(``item_command``) or a plan's at once (``overdue_flags``). It is a mixin of
``Tracker`` (whose public methods stay where callers look for them); what it
needs of the service is the ``Scheduled`` protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol, cast

from eventsourcing.application import AggregateNotFoundError

from application.command_template import ConcurrentChange, turn_at
from application.item_command import Writer, change_item
from application.overdue_flags import Flagger, flag_plan
from domain.action import Action
from domain.scan_log import SCAN_LOG_ID, SCHEDULER, ScanLog
from projections.item_versions import ItemVersionsView
from projections.overdue_rows import unflagged


class Scheduled(Writer, Flagger, Protocol):
    """What the scheduler's records need of the application service."""

    views: ItemVersionsView


class SchedulerRecords:
    def flag_overdue(self: Scheduled, plan: str, ref: str, *, today: date, at: datetime) -> bool:
        """Record that ``ref`` is open past its due date, once per due date.
        Recorded at a fresh reading of the clock (never before the scan's ``at``):
        people may have recorded changes since the scan began."""

        def decide(action: Action, instant: datetime, _: date) -> bool:
            return action.flag_overdue(ref, today=today, by=SCHEDULER, at=instant)

        def moment() -> tuple[datetime, date]:
            return max(at, self.clock.now()), today

        return change_item(self, plan, ref, decide, moment, conflicts=False)

    def unflagged_overdue(self: Scheduled, on: date) -> dict[str, list[tuple[str, str]]]:
        """By plan (not archived), (ref, its action's ref) of each open item
        due before ``on`` not yet flagged for its due date."""
        self.views.catch_up()
        return unflagged(self.views, on)

    def flag_overdue_items(
        self: Scheduled, plan: str, items: Sequence[tuple[str, str]], *, today: date, at: datetime
    ) -> list[str]:
        """``flag_overdue`` for many of a plan's items, saved in one transaction;
        ``items`` as ``unflagged_overdue`` gives them. The refs flagged."""
        return flag_plan(self, plan, items, today=today, at=at)

    def scan_log(self: Scheduled) -> ScanLog | None:
        return _scan_log(self)

    def record_scan(self: Scheduled, day: date, reports: list[str], *, at: datetime) -> bool:
        """Record a finished scan; False if another scheduler recorded it first."""
        with turn_at(self, at) as instant:
            log = _scan_log(self) or ScanLog.start(at=instant, today=day)
            if log.last_day == day:
                return False
            log.completed(day, reports, at=instant)
            try:
                self.save(log)
            except ConcurrentChange:
                return False
        return True


def _scan_log(app: Scheduled) -> ScanLog | None:
    try:
        return cast(ScanLog, app.repository.get(SCAN_LOG_ID))
    except AggregateNotFoundError:
        return None
