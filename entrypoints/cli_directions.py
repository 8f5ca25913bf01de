"""The board beside the last meeting, as ``tracker board`` shows it: each
item's RAG then and its direction in ``--json``, and a column in words."""

from __future__ import annotations

from typing import Any

from entrypoints.cli_tables import board_json
from projections.trend import ARROWS, WORDS, ComparedBoard


def compared_json(compared: ComparedBoard) -> dict[str, Any]:
    """``board --json``: every item with ``previous_rag`` and ``direction``, and
    the meeting they are judged from (``null`` if none before the board's day)."""
    data = board_json(compared.board)
    for item in data["items"]:
        moved = compared.directions[item["ref"]]
        item["previous_rag"], item["direction"] = moved.previous_rag, moved.direction
    meeting = compared.meeting
    data["meeting"] = (
        {"date": meeting.held_on.isoformat(), "title": meeting.title} if meeting else None
    )
    return data


def directions_column(compared: ComparedBoard) -> tuple[str, dict[str, str]] | None:
    """The column "since 5 Jan 2010" with "↓ worse (was amber)" per item; None
    when no meeting came before the board's day."""
    if compared.meeting is None:
        return None
    cells = {}
    for ref, moved in compared.directions.items():
        text = f"{ARROWS[moved.direction]} {WORDS[moved.direction].lower()}"
        if moved.direction in ("better", "worse"):
            text += f" (was {moved.previous_rag})"
        cells[ref] = text
    return f"since {compared.meeting.held_on:%-d %b %Y}", cells
