"""The scheduler's first tick alone, on SQLite, over a stored copy of the
plans that ``growing_paths`` builds: for comparing two versions of the code
in turn (or profiling one) without building the plans each time.

    python -m benchmarks.first_tick [--plans 100] [--items 500] [--profile]

Why: on a shared machine one ``growing_paths`` run per version is within the
noise; the tick alone, run several times over the same stored plans, is
steadier. The first run builds the plans into ``var/first-tick-P-I.db``;
each run works on a fresh copy of it.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import time

from application.clock import FixedClock
from application.settings import Settings
from benchmarks.bench import START, build_plan
from benchmarks.growing_paths import DAY
from entrypoints.bootstrap import bootstrap
from scheduler.calendar import EnglishWorkingDays
from scheduler.scan import scan


def stored_plans(directory: str, plans: int, items: int) -> str:
    """The file holding the plans (built on first use), as growing_paths builds them."""
    path = os.path.join(directory, f"first-tick-{plans}-{items}.db")
    if not os.path.exists(path):
        clock = FixedClock(START)
        app = bootstrap(Settings(db=f"sqlite:///{path}.building"), clock=clock)
        for p in range(plans):
            name = f"plan-{p:03d}"
            build_plan(app, clock, name, items, 1)
            app.set_contacts(name, ["pmo"], by="bench")
        app.close()
        os.replace(f"{path}.building", path)
    return path


def first_tick(path: str, profile: bool) -> tuple[int, float, float]:
    """Flags, wall and CPU seconds of the first tick over a fresh copy of ``path``."""
    work = f"{path}.work"
    for stale in (work, f"{work}-wal", f"{work}-shm"):
        if os.path.exists(stale):
            os.remove(stale)
    shutil.copy(path, work)
    app = bootstrap(Settings(db=f"sqlite:///{work}"), clock=FixedClock(DAY))
    calendar = EnglishWorkingDays()
    profiler = cProfile.Profile()
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        profiler.enable()
    report = scan(app, DAY, calendar)
    profiler.disable()
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    app.close()
    if profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return len(report.flagged), wall, used


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--dir", default="var")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    os.makedirs(args.dir, exist_ok=True)
    path = stored_plans(args.dir, args.plans, args.items)
    for _ in range(args.runs):
        flagged, wall, cpu = first_tick(path, args.profile)
        print(f"first tick: {flagged} flagged, wall {wall:.2f} s, CPU {cpu:.2f} s")


if __name__ == "__main__":
    main()
