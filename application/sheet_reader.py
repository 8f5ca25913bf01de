"""From a file's bytes to rows of cells, within ``FileLimits``, or a clear refusal.

This is the boundary between the tracker and whatever a person uploads. It
decides what the bytes are (CSV text in one of the encodings Excel writes, or
an XLSX archive that ``workbook_package`` has checked), streams the rows while
counting them, and stops at the first limit passed. Any other failure of the
csv module or openpyxl here becomes one plain sentence in an
``ImportRejected``: nothing escapes as a traceback.

Cells come out as read, except the markers of ``cell_markers`` (a formula, an
error value, a cell over ``max_cell`` characters), which the row checks report
with their row and column.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Sequence
from pathlib import PurePath

from defusedxml import DefusedXmlException

from application.cell_markers import TooLong
from application.csv_text import decode_csv_text
from application.file_limits import FileLimits, size_text
from application.import_errors import ImportRejected, RowError, file_refused
from application.workbook_package import check_workbook_package, dtd_refused
from application.xlsx_rows import SheetProblem, worksheet_rows

Cells = list[list[object]]
_BLANK: list[object] = []  # one shared blank row: nothing ever changes it


def read_cells(source: str, data: bytes, limits: FileLimits) -> Cells:
    """Rows of cells (a blank row as ``[]``, so row numbers stay the file's)."""
    if not data:
        raise file_refused(source, "the file is empty")
    if len(data) > limits.max_bytes:
        raise file_refused(source, too_big(len(data), limits))
    suffix = PurePath(source).suffix.lower()
    if suffix == ".csv":
        return _csv_cells(source, data, limits)
    if suffix in (".xlsx", ".xlsm"):
        check_workbook_package(source, data, limits)
        return _xlsx_cells(source, data, limits)
    if suffix == ".xls":
        raise file_refused(
            source,
            "old Excel 97-2003 (.xls) files are not read: open it in Excel and save it as "
            "an Excel Workbook (.xlsx), or as CSV",
        )
    raise file_refused(source, f"'{suffix or source}' files are not read: use .csv or .xlsx")


def too_big(size: int, limits: FileLimits) -> str:
    return f"the file is {size_text(size)}; the limit is {size_text(limits.max_bytes)}"


def _csv_cells(source: str, data: bytes, limits: FileLimits) -> Cells:
    text = decode_csv_text(source, data)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # Excel's "Unicode text" uses tabs; some locales semicolons
        delimiter = "\t" if "\t" in first_line else ";" if ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = _Rows(source, limits)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            rows.add(number, [_unguarded(value) for value in values])
    except csv.Error as error:
        detail = str(error)
        if "field larger than field limit" in detail:
            detail = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise rows.refuse(number + 1, f"the file could not be read as CSV: {detail}") from None
    return rows.cells


def _unguarded(value: str) -> str:
    """A CSV cell without the apostrophe ``tracker export`` puts before text a
    spreadsheet would run as a formula (=, +, -, @): the round trip is lossless."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value


def _xlsx_cells(source: str, data: bytes, limits: FileLimits) -> Cells:
    rows = _Rows(source, limits)
    try:
        with warnings.catch_warnings():  # openpyxl warns about styles it ignores
            warnings.simplefilter("ignore")
            for number, cells in worksheet_rows(data, limits):
                rows.add(number, _row_list(rows, number, cells))
    except ImportRejected:
        raise
    except DefusedXmlException:
        raise file_refused(source, dtd_refused()) from None
    except SheetProblem as problem:
        raise file_refused(source, str(problem)) from None
    except Exception as error:  # openpyxl's and the XML parser's failures take many forms
        detail = " ".join((str(error) or type(error).__name__).split())[:160]
        raise file_refused(
            source, f"the file could not be read as an Excel workbook: {detail}"
        ) from None
    return rows.cells


def _row_list(rows: _Rows, number: int, cells: dict[int, object]) -> list[object]:
    if not cells:
        return _BLANK
    width = max(cells)
    if width > rows.limits.max_columns:
        beyond = [v for c, v in cells.items() if c > rows.limits.max_columns]
        if any(v is not None and str(v).strip() for v in beyond):
            raise rows.too_wide(number)
        width = rows.limits.max_columns
    values: list[object] = [None] * width
    for column, value in cells.items():
        if column <= width:
            values[column - 1] = value
    return values


class _Rows:
    """Rows as they stream in, numbered as the file numbers them: counted, capped
    in width, blank rows kept as ``[]``, over-long cells set aside."""

    def __init__(self, source: str, limits: FileLimits) -> None:
        self.source = source
        self.limits = limits
        self.cells: Cells = []
        self.items = 0
        self.last_row = limits.max_rows + limits.max_blank_rows

    def add(self, number: int, values: Sequence[object]) -> None:
        limits = self.limits
        if number > self.last_row:
            raise self.refuse(
                0,
                f"the sheet runs on past row {self.last_row:,} (with blank or formatted "
                "rows): delete the rows below your plan",
            )
        while len(self.cells) < number - 1:  # the rows a sheet leaves out are blank
            self.cells.append(_BLANK)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            self.cells.append(_BLANK)
            return
        if len(values) > limits.max_columns:
            if any(v is not None and str(v).strip() for v in values[limits.max_columns :]):
                raise self.too_wide(number)
            values = values[: limits.max_columns]
        if number > 1:
            self.items += 1
            if self.items > limits.max_rows:
                raise self.refuse(
                    0,
                    f"the file has more than {limits.max_rows:,} rows of items; the limit is "
                    f"{limits.max_rows:,}: split the plan into several files",
                )
        self.cells.append([self._checked(v) for v in values])

    def _checked(self, value: object) -> object:
        if isinstance(value, str) and len(value) > self.limits.max_cell:
            return TooLong(len(value), self.limits.max_cell)
        return value

    def too_wide(self, number: int) -> ImportRejected:
        return self.refuse(
            number,
            f"the row has content beyond column {self.limits.max_columns}; "
            f"the limit is {self.limits.max_columns} columns",
        )

    def refuse(self, number: int, problem: str) -> ImportRejected:
        return ImportRejected(self.source, [RowError(number, "-", problem)])
