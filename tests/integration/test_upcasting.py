"""An evolved event in a real store: payloads written by older releases load
through today's classes, their stored bytes untouched, the chain still whole;
a payload from a newer release is refused in words. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.integrity import open_log, verify_log
from application.persistence import UnknownEventVersion
from application.service import Tracker
from application.settings import store_env
from domain.events import DomainEvent
from tests.conftest import Clock

COMMON = {"by": "pmo", "effective_on": "2009-06-01"}


class Sign(BaseAggregate[UUID]):
    """A test-only aggregate whose ``Relabelled`` event evolved twice:
    release 1 stored ``name`` and ``colour``; release 2 renamed ``name`` to
    ``label``; release 3 (today) dropped ``colour``."""

    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class Made(Event, CanInitAggregate[UUID]):
        originator_topic: str
        label: str

        def apply(self, aggregate: Any) -> None:
            aggregate.label = self.label

    class Relabelled(Event):
        class_version = 3
        label: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["label"] = state.pop("name")

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            del state["colour"]

        def apply(self, aggregate: Any) -> None:
            aggregate.label = self.label

    def __init__(self) -> None:
        self.label = ""

    def relabel(self, label: str, at: datetime) -> None:
        self.trigger_event(
            self.Relabelled, timestamp=at, label=label, by="pmo", effective_on=at.date()
        )


def raw(sign: UUID, version: int, topic: str, day: int, **fields: Any) -> StoredEvent:
    """A stored event exactly as an older release's mapper wrote it."""
    state = {"timestamp": f"2009-06-{day:02d}T09:00:00Z", **COMMON, "reason": None, **fields}
    return StoredEvent(
        originator_id=sign,
        originator_version=version,
        topic=topic,
        state=json.dumps(state, separators=(",", ":")).encode(),
    )


def write_as_old_releases(store_url: str, records: list[StoredEvent]) -> None:
    """Through the chained recorder alone, as the release that wrote them did."""
    with open_log(store_env(store_url)) as recorder:
        recorder.insert_events(records)


def stored_bytes(app: Tracker, sign: UUID) -> list[bytes]:
    return [bytes(e.state) for e in app.recorder.select_events(sign)]


def test_old_payloads_load_upcast_and_the_chain_still_verifies(
    store_url: str, make_app: Callable[[], Tracker], clock: Clock
) -> None:
    sign = uuid4()
    relabelled = get_topic(Sign.Relabelled)
    old = [
        raw(sign, 1, get_topic(Sign.Made), 1, originator_topic=get_topic(Sign), label="Draft"),
        raw(sign, 2, relabelled, 2, name="Plan A", colour="red"),  # release 1: no version
        raw(sign, 3, relabelled, 3, label="Plan B", colour="blue", class_version=2),
    ]
    app = make_app()
    write_as_old_releases(store_url, old)
    assert stored_bytes(app, sign) == [e.state for e in old]

    assert app.repository.get(sign, version=2).label == "Plan A"  # upcast twice
    loaded: Sign = app.repository.get(sign)
    assert (loaded.version, loaded.label) == (3, "Plan B")  # upcast once

    loaded.relabel("Plan C", clock.now())  # today's release writes version 3
    app.save(loaded)
    newest = json.loads(stored_bytes(app, sign)[-1])
    assert newest["class_version"] == 3 and "colour" not in newest
    assert app.repository.get(sign).label == "Plan C"

    assert stored_bytes(app, sign)[:3] == [e.state for e in old], "never rewritten"
    verdict = verify_log(app.recorder)
    assert verdict.ok, verdict.first_break
    assert verdict.events == app.recorder.max_notification_id()


def test_a_payload_from_a_newer_release_is_refused_and_the_log_is_unharmed(
    store_url: str, make_app: Callable[[], Tracker]
) -> None:
    sign = uuid4()
    app = make_app()
    write_as_old_releases(
        store_url,
        [
            raw(sign, 1, get_topic(Sign.Made), 1, originator_topic=get_topic(Sign), label="D"),
            raw(sign, 2, get_topic(Sign.Relabelled), 2, label="E", shape="round", class_version=4),
        ],
    )
    refusal = r"\(Sign.Relabelled\): it is of class version 4, recorded by a newer release"
    with pytest.raises(UnknownEventVersion, match=refusal):
        app.repository.get(sign)
    with pytest.raises(UnknownEventVersion, match=refusal):
        make_app()  # a tracker started on that log refuses it, rather than guess
    assert verify_log(app.recorder).ok
