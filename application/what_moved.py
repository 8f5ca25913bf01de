"""What moved between two instants, explained (who, when, why) and grouped as
a board reads it; "since" defaults to the end of the last meeting's day.

Why apart from ``Tracker.changes``: the explanation reads the plan's history
(every event of its streams), which the plain comparison does not need.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from application.directory import Directory
from application.meetings import MeetingReader, since_last_meeting
from application.people import staff_label
from domain.dates import LONDON
from domain.errors import InvalidDate
from domain.meetings import Meeting
from projections.board import Board
from projections.changes import Changes
from projections.explain import explain, in_window


class Explainer(MeetingReader, Protocol):
    """What explaining the changes needs of the application service."""

    directory: Directory

    def board(self, plan: str, *, as_at: datetime | None = None) -> Board: ...

    def changes(
        self,
        plan: str,
        *,
        since: datetime,
        until: datetime | None = None,
        after: Board | None = None,
    ) -> Changes: ...

    def history(self, plan: str, ref: str | None = None) -> list[dict[str, Any]]: ...


def what_moved(
    tracker: Explainer,
    plan: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> Changes:
    """The changes in (since, until], each with who made it, when and why.
    Without ``since``: since the last meeting (NoMeeting if none is recorded)."""
    meeting: Meeting | None = None
    if since is None:
        meeting, since = since_last_meeting(tracker, plan)
    end = until or tracker.clock.now()
    if end < since:
        raise InvalidDate(
            f"until ({_uk(end)}) is before since ({_uk(since)}): what moved runs forward in time"
        )
    after = tracker.board(plan, as_at=end)
    changes = tracker.changes(plan, since=since, until=end, after=after)
    rows = in_window(tracker.history(plan), changes.since, changes.until)
    explained = explain(changes, after, rows, name_of(tracker))
    return explained.model_copy(update={"meeting": meeting})


def _uk(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%-d %b %Y %H:%M")


def name_of(tracker: Explainer) -> Callable[[str], str]:
    """A staff key as people read it: "Name, Job title (key)" from the staff
    directory, or the key marked if the person's details were erased."""
    erased = tracker.directory.erased()
    people = tracker.directory.people()
    return lambda key: f"{key} (erased)" if key in erased else staff_label(key, people)
