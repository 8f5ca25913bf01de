"""The board by theme: the one grouping the CLI, the web board and the board
pack all show. A theme groups actions (DOMAIN.md), so a milestone stays with
its action and counts in its action's theme, whatever its own theme says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from projections.board import Board, BoardItem, Totals, totals

NO_THEME = "(no theme)"


@dataclass(frozen=True)
class ThemeGroup:
    """One theme: its actions, each followed by its milestones, and their totals."""

    name: str
    items: list[BoardItem]
    totals: Totals


def grouping_theme(board: Board) -> dict[str, str]:
    """Each item's theme as the board groups it: a milestone takes its action's."""
    actions = {item.ref: item.theme for item in board.items if item.kind == "action"}
    return {
        item.ref: actions.get(item.parent, item.theme) if item.parent else item.theme
        for item in board.items
    }


def by_theme(board: Board, shown: Iterable[BoardItem] | None = None) -> list[ThemeGroup]:
    """The board's items (or those of them ``shown``, e.g. after filtering) by
    theme, themes in the order the plan first uses them. A milestone whose action
    is not shown still comes under its action's theme, after that theme's actions."""
    items = board.items if shown is None else list(shown)
    theme_of = grouping_theme(board)
    refs = {item.ref for item in items}
    children: dict[str, list[BoardItem]] = {}
    for item in items:
        if item.parent is not None and item.parent in refs:
            children.setdefault(item.parent, []).append(item)
    rows: dict[str, list[BoardItem]] = {}
    for item in items:
        if item.parent is None:
            rows.setdefault(theme_of[item.ref], []).extend([item, *children.get(item.ref, [])])
    for item in items:  # milestones whose action is not shown
        if item.parent is not None and item.parent not in refs:
            rows.setdefault(theme_of[item.ref], []).append(item)
    return [
        ThemeGroup(name=theme or NO_THEME, items=group, totals=totals(group))
        for theme, group in rows.items()
    ]


def in_theme_order(board: Board) -> list[BoardItem]:
    """Every item of the board, theme by theme, each action then its milestones."""
    return [item for group in by_theme(board) for item in group.items]
