"""The events of an action's stream: what happened to the action or a milestone.

Their ``apply`` methods only assign (replaying history never re-validates), and
touch nothing but ``aggregate.items[ref]`` (and the action's plan and ref on its
first event): the item-versions view applies them to a shell holding one item.

They are defined here but stored, since the first event, under the topics of
classes nested in ``Action`` ("domain.action:Action.StatusChanged"): ``TOPIC``
keeps those names, and ``Action`` holds each class under its own name, so the
stored log reads as before (tests/unit/test_stored_topics.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanInitAggregate, CanMutateAggregate

from domain.events import DomainEvent
from domain.governance import RequestKind
from domain.items import DetailField, Evidence, Item, LatestPosition, PendingRequest
from domain.status import DONE, OPEN, Status


class ActionEvent(DomainEvent, CanMutateAggregate[UUID]):
    TOPIC: ClassVar[str] = "domain.action:Action.Event"

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.TOPIC = f"domain.action:Action.{cls.__name__}"


class ActionAdded(ActionEvent, CanInitAggregate[UUID]):
    originator_topic: str
    plan: str
    ref: str
    title: str
    theme: str
    source: str
    description: str
    owner: str
    due: date
    status: Status

    def apply(self, aggregate: Any) -> None:
        aggregate.plan = self.plan
        aggregate.ref = self.ref
        aggregate.items = {self.ref: new_item(self, parent=None)}


class MilestoneAdded(ActionEvent):
    ref: str
    title: str
    theme: str
    source: str
    description: str
    owner: str
    due: date
    status: Status

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref] = new_item(self, parent=aggregate.ref)


class StatusChanged(ActionEvent):
    ref: str
    old: Status
    new: Status

    def apply(self, aggregate: Any) -> None:
        item: Item = aggregate.items[self.ref]
        item.status = self.new
        if self.new is Status.COMPLETE:
            item.completed_by = self.by
        elif self.new in OPEN:
            item.completed_by = None
        if self.new in OPEN:
            item.completed_on = None
        elif self.new is Status.COMPLETE or (
            self.new is Status.VERIFIED and item.completed_on is None
        ):
            item.completed_on = self.effective_on


class DueDateRevised(ActionEvent):
    ref: str
    old: date
    new: date

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].due = self.new


class OwnerAssigned(ActionEvent):
    ref: str
    old: str
    new: str

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].owner = self.new


class EvidenceAdded(ActionEvent):
    ref: str
    text: str
    link: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].evidence.append(
            Evidence(self.text, self.link, self.by, self.effective_on)
        )


class CommentAdded(ActionEvent):
    """A remark on progress: it changes nothing on the board but the trail."""

    ref: str
    text: str

    def apply(self, aggregate: Any) -> None:
        pass


class ItemFlaggedOverdue(ActionEvent):
    """The scheduler saw ``ref`` open past ``due``, the due date then in force."""

    ref: str
    due: date

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].flagged_due = self.due


class DetailChanged(ActionEvent):
    ref: str
    field: DetailField
    old: str
    new: str

    def apply(self, aggregate: Any) -> None:
        setattr(aggregate.items[self.ref], self.field, self.new)


class ChangeRequested(ActionEvent):
    """Under approvals, someone other than a chair asked for a deadline revision
    (to ``due``), a deferral or a withdrawal: it waits for a chair."""

    ref: str
    kind: RequestKind
    due: date | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].pending = PendingRequest(
            self.kind, self.due, self.by, self.effective_on, self.reason
        )


class RequestApproved(ActionEvent):
    """A chair approved the request; the change itself follows as its own event."""

    ref: str
    kind: RequestKind
    requested_by: str

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].pending = None


class RequestRejected(ActionEvent):
    """A chair rejected the request (the reason is required); nothing changes."""

    ref: str
    kind: RequestKind
    requested_by: str

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].pending = None


class PositionUpdated(ActionEvent):
    """The owner's latest position: where it stands, the mitigation, next steps."""

    ref: str
    position: str
    mitigation: str | None = None
    next_steps: str | None = None
    percent: int | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.items[self.ref].latest_position = LatestPosition(
            self.position,
            self.mitigation,
            self.next_steps,
            self.percent,
            self.by,
            self.effective_on,
        )


def new_item(event: ActionAdded | MilestoneAdded, parent: str | None) -> Item:
    return Item(
        ref=event.ref,
        parent=parent,
        title=event.title,
        theme=event.theme,
        source=event.source,
        description=event.description,
        owner=event.owner,
        due=event.due,
        original_due=event.due,
        status=event.status,
        completed_on=event.effective_on if event.status in DONE else None,
        added_on=event.effective_on,
        completed_by=event.by if event.status is Status.COMPLETE else None,
    )
