"""What a user's calendar feed holds, and an item's single-entry calendar.

Why: officers live in Outlook. A subscribed feed shows the deadlines of the
open items a user owns (their staff key is their user name) in every current
plan, and the board meetings of those plans, kept up to date without a
reminder email. The entries are ``application.calendar_entries``' ones, so a
deadline from an email and from the feed is the same entry to Outlook.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from application.calendar_entries import Deadline, calendar_bytes, deadline_event, meeting_event
from domain.errors import UnknownItem
from projections.board import Board, BoardItem

if TYPE_CHECKING:
    from application.service import Tracker

FEED_NAME = "Improvement plan deadlines"


def plan_meetings(tracker: Tracker, plan: str) -> list[tuple[date, str]]:
    """HOOK for board meetings: the plan's meetings as (day, title), for the
    feeds of the plan's owners. Empty: main has no meeting event yet. When the
    ``meetings`` branch (``Plan.MeetingRecorded``, ``Tracker.meetings``) is
    merged, this becomes
    ``return [(m.held_on, m.title) for m in tracker.meetings(plan)]``."""
    return []


def feed(tracker: Tracker, user: str, *, base_url: str) -> bytes:
    """The feed of ``user``: their open items' deadlines and their plans' meetings."""
    now = tracker.clock.now()
    events = []
    for board in tracker.boards():
        owned = [item for item in board.items if item.owner == user]
        if not owned:
            continue
        revised = tracker.due_revisions(board.plan)
        for item in owned:
            if item.status.is_open:
                entry = deadline(board, item, revised.get(item.ref, 0), base_url)
                events.append(deadline_event(entry, stamp=now))
        for day, title in plan_meetings(tracker, board.plan):
            events.append(meeting_event(board.plan, board.title, day, title, stamp=now))
    return calendar_bytes(events, name=FEED_NAME)


def item_calendar(tracker: Tracker, plan: str, ref: str, *, base_url: str) -> bytes:
    """One item's deadline as a calendar of one entry ("add to calendar")."""
    board = tracker.board(plan)
    item = next((i for i in board.items if i.ref == ref), None)
    if item is None:
        raise UnknownItem(f"there is no item {ref} in plan {plan}")
    entry = deadline(board, item, tracker.due_revisions(plan).get(ref, 0), base_url)
    return calendar_bytes([deadline_event(entry, stamp=tracker.clock.now())])


def deadline(board: Board, item: BoardItem, revisions: int, base_url: str) -> Deadline:
    return Deadline(
        plan=board.plan,
        plan_title=board.title,
        ref=item.ref,
        title=item.title,
        due=item.due,
        original_due=item.original_due,
        status=item.status.value,
        rag=item.rag,
        revisions=revisions,
        url=f"{base_url.rstrip('/')}/plans/{board.plan}/items/{item.ref}",
    )
