"""A plan as an Excel workbook in the import format, and its origin read back.

Councils keep plans in Excel, so ``tracker export`` and the board's download
write a workbook that can be edited and uploaded again: the columns the import
reads, then read-only columns it ignores, a status drop-down, real dates, and an
Instructions sheet. The plan id and the instant the file shows (its *base*) are
stored as custom document properties, which Excel and LibreOffice keep when
the file is saved, so a re-import knows what the file's author last saw.

Text is written as text: a title such as ``=1+1`` is a string cell marked with
Excel's quote prefix, never a formula, and it comes back unchanged.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from application.plan_columns import (
    COLUMNS,
    FORMULA_TRIGGERS,
    HEADINGS,
    RAG_WORDS,
    RULES,
    STATUS_WORDS,
    CellValue,
    item_cells,
)
from domain.dates import LONDON
from projections.board import Board

PLAN_PROPERTY, BASE_PROPERTY = "tracker_plan", "tracker_base"
DATE_FORMAT = "d mmm yyyy"  # 31 Dec 2009, as the tracker shows dates
MAX_ROW = 1_048_576  # Excel's last row: the drop-down also serves rows people add
_WRAPPED = {"Title", "Description"}
_HEADER_FILL = PatternFill("solid", fgColor="DEE0E2")
_READ_ONLY_FILL = PatternFill("solid", fgColor="F3F2F1")
# Fill and text colour per RAG, keyed by the word in the cell (GOV.UK colours).
_RAG_STYLE = {
    RAG_WORDS[rag]: colours
    for rag, colours in {
        "red": ("D4351C", "FFFFFF"),
        "amber": ("FFBF47", "0B0C0C"),
        "green": ("00703C", "FFFFFF"),
        "blue": ("1D70B8", "FFFFFF"),
        "grey": ("B1B4B6", "0B0C0C"),
    }.items()
}
# What a damaged or foreign file makes openpyxl, zipfile or the XML parser raise
# (measured by corrupting exported workbooks at random).
_UNREADABLE = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    RuntimeError,  # NotImplementedError: an unknown compression; an encrypted member
    InvalidFileException,
    KeyError,  # a part the package lists but lacks
    ValueError,  # UnicodeDecodeError, defusedxml's refusals, bad property values
    TypeError,
    SyntaxError,  # xml.etree's ParseError
)
_PLAN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass(frozen=True)
class Origin:
    """Which plan a workbook shows, and as at which instant (UTC)."""

    plan: str
    base: datetime


def plan_xlsx(board: Board, emails: Mapping[str, str], *, base: datetime) -> bytes:
    """The plan as a workbook in the import format; ``base`` is the instant it
    shows (the board's as-at instant), stored for a later re-import."""
    if base.tzinfo is None:
        raise ValueError("base must be an aware instant")
    when = base.astimezone(LONDON).strftime("%-d %b %Y, %H:%M")
    about = f"{board.title} ({board.plan}) as the tracker held it at {when}, London time."
    book = _workbook([item_cells(item, emails) for item in board.items], about)
    book.properties.title = f"{board.title} ({board.plan})"
    book.custom_doc_props.append(StringProperty(name=PLAN_PROPERTY, value=board.plan))
    book.custom_doc_props.append(
        StringProperty(name=BASE_PROPERTY, value=base.astimezone(UTC).isoformat())
    )
    return _bytes(book)


def template_xlsx() -> bytes:
    """An empty plan: the same sheets, headings, drop-down and instructions."""
    book = _workbook([], "An empty plan: type one row per action or milestone.")
    book.properties.title = "Improvement plan (template)"
    return _bytes(book)


def read_origin(source: Path | IO[bytes], *, name: str | None = None) -> Origin | None:
    """The plan and base a workbook made by ``plan_xlsx`` carries; None for a
    CSV, a workbook without them, or anything odd. Never raises. ``name`` gives
    the file's name when ``source`` is its bytes."""
    suffix = Path(name) if name else source if isinstance(source, Path) else Path("")
    if suffix.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    try:
        with warnings.catch_warnings():  # openpyxl warns about parts it skips
            warnings.simplefilter("ignore")
            book = load_workbook(source, read_only=True)
    except _UNREADABLE:
        return None
    try:
        found = {p.name: p.value for p in book.custom_doc_props if isinstance(p, StringProperty)}
    finally:
        book.close()
    plan, base = found.get(PLAN_PROPERTY), found.get(BASE_PROPERTY)
    if not isinstance(plan, str) or not isinstance(base, str) or not _PLAN_ID.fullmatch(plan):
        return None
    try:
        instant = datetime.fromisoformat(base)
    except ValueError:
        return None
    if instant.tzinfo is None:
        return None
    return Origin(plan=plan, base=instant.astimezone(UTC))


# -- building ------------------------------------------------------------------


def _workbook(rows: list[list[CellValue]], about: str) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"  # first: the sheet an import reads
    sheet.append(list(HEADINGS))
    for number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            _put(sheet.cell(row=number, column=index), value)
    last_row = max(len(rows) + 1, 2)
    last_column = get_column_letter(len(COLUMNS))
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True, italic=column.read_only)
        header.fill = _READ_ONLY_FILL if column.read_only else _HEADER_FILL
        if column.heading in _WRAPPED:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    _status_drop_down(sheet)
    _colour_rag(sheet)
    _instructions(book.create_sheet("Instructions"), about)
    return book


def _put(cell: XlCell, value: CellValue) -> None:
    """A value into a cell: dates as dates, text always as text."""
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", value or "")  # an XLSX cannot hold them
    cell.value = text or None  # an empty cell, not an empty string
    if text.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
        cell.quotePrefix = True  # and Excel keeps it text when someone edits it


def _column_letter(heading: str) -> str:
    return str(get_column_letter(HEADINGS.index(heading) + 1))


def _status_drop_down(sheet: Worksheet) -> None:
    """The eight statuses as a drop-down. A warning, not a stop: the import
    checks the value anyway and also reads on_track or "on track"."""
    choices = ",".join(STATUS_WORDS.values())
    check = DataValidation(
        type="list",
        formula1=f'"{choices}"',
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the in-cell arrow
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Not a status",
        error="Choose one of: " + ", ".join(STATUS_WORDS.values()) + ".",
    )
    letter = _column_letter("Status")
    check.add(f"{letter}2:{letter}{MAX_ROW}")
    sheet.add_data_validation(check)


def _colour_rag(sheet: Worksheet) -> None:
    for cell in sheet[_column_letter("RAG")][1:]:
        style = _RAG_STYLE.get(str(cell.value))
        if style is not None:
            fill, text = style
            cell.fill = PatternFill("solid", fgColor=fill)
            cell.font = Font(bold=True, color=text)


def _instructions(sheet: Worksheet, about: str) -> None:
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 16
    sheet.append(["How to use this workbook"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["This file", about])
    sheet.append([])
    sheet.append(["Column", "What it holds", "The import"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        sheet.append(
            [column.heading, column.meaning, "ignores it" if column.read_only else "reads it"]
        )
    sheet.append([])
    sheet.append(["Rules"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for rule in RULES:
        sheet.append(["", rule])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
