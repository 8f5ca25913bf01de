"""A plan's settings (reminders here; governance in ``application.governance``),
read from its settings events alone.

Why: loading the plan replays its whole stream, which holds an event for every
ref the plan has registered (hundreds), and the daily scan asks for every
plan's settings. The settings events are few; the store finds them by the
plan's stream (indexed) and their topic.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.persistence import Stores
from domain.errors import UnknownPlan
from domain.plan import Plan, plan_id
from domain.reminders import ReminderPolicy
from store.database import Database
from store.log_tables import events_table, marker, state_bytes, stream_key

_CREATED = get_topic(Plan.PlanCreated)
_SETTINGS = (get_topic(Plan.BoardContactsSet), get_topic(Plan.RemindersConfigured))


def reminder_settings(tracker: Stores, plan: str) -> tuple[ReminderPolicy, list[str]]:
    """The plan's reminder policy and board contacts, as its events left them."""
    events = settings_events(tracker, plan, _SETTINGS)
    if events is None:
        raise UnknownPlan(f"there is no plan '{plan}'")
    settings = SimpleNamespace(policy=ReminderPolicy(), contacts=[])
    for event in events:  # each sets its field whole: the last one stands
        event.apply(settings)
    return settings.policy, list(settings.contacts)


def settings_events(tracker: Stores, plan: str, topics: Sequence[str]) -> list[Any] | None:
    """The plan's events of these topics, oldest first; None if there is no plan."""
    recorder = tracker.recorder
    stream = plan_id(plan)
    m = marker(recorder)
    rows = Database.for_recorder(recorder).read(  # on PostgreSQL one round trip
        f"SELECT originator_version, topic, state FROM {events_table(recorder)} "
        f"WHERE originator_id = {m} AND topic IN ({', '.join([m] * (len(topics) + 1))}) "
        "ORDER BY originator_version",
        (stream_key(recorder, stream), _CREATED, *topics),
    )
    if not rows:
        return None
    return [
        tracker.mapper.to_domain_event(
            StoredEvent(
                stream, int(row["originator_version"]), row["topic"], state_bytes(row["state"])
            )
        )
        for row in rows
        if row["topic"] in topics
    ]
