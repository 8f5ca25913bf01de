"""The events of a plan's stream: its title, its refs, its board's settings,
its imports, indicators and meetings.

Their ``apply`` methods only assign (replaying history never re-validates).
They are defined here but stored, since the first event, under the topics of
classes nested in ``Plan`` ("domain.plan:Plan.RefRegistered"): ``TOPIC`` keeps
those names, and ``Plan`` holds each class under its own name, so the stored
log reads as before (tests/unit/test_stored_topics.py). The plan's governance
event is apart, with a topic of its own (``domain.plan_governance``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanInitAggregate, CanMutateAggregate

from domain.events import DomainEvent
from domain.meetings import Meeting
from domain.reminders import ReminderPolicy


class PlanEvent(DomainEvent, CanMutateAggregate[UUID]):
    TOPIC: ClassVar[str] = "domain.plan:Plan.Event"

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.TOPIC = f"domain.plan:Plan.{cls.__name__}"


class PlanCreated(PlanEvent, CanInitAggregate[UUID]):
    originator_topic: str
    plan: str
    title: str
    organisation: str

    def apply(self, aggregate: Any) -> None:
        aggregate.plan = self.plan
        aggregate.title = self.title
        aggregate.organisation = self.organisation
        aggregate.refs = {}
        aggregate.contacts = []
        aggregate.policy = ReminderPolicy()
        aggregate.imports = []
        aggregate.archived = False
        aggregate.indicators = []
        aggregate.meetings = []


class PlanRetitled(PlanEvent):
    old: str
    new: str

    def apply(self, aggregate: Any) -> None:
        aggregate.title = self.new


class RefRegistered(PlanEvent):
    """``ref`` now names an item held by the action ``action``."""

    ref: str
    action: str

    def apply(self, aggregate: Any) -> None:
        aggregate.refs[self.ref] = self.action


class BoardContactsSet(PlanEvent):
    """Who hears the board's escalations and exception reports (staff keys)."""

    old: list[str]
    new: list[str]

    def apply(self, aggregate: Any) -> None:
        aggregate.contacts = list(self.new)


class RemindersConfigured(PlanEvent):
    policy: ReminderPolicy

    def apply(self, aggregate: Any) -> None:
        aggregate.policy = self.policy


class SpreadsheetImported(PlanEvent):
    """A file changed the plan: which file (name and SHA-256 of its bytes),
    the base its cells were compared with, and what it did. Lets "which
    import changed this" be answered and an identical file be recognised."""

    file_name: str
    content_hash: str
    base: datetime | None
    added: int
    changed: int
    kept: int
    settled: int
    prefer: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.imports = [*aggregate.imports, (self.content_hash, self.timestamp)]


class IndicatorRegistered(PlanEvent):
    """The plan now reports the indicator ``code`` (its own stream)."""

    code: str

    def apply(self, aggregate: Any) -> None:
        aggregate.indicators = [*aggregate.indicators, self.code]


class PlanArchived(PlanEvent):
    def apply(self, aggregate: Any) -> None:
        aggregate.archived = True


class PlanUnarchived(PlanEvent):
    def apply(self, aggregate: Any) -> None:
        aggregate.archived = False


class MeetingRecorded(PlanEvent):
    """The board met on ``held_on`` (effective that day): "since the last
    meeting" and the board's directions are judged from it."""

    held_on: date
    title: str

    def apply(self, aggregate: Any) -> None:
        meeting = Meeting(
            held_on=self.held_on, title=self.title, by=self.by, recorded_at=self.timestamp
        )
        aggregate.meetings = sorted([*aggregate.meetings, meeting], key=lambda m: m.held_on)
