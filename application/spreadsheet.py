"""Reading a plan spreadsheet (CSV or XLSX) into checked rows.

Rules (DOMAIN.md): a header row, case-insensitive, any order; ``ref``, ``title``
and ``due`` required. Every problem is collected, with the row number as the
spreadsheet shows it (header = row 1) and the column, so the whole file can be
fixed in one go. Cells are read as values: a formula is refused, never run.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.dates import parse_date
from domain.errors import TrackerError
from domain.status import Status, parse_status

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
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,31}$")
_OWNER = re.compile(r"^[a-z0-9][a-z0-9._\-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.problem}"


class ImportRejected(TrackerError):
    """The file was refused whole; nothing was recorded."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.source = source
        self.errors = errors
        count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        first = "; ".join(str(e) for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{source} refused, nothing recorded: {count}: {first}{more}")


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


def read_plan_file(path: Path) -> list[PlanRow]:
    """Rows of a .csv or .xlsx file, all valid, or ``ImportRejected``."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        cells = list(_csv_cells(path))
    elif suffix in (".xlsx", ".xlsm"):
        cells = list(_xlsx_cells(path))
    else:
        raise ImportRejected(
            path.name,
            [RowError(1, "-", f"'{suffix or path.name}' files are not read: use .csv or .xlsx")],
        )
    return check_rows(path.name, cells)


def _csv_cells(path: Path) -> Iterator[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's "CSV" on Windows
    yield from csv.reader(io.StringIO(text, newline=""))


def _xlsx_cells(path: Path) -> Iterator[list[object]]:
    from openpyxl import load_workbook  # slow to import; only for .xlsx

    workbook = load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [
                _Formula(str(cell.value)) if cell.data_type == "f" else cell.value for cell in row
            ]
    finally:
        workbook.close()


class _Formula(str):
    """A formula cell's text, kept only to be refused."""


def column_key(heading: object) -> str:
    """A heading as the importer names it: "Owner email" and "owner-email" are owner_email."""
    return re.sub(r"[\s\-]+", "_", str(heading or "").strip().lower())


def check_rows(source: str, cells: list[list[object]]) -> list[PlanRow]:
    if not cells:
        raise ImportRejected(source, [RowError(1, "-", "the file is empty: expected a header row")])
    header = [column_key(c) for c in cells[0]]
    errors: list[RowError] = []
    for name in REQUIRED:
        if name not in header:
            errors.append(RowError(1, name, f"required column '{name}' is missing"))
    for name in header:
        if name and name not in REQUIRED + OPTIONAL + READ_ONLY:
            errors.append(
                RowError(
                    1,
                    name,
                    f"unknown column '{name}': expected some of {', '.join(REQUIRED + OPTIONAL)}",
                )
            )
    if len(set(filter(None, header))) != len(list(filter(None, header))):
        errors.append(RowError(1, "-", "a column name appears twice"))
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
        value = record[name]
        if isinstance(value, _Formula):
            errors.append(
                RowError(number, name, f"formulas are not accepted ({value}): type the value")
            )
            return ""
        return "" if value is None else str(value).strip()

    ref = text("ref") or ""
    if not _REF.match(ref):
        errors.append(
            RowError(
                number,
                "ref",
                f"'{ref}' is not a ref: expected e.g. 11 or 7.2 (letters, digits, . - _ /)",
            )
        )
    title = text("title") or ""
    if not title:
        errors.append(RowError(number, "title", "a title is required"))
    due: date | None = None
    due_cell = record.get("due")
    if isinstance(due_cell, _Formula):
        errors.append(
            RowError(number, "due", f"formulas are not accepted ({due_cell}): type the date")
        )
    elif due_cell is None or str(due_cell).strip() == "":
        errors.append(RowError(number, "due", "a due date is required"))
    else:
        try:
            due = parse_date(due_cell)
        except TrackerError as error:
            errors.append(RowError(number, "due", str(error)))
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
                f"'{owner}' is not a staff key: expected lower-case letters, digits, . - _ (e.g. hos-cf)",
            )
        )
    email = text("owner_email")
    if email and not _EMAIL.match(email):
        errors.append(RowError(number, "owner_email", f"'{email}' is not an email address"))
    if email and not owner:
        errors.append(
            RowError(number, "owner_email", "an email needs an owner key in the owner column")
        )
    if len(errors) > before or due is None:
        return None
    return PlanRow(
        row=number,
        ref=ref,
        title=title,
        due=due,
        parent=text("parent") or None,
        theme=text("theme"),
        owner=owner,
        owner_email=email or None,
        status=status,
        source=text("source"),
        description=text("description"),
        reason=text("reason") or None,
    )


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
