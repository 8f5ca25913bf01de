"""The projection-runner benchmark still runs (at a tiny size) and its two ways of
keeping the view agree row for row; its speed is not judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import projection_runner

pytestmark = pytest.mark.proof


@pytest.mark.postgres
def test_the_runner_benchmark_runs_and_both_views_hold_the_same_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import fresh_store

    with fresh_store("postgres"):  # fails under CI, skips elsewhere, if no server
        pass
    out = tmp_path / "runner.json"
    projection_runner.main(["--events", "1000", "--changes", "3", "--json", str(out)])
    results = json.loads(out.read_text())
    assert results["rows_match"] == 1.0
    assert results["rows_compared"] > 0
    assert results["events"] >= 1000
    assert results["changes"] == 3
    for key in (
        "read_decode_per_s",
        "pull_loop_per_s",
        "runner_per_s",
        "runner_commit_per_s",
        "steady_write_ms",
        "steady_pull_loop_ms",
        "steady_runner_wait_ms",
        "steady_runner_commit_ms",
    ):
        assert results[key] > 0, key
    assert "rows identical" in capsys.readouterr().out
