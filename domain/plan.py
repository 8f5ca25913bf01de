"""The Plan aggregate: a plan's own facts and the refs it holds.

Refs are unique across a plan (actions and milestones alike), so registering a
ref goes through the plan: two officers adding the same ref at once conflict
on the plan's version and one of them is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate

from domain.errors import DuplicateRef, UnknownItem
from domain.events import DomainEvent
from domain.reminders import ReminderPolicy


def plan_id(plan: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"tracker:plan:{plan}")


class Plan(BaseAggregate[UUID]):
    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class PlanCreated(Event, CanInitAggregate[UUID]):
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

    class PlanRetitled(Event):
        old: str
        new: str

        def apply(self, aggregate: Any) -> None:
            aggregate.title = self.new

    class RefRegistered(Event):
        """``ref`` now names an item held by the action ``action``."""

        ref: str
        action: str

        def apply(self, aggregate: Any) -> None:
            aggregate.refs[self.ref] = self.action

    class BoardContactsSet(Event):
        """Who hears the board's escalations and exception reports (staff keys)."""

        old: list[str]
        new: list[str]

        def apply(self, aggregate: Any) -> None:
            aggregate.contacts = list(self.new)

    class RemindersConfigured(Event):
        policy: ReminderPolicy

        def apply(self, aggregate: Any) -> None:
            aggregate.policy = self.policy

    def __init__(self) -> None:
        self.plan: str = ""
        self.title: str = ""
        self.organisation: str = ""
        self.refs: dict[str, str] = {}
        self.contacts: list[str] = []
        self.policy = ReminderPolicy()

    @classmethod
    def create(
        cls,
        plan: str,
        *,
        title: str,
        organisation: str,
        by: str,
        at: datetime,
        effective_on: date,
    ) -> Plan:
        return cls._create(
            cls.PlanCreated,
            id=plan_id(plan),
            timestamp=at,
            plan=plan,
            title=title,
            organisation=organisation,
            by=by,
            effective_on=effective_on,
        )

    def retitle(self, title: str, *, by: str, at: datetime, effective_on: date) -> bool:
        if not title or title == self.title:
            return False
        self.trigger_event(
            self.PlanRetitled,
            timestamp=at,
            old=self.title,
            new=title,
            by=by,
            effective_on=effective_on,
        )
        return True

    def set_contacts(
        self, contacts: list[str], *, by: str, at: datetime, effective_on: date
    ) -> bool:
        keys = list(dict.fromkeys(key.strip() for key in contacts if key.strip()))
        if keys == self.contacts:
            return False
        self.trigger_event(
            self.BoardContactsSet,
            timestamp=at,
            old=self.contacts,
            new=keys,
            by=by,
            effective_on=effective_on,
        )
        return True

    def configure_reminders(
        self, policy: ReminderPolicy, *, by: str, at: datetime, effective_on: date
    ) -> bool:
        if policy == self.policy:
            return False
        self.trigger_event(
            self.RemindersConfigured, timestamp=at, policy=policy, by=by, effective_on=effective_on
        )
        return True

    def register(self, ref: str, *, action: str, by: str, at: datetime, effective_on: date) -> None:
        if ref in self.refs:
            raise DuplicateRef(f"ref {ref} is already used in plan {self.plan}")
        self.trigger_event(
            self.RefRegistered,
            timestamp=at,
            ref=ref,
            action=action,
            by=by,
            effective_on=effective_on,
        )

    def action_of(self, ref: str) -> str:
        """The ref of the action holding ``ref`` (itself, for an action)."""
        try:
            return self.refs[ref]
        except KeyError:
            raise UnknownItem(f"plan {self.plan} has no item {ref}") from None

    def action_refs(self) -> list[str]:
        """Actions in the order they were added."""
        return [ref for ref, action in self.refs.items() if ref == action]
