"""The five commands on one item (status, due date, owner, evidence, comment),
as the service serves them to the command line, the web and the scheduler.

Why a module of its own: each is the same few lines around the one command
template (``item_command.change_item``: load, decide at a fresh instant, save,
and do it again when a refusal was no real conflict); what differs is only the
domain method that decides and whether a change since the first load makes it
stale. Governance's rules are read once, before the load. A mixin of
``Tracker``; what it needs of the service is ``ItemWriter``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Protocol

from application import governance
from application.clock import Clock
from application.clock import moment as clock_moment
from application.item_command import Decide, Writer, change_item
from domain.action import Action
from domain.status import Status


class ItemWriter(governance.Judged, Writer, Protocol):
    """What an item's command needs of the application service."""

    @property
    def clock(self) -> Clock: ...

    def _change_item(
        self,
        plan: str,
        ref: str,
        effective: date | None,
        decide: Decide,
        *,
        conflicts: bool = True,
    ) -> bool: ...


class ItemCommands:
    def _change_item(
        self: ItemWriter,
        plan: str,
        ref: str,
        effective: date | None,
        decide: Decide,
        *,
        conflicts: bool = True,
    ) -> bool:
        moment = partial(clock_moment, self.clock, effective)
        return change_item(self, plan, ref, decide, moment, conflicts=conflicts)

    def change_status(
        self: ItemWriter,
        plan: str,
        ref: str,
        status: Status,
        *,
        by: str,
        reason: str | None = None,
        effective: date | None = None,
    ) -> bool:
        rules = governance.rules_for(self, plan, by)

        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.change_status(
                ref, status, by=by, at=at, effective_on=on, reason=reason, rules=rules
            )

        return self._change_item(plan, ref, effective, decide)

    def revise_due_date(
        self: ItemWriter,
        plan: str,
        ref: str,
        due: date,
        *,
        by: str,
        reason: str | None,
        effective: date | None = None,
    ) -> bool:
        rules = governance.rules_for(self, plan, by)

        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.revise_due_date(
                ref, due, by=by, at=at, effective_on=on, reason=reason, rules=rules
            )

        return self._change_item(plan, ref, effective, decide)

    def assign(
        self: ItemWriter,
        plan: str,
        ref: str,
        owner: str,
        *,
        by: str,
        reason: str | None = None,
        effective: date | None = None,
    ) -> bool:
        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.assign(ref, owner, by=by, at=at, effective_on=on, reason=reason)

        return self._change_item(plan, ref, effective, decide)

    def add_evidence(
        self: ItemWriter,
        plan: str,
        ref: str,
        text: str,
        *,
        by: str,
        link: str | None = None,
        effective: date | None = None,
        reason: str | None = None,
    ) -> bool:
        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.add_evidence(
                ref, text, by=by, at=at, effective_on=on, link=link, reason=reason
            )

        return self._change_item(plan, ref, effective, decide, conflicts=False)

    def add_comment(
        self: ItemWriter,
        plan: str,
        ref: str,
        text: str,
        *,
        by: str,
        effective: date | None = None,
        reason: str | None = None,
    ) -> bool:
        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.add_comment(ref, text, by=by, at=at, effective_on=on, reason=reason)

        return self._change_item(plan, ref, effective, decide, conflicts=False)
