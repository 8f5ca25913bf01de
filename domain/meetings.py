"""Board meetings, as facts of a plan, and how a board compares an item with
where it stood at the last one.

A board reads "what moved since we last met": the meeting's date is the
default "since" of every comparison, and each item's RAG now is set beside its
RAG as at the end of the last meeting day, with a direction in words. The
ranking that says which way is better is the board's: red < amber < grey <
green < blue (grey is "not started, deferred or withdrawn": better than at
risk, not yet in progress).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.errors import EffectiveDateOutOfBounds, TextRequired
from domain.text_limits import LIMITS, visible

DEFAULT_TITLE = "Improvement Board"
RAG_RANK = {"red": 0, "amber": 1, "grey": 2, "green": 3, "blue": 4}
Direction = Literal["better", "worse", "same", "new"]


class Meeting(BaseModel):
    """One meeting: the day it was held, its title, who recorded it and when
    (a board as at an earlier instant does not know of it yet)."""

    model_config = ConfigDict(frozen=True)

    held_on: date
    title: str
    by: str
    recorded_at: datetime


def _uk(day: date) -> str:
    return day.strftime("%-d %b %Y")


def check_meeting(
    held_on: date,
    title: str,
    meetings: Sequence[Meeting],
    *,
    first_on: date,
    today: date,
) -> str | None:
    """The meeting's title, cleaned, if it is new; None if it is recorded
    already. Refuses a day after ``today``, a day before the plan was first
    recorded (``first_on``: there was no board to read then), a title that is
    too long or shows nothing, and a second meeting on a day already held."""
    title = " ".join(title.split()) or DEFAULT_TITLE
    if not visible(title):
        raise TextRequired("the meeting's title shows no text: give a title or leave it out")
    if len(title) > LIMITS["title"]:
        raise TextRequired(f"the meeting's title is longer than {LIMITS['title']} characters")
    if held_on > today:
        raise EffectiveDateOutOfBounds(
            f"the meeting date {_uk(held_on)} is after today ({_uk(today)}): "
            "record a meeting once it has been held"
        )
    if held_on < first_on:
        raise EffectiveDateOutOfBounds(
            f"the meeting date {_uk(held_on)} is before the plan was first recorded "
            f"({_uk(first_on)}): there was no board to read then"
        )
    for meeting in meetings:
        if meeting.held_on == held_on:
            if meeting.title == title:
                return None
            raise EffectiveDateOutOfBounds(
                f"a meeting on {_uk(held_on)} is already recorded ({meeting.title}): "
                "one meeting a day"
            )
    return title


def last_before(meetings: Sequence[Meeting], day: date) -> Meeting | None:
    """The last meeting held before ``day`` (the board of ``day`` looks back to it)."""
    earlier = [meeting for meeting in meetings if meeting.held_on < day]
    return max(earlier, key=lambda m: m.held_on) if earlier else None


def last_on_or_before(meetings: Sequence[Meeting], day: date) -> Meeting | None:
    """The last meeting held on or before ``day`` ("since the last meeting")."""
    return last_before(meetings, day + timedelta(days=1))


def known_at(meetings: Sequence[Meeting], instant: datetime) -> list[Meeting]:
    """The meetings recorded by ``instant``: what a board as at then knew."""
    return [meeting for meeting in meetings if meeting.recorded_at <= instant]


def direction(previous_rag: str | None, rag: str) -> Direction:
    """Which way an item moved since the last meeting: ``new`` when it was not
    on the board then."""
    if previous_rag is None:
        return "new"
    now, then = RAG_RANK[rag], RAG_RANK[previous_rag]
    return "better" if now > then else "worse" if now < then else "same"
