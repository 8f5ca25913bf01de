"""Overdue, across plans or for one: the open current items due before a day,
read from the overdue index and built from plain rows.

Why plain rows: the list across plans can hold most of the items there are
(37,300 of 50,000 in the benchmarks), and building a pydantic board line for
each was most of its cost. An ``OverdueItem`` carries the board line's fields,
so it prints and serialises exactly as one would.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from pydantic_core import from_json

from domain.status import Status
from projections.item_versions import ItemVersionsView
from projections.view_support import cycle_collector_paused, values

_STATUS = {status.value: status for status in Status}  # a dict is quicker than Status(...)
_new_tuple = tuple.__new__  # a named tuple's own __new__ is a Python function: a frame a row


class OverdueItem(NamedTuple):
    """An overdue item's board line (``projections.board.BoardItem``'s fields);
    a named tuple, the quickest object Python builds."""

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
    source: str
    description: str
    pending: dict[str, Any] | None  # as the board's, in its JSON shape
    latest_position: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        """As ``BoardItem.model_dump(mode="json")`` gives it, key for key."""
        return {
            "ref": self.ref,
            "kind": self.kind,
            "parent": self.parent,
            "title": self.title,
            "theme": self.theme,
            "owner": self.owner,
            "status": self.status.value,
            "rag": self.rag,
            "due": self.due.isoformat(),
            "original_due": self.original_due.isoformat(),
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "completed_late": self.completed_late,
            "evidence": self.evidence,
            "source": self.source,
            "description": self.description,
            "pending": self.pending,
            "latest_position": self.latest_position,
        }


def overdue_items(
    view: ItemVersionsView, on: date, *, plan: str | None, include_archived: bool
) -> list[tuple[str, OverdueItem]]:
    """(plan, item) for each open item due before ``on``, in board order; one
    plan's, or all plans' (without ``include_archived``, all but archived ones)."""
    m = view.db.dialect.mark
    # "is_open + 0" keeps the planner off a plain walk of the overdue index
    # (is_open, due), whose order makes the database sort every row with its
    # JSON. One plan: the plan's own index finds its rows. All plans: SQLite
    # walks the current items plan by plan and sorts each plan's rows alone;
    # PostgreSQL reads the table's pages in order (a bitmap scan), not one page
    # a row. Measured at 37,300 of 50,000 rows: SQLite 220 -> 180 ms CPU,
    # PostgreSQL's query 190 -> 110 ms; the price, with few rows overdue, is
    # SQLite reading the whole partial index (about 9 ms instead of 4).
    sql = (
        f"SELECT plan, state FROM {view.table('versions')} WHERE recorded_to IS NULL "
        f"AND is_open + 0 = 1 AND due < {m}"
    )
    params = [on.isoformat()]
    if plan is not None:
        sql += f" AND plan = {m}"
        params.append(plan)
    if not include_archived:
        sql += f" AND plan NOT IN (SELECT plan FROM {view.table('plans')} WHERE archived = 1)"
    days = _Days(on)
    with cycle_collector_paused():  # tens of thousands of rows, dicts and tuples, no cycles
        rows = view.db.read_tuples(sql + " ORDER BY plan, action_seq, seq", params)
        return [(row[0], _overdue_item(from_json(row[1]), days)) for row in rows]


class _Days(dict[str, tuple[date, int]]):
    """Each due date's date and days overdue on ``on``, worked out once: many
    items share a due date."""

    def __init__(self, on: date) -> None:
        super().__init__()
        self.on = on

    def __missing__(self, text: str) -> tuple[date, int]:
        day = date.fromisoformat(text)
        self[text] = day, (self.on - day).days
        return self[text]


def _overdue_item(state: dict[str, Any], days: _Days) -> OverdueItem:
    """Built by position, in the fields' order (a third quicker than by
    keyword), as a tuple of the class without calling its ``__new__``."""
    due, late = days[state["due"]]
    parent, completed = state["parent"], state["completed_on"]
    fields = (
        state["ref"],
        "action" if parent is None else "milestone",
        parent,
        state["title"],
        state["theme"],
        state["owner"],
        _STATUS[state["status"]],
        "red",  # rag: open past its due date, red whatever its declared status
        due,
        days[state["original_due"]][0],
        True,  # overdue
        late,
        date.fromisoformat(completed) if completed else None,
        False,  # completed_late: only a completed item can be late
        len(state["evidence"]),
        state["source"],
        state["description"],
        state.get("pending"),  # None in versions stored before governance
        state.get("latest_position"),
    )
    return _new_tuple(OverdueItem, fields)


def unflagged(view: ItemVersionsView, on: date) -> dict[str, list[tuple[str, str]]]:
    """By plan (archived ones left out), (ref, its action's ref) of each open
    item due before ``on`` that the scheduler has not flagged for its due date
    yet: the scan's daily work, so a day with nothing new reads no item."""
    state = "state::jsonb" if view.db.dialect.postgres else "state"
    field = "({0} ->> '{1}')" if view.db.dialect.postgres else "json_extract({0}, '$.{1}')"
    differs = "IS DISTINCT FROM" if view.db.dialect.postgres else "IS NOT"
    sql = (
        f"SELECT plan, ref, {field.format(state, 'parent')} AS parent "
        f"FROM {view.table('versions')} WHERE recorded_to IS NULL AND is_open = 1 "
        f"AND due < {view.db.dialect.mark} AND {field.format(state, 'flagged_due')} {differs} due "
        f"AND plan NOT IN (SELECT plan FROM {view.table('plans')} WHERE archived = 1) "
        "ORDER BY plan, action_seq, seq"
    )
    found: dict[str, list[tuple[str, str]]] = {}
    for row in view.db.read(sql, (on.isoformat(),)):
        plan, ref, parent = values(row)
        found.setdefault(str(plan), []).append((str(ref), str(parent or ref)))
    return found
