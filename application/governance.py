"""Governance, as the application serves it: it reads a plan's settings (from
their events alone) and whether the person acting is a chair (from the users'
roles), and passes both to the domain, which decides (``domain.governance``).

The command line, the web and imports all come through here, so one rule holds
for each: the CLI judges the ``--by`` key it is given by that key's role.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from types import SimpleNamespace
from typing import Protocol

from eventsourcing.utils import get_topic

from application.access import Role
from application.item_command import Writer, change_item
from application.persistence import Stores
from application.plan_settings import settings_events
from application.users import Users
from domain.action import Action
from domain.dates import london_date
from domain.governance import Governance, Rules, Setting
from domain.plan import Plan
from domain.plan_governance import GovernanceChanged


class Judged(Stores, Protocol):
    """What judging a change needs of the service: the store and the users."""

    @property
    def users(self) -> Users: ...


class Governed(Judged, Writer, Protocol):
    """What governance's commands need of the application service."""

    def plan(self, plan: str) -> Plan: ...


_TOPICS = (get_topic(GovernanceChanged),)


def governance(tracker: Stores, plan: str) -> Governance:
    """The plan's settings as its events left them (all off for a plan that has
    none, or does not exist: the command that follows says so)."""
    holder = SimpleNamespace(governance=Governance())
    for event in settings_events(tracker, plan, _TOPICS) or ():
        event.apply(holder)  # each turns one setting on or off
    settings: Governance = holder.governance
    return settings


def is_chair(tracker: Judged, by: str) -> bool:
    user = tracker.users.get(by.strip())
    return user is not None and user.role is Role.CHAIR


def rules_for(tracker: Judged, plan: str, by: str, *, may_request: bool = True) -> Rules:
    """What a change by ``by`` to ``plan`` is judged by. The users are asked
    only when it matters (approvals on), so a plan with every setting off costs
    one indexed read."""
    settings = governance(tracker, plan)
    chair = settings.approvals and is_chair(tracker, by)
    return Rules(settings, chair=chair, may_request=may_request)


def set_governance(
    tracker: Governed, plan: str, changes: Mapping[Setting, bool], *, by: str
) -> list[Setting]:
    """Turn settings on or off (a chair only); the settings that changed."""
    with tracker.turns.turn():
        current = tracker.plan(plan)
        at = tracker.clock.now()
        changed = current.set_governance(
            changes, chair=is_chair(tracker, by), by=by, at=at, effective_on=london_date(at)
        )
        if changed:
            tracker.save(current)
    return changed


def decide_request(tracker: Governed, plan: str, ref: str, *, by: str, reason: str | None) -> bool:
    """A chair's decision on the request waiting on ``ref``: approve it
    (``reason`` None) or reject it (a reason is then required)."""
    rules = Rules(governance(tracker, plan), chair=is_chair(tracker, by))

    def decide(action: Action, at: datetime, on: date) -> bool:
        if reason is None:
            return action.approve(ref, rules=rules, by=by, at=at, effective_on=on)
        return action.reject(ref, rules=rules, by=by, at=at, effective_on=on, reason=reason)

    return change_item(tracker, plan, ref, decide, partial(_moment, tracker), conflicts=True)


def update_position(
    tracker: Governed,
    plan: str,
    ref: str,
    position: str,
    *,
    by: str,
    mitigation: str | None = None,
    next_steps: str | None = None,
    percent: int | None = None,
) -> bool:
    def decide(action: Action, at: datetime, on: date) -> bool:
        return action.update_position(
            ref,
            position,
            by=by,
            at=at,
            effective_on=on,
            mitigation=mitigation,
            next_steps=next_steps,
            percent=percent,
        )

    return change_item(tracker, plan, ref, decide, partial(_moment, tracker), conflicts=False)


def _moment(tracker: Governed) -> tuple[datetime, date]:
    at = tracker.clock.now()
    return at, london_date(at)
