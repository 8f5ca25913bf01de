"""The first worksheet of a checked XLSX file, row by row, with its values.

openpyxl (with defusedxml, which refuses entity declarations) reads the small
parts that say where things are and how dates are formatted: the manifest, the
workbook, the styles. The parts that grow with the plan, the shared strings
and the worksheet, are streamed by ``xml_stream``, within counts tied to the
row limit: a plan of 20,000 rows never needs 300,000 texts or 500,000 cells.

Values follow openpyxl's rules (numbers, dates by their cell style, booleans,
shared and inline strings, ``_xHHHH_`` escapes), with two markers for the row
checks: a cell with a formula is a ``Formula``, an error value an
``ExcelError``. Rows come with their sheet numbers; gaps are blank rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

from application.cell_markers import ExcelError, Formula
from application.file_limits import FileLimits
from application.xml_stream import RawCell, SheetProblem, shared_strings, sheet_cells

__all__ = ["SheetProblem", "worksheet_rows"]

SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# What a plan within the row limit can need: a row has at most 21 columns an
# import knows (cells), and far fewer different texts (shared strings are the
# whole workbook's, other sheets included). Each bounds the parse's time.
CELLS_PER_ROW = 25
TEXTS_PER_ROW = 15
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def worksheet_rows(data: bytes, limits: FileLimits) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column number: value}) for each row of the first worksheet
    that has cells; stops at the end of the sheet's data."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    rows = limits.max_rows + 1
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheet_path = _first_worksheet(reader)
        strings: list[str] = []
        part = reader.package.find(SHARED_STRINGS)
        if part is not None:
            with reader.archive.open(str(part.PartName)[1:]) as source:
                strings = shared_strings(source, TEXTS_PER_ROW * rows)
        value_of = _values(reader.wb, strings)
        with reader.archive.open(sheet_path) as source:
            for number, cells in sheet_cells(source, CELLS_PER_ROW * rows):
                yield number, {cell.column: value_of(cell) for cell in cells}
    finally:
        reader.archive.close()


def _values(workbook: object, strings: list[str]) -> Callable[[RawCell], object]:
    """The value of a raw cell, as openpyxl would give it."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    dates = frozenset(getattr(workbook, "_date_formats"))  # noqa: B009 (openpyxl is untyped)
    durations = frozenset(getattr(workbook, "_timedelta_formats"))  # noqa: B009
    epoch = getattr(workbook, "epoch")  # noqa: B009

    def value_of(cell: RawCell) -> object:
        if cell.formula is not None:
            return Formula("=" + cell.formula)
        raw, kind = cell.value, cell.kind
        if raw is None or raw == "":
            return None
        if kind == "s":
            return _unescape(strings[int(raw)])
        if kind in ("inlineStr", "str"):
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            return ExcelError(raw)
        if kind == "d":
            return from_ISO8601(raw)
        number = float(raw) if any(c in raw for c in ".eE") else int(raw)
        if cell.style in dates:
            try:
                return from_excel(number, epoch, timedelta=cell.style in durations)
            except (OverflowError, ValueError):
                return ExcelError("#VALUE!")
        return number

    return value_of


def _first_worksheet(reader: object) -> str:
    parser = getattr(reader, "parser")  # noqa: B009 (openpyxl is untyped)
    names = set(getattr(reader, "valid_files"))  # noqa: B009
    for _sheet, relation in parser.find_sheets():
        if "worksheet" in str(relation.Type) and relation.target in names:
            return str(relation.target)
    raise SheetProblem("the workbook has no worksheet")  # only chart sheets, say


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot carry as ``_xHHHH_``."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
