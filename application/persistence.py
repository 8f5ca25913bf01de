"""Storing pydantic events: JSON of ``model_dump(mode="json")``.

The library's default mapper reads ``vars(event)`` and needs transcodings for
dates; pydantic already knows how to turn every field into JSON and back.
"""

from __future__ import annotations

import json
from typing import Any, cast

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder, Transcoding
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel


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
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(domain_event)),
            state=self.transcoder.encode(state),
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        state = decode_state(stored_event)
        cls = resolve_topic(stored_event.topic)
        return cast(
            DomainEventProtocol[Any],
            cls(
                originator_id=stored_event.originator_id,
                originator_version=stored_event.originator_version,
                **state,
            ),
        )


def decode_state(stored_event: StoredEvent) -> dict[str, Any]:
    """The stored JSON of an event, for readers that need no domain object."""
    return cast(dict[str, Any], json.loads(stored_event.state))
