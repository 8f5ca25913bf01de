"""The one grouping of a board by theme: a milestone stays with its action."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.status import Status
from projections.board import Board, BoardItem, totals
from projections.themes import by_theme, in_theme_order

ON = date(2010, 1, 15)


def item(ref: str, theme: str, *, parent: str | None = None, due: date = ON) -> BoardItem:
    overdue = due < ON
    return BoardItem(
        ref=ref,
        kind="milestone" if parent else "action",
        parent=parent,
        title=f"item {ref}",
        theme=theme,
        owner="hos-cf",
        status=Status.ON_TRACK,
        rag="red" if overdue else "green",
        due=due,
        original_due=due,
        overdue=overdue,
        days_overdue=(ON - due).days if overdue else 0,
        completed_on=None,
        completed_late=False,
        evidence=0,
    )


def board(*items: BoardItem) -> Board:
    return Board(
        plan="pl",
        title="Plan",
        as_at=datetime(2010, 1, 15, 12, tzinfo=UTC),
        on=ON,
        historical=False,
        items=list(items),
        totals=totals(items),
    )


# 11.a names another theme and is overdue; 40.a names none
LATE = date(2009, 12, 1)
MIXED = board(
    item("11", "Leadership"),
    item("32", "Support for Children"),
    item("11.a", "Support for Children", parent="11", due=LATE),
    item("40", "Leadership"),
    item("40.a", "", parent="40"),
)


def test_a_milestone_is_grouped_and_counted_under_its_actions_theme() -> None:
    groups = by_theme(MIXED)
    assert [(g.name, [i.ref for i in g.items]) for g in groups] == [
        ("Leadership", ["11", "11.a", "40", "40.a"]),
        ("Support for Children", ["32"]),
    ]
    assert [(g.totals.items, g.totals.red, g.totals.overdue) for g in groups] == [
        (4, 1, 1),
        (1, 0, 0),
    ]
    assert sum(g.totals.items for g in groups) == MIXED.totals.items


def test_every_item_appears_once_in_theme_order() -> None:
    assert [i.ref for i in in_theme_order(MIXED)] == ["11", "11.a", "40", "40.a", "32"]


def test_a_shown_milestone_without_its_action_stays_in_its_actions_theme() -> None:
    shown = [i for i in MIXED.items if i.ref in ("32", "11.a")]
    groups = by_theme(MIXED, shown)
    assert [(g.name, [i.ref for i in g.items]) for g in groups] == [
        ("Support for Children", ["32"]),
        ("Leadership", ["11.a"]),
    ]


def test_an_action_without_a_theme_is_named_so() -> None:
    groups = by_theme(board(item("1", ""), item("1.a", "Legal", parent="1")))
    assert [(g.name, len(g.items)) for g in groups] == [("(no theme)", 2)]
