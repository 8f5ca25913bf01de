"""A plan's governance settings, as the Plan aggregate keeps and changes them:
one event per setting turned on or off, and only by a chair (the chair fact is
passed in: the domain does not know the users).

The event is not nested in ``Plan`` (the library would redefine it there as a
subclass of ``Plan.Event``): it is stored as
"domain.plan_governance:GovernanceChanged"."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import BaseAggregate, CanMutateAggregate

from domain.events import DomainEvent
from domain.governance import Governance, Setting, check_chair


class GovernanceChanged(DomainEvent, CanMutateAggregate[UUID]):
    """The plan's chair turned ``setting`` on (``on``) or off."""

    setting: Setting
    on: bool

    def apply(self, aggregate: Any) -> None:
        current: Governance = getattr(aggregate, "governance", Governance())
        aggregate.governance = current.model_copy(update={self.setting: self.on})


class PlanGovernance(BaseAggregate[UUID]):
    governance: Governance = Governance()  # until a setting changes: all off

    def set_governance(
        self,
        changes: Mapping[Setting, bool],
        *,
        chair: bool,
        by: str,
        at: datetime,
        effective_on: date,
    ) -> list[Setting]:
        """Turn settings on or off; the ones that changed (none: nothing recorded).
        Refused whole unless ``by`` is a chair."""
        plan = getattr(self, "plan", "")
        check_chair(chair, by, f"change how plan {plan} is governed")
        changed = [name for name, on in changes.items() if self.governance.setting(name) != on]
        for name in changed:
            self.trigger_event(
                GovernanceChanged,
                timestamp=at,
                setting=name,
                on=changes[name],
                by=by,
                effective_on=effective_on,
            )
        return changed
