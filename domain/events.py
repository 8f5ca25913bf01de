"""The base of every event: a frozen pydantic model.

Each aggregate mixes it with the library's ``CanMutateAggregate`` (and
``CanInitAggregate`` for its first event) in its own nested ``Event`` class.

Every event of an item carries who did it (``by``, a stable staff key), when it
was recorded (``timestamp``, UTC, from the application's clock), the business
date it takes effect (``effective_on``) and the reason where one was given.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    by: str
    effective_on: date
    reason: str | None = None

    def _as_dict(self) -> dict[str, Any]:
        return dict(self)


class When(TypedDict):
    """Who acts, the instant recorded, and the business date: every command's context."""

    by: str
    at: datetime
    effective_on: date
