"""What was recorded on a plan's items after an instant: one probe of the
versions table each, so a question that would replay history can be skipped.

Why: the daily scan escalates items newly declared off track, which it found
by building the plan's board as it was at the previous scan and comparing.
An item can only have become off track since if a version of it with that
status was recorded since; on most days none was. And a board as at an
instant after the plan's last change is its current board, read directly
instead of probing each item's history.
"""

from __future__ import annotations

from datetime import datetime

from domain.status import Status
from projections.item_versions import ItemVersionsView, instant_key


def recorded_with(
    view: ItemVersionsView, plan: str, status: Status, since: datetime, until: datetime
) -> bool:
    """Whether a version of one of the plan's items with ``status`` was recorded
    after ``since``, up to and including ``until`` (as an as-at board counts)."""
    m = view.db.dialect.mark
    sql = (
        f"SELECT 1 AS found FROM {view.table('versions')} WHERE plan = {m} AND status = {m} "
        f"AND recorded_from > {m} AND recorded_from <= {m} LIMIT 1"
    )
    return bool(view.db.read(sql, (plan, status.value, instant_key(since), instant_key(until))))


def recorded_after(view: ItemVersionsView, plan: str, instant: datetime) -> bool:
    """Whether any version of the plan's items was recorded after ``instant``."""
    m = view.db.dialect.mark
    sql = (
        f"SELECT 1 AS found FROM {view.table('versions')} WHERE plan = {m} "
        f"AND recorded_from > {m} LIMIT 1"
    )
    return bool(view.db.read(sql, (plan, instant_key(instant))))
