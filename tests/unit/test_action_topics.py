"""The action's events are stored under the topics of classes nested in
``Action``; moving their definitions to ``domain.action_events`` kept them."""

from __future__ import annotations

from eventsourcing.utils import get_topic, resolve_topic

from domain import action_events
from domain.action import Action
from domain.action_events import ActionEvent

NAMES = [
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


def test_every_event_keeps_the_topic_it_was_stored_under() -> None:
    assert get_topic(Action.Event) == "domain.action:Action.Event"
    for name in NAMES:
        cls = getattr(action_events, name)
        assert get_topic(cls) == f"domain.action:Action.{name}"
        assert resolve_topic(f"domain.action:Action.{name}") is cls


def test_every_event_of_the_module_is_held_by_action() -> None:
    defined = {
        name
        for name, value in vars(action_events).items()
        if isinstance(value, type) and issubclass(value, ActionEvent) and value is not ActionEvent
    }
    assert defined <= {name for name in vars(Action) if not name.startswith("_")}
    assert set(NAMES) <= defined
