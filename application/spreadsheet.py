"""Reading a plan spreadsheet (CSV or XLSX) into checked rows.

Rules (DOMAIN.md): a header row, case-insensitive, any order; ``ref``, ``title``
and ``due`` required. Every problem is collected, with the row number as the
spreadsheet shows it (header = row 1) and the column, so the whole file can be
fixed in one go. Cells are read as values: a formula is refused, never run.
What the bytes are, and the limits on size, rows and cells, are the reader's
(``sheet_reader``); the rules for each field's text are ``cell_checks``'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from application.cell_checks import CellProblem, cell_text, marker_problem, shown
from application.file_limits import DEFAULT_LIMITS, FileLimits
from application.file_names import safe_file_name
from application.import_errors import ImportRejected, RowError, file_refused
from application.sheet_header import (
    OPTIONAL,
    READ_ONLY,
    REQUIRED,
    check_header,
    check_unnamed,
    column_key,
)
from application.sheet_reader import read_cells, too_big
from domain.dates import parse_date
from domain.email_address import check_email_address
from domain.errors import TrackerError
from domain.status import Status, parse_status

__all__ = [
    "OPTIONAL",
    "READ_ONLY",
    "REQUIRED",
    "ImportRejected",
    "PlanRow",
    "RowError",
    "check_rows",
    "column_key",
    "read_plan_data",
    "read_plan_file",
]

_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,31}$")
_OWNER = re.compile(r"^[a-z0-9][a-z0-9._\-]{0,63}$")


@dataclass(frozen=True)
class PlanRow:
    """One item as the spreadsheet gives it. ``None``: the column is absent."""

    row: int
    ref: str
    title: str
    due: date
    parent: str | None
    theme: str | None
    owner: str | None
    owner_email: str | None
    status: Status | None
    source: str | None
    description: str | None
    reason: str | None


def read_plan_file(path: Path, limits: FileLimits = DEFAULT_LIMITS) -> list[PlanRow]:
    """Rows of a .csv or .xlsx file, all valid, or ``ImportRejected``. The size
    is checked before a byte is read, and no more than the limit is read."""
    source = safe_file_name(path.name)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise file_refused(source, too_big(size, limits))
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as error:
        raise file_refused(source, f"the file could not be read: {error.strerror}") from None
    return read_plan_data(source, data, limits)


def read_plan_data(name: str, data: bytes, limits: FileLimits = DEFAULT_LIMITS) -> list[PlanRow]:
    """The same, for a file already in memory (an upload) named ``name``."""
    source = safe_file_name(name)
    return check_rows(source, read_cells(source, data, limits))


def check_rows(source: str, cells: list[list[object]]) -> list[PlanRow]:
    if not cells or not cells[0]:
        raise ImportRejected(
            source,
            [
                RowError(
                    1, "-", "the first row is empty: expected a header row (ref, title, due ...)"
                )
            ],
        )
    errors: list[RowError] = []
    header = check_header(cells[0], errors)
    if errors:
        raise ImportRejected(source, errors)

    rows: list[PlanRow] = []
    for number, values in enumerate(cells[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue  # blank lines between blocks are common in council sheets
        record = {
            name: values[i] if i < len(values) else None
            for i, name in enumerate(header)
            if name and name not in READ_ONLY
        }
        if len(values) > len(header) or "" in header:
            check_unnamed(number, header, values, errors)
        row = _check_row(number, record, errors)
        if row:
            rows.append(row)
    _check_refs(rows, errors)
    if errors:
        raise ImportRejected(source, sorted(errors, key=lambda e: e.row))
    if not rows:
        raise ImportRejected(source, [RowError(2, "-", "the file has a header but no items")])
    return rows


def _check_row(number: int, record: dict[str, object], errors: list[RowError]) -> PlanRow | None:
    before = len(errors)

    def text(name: str) -> str | None:
        if name not in record:
            return None
        try:
            return cell_text(name, record[name])
        except CellProblem as problem:
            errors.append(RowError(number, name, str(problem)))
            return ""

    ref = text("ref")
    if ref and not _REF.match(ref):
        errors.append(
            RowError(
                number,
                "ref",
                f"'{shown(ref)}' is not a ref: expected e.g. 11 or 7.2 (letters, digits, . - _ /)",
            )
        )
    elif ref == "" and len(errors) == before:
        errors.append(RowError(number, "ref", "a ref is required: expected e.g. 11 or 7.2"))
    title = text("title")
    if title == "" and not any(e.column == "title" for e in errors[before:]):
        errors.append(RowError(number, "title", "a title is required"))
    due = _due(number, record.get("due"), errors)
    status: Status | None = None
    status_text = text("status")
    if status_text:
        try:
            status = parse_status(status_text)
        except TrackerError as error:
            errors.append(RowError(number, "status", str(error)))
    owner = text("owner")
    if owner and not _OWNER.match(owner):
        errors.append(
            RowError(
                number,
                "owner",
                f"'{shown(owner)}' is not a staff key: expected lower-case letters, "
                "digits, . - _ (e.g. hos-cf)",
            )
        )
    email = text("owner_email")
    if email:
        try:
            email = check_email_address(email)
        except TrackerError as error:
            errors.append(RowError(number, "owner_email", str(error)))
        if not owner:
            errors.append(
                RowError(number, "owner_email", "an email needs an owner key in the owner column")
            )
    parent = text("parent")
    if parent and not _REF.match(parent):
        errors.append(
            RowError(number, "parent", f"'{shown(parent)}' is not a ref: expected an action's ref")
        )
    theme, source, description, reason = (
        text(name) for name in ("theme", "source", "description", "reason")
    )
    if len(errors) > before or due is None or not ref or not title:
        return None
    return PlanRow(
        row=number,
        ref=ref,
        title=title,
        due=due,
        parent=parent or None,
        theme=theme,
        owner=owner,
        owner_email=email or None,
        status=status,
        source=source,
        description=description,
        reason=reason or None,
    )


def _due(number: int, cell: object, errors: list[RowError]) -> date | None:
    problem = marker_problem(cell, "the date")
    if problem:
        errors.append(RowError(number, "due", problem))
    elif cell is None or str(cell).strip() == "":
        errors.append(RowError(number, "due", "a due date is required"))
    else:
        try:
            return parse_date(cell if not isinstance(cell, str) else shown(cell, 60))
        except TrackerError as error:
            errors.append(RowError(number, "due", str(error)))
    return None


def _check_refs(rows: list[PlanRow], errors: list[RowError]) -> None:
    first_row: dict[str, PlanRow] = {}
    for row in rows:
        if row.ref in first_row:
            errors.append(
                RowError(
                    row.row, "ref", f"ref {row.ref} is already used on row {first_row[row.ref].row}"
                )
            )
        else:
            first_row[row.ref] = row
    for row in rows:
        if row.parent is None:
            continue
        parent = first_row.get(row.parent)
        if parent is not None and parent.parent is not None:
            errors.append(
                RowError(
                    row.row,
                    "parent",
                    f"{row.parent} is a milestone: a milestone's parent must be an action",
                )
            )
        if row.parent == row.ref:
            errors.append(RowError(row.row, "parent", "an item cannot be its own parent"))
