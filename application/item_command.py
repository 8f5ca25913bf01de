"""Changing one item: load its action, decide with a fresh instant, save, on
the one write template (``command_template.run_command``), which does it
again when the save is refused although nothing the change depends on moved
(a later instant stored first, or another item of the same action changed).

Why this module: only a change to the same item since the first load is a
real conflict. Then ``ConcurrentChange`` names the change that won (who,
what, when), so the person can look again before repeating it.

What counts as the item changing: any event on it except a comment (which
changes nothing) and the scheduler's overdue flag (an observation, not a
decision). Adding a comment or evidence depends on nothing but the item
existing, so it never conflicts; nor does the scheduler's flag, which simply
decides again on the fresh state (nothing to flag if the item was completed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Repository

from application.command_template import (
    TRIES,
    ConcurrentChange,
    Decided,
    Turns,
    run_command,
)
from domain.action import Action
from domain.dates import LONDON

Decide = Callable[[Action, datetime, date], bool]


class Streams(Protocol):
    """Where actions are read from."""

    @property
    def repository(self) -> Repository[UUID]: ...


class Writer(Turns, Streams, Protocol):
    """What an item's command needs of the application service."""

    def action_holding(self, plan: str, ref: str) -> Action: ...


def change_item(
    writer: Writer,
    plan: str,
    ref: str,
    decide: Decide,
    moment: Callable[[], tuple[datetime, date]],
    *,
    conflicts: bool,
) -> bool:
    """Load ``ref``'s action, ``decide`` (False: nothing to record) at a fresh
    ``moment``, save. ``conflicts``: whether a change to the item since the first
    load makes this change stale (status, due date, owner) or not (comments,
    evidence, the scheduler's flag)."""
    first = 0  # the action's version when first loaded (versions start at 1)

    def load() -> Action:
        nonlocal first
        action = writer.action_holding(plan, ref)  # outside the turn: loads run side by side
        first = first or action.version
        return action

    def in_turn(action: Action) -> Decided[bool]:
        fast_forward(writer, action)  # to what others stored while we waited
        if conflicts:
            _refuse_if_changed(writer, action, ref, first)
        at, effective_on = moment()
        decided = decide(action, at, effective_on)
        return decided, [action] if decided else []

    return run_command(
        writer,
        load,
        in_turn,
        gave_up=f"{ref} was not changed: its action kept changing under {TRIES} tries; "
        "nothing was recorded, please try again",
    )


def replay(action: Action | None, events: Iterable[Any]) -> Action | None:
    """The library's projector, without its runtime protocol check on every
    event (60% of loading a long action's stream): ours are all ``Action.Event``."""
    for event in events:
        action = event.mutate(action)
    return action


def fast_forward(writer: Streams, action: Action) -> None:
    """Apply the events stored after ``action`` was loaded (usually none)."""
    for event in writer.repository.event_store.get(action.id, gt=action.version):
        assert isinstance(event, Action.Event)
        event.mutate(action)


# Events on an item that do not change what a decision about it rests on.
_NO_CHANGE = (Action.CommentAdded, Action.ItemFlaggedOverdue)


def _refuse_if_changed(writer: Streams, action: Action, ref: str, first: int) -> None:
    if action.version == first:
        return
    stored = writer.repository.event_store.get(action.id, gt=first, lte=action.version)
    since = [
        event
        for event in stored
        if isinstance(event, Action.Event)
        and getattr(event, "ref", None) == ref
        and not isinstance(event, _NO_CHANGE)
    ]
    if not since:
        return
    more = f" (and {len(since) - 1} change(s) after it)" if len(since) > 1 else ""
    raise ConcurrentChange(
        f"{ref} was changed by someone else at the same moment: {winner(since[0])}{more}. "
        "Nothing was recorded: look at the item again, and repeat your change if it "
        "still applies"
    )


def winner(event: Action.Event) -> str:
    """Who did what, and when, in words (London time, dates as 5 Jan 2010)."""
    when = event.timestamp.astimezone(LONDON)
    return f"{event.by} {_what(event)} at {when:%H:%M:%S} on {when:%-d %b %Y}"


def _what(event: Action.Event) -> str:
    if isinstance(event, Action.StatusChanged):
        return f"changed its status from {_words(event.old)} to {_words(event.new)}"
    if isinstance(event, Action.DueDateRevised):
        return f"revised its due date from {event.old:%-d %b %Y} to {event.new:%-d %b %Y}"
    if isinstance(event, Action.OwnerAssigned):
        return f"gave it to {event.new}"
    if isinstance(event, Action.EvidenceAdded):
        return "added evidence to it"
    if isinstance(event, Action.DetailChanged):
        return f"changed its {event.field}"
    return f"recorded {type(event).__name__}"


def _words(value: Any) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")
