"""What an import does, or would do: the preview a person reads before anything
is recorded, and the record of what was done.

The added items and the changes are read from the events the import decided
(still pending on the aggregates), so a preview names exactly the events that
confirming it records, no more and no fewer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from application.spreadsheet import ImportRejected, RowError
from application.three_way import Cell, Value
from domain.action import Action
from domain.dates import LONDON
from domain.plan import Plan
from domain.status import Status


@dataclass(frozen=True)
class Change:
    ref: str
    field: str
    old: Value
    new: Value


@dataclass(frozen=True)
class Conflict:
    """A cell both the file and the tracker changed since the base, and who
    changed the tracker's value, when and why."""

    cell: Cell
    by: str | None
    recorded_at: datetime | None
    reason: str | None


@dataclass
class ImportReport:
    plan: str
    new_plan: bool
    file_name: str
    content_hash: str
    base: datetime | None
    base_from: str  # how the base was chosen, in words
    rows: int
    added: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    kept: list[Cell] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    settled: list[Cell] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    retitled: tuple[str, str] | None = None
    events: int = 0  # events the import records (or would record)
    recorded: bool = False
    fingerprint: str = ""  # the plan and the decision, for a confirm to check

    @property
    def would_record(self) -> bool:
        return not self.errors and not self.conflicts and self.events > 0

    def as_json(self) -> dict[str, Any]:
        """``import --dry-run --json`` (DOMAIN.md), plus the rows in error."""
        return {
            "plan": self.plan,
            "new_plan": self.new_plan,
            "file": self.file_name,
            "sha256": self.content_hash,
            "base": self.base.isoformat() if self.base else None,
            "base_from": self.base_from,
            "rows": self.rows,
            "added": self.added,
            "changes": [
                {"ref": c.ref, "field": c.field, "old": plain(c.old), "new": plain(c.new)}
                for c in self.changes
            ],
            "kept": [
                {"ref": c.ref, "field": c.field, "file": plain(c.file), "tracker": plain(c.tracker)}
                for c in self.kept
            ],
            "conflicts": [
                {
                    "ref": c.cell.ref,
                    "field": c.cell.field,
                    "base": plain(c.cell.base),
                    "file": plain(c.cell.file),
                    "tracker": plain(c.cell.tracker),
                    "by": c.by,
                    "recorded_at": c.recorded_at.isoformat() if c.recorded_at else None,
                    "reason": c.reason,
                }
                for c in self.conflicts
            ],
            "settled": [{"ref": c.ref, "field": c.field} for c in self.settled],
            "errors": [
                {"row": e.row, "column": e.column, "problem": e.problem} for e in self.errors
            ],
            "events": self.events,
            "recorded": self.recorded,
        }


class ImportConflicts(ImportRejected):
    """Cells both the file and the tracker changed: the file is refused whole."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(report.file_name, [conflict_error(c) for c in report.conflicts])


class PreviewOutdated(ImportRejected):
    """The plan changed between the preview and the confirmation."""

    def __init__(self, file_name: str) -> None:
        super().__init__(
            file_name,
            [
                RowError(
                    1,
                    "-",
                    "the plan changed after this preview was made: preview the file again "
                    "to see what it would do now",
                )
            ],
        )


def conflict_error(conflict: Conflict) -> RowError:
    cell = conflict.cell
    when = conflict.recorded_at.astimezone(LONDON) if conflict.recorded_at else None
    who = f"{conflict.by} on {when:%-d %b %Y at %H:%M}" if when else ""
    why = f" ({conflict.reason})" if conflict.reason else ""
    return RowError(
        cell.row,
        cell.field,
        f"conflict on {cell.ref}: the file says {shown(cell.file)}, the tracker says "
        f"{shown(cell.tracker)}"
        + (f", changed by {who}{why}" if who else "")
        + f"; both changed it from {shown(cell.base)}. Settle it with --prefer file "
        "or --prefer tracker",
    )


def pending_changes(aggregates: Iterable[Plan | Action]) -> tuple[list[str], list[Change]]:
    """The items added and the field changes among the aggregates' pending events."""
    added: list[str] = []
    changes: list[Change] = []
    for aggregate in aggregates:
        for event in aggregate.pending_events:
            if isinstance(event, (Action.ActionAdded, Action.MilestoneAdded)):
                added.append(event.ref)
            elif isinstance(event, Action.StatusChanged):
                changes.append(Change(event.ref, "status", event.old, event.new))
            elif isinstance(event, Action.DueDateRevised):
                changes.append(Change(event.ref, "due", event.old, event.new))
            elif isinstance(event, Action.OwnerAssigned):
                changes.append(Change(event.ref, "owner", event.old, event.new))
            elif isinstance(event, Action.DetailChanged):
                changes.append(Change(event.ref, event.field, event.old, event.new))
    return added, changes


def plain(value: Value) -> str | None:
    if isinstance(value, Status):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def shown(value: Value) -> str:
    """A value for a person: dates as 31 Dec 2009, statuses in words."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, Status):
        return value.value.replace("_", " ")
    if isinstance(value, date):
        return value.strftime("%-d %b %Y")
    return repr(value)
