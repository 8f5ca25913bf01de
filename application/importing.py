"""A spreadsheet import, from checked rows to recorded events (or a preview).

Steps: choose the base (the plan as the file's author last saw it), apply the
three-way rule against the tracker now, let the domain decide the resulting
events, then either describe them (a preview) or record them with a record of
the import itself, in one transaction. A preview carries a fingerprint of the
plan and of the decision; a confirmation that no longer matches it is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, cast
from uuid import UUID

from eventsourcing.application import Repository
from pydantic import TypeAdapter

from application.clock import Clock
from application.directory import Directory
from application.governance import rules_for
from application.import_report import (
    Conflict,
    ImportConflicts,
    ImportReport,
    PreviewOutdated,
    pending_changes,
)
from application.persistence import Stores
from application.plan_import import PlanImport
from application.spreadsheet import ImportRejected, PlanRow, RowError
from application.three_way import Cell, Prefer, merge
from application.users import Users
from domain.action import Action, Item, action_id
from domain.dates import london_date
from domain.errors import UnknownPlan
from domain.events import DomainEvent
from domain.governance import NO_RULES
from domain.plan import Plan, check_plan_id
from projections.item_versions import ItemVersionsView

_ITEMS = TypeAdapter(list[Item])
# Which events set which field of an item (the added events set them all).
_SETS = {"StatusChanged": "status", "DueDateRevised": "due", "OwnerAssigned": "owner"}


class Importer(Stores, Protocol):
    """What an import needs of the application service."""

    clock: Clock
    views: ItemVersionsView
    directory: Directory
    users: Users  # who is a chair, for governance

    @property
    def repository(self) -> Repository[UUID]: ...

    def plan(self, plan: str) -> Plan: ...

    def save(self, *objs: object) -> object: ...


@dataclass(frozen=True)
class ImportRequest:
    plan: str
    rows: Sequence[PlanRow]
    by: str
    file_name: str
    content_hash: str
    title: str | None = None
    reason: str | None = None
    origin_plan: str | None = None  # the plan a workbook was exported from
    origin_base: datetime | None = None  # the instant it was exported as at
    base: datetime | None = None  # --base
    prefer: Prefer | None = None


def run(app: Importer, request: ImportRequest, *, record: bool, expect: str | None) -> ImportReport:
    """Preview (``record=False``) or record an import; raises ``ImportRejected``
    (rows in error, conflicts, an outdated preview) when recording."""
    plan = request.plan
    if request.origin_plan is not None and request.origin_plan != plan:
        raise ImportRejected(
            request.file_name,
            [
                RowError(
                    1,
                    "-",
                    f"this workbook was exported from plan {request.origin_plan}, not {plan}: "
                    f"import it into {request.origin_plan}, or save it as CSV to start "
                    "another plan from it",
                )
            ],
        )
    existing = _existing(app, plan)
    base, base_from = _base(existing, request)
    app.views.catch_up()
    now = {item.ref: item for item in app.views.current(plan)} if existing else {}
    then = {item.ref: item for item in app.views.as_at(plan, base)} if existing and base else {}
    merged = merge(request.rows, then, now, request.prefer)
    at = app.clock.now()
    work = PlanImport(
        existing,
        plan,
        load=lambda ref: cast(Action, app.repository.get(action_id(plan, ref))),
        by=request.by,
        at=at,
        effective_on=london_date(at),
        title=request.title,
        reason=request.reason,
        rules=rules_for(app, plan, request.by, may_request=False) if existing else NO_RULES,
    )
    work.apply(merged.rows)
    added, changes = pending_changes(work.changed())
    old_title = existing.title if existing else None
    report = ImportReport(
        plan=plan,
        new_plan=existing is None,
        file_name=request.file_name,
        content_hash=request.content_hash,
        base=base,
        base_from=base_from,
        rows=len(request.rows),
        added=added,
        changes=changes,
        kept=merged.kept,
        conflicts=[_who_changed(app, plan, cell, now, base) for cell in merged.conflicts],
        settled=merged.settled,
        errors=work.errors,
        retitled=(old_title, work.plan.title)
        if old_title and old_title != work.plan.title
        else None,
        events=sum(len(a.pending_events) for a in work.changed()),
    )
    report.fingerprint = _fingerprint(existing, now, request, report)
    if not record:
        return report
    if report.errors:
        raise ImportRejected(request.file_name, report.errors)
    if report.conflicts:
        raise ImportConflicts(report)
    if expect is not None and expect != report.fingerprint:
        raise PreviewOutdated(request.file_name)
    if report.events:
        work.plan.record_import(
            file_name=request.file_name,
            content_hash=request.content_hash,
            base=base,
            counts={
                "added": len(added),
                "changed": len(changes),
                "kept": len(merged.kept),
                "settled": len(merged.settled),
            },
            prefer=request.prefer,
            by=request.by,
            at=at,
            effective_on=london_date(at),
        )
        report.events += 1
        app.save(*work.changed())
        report.recorded = True
    _new_emails(app, request.rows)
    return report


def _existing(app: Importer, plan: str) -> Plan | None:
    try:
        return app.plan(plan)
    except UnknownPlan:
        check_plan_id(plan)  # a new plan's id must be safe; old ones stay readable
        return None


def _base(existing: Plan | None, request: ImportRequest) -> tuple[datetime | None, str]:
    """The instant the file's author last saw the plan as, and how it was chosen."""
    if existing is None:
        return None, "a new plan"
    if request.base is not None:
        return request.base, "given with --base"
    if request.origin_base is not None:
        return request.origin_base, "stored in the workbook when it was exported"
    identical = existing.imported_at(request.content_hash)
    if identical is not None:
        return identical, "an identical file was imported then"
    if existing.imports:
        return existing.imports[-1][1], "the plan's last import"
    return existing.created_on, "the plan's creation (no import recorded since)"


def _who_changed(
    app: Importer, plan: str, cell: Cell, now: Mapping[str, Item], base: datetime | None
) -> Conflict:
    """The last event since the base that set this field: who, when, why.
    Read from the item's own stream (one indexed read), not the whole log."""
    holder = now[cell.ref].parent or cell.ref
    found = Conflict(cell, None, None, None)
    for record in app.recorder.select_events(action_id(plan, holder)):
        event = cast(DomainEvent, app.mapper.to_domain_event(record))
        if getattr(event, "ref", None) != cell.ref or (base and event.timestamp <= base):
            continue
        name = type(event).__name__
        sets = getattr(event, "field", None) if name == "DetailChanged" else _SETS.get(name)
        if sets == cell.field or name in ("ActionAdded", "MilestoneAdded"):
            found = Conflict(cell, event.by, event.timestamp, event.reason)
    return found


def _fingerprint(
    existing: Plan | None, now: Mapping[str, Item], request: ImportRequest, report: ImportReport
) -> str:
    """Changes when the plan (any item, or the plan's own facts) or the decision does."""
    digest = hashlib.sha256()
    digest.update(f"{request.plan}|{existing.version if existing else 0}|".encode())
    digest.update(_ITEMS.dump_json(sorted(now.values(), key=lambda i: i.ref)))
    digest.update(f"|{request.content_hash}|{request.prefer}|{report.base}|".encode())
    digest.update(repr((report.added, report.changes, report.retitled)).encode())
    return digest.hexdigest()


def _new_emails(app: Importer, rows: Sequence[PlanRow]) -> None:
    """Addresses for people the directory does not know yet. A file never
    overwrites an address: corrections go through ``tracker person``, so a
    stale file cannot bring an old address back."""
    known = app.directory.entries()
    emails = {
        row.owner: row.owner_email
        for row in rows
        if row.owner and row.owner_email and row.owner not in known
    }
    if emails:
        app.directory.set_emails(emails)
