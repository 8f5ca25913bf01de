"""Owner workload: open, overdue and due-soon items per owner, from a board."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel

from projections.board import Board

DUE_SOON_DAYS = 14


class Workload(BaseModel):
    owner: str
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    refs: list[str] = []


def workload(board: Board) -> list[Workload]:
    """One row per owner with open items, busiest first."""
    soon = board.on + timedelta(days=DUE_SOON_DAYS)
    rows: dict[str, Workload] = {}
    for item in board.items:
        if not item.status.is_open:
            continue
        row = rows.setdefault(item.owner, Workload(owner=item.owner))
        row.open += 1
        row.overdue += item.overdue
        row.due_soon += (not item.overdue) and item.due <= soon
        row.refs.append(item.ref)
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.open, r.owner))
