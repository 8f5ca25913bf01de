"""The CLI-start benchmark still runs (with one run per command); its figures
are not judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import cli_start

pytestmark = pytest.mark.proof


def test_the_cli_start_benchmark_times_help_board_and_the_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli-start.json"
    cli_start.main(["--runs", "1", "--json", str(out)])
    figures = json.loads(out.read_text())["cli_start"]
    for name in ("help", "board", "floor"):
        assert figures[name]["median_ms"] > 0
    assert figures["board"]["median_ms"] > figures["floor"]["median_ms"]
    assert "x python -c pass" in capsys.readouterr().out
