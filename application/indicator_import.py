"""Loading indicator definitions and figures from a spreadsheet: all or nothing.

Every row is decided on the indicators as they stand, in memory, before
anything is saved: a problem in any row (an unknown unit, a revision without
a reason, a code first seen with no definition) is reported with its row and
column, and nothing is recorded. A file that passes is saved in one
transaction, so an import is never half-done. Importing the same file again
records nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from application.import_errors import ImportRejected, RowError
from application.indicator_sheet import IndicatorRow
from application.indicators import Indicators
from domain.dates import london_date
from domain.errors import TrackerError
from domain.indicator import Definition, Figure, Indicator


@dataclass
class IndicatorImport:
    """What an import did (or, in a dry run, would do)."""

    plan: str
    defined: list[str] = field(default_factory=list)  # codes new to the plan
    redefined: list[str] = field(default_factory=list)
    reported: list[dict[str, Any]] = field(default_factory=list)  # {code, period, value, revises}
    unchanged: int = 0  # rows whose figure was already recorded

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "defined": self.defined,
            "redefined": self.redefined,
            "reported": self.reported,
            "unchanged": self.unchanged,
        }


def import_indicators(
    indicators: Indicators,
    source: str,
    plan: str,
    rows: list[IndicatorRow],
    *,
    by: str,
    dry_run: bool,
) -> IndicatorImport:
    host = indicators.host
    result = IndicatorImport(plan)
    with host.turns.turn():
        current = host.plan(plan)
        at = host.clock.now()
        on = london_date(at)
        loaded: dict[str, Indicator] = {}
        errors: list[RowError] = []
        for row in rows:
            try:
                indicator = loaded.get(row.code) or indicators.load(plan, row.code)
                definition = _definition(row, indicator, current.action_of)
                if indicator is None:
                    assert definition is not None
                    indicator = Indicator.define(
                        plan=plan, code=row.code, definition=definition, by=by, at=at, on=on
                    )
                    current.register_indicator(row.code, by=by, at=at, effective_on=on)
                    result.defined.append(row.code)
                elif definition is not None and indicator.redefine(definition, by=by, at=at, on=on):
                    result.redefined.append(row.code)
                loaded[row.code] = indicator
                figure = Figure(
                    value=row.numbers["value"] or 0.0,
                    target=row.numbers.get("target"),
                    neighbours=row.numbers.get("neighbours"),
                    england=row.numbers.get("england"),
                )
                revises = row.period in indicator.figures
                if indicator.report(row.period, figure, by=by, at=at, on=on, reason=row.reason):
                    result.reported.append(
                        {
                            "code": row.code,
                            "period": row.period,
                            "value": figure.value,
                            "revises": revises,
                        }
                    )
                else:
                    result.unchanged += 1
            except _CellError as problem:
                errors.append(RowError(row.row, problem.column, str(problem)))
            except TrackerError as problem:
                errors.append(RowError(row.row, "-", str(problem)))
        if errors:
            raise ImportRejected(source, errors)
        if not dry_run and (result.defined or result.redefined or result.reported):
            host.save(current, *loaded.values())
    return result


class _CellError(TrackerError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _definition(row: IndicatorRow, indicator: Indicator | None, holds: Any) -> Definition | None:
    """The definition the row gives (its blank cells taken from the current
    one), or None if it gives none. A new code must be defined on its first row."""
    given = row.definition
    if indicator is None and not {"title", "unit", "better", "frequency"} <= given.keys():
        missing = [k for k in ("title", "unit", "better", "frequency") if k not in given]
        raise _CellError(
            missing[0],
            f"{row.code} is new to the plan: its first row needs {', '.join(missing)} "
            "(unit: percent, number, rate or days; better: higher or lower; "
            "frequency: monthly, quarterly or annual)",
        )
    if not given and row.numbers.get("tolerance") is None:
        return None
    base: dict[str, Any] = indicator.definition.model_dump() if indicator else {}
    fields = {
        **base,
        **{k: v.lower() if k in ("unit", "better", "frequency") else v for k, v in given.items()},
    }
    if "actions" in given:
        fields["actions"] = tuple(r.strip() for r in given["actions"].split(",") if r.strip())
        for ref in fields["actions"]:
            try:
                holds(ref)
            except TrackerError as problem:
                raise _CellError("actions", str(problem)) from None
    if row.numbers.get("tolerance") is not None:
        fields["tolerance"] = row.numbers["tolerance"]
    try:
        return Definition(**fields)
    except ValidationError as problem:
        first = problem.errors()[0]
        column = str(first["loc"][0]) if first["loc"] else "-"
        raise _CellError(
            column, f"'{fields.get(column, '')}' is not accepted: {first['msg']}"
        ) from None
