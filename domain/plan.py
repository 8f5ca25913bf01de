"""The Plan aggregate: a plan's own facts and the refs it holds.

Refs are unique across a plan (actions and milestones alike), so registering a
ref goes through the plan: two officers adding the same ref at once conflict
on the plan's version and one of them is refused.

Here: the plan's state and the decisions that change it; its events are in
``domain.plan_events`` (held here under the names they are stored by), its
governance settings in ``domain.plan_governance``, its ids in ``domain.plan_ids``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeAlias

from domain import plan_events as ev
from domain.dates import london_date
from domain.errors import DuplicateRef, ReasonRequired, UnknownItem
from domain.meetings import Meeting, check_meeting
from domain.plan_governance import PlanGovernance
from domain.plan_ids import check_plan_id as check_plan_id  # re-exported
from domain.plan_ids import plan_id as plan_id  # re-exported
from domain.reminders import ReminderPolicy


class Plan(PlanGovernance):
    # The events, by the names their topics give (domain.plan:Plan.<name>).
    Event: TypeAlias = ev.PlanEvent
    PlanCreated: TypeAlias = ev.PlanCreated
    PlanRetitled: TypeAlias = ev.PlanRetitled
    RefRegistered: TypeAlias = ev.RefRegistered
    BoardContactsSet: TypeAlias = ev.BoardContactsSet
    RemindersConfigured: TypeAlias = ev.RemindersConfigured
    SpreadsheetImported: TypeAlias = ev.SpreadsheetImported
    IndicatorRegistered: TypeAlias = ev.IndicatorRegistered
    PlanArchived: TypeAlias = ev.PlanArchived
    PlanUnarchived: TypeAlias = ev.PlanUnarchived
    MeetingRecorded: TypeAlias = ev.MeetingRecorded

    def __init__(self) -> None:
        self.plan: str = ""
        self.title: str = ""
        self.organisation: str = ""
        self.refs: dict[str, str] = {}
        self.contacts: list[str] = []
        self.policy = ReminderPolicy()
        self.imports: list[tuple[str, datetime]] = []  # (content hash, recorded at)
        self.archived = False
        self.indicators: list[str] = []  # codes, in the order first defined
        self.meetings: list[Meeting] = []

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

    def record_import(
        self,
        *,
        file_name: str,
        content_hash: str,
        base: datetime | None,
        counts: dict[str, int],
        prefer: str | None,
        by: str,
        at: datetime,
        effective_on: date,
    ) -> None:
        self.trigger_event(
            self.SpreadsheetImported,
            timestamp=at,
            file_name=file_name[:255],
            content_hash=content_hash,
            base=base,
            added=counts.get("added", 0),
            changed=counts.get("changed", 0),
            kept=counts.get("kept", 0),
            settled=counts.get("settled", 0),
            prefer=prefer,
            by=by,
            effective_on=effective_on,
        )

    def imported_at(self, content_hash: str) -> datetime | None:
        """When a file with these bytes was last imported (None: never)."""
        found = [at for digest, at in self.imports if digest == content_hash]
        return found[-1] if found else None

    def set_archived(
        self, archived: bool, *, reason: str | None, by: str, at: datetime, effective_on: date
    ) -> bool:
        """Archive (hide from lists and reminders) or bring back; the log keeps all."""
        if archived == self.archived:
            return False
        if not (reason and reason.strip()):
            raise ReasonRequired(
                f"a reason is required to {'archive' if archived else 'unarchive'} plan {self.plan}"
            )
        self.trigger_event(
            self.PlanArchived if archived else self.PlanUnarchived,
            timestamp=at,
            reason=reason.strip(),
            by=by,
            effective_on=effective_on,
        )
        return True

    def record_meeting(self, held_on: date, title: str, *, by: str, at: datetime) -> bool:
        """Record that the board met on ``held_on`` (on or before ``at``'s London
        day, not before the plan was first recorded). The same meeting again
        records nothing; another title on a day already held is refused."""
        cleaned = check_meeting(
            held_on,
            title,
            self.meetings,
            first_on=london_date(self.created_on),
            today=london_date(at),
        )
        if cleaned is None:
            return False
        self.trigger_event(
            self.MeetingRecorded,
            timestamp=at,
            held_on=held_on,
            title=cleaned,
            by=by,
            effective_on=held_on,
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

    def register_indicator(self, code: str, *, by: str, at: datetime, effective_on: date) -> None:
        """List ``code`` among the plan's indicators (once; the Indicator
        stream's own id keeps two definitions of one code from both landing)."""
        if code not in self.indicators:
            self.trigger_event(
                self.IndicatorRegistered, timestamp=at, code=code, by=by, effective_on=effective_on
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
