"""The board: every item's position on a day, with RAG and overdue computed.

Overdue is never declared: an open item is overdue on day D when its due date
is before D, and then shows red whatever its declared status (DOMAIN.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel

from domain.action import Item
from domain.status import DONE, RAG_COLOURS, Status


class Pending(BaseModel):
    """A request waiting for a chair (``board --json``'s ``pending``)."""

    kind: str  # revision, deferral or withdrawal
    due: date | None  # the deadline asked for (a revision)
    by: str
    on: date
    reason: str | None


class Position(BaseModel):
    """The owner's latest position (``board --json``'s ``latest_position``)."""

    position: str
    mitigation: str | None
    next_steps: str | None
    percent: int | None
    by: str
    on: date


class BoardItem(BaseModel):
    ref: str
    kind: str
    parent: str | None
    title: str
    theme: str
    owner: str
    status: Status
    rag: str
    due: date
    original_due: date
    overdue: bool
    days_overdue: int
    completed_on: date | None
    completed_late: bool
    evidence: int
    source: str = ""  # for the spreadsheet export (the import format has them)
    description: str = ""
    pending: Pending | None = None
    latest_position: Position | None = None


class Totals(BaseModel):
    items: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    grey: int = 0
    overdue: int = 0


class Board(BaseModel):
    plan: str
    title: str
    as_at: datetime
    on: date
    historical: bool
    items: list[BoardItem]
    totals: Totals


def board_item(item: Item, on: date) -> BoardItem:
    """The item's row, made without validating again: an ``Item``'s fields
    already have the row's types, and a board or a scan makes a row per item
    (validating them was the largest share of a report day's scan; pydantic's
    ``model_construct`` is slower still). tests/unit/test_board_rows.py checks
    the row equals a validated one, field by field and type by type."""
    overdue = item.status.is_open and item.due < on
    return _row(
        {
            "ref": item.ref,
            "kind": item.kind,
            "parent": item.parent,
            "title": item.title,
            "theme": item.theme,
            "owner": item.owner,
            "status": item.status,
            "rag": "red" if overdue else item.status.declared_rag,
            "due": item.due,
            "original_due": item.original_due,
            "overdue": overdue,
            "days_overdue": (on - item.due).days if overdue else 0,
            "completed_on": item.completed_on,
            "completed_late": bool(
                item.status in DONE and item.completed_on and item.completed_on > item.due
            ),
            "evidence": len(item.evidence),
            "source": item.source,
            "description": item.description,
            "pending": Pending(**vars(item.pending)) if item.pending else None,
            "latest_position": (
                Position(**vars(item.latest_position)) if item.latest_position else None
            ),
        }
    )


_SET = object.__setattr__
_ROW_FIELDS = frozenset(BoardItem.model_fields)


def _row(fields: dict[str, object]) -> BoardItem:
    """A ``BoardItem`` holding ``fields`` (every one of them), as pydantic
    would hold them once validated."""
    row = object.__new__(BoardItem)
    _SET(row, "__dict__", fields)
    _SET(row, "__pydantic_fields_set__", set(_ROW_FIELDS))
    _SET(row, "__pydantic_extra__", None)
    _SET(row, "__pydantic_private__", None)
    return row


def totals(items: Iterable[BoardItem]) -> Totals:
    counts = dict.fromkeys(RAG_COLOURS, 0)
    count = overdue = 0
    for item in items:
        count += 1
        counts[item.rag] += 1
        overdue += item.overdue
    return Totals(items=count, overdue=overdue, **counts)


def make_board(
    plan: str,
    title: str,
    items: Iterable[Item],
    *,
    as_at: datetime,
    on: date,
    historical: bool,
) -> Board:
    rows = [board_item(item, on) for item in items]
    return Board(
        plan=plan,
        title=title,
        as_at=as_at,
        on=on,
        historical=historical,
        items=rows,
        totals=totals(rows),
    )
