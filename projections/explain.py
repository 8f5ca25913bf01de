"""What moved, explained: each move with who made it, when and why (the event
behind it), grouped as a board reads it.

A board asks first what went wrong (newly red or overdue, slipped deadlines),
then what was done (completed, signed off), then what came and went (new,
withdrawn), then the rest. Overdue is computed, not recorded: a newly overdue
item has no event behind it, so it says when its due date passed instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from projections.board import Board
from projections.changes import Changes, Move, MoveGroup

Rows = dict[tuple[str, str], dict[str, Any]]  # (ref, event type) -> its last row
_DONE = ("complete", "verified", "withdrawn")


def in_window(rows: Iterable[dict[str, Any]], since: datetime, until: datetime) -> Rows:
    """Each item's last event of each type recorded in (since, until]."""
    last: Rows = {}
    for row in rows:
        if row["ref"] is not None and since < datetime.fromisoformat(row["recorded_at"]) <= until:
            last[(row["ref"], row["type"])] = row
    return last


def _from(move: Move, row: dict[str, Any] | None, name_of: Callable[[str], str]) -> Move:
    if row is None:
        return move
    return move.model_copy(
        update={
            "by": row["by"],
            "who": name_of(row["by"]),
            "recorded_at": datetime.fromisoformat(row["recorded_at"]),
            "effective_on": date.fromisoformat(row["effective_on"]),
            "reason": row.get("reason"),
        }
    )


def _overdue(
    move: Move, due: date, flag: dict[str, Any] | None, name_of: Callable[[str], str]
) -> Move:
    late = due + timedelta(days=1)
    explained = _from(move, flag, name_of)
    return explained.model_copy(
        update={
            "effective_on": late,
            "note": f"due {due:%-d %b %Y} and not complete: overdue from {late:%-d %b %Y}",
        }
    )


def explain(changes: Changes, after: Board, rows: Rows, name_of: Callable[[str], str]) -> Changes:
    """``changes`` with every move explained and the board's groups added."""
    items = {item.ref: item for item in after.items}

    def last(ref: str, kind: str) -> dict[str, Any] | None:
        return rows.get((ref, kind))

    def status(move: Move) -> Move:
        row = last(move.ref, "StatusChanged")
        if row is None:  # new and withdrawn at once: its addition says why
            row = last(move.ref, "ActionAdded") or last(move.ref, "MilestoneAdded")
        return _from(move, row, name_of)

    def red(move: Move) -> Move:
        item = items[move.ref]
        row = last(move.ref, "StatusChanged")
        if item.overdue and (row is None or row["to"] != "off_track"):
            return _overdue(move, item.due, last(move.ref, "ItemFlaggedOverdue"), name_of)
        return status(move)

    def overdue(move: Move) -> Move:
        item = items[move.ref]
        return _overdue(move, item.due, last(move.ref, "ItemFlaggedOverdue"), name_of)

    def of(kind: str) -> Callable[[Move], Move]:
        return lambda move: _from(move, last(move.ref, kind), name_of)

    def added(move: Move) -> Move:
        return _from(
            move, last(move.ref, "ActionAdded") or last(move.ref, "MilestoneAdded"), name_of
        )

    ways: dict[str, Callable[[Move], Move]] = {
        "newly_red": red,
        "newly_overdue": overdue,
        "newly_complete": status,
        "newly_verified": status,
        "deadlines_revised": of("DueDateRevised"),
        "new_items": added,
        "withdrawn": status,
        "owner_changes": of("OwnerAssigned"),
        "status_changes": status,
    }
    update = {key: [way(move) for move in getattr(changes, key)] for key, way in ways.items()}
    explained = changes.model_copy(update=update)
    return explained.model_copy(update={"groups": groups(explained)})


def groups(c: Changes) -> list[MoveGroup]:
    """The moves under the headings a board reads, in that order."""
    red = {move.ref for move in c.newly_red}
    alarming = [*c.newly_red, *(m for m in c.newly_overdue if m.ref not in red)]
    slipped = [m for m in c.deadlines_revised if (m.new or "") > (m.old or "")]
    other = [
        *(m for m in c.status_changes if m.new not in _DONE and m.ref not in red),
        *(m for m in c.deadlines_revised if m not in slipped),
        *c.owner_changes,
    ]
    return [
        MoveGroup(key="red_or_overdue", title="Newly red or overdue", moves=alarming),
        MoveGroup(key="slipped", title="Slipped deadlines", moves=slipped),
        MoveGroup(key="completed", title="Completed (awaiting sign-off)", moves=c.newly_complete),
        MoveGroup(key="signed_off", title="Signed off", moves=c.newly_verified),
        MoveGroup(key="new", title="New items", moves=c.new_items),
        MoveGroup(key="withdrawn", title="Withdrawn", moves=c.withdrawn),
        MoveGroup(key="other", title="Other changes", moves=other),
    ]
