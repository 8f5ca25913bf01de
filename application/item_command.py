"""Changing one item: load its action, decide with a fresh instant, save; and
when the save is refused although nothing the change depends on moved, do it
again from a fresh load and a fresh reading of the clock.

Why: an action and its milestones share one event stream, and a writer reads
the clock before it holds the store's write lock. So a save can be refused
when there is no conflict at all: another writer stored a later instant first
(the log never goes back in time, so ours would be refused), or another item
of the same action changed (the stream's version moved on). Both are retried,
a few times, after a short jittered wait. Only a change to the same item since
the first load is a real conflict: then ``ConcurrentChange`` names the change
that won (who, what, when), so the person can look again before repeating it.

What counts as the item changing: any event on it except a comment (which
changes nothing) and the scheduler's overdue flag (an observation, not a
decision). Adding a comment or evidence depends on nothing but the item
existing, so it never conflicts; nor does the scheduler's flag, which simply
decides again on the fresh state (nothing to flag if the item was completed).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import Repository

from application.writer_turns import WriterTurns
from domain.action import Action
from domain.dates import LONDON
from domain.errors import ClockWentBackwards, TrackerError

TRIES = 10
FIRST_WAIT = 0.002  # seconds: the least a wait may reach; it doubles with each try
LONGEST_WAIT = 0.5
# A clock this far behind the log's newest instant is set wrongly: no wait cures it.
MAX_BEHIND = timedelta(seconds=2)

Decide = Callable[[Action, datetime, date], bool]


class ConcurrentChange(TrackerError):
    """Someone else changed the same item at the same moment; nothing recorded."""


class VersionClash(ConcurrentChange):
    """The stream moved on between our load and our save (the store's verdict)."""


class LateInstant(ClockWentBackwards):
    """Our instant is older than the log's newest, by ``behind``."""

    def __init__(self, message: str, behind: timedelta) -> None:
        super().__init__(message)
        self.behind = behind


@dataclass
class Retries:
    """Saves refused without a conflict and done again, by cause (for the proofs)."""

    late_instant: int = 0  # another writer stored a later instant first
    other_item: int = 0  # another item of the same action changed

    @property
    def total(self) -> int:
        return self.late_instant + self.other_item


class Writer(Protocol):
    """What the template needs of the application service."""

    retries: Retries
    turns: WriterTurns

    @property
    def repository(self) -> Repository[UUID]: ...

    def action_holding(self, plan: str, ref: str) -> Action: ...

    def save(self, *objs: Any, **kwargs: Any) -> Any: ...


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
    first: int | None = None  # the action's version when first loaded
    for attempt in range(TRIES):
        started = time.monotonic()
        action = writer.action_holding(plan, ref)  # outside the turn: loads run side by side
        first = action.version if first is None else first
        try:
            with writer.turns.turn():  # the clock is read, and the events stored, in turn
                _fast_forward(writer, action)  # to what others stored while we waited
                if conflicts:
                    _refuse_if_changed(writer, action, ref, first)
                at, effective_on = moment()
                if not decide(action, at, effective_on):
                    return False
                writer.save(action)
                return True
        except LateInstant as refused:  # a clock behind another host's, or a writer out of turn
            if refused.behind > MAX_BEHIND or attempt == TRIES - 1:
                raise
            writer.retries.late_instant += 1
            _wait(attempt, time.monotonic() - started, at_least=refused.behind.total_seconds())
        except VersionClash:  # a writer out of turn (an import) stored first
            if attempt == TRIES - 1:
                break
            writer.retries.other_item += 1
            _wait(attempt, time.monotonic() - started)
    raise ConcurrentChange(
        f"{ref} was not changed: its action kept changing under {TRIES} tries; "
        "nothing was recorded, please try again"
    )


def replay(action: Action | None, events: Iterable[Any]) -> Action | None:
    """The library's projector, without its runtime protocol check on every
    event (60% of loading a long action's stream): ours are all ``Action.Event``."""
    for event in events:
        action = event.mutate(action)
    return action


def _fast_forward(writer: Writer, action: Action) -> None:
    """Apply the events stored after ``action`` was loaded (usually none)."""
    for event in writer.repository.event_store.get(action.id, gt=action.version):
        assert isinstance(event, Action.Event)
        event.mutate(action)


def _wait(attempt: int, took: float, *, at_least: float = 0.0) -> None:
    """A random wait of up to ``2**attempt`` times what the refused try took:
    writers that clashed spread out instead of clashing again in step."""
    ceiling = min(LONGEST_WAIT, max(FIRST_WAIT, took) * 2**attempt)
    time.sleep(at_least + random.uniform(0, ceiling))


# Events on an item that do not change what a decision about it rests on.
_NO_CHANGE = (Action.CommentAdded, Action.ItemFlaggedOverdue)


def _refuse_if_changed(writer: Writer, action: Action, ref: str, first: int) -> None:
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
