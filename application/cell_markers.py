"""Cells the reader sets aside for the row checks to refuse with their row and
column: a formula (never calculated), an error value, a cell too long to keep.
"""

from __future__ import annotations

from dataclasses import dataclass


class Formula(str):
    """A formula cell's text, kept only to be refused."""


class ExcelError(str):
    """An error value a cell shows (#N/A, #REF! ...), kept only to be refused."""


@dataclass(frozen=True)
class TooLong:
    """A cell over the length limit: its length and the limit, not its text."""

    length: int
    limit: int
