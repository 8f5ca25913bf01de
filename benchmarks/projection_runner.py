"""The item-versions view on PostgreSQL kept two ways over the same log, in the
same run: the project's own pull loop (pages of 500, one transaction a page,
compare-and-set of a position row) and the library's ``ProjectionRunner`` (a
subscription thread, one transaction per event with its tracking record).
Both write their rows with the view's own ``_Batch``, so the rows must match.

    python -m benchmarks.projection_runner [--events 100000] [--changes 50]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner

from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings, store_env
from benchmarks import bench
from domain.message import Message
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from projections import outbox
from projections.item_applier import ItemBatch
from projections.view_support import values

PULL = "_pull"  # the pull loop's set of view tables, beside the live set
RUNNER = "_runner"  # the runner's set
TABLES = ("versions", "streams", "plans", "outbox")  # the position table differs by design
STEADY = (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)


class RunnerView(PostgresTrackingRecorder):
    """The view's tables under the ``_runner`` suffix, each event written with
    the library's tracking record in one transaction (exactly once on resume)."""

    last: tuple[int, float] = (0, 0.0)  # (notification id, perf_counter) of the last commit

    def table(self, name: str) -> str:
        return f"{self.datastore.schema}.tracker_view_{name}{RUNNER}"  # ItemVersionsView's naming

    def apply(self, event: Any, tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as c:
            if isinstance(event, Message.Event):  # the outbox view's rows
                outbox.apply(c, self.table("outbox"), "%s", event)
            else:  # the item versions' (events neither view reads change nothing)
                batch = ItemBatch(c, self.table, "%s")
                stream = str(event.originator_id)
                batch.prefetch([(stream, event)])
                batch.apply(tracking.notification_id, stream, event)
                batch.flush()
            self._insert_tracking(c, tracking)
        # Stamped after commit: the true moment the row is visible, free of
        # the backoff in ``runner.wait`` (100, 200, 400, 800 ms polls).
        self.last = (tracking.notification_id, time.perf_counter())


class RowsProjection(Projection[RunnerView]):
    name = "runner_view"  # the tracking table is runner_view_tracking

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(domain_event, tracking)


def committed_at(view: RunnerView, notification_id: int) -> float:
    """When the runner committed an event: its stamp follows the commit by a hair."""
    while view.last[0] < notification_id:
        time.sleep(0.0001)
    return view.last[1]


def dump(datastore: PostgresDatastore, table: Callable[[str], str]) -> list[tuple[Any, ...]]:
    """Every row of the compared tables, sorted (keys lead, so None never compares)."""
    rows = []
    with datastore.transaction(commit=False) as c:
        for name in TABLES:
            c.execute(f"SELECT * FROM {table(name)}")
            rows += sorted((name, *values(row)) for row in c.fetchall())
    return rows


def compare(events: int, changes: int) -> dict[str, float]:
    with bench.store("postgres") as url:
        clock = FixedClock(bench.START)
        app = bootstrap(Settings(db=url), clock=clock)
        bench.build_plan(app, clock, "pl", 500, max(1, events // 500))
        total = app.recorder.max_notification_id() or 0
        datastore: PostgresDatastore = app.recorder.datastore  # type: ignore[attr-defined]
        view = app.views
        pull_table = partial(view.table, suffix=PULL)
        for suffix in (PULL, RUNNER):  # the view's own DDL, as rebuild() makes "_next"
            view.drop(suffix)
            for part in view.runners:
                part.view.create(suffix)

        start = time.perf_counter()
        bench.read_and_decode(app)
        read_s = time.perf_counter() - start

        # rebuild()'s replay step: catch a fresh set of tables up from position 0.
        start = time.perf_counter()
        view.catch_up(PULL)
        pull_s = time.perf_counter() - start

        # The runner makes its own Tracker and view; it subscribes after the view's
        # tracking position (none yet), so it replays the whole log.
        start = time.perf_counter()
        runner = ProjectionRunner(
            application_class=Tracker,
            projection_class=RowsProjection,
            view_class=RunnerView,
            env=store_env(url),
        )
        started_s = time.perf_counter() - start
        write, pulled, waited, committed = [], [], [], []
        with runner:
            runner.wait(total, timeout=max(60.0, total / 100))
            runner_s = time.perf_counter() - start
            runner_commit_s = committed_at(runner.view, total) - start
            bulk_match = dump(datastore, runner.view.table) == dump(datastore, pull_table)

            # Steady state: one item, its status moved on once a simulated second.
            current = next(item.status for item in view.current("pl") if item.ref == "1")
            offset = STEADY.index(current) + 1 if current in STEADY else 0
            for i in range(changes):
                clock.set(clock.now() + timedelta(seconds=1))
                t0 = time.perf_counter()
                # save() also catches the app's live tables up (read your writes).
                if not app.change_status("pl", "1", STEADY[(offset + i) % 3], by="bench"):
                    raise RuntimeError("the steady-state change recorded no event")
                t1 = time.perf_counter()
                last = app.recorder.max_notification_id() or 0
                runner.wait(last, timeout=10)
                t2 = time.perf_counter()
                view.catch_up(PULL)  # the runner is idle now: nothing competes
                t3 = time.perf_counter()
                write.append(t1 - t0)
                waited.append(t2 - t0)
                committed.append(committed_at(runner.view, last) - t0)
                pulled.append(t1 - t0 + t3 - t2)  # write, then a reader's catch-up
            runner_rows = dump(datastore, runner.view.table)
        runner.view.datastore.close()
        pull_rows = dump(datastore, pull_table)
        live_rows = dump(datastore, view.table)  # kept by save() while the log was built
        app.close()

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000 if values else 0.0

    matched = bulk_match and runner_rows == pull_rows == live_rows
    return {
        "events": total,
        "read_decode_per_s": total / read_s,
        "pull_loop_per_s": total / pull_s,
        "runner_per_s": total / runner_s,
        "runner_commit_per_s": total / runner_commit_s,
        "pull_loop_vs_read": read_s / pull_s,
        "runner_vs_read": read_s / runner_s,
        "runner_start_s": started_s,
        "rows_compared": len(runner_rows),
        "rows_match": float(matched),
        "changes": changes,
        "steady_write_ms": ms(write),
        "steady_pull_loop_ms": ms(pulled),
        "steady_runner_wait_ms": ms(waited),
        "steady_runner_commit_ms": ms(committed),
        # runner.wait() sleeps 100 ms at least once if the first poll misses.
        "steady_runner_wait_p95_ms": bench.p95(waited) * 1000 if waited else 0.0,
        "steady_runner_wait_slept": sum(w - v >= 0.1 for w, v in zip(waited, write, strict=True))
        / max(1, changes),
    }


LABELS = [
    ("read_decode_per_s", "raw read-and-decode of the log, events/s"),
    ("pull_loop_per_s", "pull loop (catch_up of a fresh set), events/s"),
    ("runner_per_s", "ProjectionRunner until wait() returns, events/s"),
    ("runner_commit_per_s", "ProjectionRunner until its last commit, events/s"),
    ("pull_loop_vs_read", "pull loop vs raw read-and-decode (ratio)"),
    ("runner_vs_read", "runner vs raw read-and-decode (ratio)"),
    ("runner_start_s", "runner construction, s"),
    ("rows_match", "rows identical: runner, pull loop, live (1 = yes)"),
    ("steady_write_ms", "one change: change_status itself, median ms"),
    ("steady_pull_loop_ms", "one change: write + catch_up, median ms"),
    ("steady_runner_wait_ms", "one change: write + runner.wait(), median ms"),
    ("steady_runner_wait_p95_ms", "one change: write + runner.wait(), p95 ms"),
    ("steady_runner_wait_slept", "share of runner.wait() calls that slept >= 100 ms"),
    ("steady_runner_commit_ms", "one change: until the runner's commit, median ms"),
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--json", default="var/projection-runner.json")
    args = parser.parse_args(argv)
    results = compare(args.events, args.changes)
    print(f"PostgreSQL, {results['events']:.0f} events, {results['changes']:.0f} changes")
    for key, label in LABELS:
        print(f"{label:<54}{results[key]:>12.2f}")
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
