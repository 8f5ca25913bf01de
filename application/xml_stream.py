"""Streaming the two parts of a workbook that grow with the plan: the shared
strings and the worksheet's cells, with expat and a few callbacks.

No element tree is built, so memory stays flat whatever the part's size, and
the parse is several times faster than openpyxl's per-cell objects on top of
defusedxml's pure-Python parser. Safety does not rest on the parser: the
archive check (``workbook_package``) has already refused any DTD, entity or
unusual encoding, and these parsers also refuse a DTD or entity declaration
the moment expat meets one. Work is bounded by counting what is parsed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, NamedTuple
from xml.parsers import expat

from application.workbook_package import dtd_refused

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA = (MAIN + name for name in ("row", "c", "v", "f"))
_SHEET_DATA, _INLINE, _TEXT, _PHONETIC = (MAIN + name for name in ("sheetData", "is", "t", "rPh"))
_STRING_ITEM = MAIN + "si"
_TEXTS = frozenset({_VALUE, _TEXT, _FORMULA})
CHUNK = 64 * 1024


class SheetProblem(ValueError):
    """The part is not as Excel writes it; the message says how."""


class RawCell(NamedTuple):
    column: int
    kind: str  # the t attribute: n, s, str, b, e, d, inlineStr
    style: int
    value: str | None  # the text of <v>, or of an inline string
    formula: str | None  # the text of <f>, when the cell has one


def shared_strings(source: IO[bytes], most: int) -> list[str]:
    """Every shared string (its text and runs, not phonetic guides), refusing
    more than ``most`` of them as they are read."""
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == _TEXT and not state["phonetic"]:
            state["text"] = True
        elif tag == _PHONETIC:
            state["phonetic"] += 1

    def end(tag: str) -> None:
        if tag == _TEXT:
            state["text"] = False
        elif tag == _PHONETIC:
            state["phonetic"] -= 1
        elif tag == _STRING_ITEM:
            strings.append("".join(parts))
            parts.clear()
            if len(strings) > most:
                raise SheetProblem(
                    f"the workbook holds more than {most:,} different texts, more than a plan "
                    "within the row limit can use: save the plan's sheet in a workbook of its own"
                )

    def data(text: str) -> None:
        if state["text"]:
            parts.append(text)

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    while chunk := source.read(CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return strings


def sheet_cells(source: IO[bytes], most: int) -> Iterator[tuple[int, list[RawCell]]]:
    """(row number, its cells) for each row of the sheet's data, in order;
    stops at the end of the data, and refuses more than ``most`` cells."""
    sheet = _Sheet(most)
    parser = _parser()
    parser.StartElementHandler = sheet.start
    parser.EndElementHandler = sheet.end
    parser.CharacterDataHandler = sheet.data
    while not sheet.done and (chunk := source.read(CHUNK)):
        parser.Parse(chunk, False)
        yield from sheet.rows
        sheet.rows.clear()


class _Sheet:
    """The state of the parse of a worksheet, a cell at a time."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.rows: list[tuple[int, list[RawCell]]] = []
        self.done = False
        self.number = 0
        self.cells: list[RawCell] = []
        self.counted = 0
        self.column = 0
        self.attributes: dict[str, str] = {}
        self.reference: str | None = None
        self.value: list[str] | None = None
        self.formula: list[str] | None = None
        self.target: list[str] | None = None
        self.phonetic = 0
        self.columns: dict[str, int] = {}

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == _CELL:
            self.counted += 1
            if self.counted > self.most:
                raise SheetProblem(
                    f"the sheet has more than {self.most:,} cells (formatted empty cells "
                    "count too), more than a plan within the row limit can use: delete the "
                    "unused rows and columns"
                )
            self.attributes = attributes
            self.value = self.formula = None
        elif tag == _VALUE:
            self.value = self.target = []
        elif tag == _TEXT and not self.phonetic:
            if self.value is None:
                self.value = []
            self.target = self.value
        elif tag == _FORMULA:
            self.formula = self.target = []
        elif tag == _PHONETIC:
            self.phonetic += 1
        elif tag == _ROW:
            given = attributes.get("r")
            number = int(given) if given else self.number + 1
            if number <= self.number:
                raise SheetProblem(
                    f"the sheet is damaged: row {number} comes after row {self.number}"
                )
            self.number, self.cells, self.column, self.reference = number, [], 0, None

    def end(self, tag: str) -> None:
        if tag == _CELL:
            # An empty cell (most often only formatted) costs no more than noting where it is.
            reference = self.attributes.get("r")
            if self.value is None and self.formula is None:
                if reference:
                    self.reference = reference
                else:
                    self.column = self._where() + 1
                    self.reference = None
                return
            self.column = self._column(reference) if reference else self._where() + 1
            self.reference = None
            self.cells.append(
                RawCell(
                    self.column,
                    self.attributes.get("t", "n"),
                    int(self.attributes.get("s") or 0),
                    None if self.value is None else "".join(self.value),
                    None if self.formula is None else "".join(self.formula),
                )
            )
        elif tag in _TEXTS:
            self.target = None
        elif tag == _ROW:
            self.rows.append((self.number, self.cells))
        elif tag == _PHONETIC:
            self.phonetic -= 1
        elif tag == _SHEET_DATA:
            self.done = True  # what follows the data (formatting, links ...) is never read

    def _where(self) -> int:
        """The column of the last cell, found from its reference only when needed."""
        if self.reference is not None:
            self.column, self.reference = self._column(self.reference), None
        return self.column

    def data(self, text: str) -> None:
        if self.target is not None:
            self.target.append(text)

    def _column(self, reference: str) -> int:
        letters = reference.rstrip("0123456789")
        if letters not in self.columns:
            if not (1 <= len(letters) <= 3 and letters.isascii() and letters.isupper()):
                raise SheetProblem(f"the sheet is damaged: '{reference[:20]}' is not a cell")
            number = 0
            for letter in letters:
                number = number * 26 + ord(letter) - 64
            self.columns[letters] = number
        return self.columns[letters]


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    return parser


def _no_dtd(*_: object) -> None:
    raise SheetProblem(dtd_refused())
