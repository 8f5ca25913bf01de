"""Two catch-ups of the same views really race, on SQLite and PostgreSQL: two
processes' trackers (each its own connections), in two threads held at a
barrier until both have read the same position and the same events, then let
go together. The compare-and-set on the position lets exactly one apply the
batch; the other must lose it and apply nothing, and the views must then hold
every event exactly once (they equal a rebuild from the log).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from eventsourcing.application import Application

from application.service import Tracker
from demo.replay import PLAN
from domain.status import Status
from store.chained_postgres import ChainedPostgresRecorder
from store.chained_store import ChainedSQLiteRecorder
from store.log_rows import LogRow
from tests.conftest import Clock
from tests.integration.test_views import demo

pytestmark = pytest.mark.proof

STALE = 40  # events stored without the views, so the views fall behind


def behind(writer: Tracker, clock: Clock) -> int:
    """Store status changes the way a tool that keeps no views would; returns
    the views' position, now behind the log."""
    assert isinstance(writer.recorder, ChainedSQLiteRecorder | ChainedPostgresRecorder)
    writer.recorder.after_insert.remove(writer.views.record_inserted)
    refs = [i.ref for i in writer.board(PLAN).items if i.status.is_open]
    for n in range(STALE):
        clock.advance(minutes=1)
        ref = refs[n % len(refs)]
        action = writer.action_holding(PLAN, ref)
        now = action.item(ref).status
        new = Status.OFF_TRACK if now is Status.AT_RISK else Status.AT_RISK
        action.change_status(ref, new, by="pmo", at=clock.now(), effective_on=clock.now().date())
        Application.save(writer, action)
    position = writer.views.position()
    assert position + STALE == writer.recorder.max_notification_id()
    return position


def test_two_catch_ups_racing_from_one_position_apply_each_event_once(
    make_app: Callable[[], Tracker], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = make_app()
    demo(writer, clock)
    racers = [make_app(), make_app()]  # opened now: opening a tracker catches its views up
    start = behind(writer, clock)
    assert all(r.views.position() == start for r in racers)
    both_read = threading.Barrier(2, timeout=30)
    attempts: list[tuple[int, int, bool]] = []  # (racer, start position, won)

    for number, racer in enumerate(racers):
        apply = racer.views.items._apply

        def held(
            page: Sequence[LogRow],
            at: int,
            suffix: str,
            apply: Callable[[Sequence[LogRow], int, str], bool] = apply,
            number: int = number,
        ) -> bool:
            if at == start:
                both_read.wait()  # both have read position and events: go together
            won = apply(page, at, suffix)
            attempts.append((number, at, won))
            return won

        monkeypatch.setattr(racer.views.items, "_apply", held)

    with ThreadPoolExecutor(2) as pool:
        applied = list(pool.map(lambda r: r.views.items.catch_up(), racers))

    first = [(at, won) for _, at, won in attempts if at == start]
    assert sorted(first) == [(start, False), (start, True)], attempts  # a real race, one lost
    assert sorted(applied) == [0, STALE], "the loser applied nothing; the winner, everything"
    head = writer.recorder.max_notification_id()
    assert [r.views.position() for r in racers] == [head, head]
    live = racers[0].views.dump()
    racers[1].rebuild()
    assert racers[0].views.dump() == live, "a rebuild from the log differs: not exactly once"
