"""The header row of a plan spreadsheet as an import reads it: the column
names, the header's checks, and a value that sits under no heading.

A heading is matched case-insensitively with spaces and hyphens as
underscores ("Owner email" is ``owner_email``). ``tracker export`` adds
read-only columns for people to read; an import ignores them.
"""

from __future__ import annotations

import re

from application.cell_checks import marker_problem, shown
from application.import_errors import RowError

REQUIRED = ("ref", "title", "due")
OPTIONAL = (
    "theme",
    "owner",
    "owner_email",
    "parent",
    "status",
    "source",
    "description",
    "reason",
)
# Columns ``tracker export`` adds for people to read; an import ignores them.
READ_ONLY = (
    "kind",
    "rag",
    "original_due",
    "overdue",
    "days_overdue",
    "completed_on",
    "evidence_items",
    "latest_position",
    "last_updated",
)


def column_key(heading: object) -> str:
    """A heading as the importer names it: "Owner email" and "owner-email" are owner_email."""
    return re.sub(r"[\s\-]+", "_", str(heading or "").strip().lower())


def check_header(cells: list[object], errors: list[RowError]) -> list[str]:
    header: list[str] = []
    for cell in cells:
        problem = marker_problem(cell, "the column's name")
        if problem:
            errors.append(RowError(1, "-", f"a heading is not plain text: {problem}"))
        header.append("" if problem else column_key(cell))
    for name in REQUIRED:
        if name not in header:
            errors.append(RowError(1, name, f"required column '{name}' is missing"))
    for name in header:
        if name and name not in REQUIRED + OPTIONAL + READ_ONLY:
            errors.append(
                RowError(
                    1,
                    shown(name),
                    f"unknown column '{shown(name)}': expected some of "
                    f"{', '.join(REQUIRED + OPTIONAL)}",
                )
            )
    if len(set(filter(None, header))) != len(list(filter(None, header))):
        errors.append(RowError(1, "-", "a column name appears twice"))
    return header


def check_unnamed(
    number: int, header: list[str], values: list[object], errors: list[RowError]
) -> None:
    """A value under no heading: in a CSV, most often an unquoted comma."""
    for i, value in enumerate(values):
        if (i >= len(header) or not header[i]) and value is not None and str(value).strip():
            errors.append(
                RowError(
                    number,
                    column_letter(i + 1),
                    f"a value ({shown(value)}) in a column with no heading: name the column, "
                    "or put quotes around a cell that holds a comma",
                )
            )
            return


def column_letter(number: int) -> str:
    """A column as Excel names it: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
