"""The commands on a plan as a whole: import a spreadsheet, set its board
contacts and reminder policy, archive it or bring it back.

Why a module of its own: these change the plan's own stream (or, for an
import, many of its actions at once, in the writer turn), unlike the item
commands, which run on the write template (``command_template``). It is a mixin
of ``Tracker`` (whose public methods stay where callers look for them); what
it needs of the service is the ``PlanChanging`` protocol.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from application.clock import moment
from application.plan_settings import reminder_settings
from domain.reminders import ReminderPolicy

if TYPE_CHECKING:  # the import machinery (spreadsheets, XML) loads only when a plan is imported
    from application.import_report import ImportReport
    from application.importing import Importer
    from application.plan_workbook import Origin  # openpyxl: only imports need it
    from application.spreadsheet import PlanRow
    from application.three_way import Prefer
    from application.writer_turns import WriterTurns

    class PlanChanging(Importer, Protocol):
        """What the plan commands need of the application service."""

        turns: WriterTurns


class PlanCommands:
    def import_plan(
        self: PlanChanging,
        plan: str,
        rows: Sequence[PlanRow],
        *,
        by: str,
        source: str,
        title: str | None = None,
        reason: str | None = None,
        content_hash: str | None = None,
        origin: Origin | None = None,
        base: datetime | None = None,
        prefer: Prefer | None = None,
        dry_run: bool = False,
        expect: str | None = None,
    ) -> ImportReport:
        """Create or update a plan from checked rows by the three-way rule: all
        of it, or nothing. ``dry_run`` only reports what it would do; ``expect``
        (a preview's fingerprint) refuses if the plan changed since the preview."""
        from application import importing  # here: every other command starts without it

        request = importing.ImportRequest(
            plan=plan,
            rows=rows,
            by=by,
            file_name=source,
            content_hash=content_hash or hashlib.sha256(repr(list(rows)).encode()).hexdigest(),
            title=title,
            reason=reason,
            origin_plan=origin.plan if origin else None,
            origin_base=origin.base if origin else None,
            base=base,
            prefer=prefer,
        )
        if dry_run:
            return importing.run(self, request, record=False, expect=None)
        with self.turns.turn():  # read, decide and save with no writer in between
            return importing.run(self, request, record=True, expect=expect)

    # -- what the scheduler needs to know of a plan -----------------------

    def set_contacts(self: PlanChanging, plan: str, contacts: list[str], *, by: str) -> bool:
        """Who hears the plan's escalations and weekly exception report."""
        current = self.plan(plan)
        at, effective_on = moment(self.clock)
        changed = current.set_contacts(contacts, by=by, at=at, effective_on=effective_on)
        self.save(current)
        return changed

    def configure_reminders(
        self: PlanChanging, plan: str, policy: ReminderPolicy, *, by: str
    ) -> bool:
        current = self.plan(plan)
        at, effective_on = moment(self.clock)
        changed = current.configure_reminders(policy, by=by, at=at, effective_on=effective_on)
        self.save(current)
        return changed

    def reminder_settings(self: PlanChanging, plan: str) -> tuple[ReminderPolicy, list[str]]:
        return reminder_settings(self, plan)  # its settings events, not the whole plan

    # -- archiving: hidden from lists and reminders, nothing lost ----------

    def set_archived(
        self: PlanChanging, plan: str, archived: bool, *, by: str, reason: str
    ) -> bool:
        """Archive a plan (or bring it back): the plans list, overdue across
        plans and the scheduler's scan leave it out; its board, history and
        as-at stay. False if it already was; a reason is required."""
        current = self.plan(plan)
        at, effective_on = moment(self.clock)
        changed = current.set_archived(
            archived, reason=reason, by=by, at=at, effective_on=effective_on
        )
        self.save(current)
        return changed

    def is_archived(self: PlanChanging, plan: str) -> bool:
        self.views.catch_up()
        return self.views.is_archived(plan)

    def archived_plans(self: PlanChanging) -> list[str]:
        self.views.catch_up()
        return self.views.archived_plans()
