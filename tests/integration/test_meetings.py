"""Board meetings on real stores (an SQLite file and PostgreSQL): recorded as
facts of the plan, the trend rebuilt from the log with as-at, each item's
direction since the last meeting, and "what moved" since it by default."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from application.meetings import NoMeeting
from application.service import Tracker
from application.spreadsheet import read_plan_file
from domain.dates import end_of_day
from domain.errors import EffectiveDateOutOfBounds, InvalidDate
from domain.status import Status
from tests.conftest import Clock
from tests.plans import write

PLAN = "laming-2009"


def three_meetings(app: Tracker, clock: Clock, tmp_path: Path) -> None:
    """Imported on 1 Jul 2009; meetings on 20 Oct, 17 Nov 2009 and 5 Jan 2010,
    with changes between them (11.a slips into overdue, 32 goes red, 40 done)."""
    app.import_plan(PLAN, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    clock.set(end_of_day(date(2009, 10, 20)).replace(hour=17, minute=0))
    assert app.record_meeting(PLAN, date(2009, 10, 20), "Improvement Board", by="board-chair")
    clock.advance(days=7)
    app.change_status(PLAN, "32", Status.OFF_TRACK, by="health-commissioner", reason="no funding")
    clock.set(end_of_day(date(2009, 11, 17)).replace(hour=17, minute=0))
    app.record_meeting(PLAN, date(2009, 11, 17), "", by="board-chair")
    clock.advance(days=3)
    app.change_status(PLAN, "40", Status.COMPLETE, by="lscb-manager")
    clock.set(end_of_day(date(2010, 1, 5)).replace(hour=17, minute=0))
    app.record_meeting(PLAN, date(2010, 1, 5), "Improvement Board (January)", by="board-chair")
    clock.advance(days=30)


def test_the_trend_equals_the_boards_as_at_each_meeting_day(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    three_meetings(app, clock, tmp_path)
    trend = app.trend(PLAN)
    assert [p.date for p in trend.meetings] == [
        date(2009, 10, 20),
        date(2009, 11, 17),
        date(2010, 1, 5),
    ]
    assert trend.meetings[1].title == "Improvement Board"  # the default title
    for point in trend.meetings:
        assert point.totals == app.board(PLAN, as_at=end_of_day(point.date)).totals
    assert [p.totals.red for p in trend.meetings] == [
        0,
        1,
        4,
    ]  # 32 red; then 11, 11.a, 11.b overdue
    assert [p.totals.green for p in trend.meetings][-1] == 1  # 40 complete


def test_items_carry_their_rag_at_the_last_meeting_and_a_direction(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    three_meetings(app, clock, tmp_path)
    compared = app.compared_board(PLAN)
    assert compared.meeting is not None and compared.meeting.held_on == date(2010, 1, 5)
    assert compared.directions["11"].previous_rag == "red"  # overdue on 5 Jan already
    assert compared.directions["11"].direction == "same"
    as_at_nov = app.compared_board(PLAN, as_at=end_of_day(date(2009, 11, 30)))
    assert as_at_nov.meeting is not None and as_at_nov.meeting.held_on == date(2009, 11, 17)
    assert as_at_nov.directions["40"].direction == "better"  # grey -> green (complete)
    assert as_at_nov.words("40") == "Better since 17 Nov 2009"
    on_the_day = app.compared_board(PLAN, as_at=end_of_day(date(2009, 11, 17)))
    assert on_the_day.meeting is not None and on_the_day.meeting.held_on == date(2009, 10, 20)
    assert on_the_day.directions["32"].direction == "worse"  # grey -> red
    assert on_the_day.words("32") == "Worse since 20 Oct 2009"


def test_what_moved_defaults_to_since_the_last_meeting_and_says_who_and_why(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    three_meetings(app, clock, tmp_path)
    moved = app.what_moved(PLAN)
    assert moved.since == end_of_day(date(2010, 1, 5))  # the last meeting
    assert moved.meeting is not None and moved.meeting.title == "Improvement Board (January)"
    with pytest.raises(InvalidDate, match="is before since"):
        app.what_moved(PLAN, until=end_of_day(date(2009, 11, 30)))
    in_nov = app.what_moved(
        PLAN, since=end_of_day(date(2009, 10, 20)), until=end_of_day(date(2009, 11, 17))
    )
    red = next(g for g in in_nov.groups if g.key == "red_or_overdue")
    assert [(m.ref, m.by, m.reason) for m in red.moves] == [
        ("32", "health-commissioner", "no funding")
    ]
    completed = app.what_moved(
        PLAN, since=end_of_day(date(2009, 11, 17)), until=end_of_day(date(2009, 11, 30))
    )
    done = next(g for g in completed.groups if g.key == "completed").moves
    assert [(m.ref, m.who) for m in done] == [("40", "lscb-manager")]
    assert done[0].recorded_at is not None


def test_no_meeting_means_no_default_since_and_bad_dates_record_nothing(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    app.import_plan(PLAN, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    with pytest.raises(NoMeeting, match="no board meeting recorded"):
        app.what_moved(PLAN)
    before = app.recorder.max_notification_id()
    with pytest.raises(EffectiveDateOutOfBounds, match="after today"):
        app.record_meeting(PLAN, date(2009, 7, 2), by="board-chair")
    with pytest.raises(EffectiveDateOutOfBounds, match="before the plan was first recorded"):
        app.record_meeting(PLAN, date(2009, 6, 1), by="board-chair")
    assert app.recorder.max_notification_id() == before
    assert app.meetings(PLAN) == []
    assert app.compared_board(PLAN).meeting is None


def test_a_meeting_recorded_late_leaves_earlier_as_at_boards_as_they_were(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    app.import_plan(PLAN, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    clock.set(end_of_day(date(2009, 10, 27)).replace(hour=10))
    app.change_status(PLAN, "32", Status.OFF_TRACK, by="health-commissioner", reason="no funding")
    before = end_of_day(date(2009, 11, 20))
    seen = app.compared_board(PLAN, as_at=before)
    clock.set(end_of_day(date(2009, 12, 1)).replace(hour=10))
    app.record_meeting(PLAN, date(2009, 10, 20), "Improvement Board", by="board-chair")
    again = app.compared_board(PLAN, as_at=before)
    assert again == seen and again.meeting is None  # not known on 20 Nov
    assert app.trend(PLAN, as_at=before).meetings == []
    now = app.compared_board(PLAN)
    assert now.meeting is not None and now.directions["32"].direction == "worse"
    assert [p.date for p in app.trend(PLAN).meetings] == [date(2009, 10, 20)]
