"""The benchmarks still run (at a tiny size); their figures are not judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import bench

pytestmark = pytest.mark.proof


@pytest.mark.postgres
def test_the_benchmarks_run_end_to_end_at_a_tiny_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import fresh_store

    with fresh_store("postgres"):  # fails under CI, skips elsewhere, if no server
        pass
    out = tmp_path / "bench.json"
    bench.main(["--scale", "0.002", "--json", str(out)])
    results = json.loads(out.read_text())
    for store in ("sqlite", "postgres"):
        figures = results["stores"][store]
        assert figures["command_throughput"]["tracker_per_s"] > 0
        assert figures["rebuild_speed"]["events"] > 0
        assert figures["as_at"]["median_ms"] > 0
        assert figures["many_plans"]["overdue_items"] > 0
        assert figures["rebuild_memory"]["peak_rss_mb"] > 0
        assert figures["board_page"]["page_median_ms"] > 0
    assert "status change vs raw load-change-save" in capsys.readouterr().out
