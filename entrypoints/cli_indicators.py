"""The ``tracker indicators`` and ``tracker indicator ...`` commands: read a
plan's indicators (now or as at an instant), define one, record a figure.

Each reading prints a table on a terminal, or one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from rich.console import Console
from rich.table import Table

from application.service import Tracker
from domain.dates import parse_instant
from domain.errors import InvalidIndicator
from domain.indicator import Definition, Figure, parse_number
from entrypoints.cli_tables import local
from entrypoints.output import print_json
from projections.history import describe
from projections.indicators import Reading

_ARROWS = {"better": "↑ better", "worse": "↓ worse", "same": "→ same", None: ""}


def cmd_indicators(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    as_at = parse_instant(args.as_at) if args.as_at else None
    at = as_at or app.clock.now()
    found = app.indicators.readings(args.plan, as_at)
    if args.json:
        print_json(
            {
                "plan": args.plan,
                "as_at": at.isoformat(),
                "indicators": [reading.as_json() for reading in found],
            }
        )
        return
    console.print(
        f"Indicators of {args.plan} " + (f"AS AT {local(at)}" if as_at else f"at {local(at)}")
    )
    if not found:
        console.print(
            "No indicators yet: tracker indicator define ... or tracker import-indicators ..."
        )
        return
    table = Table()
    for name in (
        "code",
        "indicator",
        "period",
        "value",
        "target",
        "RAG",
        "direction",
        "against target",
    ):
        table.add_column(name)
    for reading in found:
        table.add_row(*_row(reading))
    console.print(table)


def _row(reading: Reading) -> list[str]:
    latest = reading.latest
    return [
        reading.code,
        reading.title,
        latest.period.label if latest else "no figure yet",
        f"{latest.value:g}" if latest else "",
        f"{latest.target:g}" if latest and latest.target is not None else "",
        reading.rag,
        _ARROWS[reading.direction],
        reading.distances()["target"] or "",
    ]


def cmd_value(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    value = parse_number("value", args.value)
    if value is None:
        raise InvalidIndicator("the value is empty: give the period's figure (for example 71.9)")
    figure = Figure(
        value=value,
        target=parse_number("target", args.target),
        neighbours=parse_number("neighbours", args.neighbours),
        england=parse_number("england", args.england),
    )
    changed = app.indicators.report(
        args.plan, args.code, args.period, figure, by=args.by, reason=args.reason
    )
    console.print("recorded" if changed else "no change: that figure is already recorded")


def cmd_define(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    definition = Definition(
        title=args.title,
        unit=args.unit,
        better=args.better,
        frequency=args.frequency,
        owner=args.owner.strip(),
        tolerance=parse_number("tolerance", args.tolerance),
        actions=tuple(ref.strip() for ref in args.actions.split(",") if ref.strip()),
    )
    changed = app.indicators.define(
        args.plan, args.code, definition, by=args.by, reason=args.reason
    )
    console.print("recorded" if changed else "no change: the definition is the same")


def cmd_history(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    rows = app.indicators.history(args.plan, args.code)
    if args.json:
        print_json(rows)
        return
    table = Table(title=f"History of {args.code} in {args.plan}")
    for name in ("recorded", "by", "change", "reason"):
        table.add_column(name)
    for row in rows:
        when = local(datetime.fromisoformat(row["recorded_at"]))
        table.add_row(when, row["by"], describe(row), row["reason"] or "")
    console.print(table)
