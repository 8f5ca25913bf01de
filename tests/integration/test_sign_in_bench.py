"""The sign-in-under-load benchmark still runs (at a tiny size, on SQLite, on a
real server) and measures what it says: its sign-in samples were taken while a
pack was being rendered, beside a floor and the pack alone. Its speed is not
judged here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import sign_in_under_load


def test_sign_in_samples_are_taken_while_each_pack_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sign-in.json"
    # exits with an error if fewer than 6 of the 8 samples overlapped a render
    sign_in_under_load.main(
        ["--items", "40", "--samples", "8", "--min-in-flight", "6", "--json", str(out)]
    )
    results = json.loads(out.read_text())
    assert results["items"] == 40
    assert set(results["runs"]) == {"pdf/sqlite", "html/sqlite"}
    for figures in results["runs"].values():
        assert figures["samples_taken"] == 8
        assert 6 <= figures["samples_in_flight"] <= 8
        assert figures["renders_while_sampling"] >= 1
        for key in ("pack_bytes", "pack_alone_s", "pack_loaded_median_s", "loaded_median_ms"):
            assert figures[key] > 0, key
        assert figures["floor_median_ms"] > 0
    assert "x floor" in capsys.readouterr().out
