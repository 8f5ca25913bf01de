"""The item-command template, one race at a time, on SQLite and PostgreSQL.

Another writer that does not take turns (as an import does not) stores
something at the worst moment: after our command read the clock, before it
saved. A change to another item of the same action, or a later instant, is
no conflict: the command is done again, and counted. A change to the same
item is: the refusal names it, and nothing of ours is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from eventsourcing.application import Application

from application.service import ConcurrentChange, Tracker
from application.settings import Settings
from application.spreadsheet import check_rows
from domain.errors import ClockWentBackwards
from domain.status import Status
from entrypoints.bootstrap import bootstrap

PLAN = "pl"
START = datetime(2010, 1, 5, 14, 3, 7, tzinfo=UTC)


class Interrupting:
    """A clock that moves 10 ms a reading and, once armed, lets another writer
    act just before it answers (so after the command's load and turn began)."""

    def __init__(self) -> None:
        self.instant = START
        self.armed: Callable[[], None] | None = None

    def now(self) -> datetime:
        self.instant += timedelta(milliseconds=10)
        if self.armed is not None:
            act, self.armed = self.armed, None
            act()
        return self.instant


@pytest.fixture
def apps(store_url: str) -> Iterator[tuple[Tracker, Tracker, Interrupting]]:
    clock = Interrupting()
    ours = bootstrap(Settings(db=store_url), clock=clock)
    theirs = bootstrap(Settings(db=store_url), clock=clock)
    sheet: list[list[object]] = [["ref", "parent", "title", "due", "owner", "status"]]
    sheet += [["1", "", "Action", "2009-12-31", "o", "on_track"]]
    sheet += [["1.a", "1", "Milestone", "2009-12-31", "o", "on_track"]]
    sheet += [["2", "", "Another action", "2009-12-31", "o", "on_track"]]
    ours.import_plan(PLAN, check_rows("plan.csv", sheet), by="pmo", source="plan.csv")
    yield ours, theirs, clock
    ours.close()
    theirs.close()


def out_of_turn(app: Tracker, ref: str, status: Status, *, later: timedelta) -> Callable[[], None]:
    """Another writer's status change, stored without taking a turn, recorded
    ``later`` than the reading our command is about to get."""

    def act() -> None:
        action = app.action_holding(PLAN, ref)
        at = app.clock.now() + later
        action.change_status(ref, status, by="hos-cf", at=at, effective_on=at.date())
        Application.save(app, action)  # the library's save: no turn, no retry

    return act


def kinds(app: Tracker) -> list[str]:
    return [n.topic.rsplit(".", 1)[-1] for n in app.recorder.select_notifications(1, 1000)]


def recorded(app: Tracker) -> list[tuple[str, str, str]]:
    log = app.recorder.select_notifications(start=1, limit=1000)
    states = [json.loads(n.state) for n in log if n.topic.endswith("StatusChanged")]
    return [(s["ref"], s["new"], s["by"]) for s in states]


def test_a_change_to_another_item_of_the_action_is_no_conflict(
    apps: tuple[Tracker, Tracker, Interrupting],
) -> None:
    ours, theirs, clock = apps
    clock.armed = out_of_turn(theirs, "1", Status.AT_RISK, later=-timedelta(milliseconds=5))
    assert ours.change_status(PLAN, "1.a", Status.OFF_TRACK, by="me")
    assert recorded(ours) == [("1", "at_risk", "hos-cf"), ("1.a", "off_track", "me")]
    assert (ours.retries.other_item, ours.retries.late_instant) == (1, 0)


def test_a_later_instant_stored_first_is_no_conflict_and_time_never_goes_back(
    apps: tuple[Tracker, Tracker, Interrupting],
) -> None:
    ours, theirs, clock = apps
    clock.armed = out_of_turn(theirs, "2", Status.AT_RISK, later=timedelta(milliseconds=5))
    assert ours.change_status(PLAN, "1", Status.OFF_TRACK, by="me")
    assert (ours.retries.late_instant, ours.retries.other_item) == (1, 0)
    assert recorded(ours) == [("2", "at_risk", "hos-cf"), ("1", "off_track", "me")]
    log = ours.recorder.select_notifications(start=1, limit=1000)
    times = [datetime.fromisoformat(json.loads(n.state)["timestamp"]) for n in log]
    assert times == sorted(times)


def test_a_change_to_the_same_item_is_refused_naming_the_change_that_won(
    apps: tuple[Tracker, Tracker, Interrupting],
) -> None:
    ours, theirs, clock = apps
    clock.armed = out_of_turn(theirs, "1.a", Status.AT_RISK, later=-timedelta(milliseconds=5))
    with pytest.raises(ConcurrentChange) as refused:
        ours.change_status(PLAN, "1.a", Status.OFF_TRACK, by="me")
    assert "hos-cf changed its status from on track to at risk at 14:03:07 on 5 Jan 2010" in str(
        refused.value
    )
    assert recorded(ours) == [("1.a", "at_risk", "hos-cf")]  # theirs only


@pytest.mark.parametrize("command", ["comment", "evidence"])
def test_notes_never_conflict_even_on_the_same_item(
    apps: tuple[Tracker, Tracker, Interrupting], command: str
) -> None:
    ours, theirs, clock = apps
    clock.armed = out_of_turn(theirs, "1.a", Status.AT_RISK, later=-timedelta(milliseconds=5))
    if command == "comment":
        assert ours.add_comment(PLAN, "1.a", "minutes circulated", by="me")
    else:
        assert ours.add_evidence(PLAN, "1.a", "minutes of 4 Jan", by="me")
    added = "CommentAdded" if command == "comment" else "EvidenceAdded"
    assert kinds(ours)[-2:] == ["StatusChanged", added]
    assert ours.retries.other_item == 1


def test_the_scheduler_decides_again_on_what_was_stored_meanwhile(
    apps: tuple[Tracker, Tracker, Interrupting],
) -> None:
    ours, theirs, clock = apps
    clock.armed = out_of_turn(theirs, "1.a", Status.COMPLETE, later=-timedelta(milliseconds=5))
    assert ours.flag_overdue(PLAN, "1.a", today=date(2010, 1, 5), at=START) is False
    assert kinds(ours)[-1] == "StatusChanged" and "ItemFlaggedOverdue" not in kinds(ours)
    assert ours.retries.other_item == 1
    assert ours.flag_overdue(PLAN, "1", today=date(2010, 1, 5), at=START) is True  # still open


def test_a_clock_set_wrongly_is_refused_at_once_not_retried(
    apps: tuple[Tracker, Tracker, Interrupting],
) -> None:
    ours, theirs, clock = apps
    clock.armed = out_of_turn(theirs, "2", Status.AT_RISK, later=timedelta(minutes=5))
    with pytest.raises(ClockWentBackwards, match="never goes back in time"):
        ours.change_status(PLAN, "1.a", Status.OFF_TRACK, by="me")
    assert ours.retries.late_instant == 0
    assert recorded(ours) == [("2", "at_risk", "hos-cf")]
