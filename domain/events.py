"""The base of every event: a frozen pydantic model.

Each aggregate mixes it with the library's ``CanMutateAggregate`` (and
``CanInitAggregate`` for its first event) in its own nested ``Event`` class.

Every event of an item carries who did it (``by``, a stable staff key), when it
was recorded (``timestamp``, UTC, from the application's clock), the business
date it takes effect (``effective_on``) and the reason where one was given.

Events evolve without rewriting the log (the hash chain is over the stored
bytes): a class whose fields change raises its ``class_version`` and gains an
``upcast_vN_vN+1`` static method per step, which the mapper applies to old
payloads as it reads them (see docs/events.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # The library's convention: the version of this class's stored shape. A
    # payload without one is version 1, and version 1 is stored without it.
    class_version: ClassVar[int] = 1

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    by: str
    effective_on: date
    reason: str | None = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Refuse, at import, a version with a step that no upcaster covers."""
        super().__pydantic_init_subclass__(**kwargs)
        if not isinstance(cls.class_version, int) or cls.class_version < 1:
            raise TypeError(f"{cls.__qualname__}.class_version must be a whole number from 1")
        for step in range(1, cls.class_version):
            if not callable(getattr(cls, f"upcast_v{step}_v{step + 1}", None)):
                raise TypeError(
                    f"{cls.__qualname__} is at class_version {cls.class_version} but has no "
                    f"upcast_v{step}_v{step + 1}: old payloads could not be read"
                )

    def _as_dict(self) -> dict[str, Any]:
        # ``dict(self)`` without pydantic's generator (extra fields are forbidden):
        # the library calls this for every aggregate a first event builds.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


class When(TypedDict):
    """Who acts, the instant recorded, and the business date: every command's context."""

    by: str
    at: datetime
    effective_on: date
