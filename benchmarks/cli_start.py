"""Benchmark: how long a ``tracker`` command takes from start to exit, as a
whole process, for ``tracker --help`` and ``tracker board`` on a small store
(the demo plan, 59 items). Beside them, in the same run, ``python -c pass``:
the floor no command can go under. Commands run in turn (help, board, floor,
help, ...) so a machine's drift touches them alike. The target: each at most
250 ms median.

    python -m benchmarks.cli_start [--runs 15] [--json var/cli-start.json]

Most of a command's start is imports, so this is the figure that says whether
a command still imports only what it needs (python -X importtime shows which).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = "2010-12-01T09:00"  # the demo's simulated today
TARGET_MS = 250.0


def demo_store(folder: Path) -> str:
    """A store holding the demo plan, made by the demo's own replay."""
    url = f"sqlite:///{folder / 'demo.db'}"
    subprocess.run(
        [sys.executable, "-m", "demo.replay", "--db", url],
        check=True,
        capture_output=True,
        env=_env(),
    )
    return url


def _env() -> dict[str, str]:
    here = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "TRACKER_NOW": NOW}


def _once(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to reaping it."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def measure(url: str, runs: int) -> dict[str, Any]:
    env = _env()
    cli = [sys.executable, "-m", "entrypoints.cli"]
    commands = {
        "help": [*cli, "--help"],
        "board": [*cli, "--db", url, "board", "laming-2009"],
        "floor": [sys.executable, "-c", "pass"],
    }
    for command in commands.values():  # warm the file cache; not counted
        _once(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_once(command, env))
    medians = {name: statistics.median(found) * 1000 for name, found in times.items()}
    figures: dict[str, Any] = {"runs": runs, "target_ms": TARGET_MS}
    for name in commands:
        figures[name] = {
            "median_ms": round(medians[name], 1),
            "min_ms": round(min(times[name]) * 1000, 1),
            "max_ms": round(max(times[name]) * 1000, 1),
            "x_floor": round(medians[name] / medians["floor"], 1),
        }
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", default="var/cli-start.json")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        figures = measure(demo_store(Path(folder)), args.runs)
    for name in ("help", "board", "floor"):
        f = figures[name]
        print(
            f"{name:6} median {f['median_ms']:7.1f} ms  (min {f['min_ms']:.1f}, "
            f"max {f['max_ms']:.1f})  {f['x_floor']:.1f} x python -c pass"
        )
    print(f"target: tracker --help and tracker board each at most {TARGET_MS:.0f} ms median")
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "cli_start": figures,
    }
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
