"""Benchmarks: the tracker measured side by side with the raw eventsourcing
library, in the same run, on SQLite and PostgreSQL; figures are ratios.

    python -m benchmarks.bench [--scale 1.0] [--stores sqlite,postgres] [--json var/bench.json]
        [--only rebuild_speed,as_at]

``--scale`` multiplies every size (the test suite runs 0.002 to prove it works).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

import psycopg
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import JSONTranscoder, Mapper

from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings, store_env
from domain.action import Action
from domain.events import When
from domain.plan import Plan
from domain.status import Status
from entrypoints.bootstrap import bootstrap

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
START = datetime(2009, 7, 1, 9, tzinfo=UTC)
CYCLE = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK]  # every step is a change


class Counter(Aggregate):
    """The raw library's equivalent of an item: one field changed by one event."""

    @event("Created")
    def __init__(self) -> None:
        self.status = "not_started"

    @event("StatusChanged")
    def change(self, status: str) -> None:
        self.status = status


@contextlib.contextmanager
def store(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/bench.db"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{POSTGRES}?schema={schema}"
        finally:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def plain_env(url: str) -> dict[str, str]:
    """The library's own recorder for the store, without the tracker's hash chain."""
    return {k: v for k, v in store_env(url).items() if k != "APPLICATION_RECORDER_TOPIC"}


def build_plan(app: Tracker, clock: FixedClock, plan: str, items: int, rounds: int) -> None:
    """A plan of ``items`` actions changed ``rounds`` times each, saved a round at
    a time through the application (recorded times rise along the log)."""
    at = clock.now()
    when = When(by="bench", at=at, effective_on=at.date())
    plan_agg = Plan.create(plan, title=f"Plan {plan}", organisation="", **when)
    actions = []
    for n in range(items):
        ref = str(n + 1)
        plan_agg.register(ref, action=ref, **when)
        due = date(2009, 9, 1) + timedelta(days=n % 400)
        actions.append(
            Action.add(
                plan=plan, ref=ref, title=f"Action {ref}", due=due, owner=f"o{n % 12}", **when
            )
        )
    app.save(plan_agg, *actions)
    for r in range(rounds):
        at = at + timedelta(minutes=1)
        clock.set(at)
        for action in actions:
            action.change_status(
                action.ref, CYCLE[r % len(CYCLE)], by="bench", at=at, effective_on=at.date()
            )
        app.save(*actions)


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def command_throughput(kind: str, n: int, blocks: int = 10) -> dict[str, float]:
    """Status changes through the tracker and load-change-saves through the raw
    library, in alternating blocks (so drift in the machine's speed hits both)."""
    with store(kind) as url, store(kind) as raw_url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        build_plan(app, clock, "pl", 50, 0)
        raw = Application[Any](env=plain_env(raw_url) | {"CREATE_TABLE": "y"})
        ids = []
        for _ in range(50):
            counter = Counter()
            raw.save(counter)
            ids.append(counter.id)
        ours = library = 0.0
        for block in range(blocks):
            numbers = range(block * n // blocks, (block + 1) * n // blocks)
            start = time.perf_counter()
            for i in numbers:
                clock.set(START + timedelta(seconds=i + 1))
                app.change_status("pl", str(i % 50 + 1), CYCLE[(i // 50) % len(CYCLE)], by="bench")
            ours += time.perf_counter() - start
            start = time.perf_counter()
            for i in numbers:
                counter = raw.repository.get(ids[i % 50])
                counter.change(CYCLE[(i // 50) % len(CYCLE)].value)
                raw.save(counter)
            library += time.perf_counter() - start
        app.close()
        raw.close()
    return {"tracker_per_s": n / ours, "library_per_s": n / library, "ratio": library / ours}


LIBRARY_MAPPER: Mapper[Any] = Mapper(transcoder=JSONTranscoder())  # the library's own, not ours


def read_and_decode(app: Tracker) -> None:
    """The raw library's floor: page through the log and decode every event
    with the library's own mapper (no validation: quicker than the project's)."""
    position = 0
    while page := app.recorder.select_notifications(
        start=position, limit=500, inclusive_of_start=False
    ):
        for notification in page:
            LIBRARY_MAPPER.to_domain_event(notification)
        position = page[-1].id


def clocked(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def rebuild_speed(kind: str, events: int) -> dict[str, float]:
    items = 500
    with store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        build_plan(app, clock, "pl", items, max(1, events // items))
        total = app.recorder.max_notification_id() or 0
        library, library_cpu = clocked(partial(read_and_decode, app))
        ours, ours_cpu = clocked(app.rebuild)
        app.close()
    return {  # CPU: this process's (PostgreSQL's server work is in the wall time only)
        "events": total,
        "tracker_per_s": total / ours,
        "library_per_s": total / library,
        "ratio": library / ours,
        "cpu_ratio": library_cpu / ours_cpu,
    }


def fold_board(app: Tracker, plan: str, until: datetime) -> int:
    """The reference: fold the log's events recorded up to ``until``."""
    aggregates: dict[Any, Any] = {}
    position = 0
    while page := app.recorder.select_notifications(
        start=position, limit=1000, inclusive_of_start=False
    ):
        for notification in page:
            domain_event: Any = app.mapper.to_domain_event(notification)
            if domain_event.timestamp > until:
                return len(aggregates)
            key = domain_event.originator_id
            aggregates[key] = domain_event.mutate(aggregates.get(key))
        position = page[-1].id
    return len(aggregates)


def as_at(kind: str, items: int, events: int, repeat: int) -> dict[str, float]:
    with store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        rounds = max(1, events // items)
        build_plan(app, clock, "pl", items, rounds)
        span = (clock.now() - START).total_seconds()
        rng = random.Random(1)
        instants = [START + timedelta(seconds=rng.uniform(0, span)) for _ in range(repeat)]
        view = [timed(partial(app.board, "pl", as_at=t), 1)[0] for t in instants]
        fold = [
            timed(partial(fold_board, app, "pl", t), 1)[0] for t in instants[: max(1, repeat // 5)]
        ]
        total = app.recorder.max_notification_id() or 0
        app.close()
    median = statistics.median(view)
    return {
        "items": items,
        "events": total,
        "median_ms": median * 1000,
        "p95_ms": p95(view) * 1000,
        "fold_median_ms": statistics.median(fold) * 1000,
        "times_faster_than_fold": statistics.median(fold) / median,
    }


def many_plans(kind: str, plans: int, items: int, repeat: int) -> dict[str, float]:
    with store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        for p in range(plans):
            build_plan(app, clock, f"plan-{p}", items, 1)
        clock.set(datetime(2010, 6, 1, 9, tzinfo=UTC))
        board = timed(lambda: app.board(f"plan-{plans // 2}"), repeat)
        overdue = timed(lambda: app.overdue(None), max(3, repeat // 5))
        found = len(app.overdue(None)[1])
        app.close()
    return {
        "plans": plans,
        "items_each": items,
        "board_median_ms": statistics.median(board) * 1000,
        "overdue_median_ms": statistics.median(overdue) * 1000,
        "overdue_items": found,
    }


def board_page(kind: str, items: int, repeat: int) -> dict[str, float]:
    """The web board page of one plan, served in-process (server time), beside
    the board query it renders, measured in the same run."""
    from starlette.testclient import TestClient

    from application.access import Role
    from web.app import create_app

    with store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        build_plan(app, clock, "pl", items, 4)
        clock.set(datetime(2010, 6, 1, 9, tzinfo=UTC))
        app.users.add("viewer", Role.VIEWER, "bench password")
        with TestClient(create_app(app)) as client:
            sign_in = client.get("/sign-in").text
            token = sign_in.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            client.post(
                "/sign-in",
                data={"csrf_token": token, "name": "viewer", "password": "bench password"},
            )
            assert client.get("/plans/pl").status_code == 200
            page = timed(lambda: client.get("/plans/pl"), repeat)
        query = timed(lambda: app.board("pl"), repeat)
        app.close()
    return {
        "items": items,
        "page_median_ms": statistics.median(page) * 1000,
        "page_p95_ms": p95(page) * 1000,
        "query_median_ms": statistics.median(query) * 1000,
        "page_vs_query": statistics.median(page) / statistics.median(query),
    }


def rebuild_memory(kind: str, events: int) -> dict[str, float]:
    """Peak RSS of a separate process that rebuilds a log of ``events`` events."""
    with store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        build_plan(app, clock, "pl", 500, max(1, events // 500))
        total = app.recorder.max_notification_id() or 0
        app.close()
        # The child's own figures from /proc (VmRSS, VmHWM: its new address
        # space's), not ru_maxrss, which a child inherits from this process.
        code = (
            "import sys\n"
            "from application.settings import Settings\n"
            "from entrypoints.bootstrap import bootstrap\n"
            "def kb(field):\n"
            "    with open('/proc/self/status') as f:\n"
            "        return next(l.split()[1] for l in f if l.startswith(field + ':'))\n"
            "app = bootstrap(Settings(db=sys.argv[1]))\n"
            "base = kb('VmRSS')\n"
            "app.rebuild()\n"
            "print(base, kb('VmHWM'))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, url], capture_output=True, text=True, check=True
        )
        before, peak = (int(v) / 1024 for v in out.stdout.split())
    return {"events": total, "peak_rss_mb": peak, "rss_before_rebuild_mb": before}


def run(scale: float, stores: list[str], only: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every measure (or those named in ``only``) on each store."""

    def size(n: int, least: int = 1) -> int:
        return max(least, int(n * scale))

    measures: dict[str, tuple[str, Callable[[str], dict[str, Any]]]] = {
        "command_throughput": (
            "command throughput",
            lambda kind: command_throughput(kind, size(2000, 20)),
        ),
        "rebuild_speed": ("rebuild speed", lambda kind: rebuild_speed(kind, size(100_000, 500))),
        "as_at": (
            "as-at board",
            lambda kind: as_at(kind, size(500, 5), size(100_000, 50), size(50, 5)),
        ),
        "many_plans": (
            "100 plans",
            lambda kind: many_plans(kind, size(100, 2), size(500, 5), size(30, 5)),
        ),
        "board_page": ("web board page", lambda kind: board_page(kind, size(500, 5), size(30, 3))),
        "rebuild_memory": (
            "rebuild memory",
            lambda kind: rebuild_memory(kind, size(1_000_000, 500)),
        ),
    }
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "scale": scale,
        "stores": {},
    }
    for kind in stores:
        r: dict[str, Any] = {}
        for name, (label, measure) in measures.items():
            if not only or name in only:
                print(f"[{kind}] {label} ...", flush=True)
                r[name] = measure(kind)
        results["stores"][kind] = r
    return results


TARGETS = [
    ("command_throughput", "ratio", ">=", 0.5, "status change vs raw load-change-save (ratio)"),
    ("rebuild_speed", "ratio", ">=", 0.5, "rebuild vs library read-and-decode (ratio)"),
    ("rebuild_speed", "cpu_ratio", ">=", float("-inf"), "the same in CPU time of the process"),
    ("as_at", "median_ms", "<=", 20.0, "as-at board, median ms"),
    ("as_at", "p95_ms", "<=", float("inf"), "as-at board, p95 ms"),
    ("as_at", "times_faster_than_fold", ">=", 50.0, "as-at board vs fold (times faster)"),
    ("many_plans", "board_median_ms", "<=", 50.0, "one board among 100 plans, median ms"),
    ("many_plans", "overdue_median_ms", "<=", 200.0, "overdue across 100 plans, median ms"),
    ("rebuild_memory", "peak_rss_mb", "<=", 300.0, "rebuild peak memory, MB"),
    ("board_page", "page_median_ms", "<=", 100.0, "web board page, median ms"),
    ("board_page", "page_vs_query", "<=", float("inf"), "web board page vs its board query (x)"),
]


def report(results: dict[str, Any]) -> str:
    stores = list(results["stores"])
    lines = [f"machine: {results['machine']}; scale {results['scale']}", ""]
    lines.append(f"{'measure':<48}" + "".join(f"{s:>14}" for s in stores) + "   target")
    for group, key, op, target, label in TARGETS:
        if any(group not in results["stores"][s] for s in stores):
            continue  # not measured this run (--only)
        cells = []
        for s in stores:
            value = results["stores"][s][group][key]
            met = value >= target if op == ">=" else value <= target
            cells.append(f"{value:>12.2f}{' ' if met else '!'} ")
        goal = "" if abs(target) == float("inf") else f"{op} {target:g}"
        lines.append(f"{label:<48}" + "".join(cells) + f"   {goal}")
    lines.append("")
    sizes = {
        "rebuild_speed": "{} events rebuilt",
        "as_at": "as-at over {} events",
        "rebuild_memory": "memory over {} events",
    }
    lines.append(
        "! marks a missed target. Sizes: "
        + "; ".join(
            f"{s}: "
            + ", ".join(
                what.format(results["stores"][s][group]["events"])
                for group, what in sizes.items()
                if group in results["stores"][s]
            )
            for s in stores
        )
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--json", default="var/bench.json")
    parser.add_argument(
        "--only", default="", help="measures to run, comma-separated (e.g. rebuild_speed)"
    )
    args = parser.parse_args(argv)
    results = run(args.scale, args.stores.split(","), frozenset(filter(None, args.only.split(","))))
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(report(results))
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
