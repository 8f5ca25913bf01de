"""The plan's events are stored under the topics of classes nested in
``Plan``; moving their definitions to ``domain.plan_events`` kept them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from eventsourcing.utils import get_topic, resolve_topic

from domain import plan_events
from domain.plan import Plan
from domain.plan_events import PlanEvent

NAMES = [
    "PlanCreated",
    "PlanRetitled",
    "RefRegistered",
    "BoardContactsSet",
    "RemindersConfigured",
    "SpreadsheetImported",
    "IndicatorRegistered",
    "PlanArchived",
    "PlanUnarchived",
    "MeetingRecorded",
]


def test_every_event_keeps_the_topic_it_was_stored_under() -> None:
    assert get_topic(Plan.Event) == "domain.plan:Plan.Event"
    for name in NAMES:
        cls = getattr(plan_events, name)
        assert get_topic(cls) == f"domain.plan:Plan.{name}"
        assert resolve_topic(f"domain.plan:Plan.{name}") is cls


def test_every_event_of_the_module_is_held_by_plan() -> None:
    defined = {
        name
        for name, value in vars(plan_events).items()
        if isinstance(value, type) and issubclass(value, PlanEvent) and value is not PlanEvent
    }
    assert defined == set(NAMES)
    assert all(getattr(Plan, name) is getattr(plan_events, name) for name in NAMES)


def test_a_created_plan_records_its_events_under_the_stored_topics() -> None:
    plan = Plan.create(
        "P1",
        title="t",
        organisation="o",
        by="hos",
        at=datetime(2026, 1, 5, tzinfo=UTC),
        effective_on=date(2026, 1, 5),
    )
    plan.register(
        "1",
        action="1",
        by="hos",
        at=datetime(2026, 1, 5, tzinfo=UTC),
        effective_on=date(2026, 1, 5),
    )
    topics = [get_topic(type(event)) for event in plan.collect_events()]
    assert topics == ["domain.plan:Plan.PlanCreated", "domain.plan:Plan.RefRegistered"]
