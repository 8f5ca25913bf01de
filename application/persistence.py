"""Storing pydantic events: JSON of ``model_dump(mode="json")``, upcast on read.

The library's default mapper reads ``vars(event)`` and needs transcodings for
dates; pydantic already knows how to turn every field into JSON and back.

Versions follow the library's convention, which its own mapper would apply and
this one must apply itself: a class above version 1 stores ``class_version`` in
the payload, and a payload without one is version 1. Version-1 payloads are
therefore byte for byte what they were before versions existed, and the hash
chain over them still holds. Old payloads are brought up to the class's current
shape by its ``upcast_vN_vN+1`` methods each time they are read; the stored
bytes are never rewritten (``domain.event_versions``).
"""

from __future__ import annotations

import json
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    ApplicationRecorder,
    Mapper,
    StoredEvent,
    Transcoder,
    Transcoding,
)
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from domain.event_versions import StoredName, UnknownEventVersion, upcast, version_of

__all__ = [
    "JSONTranscoder",
    "PydanticMapper",
    "Stored",
    "Stores",
    "UnknownEventVersion",
    "decode_state",
]


class Stored(StoredName, Protocol):
    """An event as stored: the library's ``StoredEvent`` or the chain's ``StoredRecord``."""

    @property
    def state(self) -> bytes: ...


class Stores(Protocol):
    """A store's recorder and the mapper that reads its events: what a reader
    that goes to the store directly needs of the application service."""

    @property
    def recorder(self) -> ApplicationRecorder: ...
    @property
    def mapper(self) -> Mapper[UUID]: ...


class JSONTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()

    def decode(self, data: bytes) -> Any:
        return json.loads(data)

    def register(self, transcoding: Transcoding) -> None:
        raise NotImplementedError("events are pydantic models: no transcodings needed")


class PydanticMapper(Mapper[Any]):
    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        state = cast(BaseModel, domain_event).model_dump(
            mode="json", exclude={"originator_id", "originator_version"}
        )
        version = version_of(type(domain_event))
        if version > 1:  # never for version 1: its bytes stay as they always were
            state["class_version"] = version
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        cls = resolve_topic(stored_event.topic)
        state = upcast(cls, json.loads(stored_event.state), stored_event)
        return cast(
            DomainEventProtocol[Any],
            cls(
                originator_id=stored_event.originator_id,
                originator_version=stored_event.originator_version,
                **state,
            ),
        )


def decode_state(stored_event: Stored) -> dict[str, Any]:
    """The stored JSON of an event in its class's current shape (upcast, and
    without ``class_version``), for readers that need no domain object."""
    state = cast(dict[str, Any], json.loads(stored_event.state))
    return upcast(resolve_topic(stored_event.topic), state, stored_event)
