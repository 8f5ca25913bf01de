"""The import limits come from TRACKER_IMPORT_* settings, checked like any other."""

from __future__ import annotations

import pytest

from application.file_limits import MB, FileLimits
from application.settings import Settings, SettingsError


def test_the_defaults_are_the_documented_limits() -> None:
    assert (
        Settings.from_env({}).file_limits()
        == FileLimits()
        == FileLimits(max_bytes=5 * MB, max_uncompressed=50 * MB, max_rows=20_000, max_cell=32_767)
    )


def test_each_limit_is_read_from_the_environment() -> None:
    env = {
        "TRACKER_IMPORT_MAX_MB": "2.5",
        "TRACKER_IMPORT_MAX_UNPACKED_MB": "20",
        "TRACKER_IMPORT_MAX_ROWS": "500",
        "TRACKER_IMPORT_MAX_CELL": "1000",
    }
    limits = Settings.from_env(env).file_limits()
    assert (limits.max_bytes, limits.max_uncompressed) == (int(2.5 * MB), 20 * MB)
    assert (limits.max_rows, limits.max_cell) == (500, 1000)


@pytest.mark.parametrize("value", ["0", "-1", "lots", "1e9"])
def test_a_bad_limit_is_refused_in_one_line(value: str) -> None:
    with pytest.raises(SettingsError, match="setting TRACKER_IMPORT_MAX_MB: "):
        Settings.from_env({"TRACKER_IMPORT_MAX_MB": value})
