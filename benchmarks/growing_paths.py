"""The paths that grow with the number of plans, each beside a floor measured
in the same run on the same store: the plans list (its RAG totals), overdue
across all plans and for one plan, and the scheduler's daily scan (its first
tick, which flags every overdue item, and quiet days after it).

    python -m benchmarks.growing_paths [--scale 1.0] [--stores sqlite,postgres] [--json ...]

Two sizes per store: small (10 plans of 100 items) and full (100 plans of 500
items; 37,300 of the 50,000 items overdue on the day asked). ``--scale``
multiplies both (the test suite runs a tiny one to prove it works).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application

from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings
from benchmarks.bench import START, Counter, build_plan, plain_env, store, timed
from entrypoints.bootstrap import bootstrap
from scheduler.calendar import EnglishWorkingDays
from scheduler.scan import scan

# Tuesday 1 June 2010: the week's report day (Monday was a bank holiday), so the
# first tick is the heaviest: every overdue item flagged, and every plan reported.
DAY = datetime(2010, 6, 1, 9, tzinfo=UTC)
QUIET = [datetime(2010, 6, d, 9, tzinfo=UTC) for d in (2, 3, 4)]  # Wednesday to Friday
SIZES = {"small": (10, 100), "full": (100, 500)}  # plans, items each


def _rows(app: Tracker, sql: str, params: tuple[str, ...] = ()) -> list[Any]:
    return app.views.db.read(sql.format(versions=app.views.table("versions")), params)


def _mark(app: Tracker) -> str:
    return app.views.db.dialect.mark


def totals_floor(app: Tracker) -> int:
    """A plain SQL count of each plan's current items: what any list must read."""
    return len(
        _rows(app, "SELECT plan, count(*) FROM {versions} WHERE recorded_to IS NULL GROUP BY plan")
    )


def overdue_floor(app: Tracker, on: str, plan: str | None = None) -> int:
    """The overdue index's rows, fetched as they are stored, decoded by nothing."""
    m = _mark(app)
    where = f" AND plan = {m}" if plan else ""
    is_open = "is_open + 0" if plan else "is_open"  # one plan: by the plan's index
    sql = (
        f"SELECT plan, state FROM {{versions}} WHERE recorded_to IS NULL AND {is_open} = 1 "
        f"AND due < {m}{where} ORDER BY plan, action_seq, seq"
    )
    return len(_rows(app, sql, (on, plan) if plan else (on,)))


def current_rows_floor(app: Tracker) -> int:
    """Every current item row read and decoded as plain JSON: what a scan of
    every plan's open items must at least read."""
    rows = _rows(app, "SELECT plan, state FROM {versions} WHERE recorded_to IS NULL")
    return len([json.loads(row["state"]) for row in rows])


def raw_saves(kind: str, per_save: list[int]) -> float:
    """The raw library storing as many one-field changes, one save per plan."""
    with store(kind) as url:
        raw = Application[Any](env=plain_env(url) | {"CREATE_TABLE": "y"})
        counters = [Counter() for _ in range(sum(per_save))]
        raw.save(*counters)
        start = time.perf_counter()
        at = 0
        for n in per_save:
            chunk = counters[at : at + n]
            for counter in chunk:
                counter.change("flagged")
            raw.save(*chunk)
            at += n
        took = time.perf_counter() - start
        raw.close()
    return took


def measure(kind: str, plans: int, items: int, repeat: int) -> dict[str, Any]:
    with store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        names = [f"plan-{p:03d}" for p in range(plans)]
        for name in names:
            build_plan(app, clock, name, items, 1)
            app.set_contacts(name, ["pmo"], by="bench")
        clock.set(DAY)
        on = DAY.date().isoformat()
        one = names[len(names) // 2]
        r: dict[str, Any] = {"plans": plans, "items_each": items}
        r["plans_list_ms"] = _median(timed(app.plan_summaries, repeat))
        r["plans_list_floor_ms"] = _median(timed(lambda: totals_floor(app), repeat))
        r["overdue_all_ms"] = _median(timed(lambda: app.overdue(None), max(3, repeat // 3)))
        r["overdue_all_floor_ms"] = _median(
            timed(lambda: overdue_floor(app, on), max(3, repeat // 3))
        )
        r["overdue_items"] = len(app.overdue(None)[1])
        r["overdue_one_ms"] = _median(timed(lambda: app.overdue(one), repeat))
        r["overdue_one_floor_ms"] = _median(timed(lambda: overdue_floor(app, on, one), repeat))
        calendar = EnglishWorkingDays()
        start, cpu = time.perf_counter(), time.process_time()
        first = scan(app, DAY, calendar)
        r["first_tick_s"] = time.perf_counter() - start
        r["first_tick_cpu_s"] = time.process_time() - cpu  # this process's; not the server's
        r["flagged"] = len(first.flagged)
        quiet, quiet_cpu = [], []
        for moment in QUIET:  # each day a few more items fall overdue (one a plan)
            clock.set(moment)
            start, cpu = time.perf_counter(), time.process_time()
            report = scan(app, moment, calendar)
            quiet.append(time.perf_counter() - start)
            quiet_cpu.append(time.process_time() - cpu)
            assert not report.skipped, report
        r["quiet_day_s"] = statistics.median(quiet)
        r["quiet_day_cpu_s"] = statistics.median(quiet_cpu)
        r["quiet_day_flagged"] = len(report.flagged)
        r["quiet_day_floor_s"] = statistics.median(
            timed(lambda: current_rows_floor(app), len(QUIET))
        )
        app.close()
    per_plan = [r["flagged"] // plans + (p < r["flagged"] % plans) for p in range(plans)]
    r["first_tick_floor_s"] = raw_saves(kind, per_plan)
    for name in ("plans_list", "overdue_all", "overdue_one"):
        r[f"{name}_vs_floor"] = r[f"{name}_ms"] / r[f"{name}_floor_ms"]
    for name in ("first_tick", "quiet_day"):
        r[f"{name}_vs_floor"] = r[f"{name}_s"] / r[f"{name}_floor_s"]
    return r


def _median(times: list[float]) -> float:
    return statistics.median(times) * 1000


TARGETS = [
    ("plans_list_ms", "<=", 50.0, "plans list, median ms"),
    ("plans_list_vs_floor", "", 0.0, "plans list vs GROUP BY count (x)"),
    ("overdue_all_ms", "<=", 200.0, "overdue, all plans, median ms"),
    ("overdue_all_vs_floor", "", 0.0, "overdue, all plans vs its plain query (x)"),
    ("overdue_one_ms", "<=", 20.0, "overdue, one plan, median ms"),
    ("overdue_one_vs_floor", "", 0.0, "overdue, one plan vs its plain query (x)"),
    ("first_tick_s", "<=", 10.0, "scan, first tick (flags every item), s"),
    ("first_tick_cpu_s", "", 0.0, "first tick, CPU s (this process)"),
    ("first_tick_vs_floor", "", 0.0, "first tick vs raw library saves (x)"),
    ("quiet_day_s", "<=", 2.0, "scan, a quiet day (median of 3), s"),
    ("quiet_day_cpu_s", "", 0.0, "a quiet day, CPU s (this process)"),
    ("quiet_day_vs_floor", "", 0.0, "quiet day vs reading every item row (x)"),
]


def run(scale: float, stores: list[str], sizes: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "scale": scale,
        "runs": {},
    }
    for size in sizes:
        plans, items = SIZES[size]
        for kind in stores:
            shape = (max(2, int(plans * scale)), max(5, int(items * scale)))
            print(f"[{kind}] {size}: {shape[0]} plans of {shape[1]} items ...", flush=True)
            figures = measure(kind, *shape, repeat=max(5, int(30 * scale)))
            results["runs"][f"{kind} {size}"] = figures | {"size": size}
    return results


def report(results: dict[str, Any]) -> str:
    runs = results["runs"]
    lines = [f"machine: {results['machine']}; scale {results['scale']}", ""]
    lines.append(f"{'measure':<44}" + "".join(f"{name:>16}" for name in runs) + "   target")
    for key, op, target, label in TARGETS:
        cells = []
        for figures in runs.values():
            value = figures[key]
            met = not op or value <= target or figures["size"] != "full"
            cells.append(f"{value:>14.2f}{' ' if met else '!'} ")
        lines.append(f"{label:<44}" + "".join(cells) + (f"   {op} {target:g}" if op else ""))
    lines.append("")
    lines.append(
        "Sizes: "
        + "; ".join(
            f"{name}: {f['plans']} plans of {f['items_each']} items, "
            f"{f['overdue_items']} overdue, {f['flagged']} flagged"
            for name, f in runs.items()
        )
        + ". ! marks a missed target (targets are for the full size)."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--sizes", default="small,full")
    parser.add_argument("--json", default="var/growing-paths.json")
    args = parser.parse_args(argv)
    results = run(args.scale, args.stores.split(","), args.sizes.split(","))
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(report(results))
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
