"""``tracker import-indicators``: indicator definitions and figures from a CSV
or XLSX file, all or nothing, with ``--dry-run`` to check and list first."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from application.indicator_import import import_indicators
from application.indicator_sheet import read_indicator_data
from application.service import Tracker
from domain.errors import TrackerError
from entrypoints.output import print_json


def cmd_import_indicators(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise TrackerError(f"no such file: {path}")
    limits = args.settings.file_limits()
    with path.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    rows = read_indicator_data(path.name, data, limits)
    done = import_indicators(
        app.indicators, path.name, args.plan, rows, by=args.by, dry_run=args.dry_run
    )
    if args.json:
        print_json({**done.as_json(), "dry_run": args.dry_run})
        return
    verb = "would be" if args.dry_run else "were"
    revised = sum(1 for r in done.reported if r["revises"])
    console.print(
        f"{path.name} -> plan {args.plan}: {len(rows)} rows; indicators {verb} defined: "
        f"{', '.join(done.defined) or 'none'}; redefined: {', '.join(done.redefined) or 'none'}; "
        f"{len(done.reported)} figures {verb} recorded ({revised} revisions); "
        f"{done.unchanged} already recorded"
    )
