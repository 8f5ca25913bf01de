"""Benchmark: nobody waits for a board pack. A real ``tracker serve`` holds a
plan of 2,000 items; while a signed-in user's board pack renders (the PDF, then
separately the printable HTML page) the sign-in page is fetched again and
again. Beside it, in the same run: the same sign-in page with nothing else
going on (the floor) and the pack rendered alone. The target: a sign-in median
under 200 ms while the pack renders.

    python -m benchmarks.sign_in_under_load [--items 2000] [--samples 50]
        [--packs pdf,html] [--stores sqlite] [--json var/sign-in-under-load.json]

The PDF limit (TRACKER_PACK_PDF_MAX_ITEMS, 600 by default) is raised to the
plan's size for the server, so the 2,000-item PDF really renders. Packs render
back to back until the samples are taken; a sample counts only if it started
while a pack was in flight, and the run fails if fewer than ``--min-in-flight``
did (then it did not measure what it says).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from application.access import Role
from application.clock import FixedClock
from application.settings import Settings
from application.spreadsheet import check_rows
from benchmarks.bench import p95, store
from benchmarks.import_file import HEADER, plan_rows
from benchmarks.live_server import serve, signed_in
from entrypoints.bootstrap import bootstrap

PLAN, WARM = "big-plan", "warm-up"  # the measured plan; a small one to load WeasyPrint first
NOW = "2010-06-01T09:00"  # the server's pinned clock: months after the plan's dates began
NAME, PASSWORD = "inspector", "a long enough password"
TARGET_MS = 200.0
ROUTES = {"pdf": f"/plans/{PLAN}/pack.pdf", "html": f"/plans/{PLAN}/pack"}


def build(url: str, items: int) -> None:
    """The plan as the import benchmark writes it: actions with four milestones
    each, themes, owners, descriptions; every row is an item on the board."""
    app = bootstrap(Settings(db=url), clock=FixedClock(datetime(2010, 1, 4, 9, tzinfo=UTC)))
    for plan, count in ((PLAN, items), (WARM, 5)):
        cells: list[list[object]] = [[*row] for row in [HEADER, *plan_rows(count)]]
        rows = check_rows(f"{plan}.csv", cells)
        app.import_plan(plan, rows, by="pmo", source=f"{plan}.csv")
    app.users.add(NAME, Role.VIEWER, PASSWORD)
    app.close()


def sign_in_page(base: str) -> tuple[float, float]:
    """One visitor's sign-in page on a new connection: (started, seconds)."""
    start = time.perf_counter()
    with urllib.request.urlopen(base + "/sign-in", timeout=120) as reply:
        if reply.status != 200 or b"csrf_token" not in reply.read():
            raise RuntimeError(f"the sign-in page answered {reply.status}")
    return start, time.perf_counter() - start


def render(opener: urllib.request.OpenerDirector, url: str, pdf: bool) -> int:
    """One whole pack, read to its last byte; its size, after checking it is one."""
    with opener.open(url, timeout=900) as reply:
        body: bytes = reply.read()
    # A refused PDF raises (413); a lost session would land on the sign-in page.
    if not (body.startswith(b"%PDF") if pdf else b"<title>Board pack:" in body[:1000]):
        raise RuntimeError(f"{url} answered {reply.status}, not a pack")
    return len(body)


class Renders(threading.Thread):
    """Packs rendered back to back until told to stop: each (sent, done)."""

    def __init__(self, opener: urllib.request.OpenerDirector, url: str, pdf: bool) -> None:
        super().__init__(daemon=True)
        self.opener, self.url, self.pdf = opener, url, pdf
        self.spans: list[tuple[float, float]] = []
        self.sizes: list[int] = []
        self.started, self.stop = threading.Event(), threading.Event()
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                sent = time.perf_counter()
                self.started.set()
                self.sizes.append(render(self.opener, self.url, self.pdf))
                self.spans.append((sent, time.perf_counter()))
        except Exception as error:  # reported by the sampler, which raises it
            self.error = error
            self.started.set()


def ms(values: list[float]) -> tuple[float, float]:
    return statistics.median(values) * 1000, p95(values) * 1000


def measure(base: str, kind: str, samples: int) -> dict[str, Any]:
    opener = signed_in(base, NAME, PASSWORD)
    url, pdf = base + ROUTES[kind], kind == "pdf"
    render(opener, base + ROUTES[kind].replace(PLAN, WARM), pdf)  # loads WeasyPrint, templates
    start = time.perf_counter()
    size = render(opener, url, pdf)
    alone = time.perf_counter() - start
    floor = []
    for _ in range(samples):
        floor.append(sign_in_page(base)[1])
        time.sleep(0.02)
    # Spread the samples over most of one render (at least 20 ms apart).
    interval = max(0.02, 0.8 * alone / samples)
    renders = Renders(opener, url, pdf)
    renders.start()
    renders.started.wait()
    time.sleep(min(0.05 * alone, 1.0))  # the server has the request in hand
    taken: list[tuple[float, float]] = []
    first = time.perf_counter()
    for n in range(samples):
        time.sleep(max(0.0, first + n * interval - time.perf_counter()))
        if renders.error:
            break
        taken.append(sign_in_page(base))
    renders.stop.set()
    renders.join()
    if renders.error:
        raise renders.error
    spans = renders.spans
    loaded = [s for t, s in taken if any(sent <= t < done for sent, done in spans)]
    loaded_ms, floor_ms = ms(loaded or [0.0]), ms(floor)
    return {
        "route": ROUTES[kind],
        "pack_bytes": size,
        "pack_alone_s": alone,
        "pack_loaded_median_s": statistics.median(done - sent for sent, done in spans),
        "renders_while_sampling": len(spans),
        "samples_taken": len(taken),
        "samples_in_flight": len(loaded),
        "loaded_median_ms": loaded_ms[0],
        "loaded_p95_ms": loaded_ms[1],
        "floor_median_ms": floor_ms[0],
        "floor_p95_ms": floor_ms[1],
        "vs_floor": loaded_ms[0] / floor_ms[0],
        "target_ms": TARGET_MS,
        "met": bool(loaded) and loaded_ms[0] < TARGET_MS,
        "in_flight_ms": [round(s * 1000, 1) for s in loaded],  # in the order taken
    }


def report(results: dict[str, Any]) -> str:
    lines = [f"machine: {results['machine']}; {results['items']:,} items", ""]
    lines.append(
        f"{'pack':<12}{'alone s':>9}{'loaded s':>10}{'in flight':>11}{'median ms':>11}"
        f"{'p95 ms':>9}{'floor ms':>10}{'x floor':>9}"
    )
    for key, r in results["runs"].items():
        mark = " " if r["met"] else "!"
        lines.append(
            f"{key:<12}{r['pack_alone_s']:>9.2f}{r['pack_loaded_median_s']:>10.2f}"
            f"{r['samples_in_flight']:>5}/{r['samples_taken']:<5}{r['loaded_median_ms']:>11.1f}"
            f"{r['loaded_p95_ms']:>9.1f}{r['floor_median_ms']:>10.1f}{r['vs_floor']:>9.1f}{mark}"
        )
    lines += [
        "",
        "median/p95 ms: the sign-in page while the pack renders (samples that started while",
        "a pack was in flight); floor: the same page with nothing else going on; alone s /",
        f"loaded s: one pack's time alone / while sampled. Target: median under {TARGET_MS:g} ms",
        f"(! marks a miss). TRACKER_PACK_PDF_MAX_ITEMS={results['pdf_max_items']} for the run.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--min-in-flight", type=int, default=20)
    parser.add_argument("--packs", default="pdf,html")
    parser.add_argument("--stores", default="sqlite")
    parser.add_argument("--json", default="var/sign-in-under-load.json")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "items": args.items,
        "samples": args.samples,
        "pdf_max_items": max(args.items, 600),
        "server_now": NOW,
        "runs": {},
    }
    for kind in args.stores.split(","):
        with store(kind) as url, tempfile.TemporaryDirectory() as folder:
            print(f"[{kind}] building a plan of {args.items:,} items ...", flush=True)
            build(url, args.items)
            settings = {
                "TRACKER_NOW": NOW,
                "TRACKER_PACK_PDF_MAX_ITEMS": str(results["pdf_max_items"]),
                # rendered within the request, as the worst case for the others
                "TRACKER_PACK_PDF_BACKGROUND_ITEMS": str(results["pdf_max_items"]),
                "TRACKER_SIGNING_KEY": f"{folder}/signing.key",
            }
            with serve(url, settings, Path(folder)) as base:
                for pack in args.packs.split(","):
                    print(f"[{kind}] sign-in while the {pack} pack renders ...", flush=True)
                    results["runs"][f"{pack}/{kind}"] = measure(base, pack, args.samples)
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(report(results))
    print(f"\nwritten to {args.json}")
    short = [k for k, r in results["runs"].items() if r["samples_in_flight"] < args.min_in_flight]
    if short:
        sys.exit(f"too few samples while a pack was in flight ({', '.join(short)}): not measured")


if __name__ == "__main__":
    main()
