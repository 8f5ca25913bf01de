"""How the reading commands lay out items: the board's table (by theme, as
projections/themes.py groups it, with each theme's totals), dates as the tracker shows them,
and an item or a board as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from application.people import Person, staff_label
from domain.approvals import request_words
from domain.dates import LONDON
from projections.board import Board, BoardItem
from projections.overdue_rows import OverdueItem
from projections.themes import ThemeGroup

RAG_STYLE = {"red": "bold red", "amber": "yellow", "green": "green", "blue": "blue", "grey": "dim"}


def theme_rows(groups: Sequence[ThemeGroup]) -> tuple[list[BoardItem], list[str]]:
    """The board's rows in theme order, and each row's theme heading with the
    theme's totals (the same grouping and totals as the web board and the pack)."""
    rows = [item for group in groups for item in group.items]
    headings = [
        f"{group.name} ({group.totals.items} items, {group.totals.red} red)"
        for group in groups
        for _ in group.items
    ]
    return rows, headings


def board_json(board: Board) -> dict[str, Any]:
    data = board.model_dump(mode="json")
    data["as_at"] = board.as_at.isoformat()
    return data


def local(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%d %b %Y %H:%M")


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def item_table(
    console: Console,
    items: Sequence[BoardItem | OverdueItem],
    *,
    headings: Sequence[str] | None = None,
    plans: Sequence[str] | None = None,
    people: Mapping[str, Person] | None = None,
    moved: tuple[str, Mapping[str, str]] | None = None,
) -> None:
    """``people``: the staff directory's names, to show owners by name;
    ``moved``: a column heading and each ref's direction in words."""
    table = Table(show_lines=False)
    columns = (["plan"] if plans else []) + [
        "ref",
        "title",
        "owner",
        "status",
        "RAG",
        *([moved[0]] if moved else []),
        "due",
        "late by",
    ]
    for name in columns:
        table.add_column(
            name,
            overflow="fold",
            ratio=4 if name == "title" else None,
            no_wrap=name in ("ref", "due", "RAG", "late by"),
        )
    theme = None
    for index, item in enumerate(items):
        if headings and headings[index] != theme:
            theme = headings[index]
            blanks = [""] * (len(columns) - 2 - bool(plans))
            table.add_row(*([""] if plans else []), "", f"[bold]{theme}[/]", *blanks)
        due = _uk(item.due) + (
            f" (was {_uk(item.original_due)})" if item.due != item.original_due else ""
        )
        indent = "  " if item.kind == "milestone" else ""
        table.add_row(
            *([plans[index]] if plans else []),
            indent + item.ref,
            indent + item.title,
            escape(staff_label(item.owner, people or {})),
            item.status.value.replace("_", " ") + _pending(item),
            f"[{RAG_STYLE[item.rag]}]{item.rag}[/]",
            *([moved[1].get(item.ref, "")] if moved else []),
            due,
            _days(item.days_overdue) if item.overdue else "",
        )
    console.print(table)


def _pending(item: BoardItem | OverdueItem) -> str:
    """A request waiting for a chair, after the status: "; revision requested to ..."."""
    waiting = item.pending
    if waiting is None:
        return ""
    if isinstance(waiting, dict):  # an overdue line holds it as JSON
        due = waiting.get("due")
        return "; " + request_words(str(waiting["kind"]), date.fromisoformat(due) if due else None)
    return "; " + request_words(waiting.kind, waiting.due)


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"
