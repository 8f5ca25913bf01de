"""How many times each item's due date has been revised, from the versions
table: one query per plan.

Why: a calendar entry is updated by Outlook only when its SEQUENCE grows, and
SEQUENCE should grow exactly when the deadline moves. Every version of an item
is a row, in log order; a revision is a version whose due date differs from
the one before it (an approved request counts once, when it takes effect).
"""

from __future__ import annotations

from collections.abc import Collection

from projections.item_versions import ItemVersionsView
from store.dialect import Dialect


def due_revisions(
    view: ItemVersionsView, plan: str, refs: Collection[str] | None = None
) -> dict[str, int]:
    """Each of the plan's revised items' refs, with its number of revisions;
    with ``refs``, of those items only (by the item index, not the whole plan)."""
    if refs is not None and not refs:
        return {}
    m = view.db.dialect.mark
    of_refs = "" if refs is None else f" AND ref IN ({', '.join([m] * len(refs))})"
    versions = view.table("versions")
    sql = (
        "SELECT ref, count(*) AS revisions FROM (SELECT ref, due, "
        "LAG(due) OVER (PARTITION BY ref ORDER BY position) AS before "
        f"FROM {versions} WHERE plan = {m}{of_refs}) AS v "
        "WHERE before IS NOT NULL AND before <> due GROUP BY ref"
    )
    rows = (Dialect.values(row) for row in view.db.read(sql, (plan, *(refs or ()))))
    return {str(ref): int(count) for ref, count in rows}
