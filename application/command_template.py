"""The one shape of a write: load, decide in the writer turn, save; and when
the save is refused although nothing the decision rests on moved, do it all
again from a fresh load and a fresh reading of the clock.

Why: a writer reads the clock before it holds the store's write lock, and an
action and its milestones share one event stream. So a save can be refused
when there is no conflict at all: another writer stored a later instant first
(the log never goes back in time), or a writer out of turn (an import) moved
the stream on. Both are retried, a few times, after a short jittered wait,
and counted in ``Retries``. Loads happen outside the turn, so they run side
by side; only deciding and saving wait for it. One item's command
(``item_command``) and a plan's overdue flags (``overdue_flags``) both run
here: what differs between them is only what they load and how they decide.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from application.clock import Clock
from domain.errors import ClockWentBackwards, TrackerError

TRIES = 10
FIRST_WAIT = 0.002  # seconds: the least a wait may reach; it doubles with each try
LONGEST_WAIT = 0.5
# A clock this far behind the log's newest instant is set wrongly: no wait cures it.
MAX_BEHIND = timedelta(seconds=2)

Loaded = TypeVar("Loaded")
Result = TypeVar("Result")
# In the turn: bring the loaded state up to date, decide; the result, and what to save.
Decided = tuple[Result, Sequence[object]]


class ConcurrentChange(TrackerError):
    """Someone else changed the same thing at the same moment; nothing recorded."""


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


class TurnTaker(Protocol):
    """The store's writer turn (``writer_turns.WriterTurns``)."""

    def turn(self) -> AbstractContextManager[None]: ...


class Turns(Protocol):
    """What the template needs of the application service."""

    @property
    def retries(self) -> Retries: ...
    @property
    def turns(self) -> TurnTaker: ...
    @property
    def clock(self) -> Clock: ...

    def save(self, *objs: object) -> object: ...


def run_command(
    writer: Turns,
    load: Callable[[], Loaded],
    decide: Callable[[Loaded], Decided[Result]],
    *,
    gave_up: str,
) -> Result:
    """``load`` outside the turn; in it, ``decide`` and save what it returns.
    A refusal that was no conflict is done again; ``gave_up`` is the refusal
    when every try was refused."""
    for attempt in range(TRIES):
        started = time.monotonic()
        loaded = load()
        try:
            with writer.turns.turn():  # the clock is read, and the events stored, in turn
                result, changed = decide(loaded)
                if changed:
                    writer.save(*changed)
                return result
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
    raise ConcurrentChange(gave_up)


@contextmanager
def turn_at(writer: Turns, at: datetime) -> Iterator[datetime]:
    """The scheduler's and the relay's writes: in the writer turn, at the later
    of their own instant and the clock. Their instant was read when the scan or
    relay began; what they recorded since (flags, other messages) was recorded
    at fresh readings, and the log never goes back in time."""
    with writer.turns.turn():
        yield max(at, writer.clock.now())


def _wait(attempt: int, took: float, *, at_least: float = 0.0) -> None:
    """A random wait of up to ``2**attempt`` times what the refused try took:
    writers that clashed spread out instead of clashing again in step."""
    ceiling = min(LONGEST_WAIT, max(FIRST_WAIT, took) * 2**attempt)
    time.sleep(at_least + random.uniform(0, ceiling))
