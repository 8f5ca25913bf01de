"""Event versions in the mapper: version 1 stored as it always was, old shapes
upcast on read, a newer release's payload refused in one line."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.persistence import (
    JSONTranscoder,
    PydanticMapper,
    UnknownEventVersion,
    decode_state,
)
from domain.action import Action
from domain.events import DomainEvent
from domain.status import Status

STREAM = UUID("00000000-0000-4000-8000-000000000011")
MAPPER = PydanticMapper(transcoder=JSONTranscoder())
COMMON = {"timestamp": "2009-11-17T09:30:00Z", "by": "hos-cf", "effective_on": "2009-11-16"}


class Noted(DomainEvent):
    """A test-only event at version 3: v1 had ``note`` and ``urgent``; v2
    renamed ``note`` to ``text``; v3 dropped ``urgent``."""

    class_version = 3
    text: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["text"] = state.pop("note")

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        del state["urgent"]


def stored(payload: dict[str, Any], cls: type[Any] = Noted) -> StoredEvent:
    state = json.dumps(payload, separators=(",", ":")).encode()
    return StoredEvent(
        originator_id=STREAM, originator_version=2, topic=get_topic(cls), state=state
    )


def test_a_version_1_event_is_stored_byte_for_byte_as_before_versions_existed() -> None:
    event = Action.StatusChanged(
        originator_id=STREAM,
        originator_version=4,
        timestamp=datetime(2009, 11, 17, 9, 30, tzinfo=UTC),
        by="hos-cf",
        effective_on=date(2009, 11, 16),
        reason="staff shortage",
        ref="11",
        old=Status.ON_TRACK,
        new=Status.AT_RISK,
    )
    # The bytes the mapper wrote before class_version was honoured (and the chain hashed).
    assert MAPPER.to_stored_event(event).state == (
        b'{"timestamp":"2009-11-17T09:30:00Z","by":"hos-cf","effective_on":"2009-11-16",'
        b'"reason":"staff shortage","ref":"11","old":"on_track","new":"at_risk"}'
    )


def test_a_later_version_is_stored_with_its_version_and_reads_back() -> None:
    event = Noted(originator_id=STREAM, originator_version=2, text="late", **COMMON)
    record = MAPPER.to_stored_event(event)
    assert json.loads(record.state)["class_version"] == 3
    assert MAPPER.to_domain_event(record) == event


@pytest.mark.parametrize(
    "payload",
    [
        {**COMMON, "note": "late", "urgent": True},  # v1: no class_version stored
        {**COMMON, "text": "late", "urgent": True, "class_version": 2},
    ],
)
def test_old_payloads_are_upcast_step_by_step_on_read(payload: dict[str, Any]) -> None:
    event = MAPPER.to_domain_event(stored(payload))
    assert isinstance(event, Noted) and event.text == "late"
    assert decode_state(stored(payload)) == {**COMMON, "text": "late"}


@pytest.mark.parametrize(
    ("version", "says"),
    [
        (
            4,
            "of class version 4, recorded by a newer release of the tracker (this one "
            "reads versions 1 to 3)",
        ),
        (0, "its class_version 0 is not a version (expected a whole number from 1 to 3)"),
        ("3", "its class_version '3' is not a version"),
        (None, "its class_version None is not a version"),
    ],
)
def test_a_version_this_release_does_not_know_is_refused_in_words(
    version: object, says: str
) -> None:
    record = stored({**COMMON, "text": "late", "class_version": version})
    with pytest.raises(UnknownEventVersion) as refused:
        MAPPER.to_domain_event(record)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"cannot read event 2 of stream {STREAM} (Noted): ")
    assert says in message
    with pytest.raises(UnknownEventVersion):
        decode_state(record)


def test_a_real_version_1_event_with_a_future_version_is_refused() -> None:
    payload = {**COMMON, "ref": "11", "text": "hello", "class_version": 2}
    with pytest.raises(UnknownEventVersion, match=r"newer release .* reads versions 1 to 1\)"):
        MAPPER.to_domain_event(stored(payload, Action.CommentAdded))


def test_a_version_without_an_upcaster_for_every_step_is_refused_at_import() -> None:
    with pytest.raises(TypeError, match="has no upcast_v2_v3"):

        class Forgot(DomainEvent):
            class_version = 3

            @staticmethod
            def upcast_v1_v2(state: dict[str, Any]) -> None:
                pass
