"""Reading an indicators spreadsheet (CSV or XLSX) into checked rows.

Columns (DOMAIN.md, "Performance indicators"): ``code``, ``title``, ``unit``,
``better``, ``frequency``, ``period``, ``value``, ``target``, ``neighbours``,
``england``, ``reason``; also ``owner``, ``tolerance`` and ``actions``. One row
per indicator and period; the definition columns may repeat or be left blank
after a code's first row. Every problem is reported with its row and column,
as plan imports do, and the bytes go through the same guarded reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.cell_checks import CellProblem, cell_text, marker_problem, shown
from application.file_limits import DEFAULT_LIMITS, FileLimits
from application.file_names import safe_file_name
from application.import_errors import ImportRejected, RowError
from application.sheet_header import column_key
from application.sheet_reader import read_cells
from domain.errors import TrackerError
from domain.indicator import FREQUENCIES, check_code, parse_number
from domain.indicator_rules import POLARITIES, UNITS
from domain.periods import parse_period

REQUIRED = ("code", "period", "value")
DEFINITION = ("title", "unit", "better", "frequency", "owner", "tolerance", "actions")
OPTIONAL = (*DEFINITION, "target", "neighbours", "england", "reason")
_NUMBERS = ("value", "target", "neighbours", "england", "tolerance")
_CHOICES = {"unit": UNITS, "better": POLARITIES, "frequency": FREQUENCIES}


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator's figure for one period, with any definition cells given."""

    row: int
    code: str
    period: str
    numbers: dict[str, float | None]  # value, target, neighbours, england, tolerance
    definition: dict[str, str]  # the definition cells that were filled in
    reason: str | None


def read_indicator_data(
    name: str, data: bytes, limits: FileLimits = DEFAULT_LIMITS
) -> list[IndicatorRow]:
    source = safe_file_name(name)
    cells = read_cells(source, data, limits)
    errors: list[RowError] = []
    header = _header(cells[0] if cells else [], errors)
    if errors:
        raise ImportRejected(source, errors)
    rows: list[IndicatorRow] = []
    for number, values in enumerate(cells[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {h: values[i] if i < len(values) else None for i, h in enumerate(header) if h}
        row = _row(number, record, errors)
        if row:
            rows.append(row)
    if not rows and not errors:
        errors.append(RowError(2, "-", "the file has a header but no figures"))
    if errors:
        raise ImportRejected(source, sorted(errors, key=lambda e: e.row))
    return rows


def _header(cells: list[object], errors: list[RowError]) -> list[str]:
    header = []
    for cell in cells:
        problem = marker_problem(cell, "the column's name")
        if problem:
            errors.append(RowError(1, "-", f"a heading is not plain text: {problem}"))
        header.append("" if problem else column_key(cell))
    for name in REQUIRED:
        if name not in header:
            errors.append(RowError(1, name, f"required column '{name}' is missing"))
    for name in header:
        if name and name not in REQUIRED + OPTIONAL:
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


def _row(number: int, record: dict[str, object], errors: list[RowError]) -> IndicatorRow | None:
    before = len(errors)
    texts: dict[str, str] = {}
    for name, value in record.items():
        try:
            texts[name] = cell_text(name, value)
        except CellProblem as problem:
            errors.append(RowError(number, name, str(problem)))
    code = period = ""
    try:
        code = check_code(texts.get("code", ""))
    except TrackerError as problem:
        errors.append(RowError(number, "code", str(problem)))
    try:
        period = parse_period(texts.get("period", "")).text
    except TrackerError as problem:
        errors.append(RowError(number, "period", str(problem)))
    numbers: dict[str, float | None] = {}
    for name in _NUMBERS:
        try:
            numbers[name] = parse_number(name, record.get(name) if name in texts else None)
        except TrackerError as problem:
            errors.append(RowError(number, name, str(problem)))
    if "value" in texts and "value" in numbers and numbers["value"] is None:
        errors.append(RowError(number, "value", "the value is empty: give the period's figure"))
    for name, allowed in _CHOICES.items():
        given = texts.get(name, "").lower()
        if given and given not in allowed:
            errors.append(
                RowError(number, name, f"'{shown(given)}' is not one of {', '.join(allowed)}")
            )
    if len(errors) > before:
        return None
    definition = {k: texts[k] for k in DEFINITION if texts.get(k)}
    return IndicatorRow(number, code, period, numbers, definition, texts.get("reason") or None)
