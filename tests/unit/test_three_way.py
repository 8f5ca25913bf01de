"""The three-way rule, case by case (DOMAIN.md "Three-way re-import")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from application.spreadsheet import PlanRow
from application.three_way import merge
from domain.action import Item
from domain.status import Status

BASE = Item(
    ref="11",
    parent=None,
    title="Implement Working Together",
    theme="Leadership",
    source="11",
    description="",
    owner="hos-cf",
    due=date(2009, 12, 31),
    original_due=date(2009, 12, 31),
    status=Status.ON_TRACK,
)


def row_of(item: Item, number: int = 2, **changes: Any) -> PlanRow:
    row = PlanRow(
        row=number,
        ref=item.ref,
        title=item.title,
        due=item.due,
        parent=item.parent,
        theme=item.theme,
        owner=item.owner,
        owner_email=None,
        status=item.status,
        source=item.source,
        description=item.description,
        reason=None,
    )
    return replace(row, **changes)


def test_an_unchanged_file_changes_nothing() -> None:
    result = merge([row_of(BASE)], {"11": BASE}, {"11": BASE})
    assert result.rows == [row_of(BASE)]
    assert (result.kept, result.conflicts, result.settled) == ([], [], [])


def test_an_edited_cell_is_the_change_when_the_tracker_did_not_move() -> None:
    result = merge([row_of(BASE, due=date(2010, 3, 31))], {"11": BASE}, {"11": BASE})
    assert result.rows[0].due == date(2010, 3, 31)
    assert result.conflicts == [] and result.kept == []


def test_a_stale_cell_keeps_what_the_tracker_moved_to() -> None:
    now = replace(BASE, status=Status.VERIFIED, due=date(2010, 6, 30), owner="dcs")
    result = merge([row_of(BASE)], {"11": BASE}, {"11": now})
    row = result.rows[0]
    assert (row.status, row.due, row.owner) == (Status.VERIFIED, date(2010, 6, 30), "dcs")
    assert sorted(k.field for k in result.kept) == ["due", "owner", "status"]
    kept = {k.field: k for k in result.kept}
    assert (kept["status"].file, kept["status"].tracker) == (Status.ON_TRACK, Status.VERIFIED)
    assert result.conflicts == []


def test_both_changed_to_the_same_value_is_no_change_and_no_conflict() -> None:
    now = replace(BASE, status=Status.AT_RISK)
    result = merge([row_of(BASE, status=Status.AT_RISK)], {"11": BASE}, {"11": now})
    assert result.rows[0].status is Status.AT_RISK
    assert (result.kept, result.conflicts) == ([], [])


def test_both_changed_to_different_values_is_a_conflict_the_tracker_value_held() -> None:
    now = replace(BASE, due=date(2010, 6, 30))
    result = merge([row_of(BASE, due=date(2010, 3, 31))], {"11": BASE}, {"11": now})
    (conflict,) = result.conflicts
    assert (conflict.row, conflict.field) == (2, "due")
    assert (conflict.base, conflict.file, conflict.tracker) == (
        date(2009, 12, 31),
        date(2010, 3, 31),
        date(2010, 6, 30),
    )
    assert result.rows[0].due == date(2010, 6, 30)


def test_prefer_settles_every_conflict_one_way_or_the_other() -> None:
    now = replace(BASE, due=date(2010, 6, 30), title="Renamed in the tracker")
    row = row_of(BASE, due=date(2010, 3, 31), title="Renamed in the file")
    by_file = merge([row], {"11": BASE}, {"11": now}, prefer="file")
    assert (by_file.rows[0].due, by_file.rows[0].title) == (
        date(2010, 3, 31),
        "Renamed in the file",
    )
    by_tracker = merge([row], {"11": BASE}, {"11": now}, prefer="tracker")
    assert (by_tracker.rows[0].due, by_tracker.rows[0].title) == (
        date(2010, 6, 30),
        "Renamed in the tracker",
    )
    for result in (by_file, by_tracker):
        assert result.conflicts == []
        assert sorted(c.field for c in result.settled) == ["due", "title"]


def test_a_new_row_is_added_as_the_file_says() -> None:
    new = replace(BASE, ref="50", title="A new action")
    result = merge([row_of(new)], {"11": BASE}, {"11": BASE})
    assert result.rows == [row_of(new)]


def test_a_row_left_out_of_the_file_is_left_alone() -> None:
    other = replace(BASE, ref="12")
    result = merge([row_of(BASE)], {"11": BASE, "12": other}, {"11": BASE, "12": other})
    assert [r.ref for r in result.rows] == ["11"]


def test_an_item_added_in_the_tracker_after_the_base_conflicts_where_the_file_differs() -> None:
    now = replace(BASE, ref="50", title="Added in the tracker")
    result = merge([row_of(now, title="Added in the file")], {}, {"50": now})
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.base) == ("title", None)


def test_blank_status_and_owner_give_no_opinion() -> None:
    now = replace(BASE, status=Status.AT_RISK, owner="dcs")
    result = merge([row_of(BASE, status=None, owner="")], {"11": BASE}, {"11": now})
    assert (result.kept, result.conflicts) == ([], [])
    assert result.rows[0].status is None and result.rows[0].owner == ""


def test_a_blank_text_cell_is_an_edit_that_clears_the_field() -> None:
    result = merge([row_of(BASE, source="")], {"11": BASE}, {"11": BASE})
    assert result.rows[0].source == ""


def test_a_blank_milestone_theme_means_the_actions_theme() -> None:
    milestone = replace(BASE, ref="11.a", parent="11", theme="Leadership")
    moved = replace(milestone, theme="Workforce")
    result = merge([row_of(milestone, theme="")], {"11.a": milestone}, {"11.a": moved})
    assert (result.kept, result.conflicts) == ([], [])
    assert result.rows[0].theme == ""
