"""What moved, grouped as a board reads it: an item newly red and overdue is
listed once, a deadline brought forward is no slip, done items leave "other"."""

from __future__ import annotations

from datetime import UTC, datetime

from projections.changes import Changes, Move
from projections.explain import groups


def move(ref: str, old: str | None = None, new: str | None = None) -> Move:
    return Move(ref=ref, title=f"item {ref}", kind="action", old=old, new=new)


def test_moves_are_grouped_once_in_the_order_a_board_reads_them() -> None:
    at = datetime(2010, 1, 5, tzinfo=UTC)
    changes = Changes(
        plan="pl",
        since=at,
        until=at,
        newly_red=[move("11", "green", "red")],
        newly_overdue=[
            move("11", "2009-12-31", "2009-12-31"),
            move("12", "2009-12-31", "2009-12-31"),
        ],
        newly_complete=[move("13", "on_track", "complete")],
        newly_verified=[move("14", "complete", "verified")],
        deadlines_revised=[
            move("15", "2009-12-31", "2010-03-31"),
            move("16", "2010-03-31", "2010-01-31"),
        ],
        new_items=[move("17", None, "not_started")],
        withdrawn=[move("18", "on_track", "withdrawn")],
        owner_changes=[move("19", "hos-cf", "dcs")],
        status_changes=[
            move("11", "on_track", "off_track"),
            move("13", "on_track", "complete"),
            move("14", "complete", "verified"),
            move("18", "on_track", "withdrawn"),
            move("20", "on_track", "at_risk"),
        ],
    )
    found = {group.key: [m.ref for m in group.moves] for group in groups(changes)}
    assert list(found) == [
        "red_or_overdue",
        "slipped",
        "completed",
        "signed_off",
        "new",
        "withdrawn",
        "other",
    ]
    assert found["red_or_overdue"] == ["11", "12"]
    assert found["slipped"] == ["15"]
    assert (found["completed"], found["signed_off"]) == (["13"], ["14"])
    assert (found["new"], found["withdrawn"]) == (["17"], ["18"])
    assert found["other"] == ["20", "16", "19"]  # at risk, brought forward, new owner
