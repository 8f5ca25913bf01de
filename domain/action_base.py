"""What every action is beneath its status and deadline rules: its items, how
they are read, and the changes that need no rule but bounds (an owner, evidence,
a comment, a detail, the owner's latest position, the scheduler's overdue flag).

``domain.action.Action`` builds on it; the two are one aggregate, split so that
each module holds one idea. Public methods decide (validate, compare, refuse);
the events' ``apply`` methods only assign.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import BaseAggregate

from domain import action_events as ev
from domain.contact_details import refuse_addresses
from domain.dates import london_date
from domain.effective_dates import check_effective_on
from domain.errors import InvalidNumber, UnknownItem
from domain.items import DetailField, Item, clean, required_text
from domain.status import OPEN
from domain.text_limits import check_lengths


class ActionBase(BaseAggregate[UUID]):
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
            ref, effective_on, today=london_date(at), first_on=item.added_on, reason=clean(reason)
        )
        return item

    # -- changing ---------------------------------------------------------
    # Each returns True when it recorded an event, False when nothing changed.

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
            ev.OwnerAssigned,
            timestamp=at,
            ref=ref,
            old=item.owner,
            new=owner,
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
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
        text = required_text(ref, text, "evidence")
        self.trigger_event(
            ev.EvidenceAdded,
            timestamp=at,
            ref=ref,
            text=text,
            link=link or None,
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
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
            ev.CommentAdded,
            timestamp=at,
            ref=ref,
            text=required_text(ref, text, "a comment"),
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
        )
        return True

    def flag_overdue(self, ref: str, *, today: date, by: str, at: datetime) -> bool:
        """Flag ``ref`` once per due date in force, when it is open past it."""
        item = self.item(ref)
        if item.status not in OPEN or item.due >= today or item.flagged_due == item.due:
            return False
        self.trigger_event(
            ev.ItemFlaggedOverdue,
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
            ev.DetailChanged,
            timestamp=at,
            ref=ref,
            field=name,
            old=old,
            new=value,
            by=by,
            effective_on=effective_on,
            reason=clean(reason),
        )
        return True

    def update_position(
        self,
        ref: str,
        position: str,
        *,
        by: str,
        at: datetime,
        effective_on: date,
        mitigation: str | None = None,
        next_steps: str | None = None,
        percent: int | None = None,
    ) -> bool:
        """The owner's latest position: some text, optionally the mitigation,
        next steps and a whole percentage complete from 0 to 100."""
        self._dated(ref, at, effective_on, None)
        text = required_text(ref, position, "the position")
        if percent is not None and not 0 <= percent <= 100:
            raise InvalidNumber(
                f"{ref}: % complete is {percent}; give a whole number from 0 to 100"
            )
        self.trigger_event(
            ev.PositionUpdated,
            timestamp=at,
            ref=ref,
            position=text,
            mitigation=clean(mitigation),
            next_steps=clean(next_steps),
            percent=percent,
            by=by,
            effective_on=effective_on,
        )
        return True
