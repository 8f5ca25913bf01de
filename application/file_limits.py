"""How much of a spreadsheet the tracker will read before refusing it.

A plan is a few hundred rows; the limits sit far above any real plan and far
below what would let one upload hold a worker for seconds or gigabytes (a zip
bomb, a million blank rows, a 100 MB "cell"). Every one is checked before the
expensive step it guards: the size before reading, the archive's declared
sizes before unpacking, rows and cells while streaming. ``Settings`` builds
them from ``TRACKER_IMPORT_*`` variables.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    max_bytes: int = 5 * MB
    """The file as uploaded (CSV or XLSX)."""
    max_uncompressed: int = 50 * MB
    """An XLSX archive's declared unpacked size, all its parts together."""
    max_ratio: int = 200
    """An XLSX part's unpacked size over its packed size (Excel's own stay under 30)."""
    max_rows: int = 20_000
    """Rows with something in them, after the header."""
    max_cell: int = 32_767
    """Characters in one cell: Excel's own limit."""
    max_columns: int = 100
    """Columns read; content further right is refused."""

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")

    @property
    def max_blank_rows(self) -> int:
        """Blank rows are skipped, but each costs a parse: a sheet whose used range
        runs on for five times the row limit is refused."""
        return 5 * self.max_rows


DEFAULT_LIMITS = FileLimits()


def size_text(count: int) -> str:
    """A byte count as people read it: "100 MB", "1.5 MB", "700 KB", "12 bytes"."""
    if count >= MB:
        value = count / MB
        return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"
    if count >= 1024:
        return f"{count // 1024} KB"
    return f"{count} byte{'s' if count != 1 else ''}"
