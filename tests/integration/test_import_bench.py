"""The import benchmark still runs (at a tiny size, on SQLite) and measures what
it says: every row imported, the floor and the command timed; its speed is not
judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import import_file

pytestmark = pytest.mark.proof


def test_the_import_benchmark_runs_end_to_end_at_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "import.json"
    import_file.main(["--rows", "20", "--stores", "sqlite", "--json", str(out)])
    runs = json.loads(out.read_text())["runs"]
    assert set(runs) == {"csv-20/sqlite", "xlsx-20/sqlite"}
    for figures in runs.values():
        assert figures["rows"] == 20
        assert figures["events"] == 42  # the plan, each item added and registered, the import
        for key in ("import_s", "floor_read_s", "floor_save_s", "command_s", "peak_rss_mb"):
            assert figures[key] > 0, key
    assert "x floor" in capsys.readouterr().out
