"""Bringing an old event payload up to its class's current shape: the
library's convention (``class_version``, ``upcast_vN_vN+1``), applied to the
decoded JSON before any event is built (docs/events.md).

It lives in the domain, beside the event classes whose upcasters it runs, so
that every reader of stored events uses it: the application's mapper and
``decode_state`` (``application.persistence``) and the read views' own
decoder (``projections.event_decoding``), which must not depend on the
application layer.
"""

from __future__ import annotations

from typing import Any, Protocol

from domain.errors import TrackerError


class StoredName(Protocol):
    """What names a stored event in a refusal: its stream, version and topic."""

    @property
    def originator_id(self) -> Any: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...


class UnknownEventVersion(TrackerError):
    """A stored event this release cannot read: written by a newer one."""


def upcast(cls: type[Any], state: dict[str, Any], stored_event: StoredName) -> dict[str, Any]:
    """Apply ``cls``'s upcasters, oldest step first, to a decoded payload (in place)."""
    current = version_of(cls)
    stored = state.pop("class_version", 1)
    if type(stored) is not int or stored < 1:
        raise UnknownEventVersion(
            f"{_which(cls, stored_event)}: its class_version {stored!r} is not a version "
            f"(expected a whole number from 1 to {current})"
        )
    if stored > current:
        raise UnknownEventVersion(
            f"{_which(cls, stored_event)}: it is of class version {stored}, recorded by a "
            f"newer release of the tracker (this one reads versions 1 to {current}); run "
            "that release or a later one: the log itself is unharmed"
        )
    for step in range(stored, current):
        getattr(cls, f"upcast_v{step}_v{step + 1}")(state)
    return state


def version_of(cls: type[Any]) -> int:
    return int(getattr(cls, "class_version", 1))


def _which(cls: type[Any], stored_event: StoredName) -> str:
    return (
        f"cannot read event {stored_event.originator_version} of stream "
        f"{stored_event.originator_id} ({stored_event.topic.rpartition(':')[2]})"
    )
