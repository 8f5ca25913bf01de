"""Whether anything was recorded on a plan's items in an interval of recorded
time: one probe of the versions table. The daily scan asks it before working
out what moved since the previous scan, which would build the plan's board as
it was then: on a quiet day nothing moved, and that board is not needed."""

from __future__ import annotations

from datetime import datetime

from projections.item_versions import ItemVersionsView, instant_key


def recorded_between(view: ItemVersionsView, plan: str, since: datetime, until: datetime) -> bool:
    """Whether any version of the plan's items was recorded after ``since``,
    up to and including ``until`` (the interval an as-at comparison spans)."""
    m = view._mark
    sql = (
        f"SELECT 1 AS found FROM {view._table('versions')} WHERE plan = {m} "
        f"AND recorded_from > {m} AND recorded_from <= {m} LIMIT 1"
    )
    return bool(view._read(sql, (plan, instant_key(since), instant_key(until))))
