"""The at-scale benchmark still runs (two tiny sizes, a plan of 8 items) and
reports what it says: each figure beside its floor, the size each run had, the
growth from the smaller to the larger, and the rebuild's memory as the fresh
process's own peak, not the harness's; its speed is not judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import at_scale, scale_store

pytestmark = pytest.mark.proof


def run(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    out = tmp_path / "at-scale.json"
    argv = ["--events", "100,3000", "--items", "8", "--stores", kind, "--repeat", "2"]
    argv += ["--cli-runs", "1", "--json", str(out), "--cache", str(tmp_path / "stores")]
    try:
        at_scale.main(argv)
    finally:
        for events in (100, 3000):
            scale_store.drop(kind, events, 8, tmp_path / "stores")
    printed = capsys.readouterr().out
    assert f"{kind} 100: 21 events in the log (--events 100)" in printed
    assert "largest size / smallest: item_page" in printed
    results: dict[str, object] = json.loads(out.read_text())
    return results


def check(results: dict[str, object], kind: str) -> None:
    runs = results["runs"]
    assert isinstance(runs, dict)
    small, large = runs[f"{kind} 100"], runs[f"{kind} 3,000"]
    assert small["events"] == 21  # the plan alone: 8 items, 2 + 2 changes of one
    assert 2_900 <= large["events"] <= 3_100  # the filler makes up the size asked
    assert small["history_rows"] == large["history_rows"] == 5  # added, then 4 changes
    for r in (small, large):
        for name, floor in at_scale.RATIOS.items():
            assert r[f"{name}_ms"] > 0 and r[floor] > 0, name
            assert r[f"{name}_x_floor"] == pytest.approx(r[f"{name}_ms"] / r[floor])
            assert r[f"{name}_cpu_ms"] > 0, name  # and the CPU time it took
        assert r["rebuild_events"] == r["events"]
        # The fresh process's own peak, far below what it would inherit from this one.
        assert 0 < r["rebuild_rss_before_mb"] <= r["rebuild_peak_rss_mb"]
        assert r["rebuild_peak_rss_mb"] < r["rebuild_wait4_maxrss_mb"]
    growth = results["growth"]
    grown = {*at_scale.GROWN, *(f"{name}_cpu" for name in at_scale.GROWN)}
    assert isinstance(growth, dict) and set(growth[kind]) == grown


def test_the_at_scale_benchmark_runs_on_sqlite_at_two_tiny_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check(run("sqlite", tmp_path, capsys), "sqlite")


@pytest.mark.postgres
def test_the_at_scale_benchmark_runs_on_postgres_at_two_tiny_sizes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    check(run("postgres", tmp_path, capsys), "postgres")
