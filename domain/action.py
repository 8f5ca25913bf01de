"""The Action aggregate: one action of a plan and its milestones.

An action and its milestones share one event stream, so the milestone gate
("no complete action with open milestones") is decided inside one aggregate,
and two officers updating two actions never conflict.

Here: creating an action and its milestones, and the two changes with rules of
their own (a status, a deadline). The rest of the aggregate is in
``domain.action_base``; its events in ``domain.action_events`` (held here under
the names they are stored by); the milestone rules in ``domain.milestone_rules``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeAlias
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import action_events as ev
from domain.action_base import ActionBase
from domain.contact_details import refuse_addresses
from domain.dates import london_date
from domain.effective_dates import check_effective_on
from domain.errors import DuplicateRef, EvidenceRequired, ReasonRequired
from domain.items import DETAIL_FIELDS, DetailField, Evidence, Item, clean
from domain.milestone_rules import check_gate, check_new_milestone
from domain.status import Status, check_transition
from domain.text_limits import check_lengths

__all__ = ["DETAIL_FIELDS", "Action", "DetailField", "Evidence", "Item", "action_id"]


def action_id(plan: str, ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"tracker:action:{plan}:{ref}")


class Action(ActionBase):
    # The events, by the names their topics give (domain.action:Action.<name>).
    Event: TypeAlias = ev.ActionEvent
    ActionAdded: TypeAlias = ev.ActionAdded
    MilestoneAdded: TypeAlias = ev.MilestoneAdded
    StatusChanged: TypeAlias = ev.StatusChanged
    DueDateRevised: TypeAlias = ev.DueDateRevised
    OwnerAssigned: TypeAlias = ev.OwnerAssigned
    EvidenceAdded: TypeAlias = ev.EvidenceAdded
    CommentAdded: TypeAlias = ev.CommentAdded
    ItemFlaggedOverdue: TypeAlias = ev.ItemFlaggedOverdue
    DetailChanged: TypeAlias = ev.DetailChanged

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
        check_new_milestone(self.action, ref, status)
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

    # -- the changes with rules of their own -------------------------------
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
        check_gate(self.action, self.milestones(), item, new)
        self.trigger_event(
            self.StatusChanged,
            timestamp=at,
            ref=ref,
            old=item.status,
            new=new,
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
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
        if not clean(reason):
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
            reason=clean(reason),
        )
        return True


def _refuse_unsigned_verification(ref: str, status: Status) -> None:
    if status is Status.VERIFIED:
        raise EvidenceRequired(
            f"{ref} cannot start as verified: sign-off needs evidence; add it as "
            "complete, attach evidence, then verify"
        )
