"""The Action aggregate: one action of a plan and its milestones.

An action and its milestones share one event stream, so the milestone gate
("no complete action with open milestones") is decided inside one aggregate,
and two officers updating two actions never conflict.

Here: creating items, the two changes with rules of their own (a status, a
deadline) and approving a request; the rest is in ``domain.action_base`` and
``domain.approvals``, the events in ``domain.action_events`` (held here under the
names they are stored by), the milestone rules in ``domain.milestone_rules``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeAlias
from uuid import NAMESPACE_URL, UUID, uuid5

from domain import action_events as ev
from domain.approvals import Approvals
from domain.contact_details import refuse_addresses
from domain.dates import london_date
from domain.effective_dates import check_effective_on
from domain.errors import DuplicateRef, ReasonRequired, TrackerError
from domain.events import When
from domain.governance import (
    NO_RULES,
    REQUESTED_STATUSES,
    Rules,
    check_four_eyes,
    check_risk_reason,
)
from domain.items import DETAIL_FIELDS, DetailField, Evidence, Item, clean
from domain.milestone_rules import check_gate, check_new_milestone
from domain.status import Status, check_transition, refuse_unsigned_verification
from domain.text_limits import check_lengths

__all__ = ["DETAIL_FIELDS", "Action", "DetailField", "Evidence", "Item", "action_id"]


def action_id(plan: str, ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"tracker:action:{plan}:{ref}")


class Action(Approvals):
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
    ChangeRequested: TypeAlias = ev.ChangeRequested
    RequestApproved: TypeAlias = ev.RequestApproved
    RequestRejected: TypeAlias = ev.RequestRejected
    PositionUpdated: TypeAlias = ev.PositionUpdated

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
        refuse_unsigned_verification(ref, status)
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
        refuse_unsigned_verification(ref, status)
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
    # Each returns True when it recorded an event (the change, or under
    # approvals a request for it), False when nothing changed. ``rules``: the
    # plan's governance and whether ``by`` is a chair (``domain.governance``).

    def change_status(
        self,
        ref: str,
        new: Status,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        reason: str | None = None,
        rules: Rules = NO_RULES,
    ) -> bool:
        item = self._dated(ref, at, effective_on, reason)
        if item.status is new:
            return False
        check_transition(item.status, new, reason, has_evidence=bool(item.evidence))
        check_gate(self.action, self.milestones(), item, new)
        check_risk_reason(rules, ref, new, reason)
        check_four_eyes(rules, item, new, by)
        if rules.requests_status(new):
            kind = REQUESTED_STATUSES[new]
            when = When(by=by, at=at, effective_on=effective_on)
            return self._request(item, kind, rules=rules, reason=reason, **when)
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
        rules: Rules = NO_RULES,
    ) -> bool:
        item = self._dated(ref, at, effective_on, reason)
        if item.due == new:
            return False
        if not clean(reason):
            raise ReasonRequired(
                f"a reason is required to revise the due date of {ref} "
                f"from {item.due.isoformat()} to {new.isoformat()}"
            )
        if rules.needs_approval:
            when = When(by=by, at=at, effective_on=effective_on)
            return self._request(item, "revision", rules=rules, due=new, reason=reason, **when)
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

    def approve(self, ref: str, *, rules: Rules, by: str, at: datetime, effective_on: date) -> bool:
        """A chair approves the request waiting on ``ref``: the approval, then the
        change itself (by whoever asked, for their reason, effective today), judged
        by the usual rules now; a change they no longer allow is refused whole."""
        request = self._waiting(ref, rules, by, "approve a request")
        self.trigger_event(
            self.RequestApproved,
            timestamp=at,
            ref=ref,
            kind=request.kind,
            requested_by=request.by,
            by=by,
            effective_on=effective_on,
        )
        asked = When(by=request.by, at=at, effective_on=effective_on)
        as_chair = Rules(rules.governance, chair=True)
        try:
            if request.due is not None:
                self.revise_due_date(
                    ref, request.due, reason=request.reason, rules=as_chair, **asked
                )
            else:
                new = next(s for s, kind in REQUESTED_STATUSES.items() if kind == request.kind)
                self.change_status(ref, new, reason=request.reason, rules=as_chair, **asked)
        except TrackerError as error:
            raise type(error)(
                f"the request on {ref} cannot be approved now: {error}; reject it instead"
            ) from None
        return True
