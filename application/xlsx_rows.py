"""The first worksheet of a checked XLSX file, row by row, fast.

openpyxl (with defusedxml, which refuses entity declarations) reads the small
parts that say where things are and how dates are formatted: the manifest, the
workbook, the styles. The two parts that grow with the plan, the worksheet and
its shared strings, are streamed here with the standard library's C XML
parser, which is several times faster than openpyxl's per-cell objects on top
of defusedxml's pure-Python parser (20,000 rows: under a second instead of
four). That is safe only because ``workbook_package`` has already refused any
part with a DTD or an encoding other than UTF-8/UTF-16: without a DTD, XML
has no entities to expand and nothing external to fetch.

Values follow openpyxl's rules (numbers, dates by their cell style, booleans,
shared and inline strings, ``_xHHHH_`` escapes) with two markers for the row
checks: a cell with a formula is a ``Formula``, an error value an ``ExcelError``.
Rows come with their sheet numbers; the gaps between them are blank rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from application.cell_markers import ExcelError, Formula

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA = (f"{MAIN}{name}" for name in ("row", "c", "v", "f"))
_SHEET_DATA, _INLINE, _TEXT, _RUN = (f"{MAIN}{name}" for name in ("sheetData", "is", "t", "r"))
_STRING_ITEM = f"{MAIN}si"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_LETTERS = re.compile(r"^[A-Z]{1,3}$")


class SheetProblem(ValueError):
    """The sheet is not as Excel writes it (rows out of order, a bad reference)."""


def worksheet_rows(data: bytes) -> Iterator[tuple[int, dict[int, object]]]:
    """(row number, {column number: value}) for each row of the first worksheet
    that has cells; stops at the end of the sheet's data."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheet_path = _first_worksheet(reader)
        strings_part = reader.package.find(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
        )
        strings: list[str] = []
        if strings_part is not None:
            with reader.archive.open(str(strings_part.PartName)[1:]) as source:
                strings = _shared_strings(source)
        dates: set[int] = set(reader.wb._date_formats)
        durations: set[int] = set(reader.wb._timedelta_formats)
        epoch = reader.wb.epoch

        def value_of(cell: Element) -> object:
            kind = cell.get("t", "n")
            formula = cell.find(_FORMULA)
            if formula is not None:
                return Formula("=" + (formula.text or ""))
            if kind == "inlineStr":
                inline = cell.find(_INLINE)
                return None if inline is None else _text_of(inline)
            raw = cell.findtext(_VALUE)
            if raw is None or raw == "":
                return None
            if kind == "s":
                return strings[int(raw)]
            if kind == "str":
                return _unescape(raw)
            if kind == "b":
                return raw.strip() in ("1", "true")
            if kind == "e":
                return ExcelError(raw)
            if kind == "d":
                return from_ISO8601(raw)
            number = float(raw) if any(c in raw for c in ".eE") else int(raw)
            style = int(cell.get("s", "0"))
            if style in dates:
                try:
                    return from_excel(number, epoch, timedelta=style in durations)
                except (OverflowError, ValueError):
                    return ExcelError("#VALUE!")
            return number

        with reader.archive.open(sheet_path) as source:
            yield from _rows(source, value_of)
    finally:
        reader.archive.close()


def _first_worksheet(reader: object) -> str:
    parser = getattr(reader, "parser")  # noqa: B009 (openpyxl is untyped)
    names = set(getattr(reader, "valid_files"))  # noqa: B009
    for _sheet, relation in parser.find_sheets():
        if "worksheet" in str(relation.Type) and relation.target in names:
            return str(relation.target)
    raise SheetProblem("the workbook has no worksheet")


def _rows(
    source: IO[bytes], value_of: Callable[[Element], object]
) -> Iterator[tuple[int, dict[int, object]]]:
    number = 0
    columns: dict[str, int] = {}
    for _event, element in iterparse(source):
        tag = element.tag
        if tag == _SHEET_DATA:
            return  # what follows the data (formatting, links ...) is never read
        if tag != _ROW:
            continue
        given = element.get("r")
        current = int(given) if given else number + 1
        if current <= number:
            raise SheetProblem(f"row {current} comes after row {number}")
        number = current
        values: dict[int, object] = {}
        column = 0
        for cell in element:
            if cell.tag != _CELL:
                continue
            reference = cell.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = columns.get(letters) or columns.setdefault(letters, _column(letters))
            else:
                column += 1
            values[column] = value_of(cell)
        element.clear()  # its cells are let go; the empty row element is tiny
        yield number, values


def _column(letters: str) -> int:
    """A column's number from its letters: A is 1, XFD is 16,384."""
    if not _LETTERS.match(letters):
        raise SheetProblem(f"'{letters[:20]}' is not a column")
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _shared_strings(source: IO[bytes]) -> list[str]:
    strings: list[str] = []
    for _event, element in iterparse(source):
        if element.tag == _STRING_ITEM:
            strings.append(_text_of(element))
            element.clear()
    return strings


def _text_of(element: Element) -> str:
    """The plain text of a string item: its own text and its runs', not the
    phonetic guides Excel adds to East Asian text."""
    if len(element) == 1 and element[0].tag == _TEXT:  # the usual case: one plain text
        return _unescape(element[0].text or "")
    parts = [child.text or "" for child in element if child.tag == _TEXT]
    for run in element.iter(_RUN):
        parts.extend(t.text or "" for t in run if t.tag == _TEXT)
    return _unescape("".join(parts))


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot carry as ``_xHHHH_``."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
