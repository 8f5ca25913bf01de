"""An item's state (an action or a milestone) as its events have made it.

The aggregate keeps one ``Item`` per ref; the item-versions view stores the same
dataclass as JSON, so a field added here (with a default) reaches the boards
without a migration: versions stored before it read the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from domain.errors import TextRequired
from domain.status import Status
from domain.text_limits import visible

DetailField = Literal["title", "theme", "source", "description"]
DETAIL_FIELDS: tuple[DetailField, ...] = ("title", "theme", "source", "description")


@dataclass(frozen=True)
class Evidence:
    text: str
    link: str | None
    by: str
    effective_on: date


@dataclass(frozen=True)
class PendingRequest:
    """A change asked for under approvals, waiting for a chair: a deadline
    ``revision`` (to ``due``), a ``deferral`` or a ``withdrawal``."""

    kind: str
    due: date | None
    by: str
    on: date
    reason: str | None


@dataclass(frozen=True)
class LatestPosition:
    """An owner's structured update: where the item stands and what next."""

    position: str
    mitigation: str | None
    next_steps: str | None
    percent: int | None
    by: str
    on: date


@dataclass
class Item:
    """The state of an action or a milestone, as its events have made it."""

    ref: str
    parent: str | None
    title: str
    theme: str
    source: str
    description: str
    owner: str
    due: date
    original_due: date
    status: Status
    completed_on: date | None = None
    evidence: list[Evidence] = field(default_factory=list)
    flagged_due: date | None = None  # the due date the scheduler last flagged as passed
    # The effective date of the item's first event: a change effective before it
    # is backdated (``domain.effective_dates``). None only in views stored before
    # it was kept; an aggregate, built from its events, always has it.
    added_on: date | None = None
    completed_by: str | None = None  # who marked it complete (four eyes)
    pending: PendingRequest | None = None  # a request waiting for a chair
    latest_position: LatestPosition | None = None

    @property
    def kind(self) -> str:
        return "action" if self.parent is None else "milestone"


def clean(text: str | None) -> str | None:
    """The text, trimmed; None when it shows nothing (spaces, zero-width marks)."""
    return text.strip() if text and visible(text) else None


def required_text(ref: str, text: str, what: str) -> str:
    cleaned = clean(text)
    if cleaned is None:
        raise TextRequired(f"{ref}: {what} needs some text; nothing was recorded")
    return cleaned
