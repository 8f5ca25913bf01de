"""Board meetings in the domain: the ranking that gives a direction, which
meeting "since" and "the last meeting" mean, and the rules for recording one."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import EffectiveDateOutOfBounds, TextRequired
from domain.meetings import Meeting, direction, last_before, last_on_or_before
from domain.plan import Plan
from projections.trend import ComparedBoard

RANKED = ["red", "amber", "grey", "green", "blue"]


@pytest.mark.parametrize("lower", range(len(RANKED)))
def test_directions_follow_red_amber_grey_green_blue(lower: int) -> None:
    for higher in range(lower + 1, len(RANKED)):
        assert direction(RANKED[lower], RANKED[higher]) == "better"
        assert direction(RANKED[higher], RANKED[lower]) == "worse"
    assert direction(RANKED[lower], RANKED[lower]) == "same"
    assert direction(None, RANKED[lower]) == "new"


def meeting(day: str, title: str = "Improvement Board") -> Meeting:
    held_on = date.fromisoformat(day)
    at = datetime(held_on.year, held_on.month, held_on.day, 17, tzinfo=UTC)
    return Meeting(held_on=held_on, title=title, by="board-chair", recorded_at=at)


MEETINGS = [meeting("2009-11-17"), meeting("2010-01-19"), meeting("2010-03-16")]


def test_the_board_of_a_day_looks_back_to_the_meeting_before_it() -> None:
    assert last_before(MEETINGS, date(2010, 1, 19)) == MEETINGS[0]  # not that day's own
    assert last_before(MEETINGS, date(2010, 1, 20)) == MEETINGS[1]
    assert last_before(MEETINGS, date(2009, 11, 17)) is None


def test_since_the_last_meeting_includes_a_meeting_held_today() -> None:
    assert last_on_or_before(MEETINGS, date(2010, 1, 19)) == MEETINGS[1]
    assert last_on_or_before(MEETINGS, date(2099, 1, 1)) == MEETINGS[2]
    assert last_on_or_before(MEETINGS, date(2009, 11, 16)) is None


def plan() -> Plan:
    at = datetime(2009, 7, 1, 9, tzinfo=UTC)
    return Plan.create("pl", title="P", organisation="", by="pmo", at=at, effective_on=at.date())


def test_a_meeting_is_recorded_once_held_after_the_plan_and_once_a_day() -> None:
    p = plan()
    at = datetime(2010, 2, 5, 17, tzinfo=UTC)
    assert p.record_meeting(date(2010, 2, 5), "  Improvement   Board ", by="chair", at=at)
    assert p.meetings == [
        Meeting(held_on=date(2010, 2, 5), title="Improvement Board", by="chair", recorded_at=at)
    ]
    assert not p.record_meeting(date(2010, 2, 5), "Improvement Board", by="chair", at=at)
    with pytest.raises(EffectiveDateOutOfBounds, match="already recorded"):
        p.record_meeting(date(2010, 2, 5), "Scrutiny", by="chair", at=at)
    with pytest.raises(EffectiveDateOutOfBounds, match="after today"):
        p.record_meeting(date(2010, 2, 6), "", by="chair", at=at)
    with pytest.raises(EffectiveDateOutOfBounds, match="before the plan was first recorded"):
        p.record_meeting(date(2009, 6, 30), "", by="chair", at=at)
    with pytest.raises(TextRequired, match="longer than 300"):
        p.record_meeting(date(2010, 1, 5), "x" * 301, by="chair", at=at)
    assert p.record_meeting(date(2010, 1, 5), "", by="chair", at=at)  # the default title
    assert [(m.held_on.day, m.title) for m in p.meetings] == [
        (5, "Improvement Board"),
        (5, "Improvement Board"),
    ]
    assert [m.held_on.month for m in p.meetings] == [1, 2]  # kept in date order
    assert len(list(p.collect_events())) == 3  # created, and the two meetings


def test_a_board_with_no_earlier_meeting_says_no_direction_in_words() -> None:
    from projections.board import make_board

    board = make_board(
        "pl", "P", [], as_at=datetime(2010, 1, 1, tzinfo=UTC), on=date(2010, 1, 1), historical=False
    )
    assert ComparedBoard(board=board, meeting=None, directions={}).words("11") == ""
