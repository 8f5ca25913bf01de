"""The three-way rule of a re-import (DOMAIN.md): each cell is compared with
its base (the plan as the file's author last saw it) and with the tracker now.

- cell equal to the tracker: nothing to do;
- cell equal to its base: the file did not change it, the tracker's value
  stands ("kept"): a stale file never reverts anything;
- cell changed, tracker unchanged since the base: the file's value is the
  change to record;
- cell changed and the tracker changed it too, to something else: a conflict,
  settled only by an explicit preference (``file`` or ``tracker``).

The result is each row as the plan should end up, so the importer turns it into
events with the domain's usual rules and records only real differences. A blank
``status`` or ``owner`` cell, and a blank ``theme`` on a milestone, give no
opinion and change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from application.spreadsheet import PlanRow
from domain.action import Item
from domain.status import Status

Field = Literal["title", "theme", "owner", "due", "status", "source", "description"]
FIELDS: tuple[Field, ...] = ("title", "theme", "owner", "due", "status", "source", "description")
Prefer = Literal["file", "tracker"]
Value = str | date | Status | None


@dataclass(frozen=True)
class Cell:
    """One field of one row, with its three values."""

    row: int
    ref: str
    field: Field
    base: Value
    file: Value
    tracker: Value


@dataclass(frozen=True)
class Merge:
    rows: list[PlanRow]  # each row as the plan should end up
    kept: list[Cell]  # the file's stale value; the tracker's stands
    conflicts: list[Cell]  # not settled: the import must be refused
    settled: list[Cell]  # conflicts settled by the preference


def merge(
    rows: Sequence[PlanRow],
    base: Mapping[str, Item],
    tracker: Mapping[str, Item],
    prefer: Prefer | None = None,
) -> Merge:
    """Apply the three-way rule to every row (pure: no store, no clock)."""
    merged: list[PlanRow] = []
    kept: list[Cell] = []
    conflicts: list[Cell] = []
    settled: list[Cell] = []
    for row in rows:
        now = tracker.get(row.ref)
        if now is None:
            merged.append(row)  # a new item: the file says it all
            continue
        then = base.get(row.ref)
        stands: set[Field] = set()  # fields where the tracker's value stands
        for name in FIELDS:
            cell = Cell(
                row.row,
                row.ref,
                name,
                _value(then, name),
                _opinion(row, name, now),
                _value(now, name),
            )
            if cell.file is None or cell.file == cell.tracker:
                continue
            if cell.file == cell.base:
                kept.append(cell)
                stands.add(name)
            elif cell.tracker == cell.base:
                continue  # an edit of the file's own: recorded
            elif prefer is None:
                conflicts.append(cell)
                stands.add(name)
            else:
                settled.append(cell)
                if prefer == "tracker":
                    stands.add(name)
        merged.append(_keeping(row, now, stands))
    return Merge(merged, kept, conflicts, settled)


def _keeping(row: PlanRow, now: Item, stands: set[Field]) -> PlanRow:
    """The row with the tracker's value in every field where it stands."""
    return replace(
        row,
        title=now.title if "title" in stands else row.title,
        theme=now.theme if "theme" in stands else row.theme,
        owner=now.owner if "owner" in stands else row.owner,
        due=now.due if "due" in stands else row.due,
        status=now.status if "status" in stands else row.status,
        source=now.source if "source" in stands else row.source,
        description=now.description if "description" in stands else row.description,
    )


def _opinion(row: PlanRow, name: Field, item: Item) -> Value:
    """The file's value for a field, or None where the file gives no opinion."""
    value: Value = getattr(row, name)
    if name in ("status", "owner") and not value:
        return None
    if name == "theme" and item.parent is not None and not value:
        return None
    return value


def _value(item: Item | None, name: Field) -> Value:
    if item is None:
        return None
    value: Value = getattr(item, name)
    return value
