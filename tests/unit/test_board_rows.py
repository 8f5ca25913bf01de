"""A board row is built without validating it again (``board_item`` uses
``model_construct``): it must equal, field by field and type by type, the row
pydantic makes when it validates the same values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from domain.items import Evidence, Item, LatestPosition, PendingRequest
from domain.status import Status
from projections.board import BoardItem, board_item

ON = date(2010, 6, 1)


def _item(**changes: Any) -> Item:
    base = Item(
        ref="1",
        parent=None,
        title="Fix the roof",
        theme="Estates",
        source="Audit 2009",
        description="Leaks in block B",
        owner="o1",
        due=date(2010, 5, 1),
        original_due=date(2010, 4, 1),
        status=Status.ON_TRACK,
    )
    return replace(base, **changes)


CASES = {
    "overdue action": _item(),
    "milestone not yet due": _item(ref="1.1", parent="1", due=date(2010, 7, 1)),
    "completed late, with evidence": _item(
        status=Status.COMPLETE,
        completed_on=date(2010, 5, 20),
        evidence=[Evidence("photo", None, "o1", date(2010, 5, 20))],
    ),
    "verified on time": _item(status=Status.VERIFIED, completed_on=date(2010, 4, 20)),
    "pending and with a position": _item(
        status=Status.AT_RISK,
        pending=PendingRequest("revision", date(2010, 9, 1), "o1", date(2010, 5, 2), "rain"),
        latest_position=LatestPosition("slow", None, "order tiles", 40, "o1", date(2010, 5, 3)),
    ),
    "withdrawal asked, no reason": _item(
        status=Status.OFF_TRACK, pending=PendingRequest("withdrawal", None, "o1", ON, None)
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_row_equals_the_validated_row(name: str) -> None:
    row = board_item(CASES[name], ON)
    validated = BoardItem.model_validate(row.model_dump())
    assert row == validated
    assert row.model_fields_set == validated.model_fields_set == set(BoardItem.model_fields)
    for field in BoardItem.model_fields:
        mine, theirs = getattr(row, field), getattr(validated, field)
        assert type(mine) is type(theirs), field
    assert row.model_dump_json() == validated.model_dump_json()
