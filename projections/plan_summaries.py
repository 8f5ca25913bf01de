"""The plans list: each plan's title and RAG totals today, counted by the
database (one ``GROUP BY`` over an index of the current versions) instead of
building every plan's board, so the list costs a query, not a decoded row
per item.

The totals follow the board's rule (``projections.board``): an open item due
before the day is overdue and red; any other item has its status's RAG.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from domain.status import Status
from projections.board import Totals
from projections.item_versions import ItemVersionsView
from projections.view_support import values


class PlanSummary(BaseModel):
    """A line of the plans list (named like a board's, so a page shows either)."""

    plan: str
    title: str
    totals: Totals


def plan_summaries(view: ItemVersionsView, on: date, *, archived: bool) -> list[PlanSummary]:
    """Every plan (or every archived plan) with its totals on ``on``, by plan."""
    m = view.db.dialect.mark
    titles = f"SELECT plan, title FROM {view.table('plans')} WHERE archived = {m} ORDER BY plan"
    found = {
        str(plan): PlanSummary(plan=str(plan), title=str(title), totals=Totals())
        for plan, title in map(values, view.db.read(titles, (int(archived),)))
    }
    # By plan and status: how many items, and how many of them are overdue
    # (read from the "totals" index alone; a plan with no items has no row).
    counts = (
        "SELECT plan, status, count(*) AS n, "
        f"sum(CASE WHEN is_open = 1 AND due < {m} THEN 1 ELSE 0 END) AS late "
        f"FROM {view.table('versions')} WHERE recorded_to IS NULL GROUP BY plan, status"
    )
    for plan, status, n, late in map(values, view.db.read(counts, (on.isoformat(),))):
        if plan not in found:
            continue  # archived (or not), so not in this list
        totals, n, late = found[plan].totals, int(n), int(late)
        rag = Status(status).declared_rag  # the RAG of those not overdue
        totals.items += n
        totals.overdue += late
        totals.red += late
        setattr(totals, rag, getattr(totals, rag) + n - late)
    return list(found.values())
