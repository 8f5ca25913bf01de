"""The plans list: each plan's title and RAG totals today, counted by the
database (one ``GROUP BY`` over the current versions) instead of building
every plan's board, so the list costs a query, not a decoded row per item.

The totals follow the board's rule (``projections.board``): an open item due
before the day is overdue and red; any other item has its status's RAG.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from domain.status import Status
from projections.board import Totals
from projections.item_versions import ItemVersionsView, _values


class PlanSummary(BaseModel):
    """A line of the plans list (named like a board's, so a page shows either)."""

    plan: str
    title: str
    totals: Totals


def plan_summaries(view: ItemVersionsView, on: date, *, archived: bool) -> list[PlanSummary]:
    """Every plan (or every archived plan) with its totals on ``on``, by plan."""
    m = view._mark
    versions, plans = view._table("versions"), view._table("plans")
    sql = (
        "SELECT p.plan AS plan, p.title AS title, v.status AS status, "
        f"CASE WHEN v.is_open = 1 AND v.due < {m} THEN 1 ELSE 0 END AS overdue, "
        f"count(v.plan) AS n FROM {plans} p LEFT JOIN {versions} v "
        "ON v.plan = p.plan AND v.recorded_to IS NULL "
        f"WHERE p.archived = {m} GROUP BY p.plan, p.title, v.status, overdue ORDER BY p.plan"
    )
    found: dict[str, PlanSummary] = {}
    for row in view._read(sql, (on.isoformat(), int(archived))):
        plan, title, status, overdue, n = _values(row)
        summary = found.get(plan) or PlanSummary(plan=plan, title=title, totals=Totals())
        found[plan] = summary
        if not n:
            continue  # a plan with no items yet: its row from the outer join
        totals = summary.totals
        totals.items += n
        rag = "red" if overdue else Status(status).declared_rag
        setattr(totals, rag, getattr(totals, rag) + n)
        totals.overdue += n if overdue else 0
    return list(found.values())
