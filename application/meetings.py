"""Recording a plan's board meetings, listing them, and "since the last meeting".

Why a module of its own: the meetings are read often (every board compares
with the last one, every "what moved" starts from it), and loading the plan
replays its whole stream, an event per ref. The meeting events are few; the
store finds them by the plan's stream (indexed) and their topic, as
``plan_settings`` does for the reminder settings.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.clock import Clock
from application.command_template import TurnTaker
from application.persistence import Stores
from domain.dates import end_of_day, london_date
from domain.errors import TrackerError, UnknownPlan
from domain.meetings import Meeting, last_on_or_before
from domain.plan import Plan, plan_id
from store.dialect import datastore_of
from store.log_tables import events_table, marker, state_bytes, stream_key

_CREATED = get_topic(Plan.PlanCreated)
_MEETING = get_topic(Plan.MeetingRecorded)


class NoMeeting(TrackerError):
    """A comparison "since the last meeting" for a plan with none recorded."""


class MeetingReader(Stores, Protocol):
    """What reading a plan's meetings needs of the application service."""

    @property
    def clock(self) -> Clock: ...


class MeetingWriter(MeetingReader, Protocol):
    """What recording a meeting needs of it."""

    @property
    def turns(self) -> TurnTaker: ...

    def plan(self, plan: str) -> Plan: ...

    def save(self, *objs: object) -> object: ...


def record_meeting(
    tracker: MeetingWriter, plan: str, held_on: date, title: str, *, by: str
) -> bool:
    """Record that the plan's board met on ``held_on``; False if that meeting
    is recorded already. In the writer turn: the clock is read, the plan
    decided and saved with no writer in between."""
    with tracker.turns.turn():
        current = tracker.plan(plan)
        changed = current.record_meeting(held_on, title, by=by, at=tracker.clock.now())
        tracker.save(current)
    return changed


def meetings(tracker: Stores, plan: str) -> list[Meeting]:
    """The plan's meetings, oldest first (UnknownPlan if there is no plan)."""
    recorder = tracker.recorder
    stream = plan_id(plan)
    m = marker(recorder)
    with datastore_of(recorder).transaction(commit=False) as cursor:
        cursor.execute(
            f"SELECT originator_version, topic, state FROM {events_table(recorder)} "
            f"WHERE originator_id = {m} AND topic IN ({m}, {m}) ORDER BY originator_version",
            (stream_key(recorder, stream), _CREATED, _MEETING),
        )
        rows = cursor.fetchall()
    if not rows:
        raise UnknownPlan(f"there is no plan '{plan}'")
    found = []
    for row in rows:
        if row["topic"] == _MEETING:
            event = tracker.mapper.to_domain_event(
                StoredEvent(
                    stream, int(row["originator_version"]), row["topic"], state_bytes(row["state"])
                )
            )
            assert isinstance(event, Plan.MeetingRecorded)
            found.append(
                Meeting(
                    held_on=event.held_on,
                    title=event.title,
                    by=event.by,
                    recorded_at=event.timestamp,
                )
            )
    return sorted(found, key=lambda meeting: meeting.held_on)


def last_meeting(tracker: MeetingReader, plan: str, today: date | None = None) -> Meeting:
    """The last meeting held on or before ``today`` (default: the clock's
    London day); NoMeeting, saying what to do, if there is none."""
    day = today or london_date(tracker.clock.now())
    found = last_on_or_before(meetings(tracker, plan), day)
    if found is None:
        raise NoMeeting(
            f"plan {plan} has no board meeting recorded: give --since DATE, or record "
            f"the meeting first (tracker meeting {plan} DATE --by WHO)"
        )
    return found


def since_last_meeting(tracker: MeetingReader, plan: str) -> tuple[Meeting, datetime]:
    """The last meeting, and the instant "since" it means: the end of its day."""
    meeting = last_meeting(tracker, plan)
    return meeting, end_of_day(meeting.held_on)
