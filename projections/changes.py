"""What moved between two instants: the difference of two boards."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from domain.meetings import Meeting
from projections.board import Board, BoardItem


class Move(BaseModel):
    ref: str
    title: str
    kind: str
    old: str | None = None
    new: str | None = None
    # Why it moved (projections/explain.py): the event behind it, if any
    by: str | None = None  # the staff key, as recorded
    who: str | None = None  # the name to show (the key if the directory has none)
    recorded_at: datetime | None = None
    effective_on: date | None = None
    reason: str | None = None
    note: str | None = None  # what no event says: "due 31 Dec 2009, not complete"


class MoveGroup(BaseModel):
    """One heading of what moved, as a board reads it."""

    key: str
    title: str
    moves: list[Move]


class Changes(BaseModel):
    plan: str
    since: datetime
    until: datetime
    newly_red: list[Move]
    newly_overdue: list[Move]
    newly_complete: list[Move]
    newly_verified: list[Move]
    deadlines_revised: list[Move]
    new_items: list[Move]
    withdrawn: list[Move]
    owner_changes: list[Move]
    status_changes: list[Move]
    groups: list[MoveGroup] = []  # the same moves, explained and grouped
    meeting: Meeting | None = None  # the meeting "since" is, when it is one


def _move(item: BoardItem, old: object = None, new: object = None) -> Move:
    def text(value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, date):
            return value.isoformat()
        return str(getattr(value, "value", value))

    return Move(ref=item.ref, title=item.title, kind=item.kind, old=text(old), new=text(new))


def compare(before: Board, after: Board) -> Changes:
    old = {item.ref: item for item in before.items}
    result = Changes(
        plan=after.plan,
        since=before.as_at,
        until=after.as_at,
        newly_red=[],
        newly_overdue=[],
        newly_complete=[],
        newly_verified=[],
        deadlines_revised=[],
        new_items=[],
        withdrawn=[],
        owner_changes=[],
        status_changes=[],
    )
    for item in after.items:
        was = old.get(item.ref)
        if was is None:
            result.new_items.append(_move(item, None, item.status))
            if item.status.value == "withdrawn":
                result.withdrawn.append(_move(item, None, item.status))
            continue
        if item.rag == "red" and was.rag != "red":
            result.newly_red.append(_move(item, was.rag, item.rag))
        if item.overdue and not was.overdue:
            result.newly_overdue.append(_move(item, was.due, item.due))
        if item.status != was.status:
            result.status_changes.append(_move(item, was.status, item.status))
            if item.status.value == "complete":
                result.newly_complete.append(_move(item, was.status, item.status))
            if item.status.value == "verified":
                result.newly_verified.append(_move(item, was.status, item.status))
            if item.status.value == "withdrawn":
                result.withdrawn.append(_move(item, was.status, item.status))
        if item.due != was.due:
            result.deadlines_revised.append(_move(item, was.due, item.due))
        if item.owner != was.owner:
            result.owner_changes.append(_move(item, was.owner, item.owner))
    return result
