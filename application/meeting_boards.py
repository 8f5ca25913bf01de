"""The board beside the last meeting, and the trend over the meetings: boards
as at the end of meeting days (London time), read through the tracker's as-at.

Why apart from the board itself: most readers of a board (exports, reminders,
the plans list) need no comparison, and a comparison costs a second board.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.meetings import meetings
from application.persistence import Stores
from domain.dates import end_of_day
from domain.errors import UnknownPlan
from domain.meetings import known_at, last_before
from projections.board import Board
from projections.trend import ComparedBoard, Trend, compare_with, trend


class BoardReader(Stores, Protocol):
    """What comparing boards needs of the application service."""

    def board(self, plan: str, *, as_at: datetime | None = None) -> Board: ...


def compared_board(
    tracker: BoardReader, plan: str, as_at: datetime | None = None, board: Board | None = None
) -> ComparedBoard:
    """The board (now, or as at ``as_at``; or ``board``, already read) with each
    item's RAG as at the end of the last meeting day before the board's day,
    and its direction."""
    board = board or tracker.board(plan, as_at=as_at)
    held = meetings(tracker, plan)
    if board.historical:  # as at then: only the meetings recorded by then
        held = known_at(held, board.as_at)
    meeting = last_before(held, board.on)
    previous = _board_at(tracker, plan, end_of_day(meeting.held_on)) if meeting else None
    return compare_with(previous, board, meeting)


def meeting_trend(tracker: BoardReader, plan: str, as_at: datetime | None = None) -> Trend:
    """RAG totals as at the end of each meeting day, oldest first; with
    ``as_at``, of the meetings held and recorded by then."""
    held = meetings(tracker, plan)
    if as_at is not None:
        held = [m for m in known_at(held, as_at) if end_of_day(m.held_on) <= as_at]
    return trend(plan, [(m, _board_at(tracker, plan, end_of_day(m.held_on))) for m in held])


def _board_at(tracker: BoardReader, plan: str, instant: datetime) -> Board | None:
    try:
        return tracker.board(plan, as_at=instant)
    except UnknownPlan:  # not recorded yet then: nothing on the board
        return None
