"""Speed where users wait, at 1,000 events and at 1,000,000: one plan's pages
and commands timed in a log of each size, on SQLite and PostgreSQL, each figure
beside a floor measured in the same run on the same store.

    python -m benchmarks.at_scale [--events 1000,1000000] [--stores sqlite,postgres]
        [--items 500] [--repeat 20] [--cli-runs 5] [--json var/at-scale.json]
        [--previous var/at-scale-1k.json]

The measured plan is the same at every size (``benchmarks.scale_store``: 500
items; at 1,000 events the log is that plan alone); what grows is the rest of
the log. Measured: the item's web page and the HTML and PDF board packs through
the Starlette app, signed in; ``history PLAN REF`` in process and as a
``tracker`` process; ``tracker verify``; ``tracker --help`` and ``tracker
board``; the rebuild, its time and its peak memory in a fresh process. Targets:
at the largest size the item page, history and the HTML pack within 2 times
their time at the smallest; the PDF pack under 3 s. Stores are built once and
cached under ``var/bench-scale/`` (the first 1,000,000-event build takes
minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Mapper

from application.clock import FixedClock
from application.integrity import verify_log
from application.service import Tracker
from application.settings import Settings
from benchmarks.cli_start import _env
from benchmarks.scale_store import CACHE, IDLE_TIMEOUT, PASSWORD, PLAN, REF, VIEWER, cached
from domain.action import action_id
from entrypoints.bootstrap import bootstrap

DAY = datetime(2010, 6, 1, 9, tzinfo=UTC)  # after every event the stores hold
GROWTH_TARGET, PDF_TARGET_S = 2.0, 3.0
GROWN = ("item_page", "history", "pack_html")  # judged by growth from the smallest size


def ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def clocked(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median wall time and median CPU time of this process (all its threads:
    the web app's pool included), in ms. On a shared machine the CPU time is
    the steadier figure; a PostgreSQL server's own work is not in it."""
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return {"ms": ms(wall), "cpu_ms": ms(cpu)}


def put(r: dict[str, Any], name: str, figures: dict[str, float]) -> None:
    r[f"{name}_ms"], r[f"{name}_cpu_ms"] = figures["ms"], figures["cpu_ms"]


def run_process(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """A whole process: (wall seconds, its CPU seconds, its output)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{command[-2:]} failed ({child.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, out


def plan_rows_floor(app: Tracker) -> int:
    """A plain SQL SELECT of the plan's current rows: what any board must read."""
    m = app.views.db.dialect.mark
    versions = app.views.table("versions")
    sql = f"SELECT state FROM {versions} WHERE plan = {m} AND recorded_to IS NULL"
    return len(app.views.db.read(sql, (PLAN,)))


def read_log(app: Tracker, decode: Callable[[Any], object] | None = None) -> int:
    """Page through the whole log (the library's recorder), decoding each event
    with ``decode`` if given; the number of events read."""
    position = count = 0
    while page := app.recorder.select_notifications(
        start=position, limit=1000, inclusive_of_start=False
    ):
        for notification in page:
            if decode is not None:
                decode(notification)
        count += len(page)
        position = page[-1].id
    return count


CHILD = """
import json, sys, time
from application.settings import Settings
from entrypoints.bootstrap import bootstrap

def status(field):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":"))

app = bootstrap(Settings(db=sys.argv[1]))
before = status("VmRSS")
start, cpu = time.perf_counter(), time.process_time()
events = app.rebuild()
took, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"s": took, "cpu_s": cpu, "events": events, "rss_before_kb": before,
                  "hwm_kb": status("VmHWM")}))
"""


def rebuild_in_child(url: str) -> dict[str, Any]:
    """Rebuild in a fresh process; its peak memory as it reports it (VmHWM, the
    new process's own) and as the kernel accounts it to this child (wait4)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE, env=_env(), text=True
    )
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"the rebuild child failed ({child.returncode})")
    found = json.loads(out)
    return {
        "rebuild_ms": found["s"] * 1000,
        "rebuild_cpu_ms": found["cpu_s"] * 1000,
        "rebuild_process_ms": (time.perf_counter() - start) * 1000,
        "rebuild_process_cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
        "rebuild_events": found["events"],
        "rebuild_peak_rss_mb": found["hwm_kb"] / 1024,
        "rebuild_rss_before_mb": found["rss_before_kb"] / 1024,
        "rebuild_wait4_maxrss_mb": usage.ru_maxrss / 1024,
    }


def signed_in(client: Any) -> None:
    sign_in = client.get("/sign-in").text
    token = sign_in.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    reply = client.post(
        "/sign-in", data={"csrf_token": token, "name": VIEWER, "password": PASSWORD}
    )
    assert reply.status_code == 200 and "Sign out" in reply.text, reply.status_code


def web(app: Tracker, repeat: int, pdf_too: bool = True) -> dict[str, Any]:
    """The item page, the HTML pack, the PDF pack (its first render in a new
    app, then again), through the whole web stack in process."""
    import weasyprint  # noqa: F401  loaded first: the cold PDF is the pack, not Pango
    from starlette.testclient import TestClient

    from web.app import create_app

    r: dict[str, Any] = {}
    # The render itself, within the request (not the "being prepared" page).
    with TestClient(create_app(app, pack_pdf_background_items=10**6)) as client:
        signed_in(client)

        def get(path: str, kind: str) -> Callable[[], None]:
            def fetch() -> None:
                reply = client.get(path)
                assert reply.status_code == 200, (path, reply.status_code)
                assert reply.headers["content-type"].startswith(kind), path

            return fetch

        pdf = get(f"/plans/{PLAN}/pack.pdf", "application/pdf")
        if pdf_too:
            put(r, "pack_pdf_cold", clocked(pdf, 1))
            put(r, "pack_pdf_warm", clocked(pdf, max(1, repeat // 10)))
        item = get(f"/plans/{PLAN}/items/{REF}", "text/html")
        item()
        put(r, "item_page", clocked(item, repeat))
        pack = get(f"/plans/{PLAN}/pack", "text/html")
        pack()
        put(r, "pack_html", clocked(pack, max(3, repeat // 4)))
    return r


def cli(url: str, runs: int, events: int) -> dict[str, float]:
    """Whole ``tracker`` processes, in turn, beside ``python -c pass``."""
    env = _env()
    base = [sys.executable, "-m", "entrypoints.cli"]
    commands = {
        "help": [*base, "--help"],
        "board": [*base, "--db", url, "board", PLAN],
        "history": [*base, "--db", url, "history", PLAN, REF],
        "verify": [*base, "--db", url, "verify"],
        "python": [sys.executable, "-c", "pass"],
    }
    for name, command in commands.items():  # warm the file cache; not counted
        if name != "verify":
            run_process(command, env)
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(runs):
        for name, command in commands.items():
            if name == "verify" and n >= max(1, runs * 1000 // max(events, 1)):
                continue  # a whole-log read: fewer runs of it at large sizes
            took, used, _ = run_process(command, env)
            wall[name].append(took)
            cpu[name].append(used)
    r: dict[str, float] = {}
    for name in commands:
        r[f"cli_{name}_ms"], r[f"cli_{name}_cpu_ms"] = ms(wall[name]), ms(cpu[name])
    return r


def measure(
    kind: str,
    events: int,
    items: int,
    repeat: int,
    cli_runs: int,
    cache: Path = CACHE,
    pdf_too: bool = True,
) -> dict[str, Any]:
    with cached(kind, events, items, cache) as url:
        app = bootstrap(Settings(db=url), clock=FixedClock(DAY))
        stream = action_id(PLAN, REF)
        r: dict[str, Any] = {
            "store": kind,
            "events_asked": events,
            "events": app.recorder.max_notification_id() or 0,
            "items": items,
            "history_rows": len(app.history(PLAN, REF)),
        }
        put(r, "floor_stream", clocked(lambda: app.recorder.select_events(stream), repeat))
        put(r, "history", clocked(lambda: app.history(PLAN, REF), repeat))
        put(r, "floor_select", clocked(lambda: plan_rows_floor(app), repeat))
        r.update(web(app, repeat, pdf_too))
        slow = max(1, min(3, repeat * 1000 // max(events, 1)))  # whole-log reads
        put(r, "floor_log_read", clocked(lambda: read_log(app), slow))
        put(r, "verify", clocked(lambda: verify_log(app.recorder), slow))
        library: Mapper[Any] = Mapper(transcoder=JSONTranscoder())  # the library's own, not ours
        put(r, "floor_decode", clocked(lambda: read_log(app, library.to_domain_event), slow))
        app.close()
        r.update(cli(url, cli_runs, events))
        r.update(rebuild_in_child(url))
    r["harness_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name, floor in RATIOS.items():
        if f"{name}_ms" not in r:
            continue  # not measured this run (--no-pdf)
        r[f"{name}_x_floor"] = r[f"{name}_ms"] / r[floor]
        cpu_floor = r[floor.replace("_ms", "_cpu_ms")]
        r[f"{name}_cpu_x_floor"] = r[f"{name}_cpu_ms"] / cpu_floor if cpu_floor else 0.0
    return r


RATIOS = {  # figure: the floor it is divided by
    "item_page": "floor_stream_ms",
    "history": "floor_stream_ms",
    "pack_html": "floor_select_ms",
    "pack_pdf_cold": "floor_select_ms",
    "pack_pdf_warm": "floor_select_ms",
    "verify": "floor_log_read_ms",
    "rebuild": "floor_decode_ms",
    "cli_history": "cli_python_ms",
    "cli_verify": "cli_python_ms",
    "cli_help": "cli_python_ms",
    "cli_board": "cli_python_ms",
}
LABELS = {
    "item_page": "item page (web)",
    "history": "history PLAN REF (in process)",
    "pack_html": "HTML board pack (web)",
    "pack_pdf_cold": "PDF board pack, first render (web)",
    "pack_pdf_warm": "PDF board pack, again (web)",
    "verify": "verify the log (in process)",
    "rebuild": "rebuild (fresh process)",
    "cli_history": "tracker history PLAN REF",
    "cli_verify": "tracker verify",
    "cli_help": "tracker --help",
    "cli_board": "tracker board PLAN",
}
FLOORS = {
    "floor_stream_ms": "floor: the item's stream (indexed)",
    "floor_select_ms": "floor: SELECT the plan's rows",
    "floor_log_read_ms": "floor: read the whole log",
    "floor_decode_ms": "floor: read + decode (library Mapper)",
    "cli_python_ms": "floor: python -c pass",
}


def growth(runs: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per store: each grown figure at its largest size over its smallest."""
    found: dict[str, dict[str, float]] = {}
    for kind in {r["store"] for r in runs.values()}:
        mine = sorted((r for r in runs.values() if r["store"] == kind), key=lambda r: r["events"])
        if len(mine) > 1:
            small, large = mine[0], mine[-1]
            found[kind] = {name: large[f"{name}_ms"] / small[f"{name}_ms"] for name in GROWN}
            found[kind] |= {
                f"{name}_cpu": large[f"{name}_cpu_ms"] / small[f"{name}_cpu_ms"] for name in GROWN
            }
    return found


def report(results: dict[str, Any]) -> str:
    runs = results["runs"]
    lines = [f"machine: {results['machine']}; the plan: {results['items']} items", ""]
    for name, r in runs.items():
        lines.append(f"{name}: {r['events']:,} events in the log (--events {r['events_asked']})")
    lines.append("")
    lines.append(
        "median wall ms (times its floor) / median CPU ms of the process (times its floor)"
    )
    lines.append(f"{'':<40}" + "".join(f"{n:>40}" for n in runs))
    for name, label in LABELS.items():
        cells = "".join(
            f"{r[f'{name}_ms']:>11.1f} ({r[f'{name}_x_floor']:>6.1f}x)"
            f"{r[f'{name}_cpu_ms']:>11.1f} ({r[f'{name}_cpu_x_floor']:>6.1f}x)"
            if f"{name}_ms" in r
            else f"{'-':>40}"
            for r in runs.values()
        )
        target = "   < 3000" if name.startswith("pack_pdf") else ""
        lines.append(f"{label:<40}{cells}{target}")
    for key, label in FLOORS.items():
        cpu_key = key.replace("_ms", "_cpu_ms")
        lines.append(
            f"{label:<40}" + "".join(f"{r[key]:>20.2f}{r[cpu_key]:>20.2f}" for r in runs.values())
        )
    lines.append(
        f"{'rebuild peak RSS (fresh process), MB':<40}"
        + "".join(f"{r['rebuild_peak_rss_mb']:>40.1f}" for r in runs.values())
    )
    for kind, ratios in results["growth"].items():
        shown = ", ".join(
            f"{n} {v:.2f}x{'' if v <= GROWTH_TARGET else '!'}" for n, v in ratios.items()
        )  # _cpu: the same from CPU times
        lines.append(f"{kind}: largest size / smallest: {shown} (target <= {GROWTH_TARGET:g})")
    lines.append("! marks a missed target.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1000,1000000")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--json", default="var/at-scale.json")
    parser.add_argument("--cache", default=str(CACHE), help="where built stores are kept")
    parser.add_argument("--previous", help="a JSON file of runs to report beside these")
    parser.add_argument("--no-pdf", action="store_true", help="leave out the PDF pack")
    args = parser.parse_args(argv)
    os.environ.update(IDLE_TIMEOUT)  # this process and the tracker processes it starts
    runs: dict[str, dict[str, Any]] = {}
    if args.previous:  # runs measured before (another size), shown and compared with these
        with open(args.previous) as handle:
            runs.update(json.load(handle)["runs"])
    for kind in args.stores.split(","):
        for events in (int(e) for e in args.events.split(",")):
            print(f"[{kind}] {events:,} events ...", flush=True)
            runs[f"{kind} {events:,}"] = measure(
                kind,
                events,
                args.items,
                args.repeat,
                args.cli_runs,
                Path(args.cache),
                pdf_too=not args.no_pdf,
            )
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "items": args.items,
        "runs": runs,
        "growth": growth(runs),
    }
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(report(results))
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
