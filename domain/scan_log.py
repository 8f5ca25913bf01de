"""The scheduler's own record: which working days it has scanned.

The reminder rules look at the days since the previous scan, so the log of
scans is what lets a scan after downtime catch up, and a second scan on the
same day find nothing to do. One stream for all scans: two schedulers
finishing the same scan collide on its version, and one record stands.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate

from domain.events import DomainEvent

SCHEDULER = "scheduler"
SCAN_LOG_ID = uuid5(NAMESPACE_URL, "tracker:scan-log")


class ScanLog(BaseAggregate[UUID]):
    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class ScanLogStarted(Event, CanInitAggregate[UUID]):
        originator_topic: str

        def apply(self, aggregate: Any) -> None:
            pass  # the log starts empty

    class ScanCompleted(Event):
        day: date
        reports: list[str]  # plans whose weekly exception report went out

        def apply(self, aggregate: Any) -> None:
            aggregate.last_day = self.day
            aggregate.last_at = self.timestamp
            for plan in self.reports:
                aggregate.reported[plan] = self.timestamp

    def __init__(self) -> None:
        self.last_day: date | None = None
        self.last_at: datetime | None = None
        self.reported: dict[str, datetime] = {}  # plan -> when its last report was queued

    @classmethod
    def start(cls, *, at: datetime, today: date) -> ScanLog:
        return cls._create(
            cls.ScanLogStarted, id=SCAN_LOG_ID, timestamp=at, by=SCHEDULER, effective_on=today
        )

    def completed(self, day: date, reports: list[str], *, at: datetime) -> None:
        self.trigger_event(
            self.ScanCompleted,
            timestamp=at,
            day=day,
            reports=reports,
            by=SCHEDULER,
            effective_on=day,
        )
