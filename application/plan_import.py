"""Turning rows (as the plan should end up) into events: only the differences.

The import works on aggregates in memory and collects every refusal (with its
row and column); the caller saves the changed aggregates in one transaction
only when there is none, or shows their pending events as a preview. Order
matters for the status rules: actions reopen before their milestones change,
and close after them (the milestone gate). An import never signs off: a change
to ``verified`` is the chair's act on evidence.

A cell in a column the file does not have changes nothing; a blank ``status``
cell changes nothing on an existing item (blanking progress by accident is
too easy); a blank ``theme`` on a milestone means "the action's theme".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial

from application.spreadsheet import PlanRow, RowError
from domain.action import DETAIL_FIELDS, Action, Item
from domain.errors import ApprovalRequired, ReasonRequired, TrackerError
from domain.events import When
from domain.governance import NO_RULES, Rules
from domain.plan import Plan
from domain.status import OPEN, Status

SIGN_OFF = (
    "sign-off is a chair's act on evidence: an import cannot make an item verified "
    "(import it as complete; the chair signs it off)"
)


class PlanImport:
    def __init__(
        self,
        plan: Plan | None,
        name: str,
        *,
        load: Callable[[str], Action],
        by: str,
        at: datetime,
        effective_on: date,
        title: str | None,
        reason: str | None,
        rules: Rules = NO_RULES,
    ) -> None:
        self._created = plan is None
        self._plan = plan or Plan.create(
            name, title=title or name, organisation="", by=by, at=at, effective_on=effective_on
        )
        if title and not self._created:
            self._plan.retitle(title, by=by, at=at, effective_on=effective_on)
        self._load = load
        self._actions: dict[str, Action] = {}
        self._when = When(by=by, at=at, effective_on=effective_on)
        self._reason = reason
        self._rules = rules  # governance: an import records no requests (refused rows)
        self._errors: list[RowError] = []
        self._rows: dict[str, PlanRow] = {}

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def created(self) -> bool:
        return self._created

    @property
    def errors(self) -> list[RowError]:
        return sorted(self._errors, key=lambda e: e.row)

    def changed(self) -> list[Plan | Action]:
        aggregates: list[Plan | Action] = [self._plan, *self._actions.values()]
        return [a for a in aggregates if a.pending_events]

    def apply(self, rows: Sequence[PlanRow]) -> None:
        """Decide every row; refusals are collected in ``errors``."""
        self._rows = {row.ref: row for row in rows}
        actions = [r for r in rows if r.parent is None]
        milestones = [r for r in rows if r.parent is not None]
        for row in actions:
            self._guard(row, "ref", partial(self._upsert_action, row))
            if row.status in OPEN:
                self._guard(row, "status", partial(self._status, row))
        for row in milestones:
            self._guard(row, "ref", partial(self._upsert_milestone, row))
        for row in actions:
            if row.status is not None and row.status not in OPEN:
                self._guard(row, "status", partial(self._status, row))

    def _guard(self, row: PlanRow, column: str, step: Callable[[], None]) -> None:
        if any(e.row == row.row for e in self._errors):
            return  # one problem per row is enough to fix it
        try:
            step()
        except _CellError as error:
            self._errors.append(RowError(row.row, error.column, str(error)))
        except ReasonRequired as error:
            self._errors.append(
                RowError(
                    row.row,
                    column,
                    f"{error}: add a 'reason' column or pass --reason",
                )
            )
        except TrackerError as error:
            self._errors.append(RowError(row.row, column, str(error)))

    def _action(self, ref: str) -> Action:
        if ref not in self._actions:
            self._actions[ref] = self._load(ref)
        return self._actions[ref]

    def _upsert_action(self, row: PlanRow) -> None:
        if row.ref not in self._plan.refs:
            if row.status is Status.VERIFIED:
                raise _CellError("status", SIGN_OFF)
            self._plan.register(row.ref, action=row.ref, **self._when)
            self._actions[row.ref] = Action.add(
                plan=self._plan.plan,
                ref=row.ref,
                title=row.title,
                due=row.due,
                theme=row.theme or "",
                source=row.source or "",
                description=row.description or "",
                owner=row.owner or "",
                status=row.status or Status.NOT_STARTED,
                **self._when,
            )
            return
        if self._plan.refs[row.ref] != row.ref:
            raise _CellError(
                "parent",
                f"{row.ref} is a milestone of action "
                f"{self._plan.refs[row.ref]}: give it that parent",
            )
        self._update(self._action(row.ref), row)

    def _upsert_milestone(self, row: PlanRow) -> None:
        assert row.parent is not None
        refused = self._rows.get(row.parent)
        if refused and any(e.row == refused.row for e in self._errors):
            raise _CellError(
                "parent", f"its action {row.parent} (row {refused.row}) was refused: fix that row"
            )
        if self._plan.refs.get(row.parent) != row.parent:
            raise _CellError("parent", f"{row.parent} is not an action of this plan")
        action = self._action(row.parent)
        if row.ref not in self._plan.refs:
            if row.status is Status.VERIFIED:
                raise _CellError("status", SIGN_OFF)
            self._plan.register(row.ref, action=row.parent, **self._when)
            action.add_milestone(
                ref=row.ref,
                title=row.title,
                due=row.due,
                theme=row.theme or "",
                source=row.source or "",
                description=row.description or "",
                owner=row.owner or "",
                status=row.status or Status.NOT_STARTED,
                **self._when,
            )
            return
        holder = self._plan.refs[row.ref]
        if holder != row.parent:
            raise _CellError(
                "parent",
                f"{row.ref} belongs to "
                f"{'no action (it is an action)' if holder == row.ref else 'action ' + holder}; "
                "moving items between actions is not supported",
            )
        self._update(action, row)
        if row.status is not None:
            self._status(row)

    def _update(self, action: Action, row: PlanRow) -> None:
        item: Item = action.items[row.ref]
        for name in DETAIL_FIELDS:
            value = getattr(row, name)
            if value is None or (name == "theme" and item.parent and not value):
                continue
            action.change_detail(row.ref, name, value, **self._when)
        if row.owner is not None and row.owner:
            action.assign(row.ref, row.owner, **self._when)
        try:
            action.revise_due_date(
                row.ref, row.due, reason=row.reason or self._reason, rules=self._rules, **self._when
            )
        except ReasonRequired as error:
            raise _CellError("due", f"{error}: add a 'reason' column or pass --reason") from None
        except ApprovalRequired as error:
            raise _CellError("due", str(error)) from None

    def _status(self, row: PlanRow) -> None:
        assert row.status is not None
        if row.ref not in self._plan.refs:
            return  # a new item starts with its status
        action = self._action(self._plan.refs[row.ref])
        if row.status is Status.VERIFIED and action.items[row.ref].status is not Status.VERIFIED:
            raise _CellError("status", SIGN_OFF)
        reason = row.reason or self._reason
        action.change_status(row.ref, row.status, reason=reason, rules=self._rules, **self._when)


class _CellError(TrackerError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
