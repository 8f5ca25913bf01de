"""The growing-paths benchmark still runs (at a tiny size, on SQLite) and
measures what it says: every overdue item found and flagged on the first
tick, a few more each quiet day, each path beside its floor; its speed is not
judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import first_tick, growing_paths


def test_the_growing_paths_benchmark_runs_end_to_end_at_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "growing.json"
    growing_paths.main(
        ["--scale", "0.02", "--stores", "sqlite", "--sizes", "small", "--json", str(out)]
    )
    (figures,) = json.loads(out.read_text())["runs"].values()
    assert (figures["plans"], figures["items_each"]) == (2, 5)
    assert figures["flagged"] == figures["overdue_items"] == 10  # due from September 2009
    for key, _, _, _ in growing_paths.TARGETS:
        assert figures[key] > 0, key
    assert "plans list vs GROUP BY count" in capsys.readouterr().out


def test_the_first_tick_benchmark_flags_every_overdue_item_of_its_stored_plans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first_tick.main(["--plans", "2", "--items", "6", "--runs", "2", "--dir", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2  # each run on a fresh copy: the second flags them all again
    assert all(line.startswith("first tick: 12 flagged,") for line in lines), lines
    assert (tmp_path / "first-tick-2-6.db").exists()
