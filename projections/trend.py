"""What a board compares with its last meeting: each item's RAG then beside
its RAG now (with the direction in words), and the plan's RAG totals at each
meeting, oldest first (the trend). Built from boards as at the end of each
meeting day, so the past is what was recorded by then and never changes.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from domain.meetings import Direction, Meeting, direction
from projections.board import Board, Totals

WORDS: dict[Direction, str] = {
    "better": "Better",
    "worse": "Worse",
    "same": "No change",
    "new": "New",
}
ARROWS: dict[Direction, str] = {"better": "↑", "worse": "↓", "same": "→", "new": "+"}


class ItemDirection(BaseModel):
    previous_rag: str | None
    direction: Direction


class ComparedBoard(BaseModel):
    """A board, the meeting it looks back to (None: no earlier meeting) and
    each item's direction since then, by ref."""

    board: Board
    meeting: Meeting | None
    directions: dict[str, ItemDirection]

    def words(self, ref: str) -> str:
        """ "Worse since 5 Feb 2010", "New since ...", "" without a meeting."""
        if self.meeting is None:
            return ""
        found = self.directions[ref].direction
        return f"{WORDS[found]} since {self.meeting.held_on:%-d %b %Y}"


def compare_with(previous: Board | None, board: Board, meeting: Meeting | None) -> ComparedBoard:
    """Each item of ``board`` beside its RAG on ``previous`` (the board as at
    the end of ``meeting``'s day)."""
    then = {item.ref: item.rag for item in previous.items} if previous else {}
    return ComparedBoard(
        board=board,
        meeting=meeting,
        directions={
            item.ref: ItemDirection(
                previous_rag=then.get(item.ref), direction=direction(then.get(item.ref), item.rag)
            )
            for item in board.items
        },
    )


class TrendPoint(BaseModel):
    date: date
    title: str
    totals: Totals


class Trend(BaseModel):
    plan: str
    meetings: list[TrendPoint]


def trend(plan: str, boards: list[tuple[Meeting, Board | None]]) -> Trend:
    """The totals of each meeting's board (None: the plan was not recorded yet)."""
    return Trend(
        plan=plan,
        meetings=[
            TrendPoint(
                date=meeting.held_on,
                title=meeting.title,
                totals=board.totals if board else Totals(),
            )
            for meeting, board in boards
        ],
    )
