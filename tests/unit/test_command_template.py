"""The one write template on its own: what it retries, what it counts, when it
gives up, and what it refuses at once (the proofs race real writers)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from application import command_template
from application.command_template import (
    MAX_BEHIND,
    TRIES,
    ConcurrentChange,
    Decided,
    LateInstant,
    Retries,
    VersionClash,
    run_command,
)

NOW = datetime(2010, 1, 5, 14, 3, 7, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW


class Turns:
    """Counts the turns taken and whether a save happened inside one."""

    def __init__(self) -> None:
        self.taken = 0
        self.holding = False

    @contextmanager
    def turn(self) -> Iterator[None]:
        self.taken += 1
        self.holding = True
        try:
            yield
        finally:
            self.holding = False


class Writer:
    """Refuses its first saves with the given errors, then stores."""

    def __init__(self, *refusals: Exception) -> None:
        self.retries = Retries()
        self.turns = Turns()
        self.clock = Clock()
        self.refusals = list(refusals)
        self.saved: list[tuple[object, ...]] = []

    def save(self, *objs: object) -> object:
        assert self.turns.holding, "saved outside the writer turn"
        if self.refusals:
            raise self.refusals.pop(0)
        self.saved.append(objs)
        return None


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(command_template, "_wait", lambda *a, **k: None)


def run(writer: Writer, loads: list[int]) -> str:
    def load() -> int:
        loads.append(len(loads) + 1)
        return loads[-1]

    def decide(loaded: int) -> Decided[str]:
        return f"decided on load {loaded}", [f"aggregate {loaded}"]

    return run_command(writer, load, decide, gave_up="gave up: nothing was recorded")


def test_a_refusal_that_was_no_conflict_is_done_again_from_a_fresh_load() -> None:
    late = LateInstant("late", behind=timedelta(milliseconds=3))
    writer = Writer(VersionClash("moved"), late)
    loads: list[int] = []
    assert run(writer, loads) == "decided on load 3"
    assert loads == [1, 2, 3] and writer.turns.taken == 3
    assert writer.saved == [("aggregate 3",)]
    assert (writer.retries.other_item, writer.retries.late_instant) == (1, 1)


def test_nothing_to_save_saves_nothing() -> None:
    writer = Writer()
    result = run_command(writer, lambda: 1, lambda _: (False, []), gave_up="-")
    assert result is False and writer.saved == []


def test_it_gives_up_after_its_tries_with_the_callers_words() -> None:
    writer = Writer(*(VersionClash("moved") for _ in range(TRIES)))
    with pytest.raises(ConcurrentChange, match="gave up: nothing was recorded") as refused:
        run(writer, [])
    assert type(refused.value) is ConcurrentChange
    assert writer.saved == [] and writer.retries.other_item == TRIES - 1


def test_a_clock_far_behind_is_refused_at_once() -> None:
    writer = Writer(LateInstant("late", behind=MAX_BEHIND + timedelta(seconds=1)))
    with pytest.raises(LateInstant):
        run(writer, [])
    assert writer.turns.taken == 1 and writer.retries.total == 0


def test_a_real_conflict_is_not_retried() -> None:
    writer = Writer(ConcurrentChange("someone else changed it"))
    with pytest.raises(ConcurrentChange, match="someone else"):
        run(writer, [])
    assert writer.turns.taken == 1 and writer.retries.total == 0
