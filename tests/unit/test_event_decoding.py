"""The views' decoder makes the very events the application's mapper makes:
for every event class the views read, from the bytes that mapper stored; the
common classes take the quick way (no pydantic validation); a payload with a
field unknown, missing or not of its type is refused in pydantic's words (the
quick way takes text as stored: pydantic wrote it); old versions are upcast."""

from __future__ import annotations

import json
import types
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, Literal, Union, cast, get_args, get_origin
from uuid import UUID

import pytest
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic
from pydantic import BaseModel, ValidationError

from application.persistence import JSONTranscoder, PydanticMapper, UnknownEventVersion
from domain.action import Action
from domain.message import Message
from domain.plan import Plan
from projections.event_decoding import _shape, decode
from store.log_rows import LogRow

STREAM = UUID("00000000-0000-4000-8000-000000000011")
MAPPER = PydanticMapper(transcoder=JSONTranscoder())


def sample(annotation: Any) -> Any:
    """A value of the field's type, or None where this test does not know one."""
    if annotation is str:
        return 'a, \u00e9 "quoted" \n line'
    if annotation is int:
        return 7
    if annotation is bool:
        return True
    if annotation is date:
        return date(2009, 7, 1)
    if annotation is datetime:
        return datetime(2009, 7, 1, 9, 30, 15, 123456, tzinfo=UTC)
    if annotation is UUID:
        return STREAM
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return list(annotation)[-1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation()  # its defaults
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Literal:
        return args[-1]
    if origin in (Union, types.UnionType):
        return next((v for a in args if (v := sample(a)) is not None), None)
    if origin in (tuple, list):
        return origin()
    if origin is dict:
        return {}
    return None


def classes(owner: type, base: type[BaseModel]) -> list[type[BaseModel]]:
    """The event classes ``owner`` holds, ``base`` itself left out."""
    found = (getattr(owner, name) for name in dir(owner))
    return [c for c in found if isinstance(c, type) and issubclass(c, base) and c is not base]


EVENTS = [
    *classes(Action, Action.Event),
    *classes(Plan, Plan.Event),
    *classes(Message, Message.Event),
]


def stored(cls: type[BaseModel], version: int = 4, **fields: Any) -> LogRow:
    values = {
        name: sample(f.annotation)
        for name, f in cls.model_fields.items()
        if name not in ("originator_id", "originator_version")
    }
    event = cls(**{"originator_id": STREAM, "originator_version": version, **values, **fields})
    record = MAPPER.to_stored_event(cast(DomainEventProtocol[UUID], event))
    return LogRow(9, str(STREAM), version, record.topic, record.state)


def by_mapper(row: LogRow) -> BaseModel:
    record = StoredEvent(STREAM, row.version, row.topic, row.state)
    return cast(BaseModel, MAPPER.to_domain_event(record))


@pytest.mark.parametrize("cls", EVENTS, ids=lambda c: c.__qualname__)
def test_each_class_decodes_to_the_event_the_mapper_makes(cls: type[BaseModel]) -> None:
    row = stored(cls)
    made = decode(row)
    assert type(made) is cls
    assert made == by_mapper(row)
    assert made.model_dump() == by_mapper(row).model_dump()


def test_the_item_events_take_the_quick_way() -> None:
    quick = classes(Action, Action.Event)
    assert len(quick) > 10
    assert all(_shape(get_topic(c)).converts is not None for c in quick)


def test_a_payload_pydantic_refuses_is_refused() -> None:
    row = stored(Action.StatusChanged)
    state = json.loads(row.state)
    for bad in ({**state, "colour": "red"}, {**state, "new": "sideways"}, {**state, "old": 3}):
        with pytest.raises(ValidationError):
            decode(row._replace(state=json.dumps(bad).encode()))
    missing = {k: v for k, v in state.items() if k != "new"}
    with pytest.raises(ValidationError):
        decode(row._replace(state=json.dumps(missing).encode()))


def test_old_versions_are_upcast_and_newer_ones_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    row = stored(Action.OwnerAssigned, new="o1")  # stored at version 1: no class_version
    monkeypatch.setattr(Action.OwnerAssigned, "class_version", 2)
    upcaster = staticmethod(lambda state: state.update(new=state["new"].upper()))
    monkeypatch.setattr(Action.OwnerAssigned, "upcast_v1_v2", upcaster, raising=False)
    made = decode(row)
    assert isinstance(made, Action.OwnerAssigned) and made.new == "O1"
    newer = {**json.loads(row.state), "class_version": 3}
    with pytest.raises(UnknownEventVersion, match="recorded by a newer release"):
        decode(row._replace(state=json.dumps(newer).encode()))
