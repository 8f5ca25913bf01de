"""The Action aggregate: one action of a plan and its milestones.

An action and its milestones share one event stream, so the milestone gate
("no complete action with open milestones") is decided inside one aggregate,
and two officers updating two actions never conflict.

Public methods decide (validate, compare, refuse); the events' ``apply``
methods only assign, so replaying history never re-validates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate

from domain.contact_details import refuse_addresses
from domain.dates import london_date
from domain.effective_dates import check_effective_on
from domain.errors import (
    DuplicateRef,
    EvidenceRequired,
    MilestonesStillOpen,
    ReasonRequired,
    TextRequired,
    TransitionNotAllowed,
    UnknownItem,
)
from domain.events import DomainEvent
from domain.status import DONE, OPEN, Status, check_transition
from domain.text_limits import check_lengths, visible

DetailField = Literal["title", "theme", "source", "description"]
DETAIL_FIELDS: tuple[DetailField, ...] = ("title", "theme", "source", "description")


def action_id(plan: str, ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"tracker:action:{plan}:{ref}")


@dataclass(frozen=True)
class Evidence:
    text: str
    link: str | None
    by: str
    effective_on: date


@dataclass
class Item:
    """The state of an action or a milestone, as its events have made it."""

    ref: str
    parent: str | None
    title: str
    theme: str
    source: str
    description: str
    owner: str
    due: date
    original_due: date
    status: Status
    completed_on: date | None = None
    evidence: list[Evidence] = field(default_factory=list)
    flagged_due: date | None = None  # the due date the scheduler last flagged as passed
    # The effective date of the item's first event: a change effective before it
    # is backdated (``domain.effective_dates``). None only in views stored before
    # it was kept; an aggregate, built from its events, always has it.
    added_on: date | None = None

    @property
    def kind(self) -> str:
        return "action" if self.parent is None else "milestone"


class Action(BaseAggregate[UUID]):
    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class ActionAdded(Event, CanInitAggregate[UUID]):
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
            action: Action = aggregate
            action.plan = self.plan
            action.ref = self.ref
            action.items = {self.ref: _new_item(self, parent=None)}

    class MilestoneAdded(Event):
        ref: str
        title: str
        theme: str
        source: str
        description: str
        owner: str
        due: date
        status: Status

        def apply(self, aggregate: Any) -> None:
            action: Action = aggregate
            action.items[self.ref] = _new_item(self, parent=action.ref)

    class StatusChanged(Event):
        ref: str
        old: Status
        new: Status

        def apply(self, aggregate: Any) -> None:
            item: Item = aggregate.items[self.ref]
            item.status = self.new
            if self.new in OPEN:
                item.completed_on = None
            elif self.new is Status.COMPLETE or (
                self.new is Status.VERIFIED and item.completed_on is None
            ):
                item.completed_on = self.effective_on

    class DueDateRevised(Event):
        ref: str
        old: date
        new: date

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.ref].due = self.new

    class OwnerAssigned(Event):
        ref: str
        old: str
        new: str

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.ref].owner = self.new

    class EvidenceAdded(Event):
        ref: str
        text: str
        link: str | None = None

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.ref].evidence.append(
                Evidence(self.text, self.link, self.by, self.effective_on)
            )

    class CommentAdded(Event):
        """A remark on progress: it changes nothing on the board but the trail."""

        ref: str
        text: str

        def apply(self, aggregate: Any) -> None:
            pass

    class ItemFlaggedOverdue(Event):
        """The scheduler saw ``ref`` open past ``due``, the due date then in force."""

        ref: str
        due: date

        def apply(self, aggregate: Any) -> None:
            aggregate.items[self.ref].flagged_due = self.due

    class DetailChanged(Event):
        ref: str
        field: DetailField
        old: str
        new: str

        def apply(self, aggregate: Any) -> None:
            setattr(aggregate.items[self.ref], self.field, self.new)

    def __init__(self) -> None:
        self.plan: str = ""
        self.ref: str = ""
        self.items: dict[str, Item] = {}

    def trigger_event(self, event_class: type[Any], **kwargs: Any) -> None:
        """Every change after the first event: refused if it would record an
        email address (``domain.contact_details``)."""
        check_lengths(kwargs)  # first: bounded text keeps the address search cheap
        refuse_addresses(kwargs)
        super().trigger_event(event_class, **kwargs)

    # -- creating ---------------------------------------------------------

    @classmethod
    def add(
        cls,
        *,
        plan: str,
        ref: str,
        title: str,
        due: date,
        by: str,
        at: datetime,
        effective_on: date,
        theme: str = "",
        source: str = "",
        description: str = "",
        owner: str = "",
        status: Status = Status.NOT_STARTED,
    ) -> Action:
        _refuse_unsigned_verification(ref, status)
        check_effective_on(ref, effective_on, today=london_date(at), first_on=None, reason=None)
        check_lengths(
            {"title": title, "theme": theme, "source": source, "description": description}
        )
        refuse_addresses(
            {"title": title, "theme": theme, "source": source, "description": description}
            | {"owner": owner, "by": by}
        )
        return cls._create(
            cls.ActionAdded,
            id=action_id(plan, ref),
            timestamp=at,
            plan=plan,
            ref=ref,
            title=title,
            theme=theme,
            source=source,
            description=description,
            owner=owner,
            due=due,
            status=status,
            by=by,
            effective_on=effective_on,
        )

    def add_milestone(
        self,
        *,
        ref: str,
        title: str,
        due: date,
        by: str,
        at: datetime,
        effective_on: date,
        theme: str = "",
        source: str = "",
        description: str = "",
        owner: str = "",
        status: Status = Status.NOT_STARTED,
    ) -> None:
        _refuse_unsigned_verification(ref, status)
        check_effective_on(ref, effective_on, today=london_date(at), first_on=None, reason=None)
        if ref in self.items:
            raise DuplicateRef(f"{ref} already exists in action {self.ref}")
        if status in OPEN and self.action.status in DONE:
            raise TransitionNotAllowed(
                f"cannot add open milestone {ref} to action {self.ref}, which is "
                f"{self.action.status.value}: reopen the action first"
            )
        self.trigger_event(
            self.MilestoneAdded,
            timestamp=at,
            ref=ref,
            title=title,
            theme=theme or self.action.theme,
            source=source,
            description=description,
            owner=owner,
            due=due,
            status=status,
            by=by,
            effective_on=effective_on,
        )

    # -- reading ----------------------------------------------------------

    @property
    def action(self) -> Item:
        return self.items[self.ref]

    def item(self, ref: str) -> Item:
        try:
            return self.items[ref]
        except KeyError:
            raise UnknownItem(f"{ref} is not an item of action {self.ref}") from None

    def milestones(self) -> list[Item]:
        return [item for item in self.items.values() if item.parent is not None]

    def _dated(self, ref: str, at: datetime, effective_on: date, reason: str | None) -> Item:
        """The item, once ``effective_on`` is allowed: not after the London day of
        ``at``, not before 1900, and before the item's first event only with a reason."""
        item = self.item(ref)
        check_effective_on(
            ref, effective_on, today=london_date(at), first_on=item.added_on, reason=_clean(reason)
        )
        return item

    # -- changing ---------------------------------------------------------
    # Each returns True when it recorded an event, False when nothing changed.

    def change_status(
        self,
        ref: str,
        new: Status,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None = None,
    ) -> bool:
        item = self._dated(ref, at, effective_on, reason)
        if item.status is new:
            return False
        check_transition(item.status, new, reason, has_evidence=bool(item.evidence))
        if item.parent is None and new is Status.COMPLETE:
            still_open = [m.ref for m in self.milestones() if m.status in OPEN]
            if still_open:
                raise MilestonesStillOpen(
                    f"cannot change {ref} from {item.status.value} to complete: "
                    f"milestones {', '.join(still_open)} are still open"
                )
        if item.parent is not None and new in OPEN and self.action.status in DONE:
            raise TransitionNotAllowed(
                f"cannot reopen milestone {ref}: its action {self.ref} is "
                f"{self.action.status.value}; reopen the action first"
            )
        self.trigger_event(
            self.StatusChanged,
            timestamp=at,
            ref=ref,
            old=item.status,
            new=new,
            by=by,
            effective_on=effective_on,
            reason=_clean(reason),
        )
        return True

    def revise_due_date(
        self,
        ref: str,
        new: date,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None,
    ) -> bool:
        item = self._dated(ref, at, effective_on, reason)
        if item.due == new:
            return False
        if not _clean(reason):
            raise ReasonRequired(
                f"a reason is required to revise the due date of {ref} "
                f"from {item.due.isoformat()} to {new.isoformat()}"
            )
        self.trigger_event(
            self.DueDateRevised,
            timestamp=at,
            ref=ref,
            old=item.due,
            new=new,
            by=by,
            effective_on=effective_on,
            reason=_clean(reason),
        )
        return True

    def assign(
        self,
        ref: str,
        owner: str,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None = None,
    ) -> bool:
        item = self._dated(ref, at, effective_on, reason)
        if item.owner == owner:
            return False
        self.trigger_event(
            self.OwnerAssigned,
            timestamp=at,
            ref=ref,
            old=item.owner,
            new=owner,
            by=by,
            effective_on=effective_on,
            reason=_clean(reason),
        )
        return True

    def add_evidence(
        self,
        ref: str,
        text: str,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        link: str | None = None,
        reason: str | None = None,
    ) -> bool:
        self._dated(ref, at, effective_on, reason)
        text = _required_text(ref, text, "evidence")
        self.trigger_event(
            self.EvidenceAdded,
            timestamp=at,
            ref=ref,
            text=text,
            link=link or None,
            by=by,
            effective_on=effective_on,
            reason=_clean(reason),
        )
        return True

    def add_comment(
        self,
        ref: str,
        text: str,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None = None,
    ) -> bool:
        """A remark; ``reason`` is only needed (and kept) to backdate it."""
        self._dated(ref, at, effective_on, reason)
        self.trigger_event(
            self.CommentAdded,
            timestamp=at,
            ref=ref,
            text=_required_text(ref, text, "a comment"),
            by=by,
            effective_on=effective_on,
            reason=_clean(reason),
        )
        return True

    def flag_overdue(self, ref: str, *, today: date, by: str, at: datetime) -> bool:
        """Flag ``ref`` once per due date in force, when it is open past it."""
        item = self.item(ref)
        if item.status not in OPEN or item.due >= today or item.flagged_due == item.due:
            return False
        self.trigger_event(
            self.ItemFlaggedOverdue,
            timestamp=at,
            ref=ref,
            due=item.due,
            by=by,
            effective_on=today,
        )
        return True

    def change_detail(
        self,
        ref: str,
        name: DetailField,
        value: str,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None = None,
    ) -> bool:
        item = self._dated(ref, at, effective_on, reason)
        old: str = getattr(item, name)
        if old == value:
            return False
        self.trigger_event(
            self.DetailChanged,
            timestamp=at,
            ref=ref,
            field=name,
            old=old,
            new=value,
            by=by,
            effective_on=effective_on,
            reason=_clean(reason),
        )
        return True


def _new_item(event: Action.ActionAdded | Action.MilestoneAdded, parent: str | None) -> Item:
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
    )


def _refuse_unsigned_verification(ref: str, status: Status) -> None:
    if status is Status.VERIFIED:
        raise EvidenceRequired(
            f"{ref} cannot start as verified: sign-off needs evidence; add it as "
            "complete, attach evidence, then verify"
        )


def _clean(text: str | None) -> str | None:
    """The text, trimmed; None when it shows nothing (spaces, zero-width marks)."""
    return text.strip() if text and visible(text) else None


def _required_text(ref: str, text: str, what: str) -> str:
    cleaned = _clean(text)
    if cleaned is None:
        raise TextRequired(f"{ref}: {what} needs some text; nothing was recorded")
    return cleaned
