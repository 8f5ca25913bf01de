"""The growing-paths benchmark still runs (at a tiny size, on SQLite) and
measures what it says: every overdue item found and flagged on the first
tick, a few more each quiet day, each path beside its floor; its speed is not
judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import growing_paths


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
