"""The action's and the plan's events are stored under the topics of classes
nested in ``Action`` and ``Plan``; moving their definitions to
``domain.action_events`` and ``domain.plan_events`` kept them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import ModuleType

import pytest
from eventsourcing.utils import get_topic, resolve_topic

from domain import action_events, plan_events
from domain.action import Action
from domain.plan import Plan

ACTION_EVENTS = [
    "ActionAdded",
    "MilestoneAdded",
    "StatusChanged",
    "DueDateRevised",
    "OwnerAssigned",
    "EvidenceAdded",
    "CommentAdded",
    "ItemFlaggedOverdue",
    "DetailChanged",
]
PLAN_EVENTS = [
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
CASES = [
    pytest.param(
        "domain.action:Action", Action, action_events, action_events.ActionEvent, ACTION_EVENTS
    ),
    pytest.param("domain.plan:Plan", Plan, plan_events, plan_events.PlanEvent, PLAN_EVENTS),
]


@pytest.mark.parametrize(("stored_in", "holder", "module", "base", "names"), CASES)
def test_every_event_keeps_the_topic_it_was_stored_under(
    stored_in: str, holder: type, module: ModuleType, base: type, names: list[str]
) -> None:
    assert get_topic(base) == f"{stored_in}.Event"
    for name in names:
        cls = getattr(module, name)
        assert get_topic(cls) == f"{stored_in}.{name}"
        assert resolve_topic(f"{stored_in}.{name}") is cls


@pytest.mark.parametrize(("stored_in", "holder", "module", "base", "names"), CASES)
def test_every_event_of_the_module_is_held_under_its_name(
    stored_in: str, holder: type, module: ModuleType, base: type, names: list[str]
) -> None:
    defined = {
        name
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, base) and value is not base
    }
    assert set(names) <= defined
    assert all(getattr(holder, name) is getattr(module, name) for name in defined)


def test_a_new_plan_records_its_events_under_the_stored_topics() -> None:
    at, on = datetime(2026, 1, 5, tzinfo=UTC), date(2026, 1, 5)
    plan = Plan.create("P1", title="t", organisation="o", by="hos", at=at, effective_on=on)
    plan.register("1", action="1", by="hos", at=at, effective_on=on)
    topics = [get_topic(type(event)) for event in plan.collect_events()]
    assert topics == ["domain.plan:Plan.PlanCreated", "domain.plan:Plan.RefRegistered"]
