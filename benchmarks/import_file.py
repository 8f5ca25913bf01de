"""Benchmark: ``tracker import`` of a large plan (CSV and XLSX, SQLite and
PostgreSQL), beside a floor measured in the same run: reading the same file
with the bare csv module or openpyxl (read-only), plus saving the same number
of events with the raw eventsourcing library in one transaction.

    python -m benchmarks.import_file [--rows 1000,10000] [--stores sqlite,postgres]
                                     [--json var/import-file.json] [--profile]

Every measure runs in a fresh process (memory is that process's peak RSS). The
target: 10,000 rows in under 10 s and 300 MB. ``--profile`` prints where the
time of the largest CSV import on SQLite goes (cProfile, top 40, cumulative).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench import store

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["ref", "parent", "title", "theme", "owner", "owner_email", "due", "status", "source"]
HEADER += ["description"]
STATUSES = ["not_started", "on_track", "at_risk", "off_track"]

# One fresh process per measure. argv: mode, file, store url, plan; prints JSON.
CHILD = """
import json, resource, sys, time
mode, path, url, plan = sys.argv[1:5]
start = time.perf_counter()
if mode == "floor-read":
    if path.endswith(".csv"):
        import csv
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    else:
        from openpyxl import load_workbook
        book = load_workbook(path, read_only=True)
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    out = {"rows": len(rows) - 1}
elif mode == "floor-save":
    from eventsourcing.application import Application
    from benchmarks.bench import Counter, plain_env
    app = Application(env=plain_env(url) | {"CREATE_TABLE": "y"})
    start = time.perf_counter()
    app.save(*[Counter() for _ in range(int(plan))])
    out = {"events": int(plan)}
    app.close()
else:
    from pathlib import Path
    from application.settings import Settings
    from application.spreadsheet import read_plan_file
    from entrypoints.bootstrap import bootstrap
    import os
    settings = Settings.from_env(os.environ, db=url)
    app = bootstrap(settings)
    start = time.perf_counter()
    rows = read_plan_file(Path(path), settings.file_limits())
    read = time.perf_counter() - start
    if mode == "profile":
        import cProfile, pstats
        profile = cProfile.Profile()
        profile.runcall(app.import_plan, plan, rows, by="pmo", source="plan")
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        result = None
    else:
        result = app.import_plan(plan, rows, by="pmo", source=Path(path).name)
    out = {"read_s": read, "events": result.events if result else 0}
    app.close()
out["seconds"] = time.perf_counter() - start
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def plan_rows(count: int) -> list[list[str]]:
    """An action then four milestones, repeated: realistic text in every column."""
    rows: list[list[str]] = []
    action = ""
    for n in range(count):
        due = date(2010, 1, 31) + timedelta(days=7 * (n % 90))
        owner = f"officer-{n % 40}"
        if n % 5 == 0:
            action = f"A{n // 5 + 1}"
            ref, parent, email = action, "", f"{owner}@council.gov.uk"
            title = f"Implement recommendation {n // 5 + 1} of the inspection report"
        else:
            ref, parent, email = f"{action}.{n % 5}", action, ""
            title = f"Milestone {n % 5}: evidence of progress on {action} agreed by the board"
        rows.append(
            [
                ref,
                parent,
                title,
                f"Theme {n % 8 + 1}" if not parent else "",
                owner,
                email,
                due.isoformat(),
                STATUSES[n % len(STATUSES)],
                f"Recommendation {n // 5 + 1}",
                "Agreed with partners; progress is reported to the board monthly. " * 3,
            ]
        )
    return rows


def write_plan(folder: Path, count: int) -> dict[str, Path]:
    from openpyxl import Workbook

    rows = plan_rows(count)
    paths = {"csv": folder / f"plan-{count}.csv", "xlsx": folder / f"plan-{count}.xlsx"}
    with paths["csv"].open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    book = Workbook()  # as ``tracker export`` writes a workbook
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(paths["xlsx"])
    return paths


def environment() -> dict[str, str]:
    """The children's: this checkout's code, a pinned clock, a throwaway signing key."""
    key = Path(tempfile.gettempdir()) / "import-bench-signing.key"
    return os.environ | {
        "PYTHONPATH": str(ROOT),
        "TRACKER_NOW": "2010-01-04T09:00",
        "TRACKER_SIGNING_KEY": str(key),
    }


def child(mode: str, path: Path, url: str, plan: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path), url, plan],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(),
        check=False,
    )
    if mode == "profile":
        print(done.stderr)
        return {}
    if done.returncode != 0:
        raise RuntimeError(f"{mode} {path.name} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def command(path: Path, url: str, plan: str) -> dict[str, float]:
    """The real ``tracker import``, start to finish, as a person runs it."""
    with tempfile.NamedTemporaryFile() as rss:
        start = time.perf_counter()
        subprocess.run(
            [
                *("/usr/bin/time", "-f", "%M", "-o", rss.name, sys.executable, "-m"),
                *("entrypoints.cli", "--db", url, "import", str(path)),
                *("--plan", plan, "--by", "pmo"),
            ],
            capture_output=True,
            cwd=ROOT,
            env=environment(),
            check=True,
        )
        seconds = time.perf_counter() - start
        peak = int(Path(rss.name).read_text().split()[-1]) / 1024
    return {"seconds": seconds, "peak_rss_mb": peak}


def measure(kind: str, path: Path, rows: int) -> dict[str, Any]:
    with store(kind) as url:
        ours = child("tracker", path, url, "pl")
    with store(kind) as url:
        whole = command(path, url, "pl")
    read = child("floor-read", path, "", "")
    with store(kind) as url:
        save = child("floor-save", path, url, str(int(ours["events"])))
    floor = read["seconds"] + save["seconds"]
    return {
        "rows": rows,
        "events": ours["events"],
        "read_s": ours["read_s"],
        "import_s": ours["seconds"],
        "floor_read_s": read["seconds"],
        "floor_save_s": save["seconds"],
        "vs_floor": ours["seconds"] / floor,
        "peak_rss_mb": ours["peak_rss_mb"],
        "command_s": whole["seconds"],
        "command_peak_rss_mb": whole["peak_rss_mb"],
    }


def report(results: dict[str, Any]) -> str:
    lines = [f"machine: {results['machine']}", ""]
    lines.append(
        f"{'file':<12}{'store':<10}{'rows':>7}{'events':>8}{'read s':>8}{'import s':>10}"
        f"{'floor s':>9}{'x floor':>9}{'peak MB':>9}{'command s':>11}{'cmd MB':>8}"
    )
    for key, r in results["runs"].items():
        kind, store_kind = key.split("/")[0], key.split("/")[1]
        floor = r["floor_read_s"] + r["floor_save_s"]
        miss = (
            "!" if r["rows"] >= 10_000 and (r["command_s"] > 10 or r["peak_rss_mb"] > 300) else " "
        )
        lines.append(
            f"{kind:<12}{store_kind:<10}{r['rows']:>7}{r['events']:>8.0f}{r['read_s']:>8.2f}"
            f"{r['import_s']:>10.2f}{floor:>9.2f}{r['vs_floor']:>9.1f}{r['peak_rss_mb']:>9.0f}"
            f"{r['command_s']:>11.2f}{r['command_peak_rss_mb']:>8.0f}{miss}"
        )
    lines += [
        "",
        "import s: reading and checking the file plus the import (one fresh process, after",
        "start-up); floor: bare csv/openpyxl read + saving as many events with the raw library;",
        "command s: the whole `tracker import` including start-up. Target at 10,000 rows:",
        "command under 10 s and under 300 MB (! marks a miss).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000,10000")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--json", default="var/import-file.json")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.rows.split(",")]
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "runs": {},
    }
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            paths = write_plan(Path(folder), rows)
            for kind in args.stores.split(","):
                for form, path in paths.items():
                    print(f"[{kind}] {form} {rows} rows ...", flush=True)
                    results["runs"][f"{form}-{rows}/{kind}"] = measure(kind, path, rows)
        if args.profile:
            with store("sqlite") as url:
                child("profile", write_plan(Path(folder), max(sizes))["csv"], url, "pl")
    os.makedirs(os.path.dirname(args.json) or ".", exist_ok=True)
    with open(args.json, "w") as handle:
        json.dump(results, handle, indent=2)
    print(report(results))
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
