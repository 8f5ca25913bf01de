"""``tracker import``: a plan spreadsheet in, by the three-way rule, with a
preview (``--dry-run``) that records nothing."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from rich.console import Console

from application.import_report import ImportReport, shown
from application.plan_file import load_plan_file
from application.service import Tracker
from domain.dates import LONDON, parse_instant
from domain.errors import TrackerError
from entrypoints.output import print_json


class WouldBeRefused(TrackerError):
    """A dry run found rows in error or conflicts: said, and the exit status says so."""


def cmd_import(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise TrackerError(f"no such file: {path}")
    plan_file = load_plan_file(path, args.settings.file_limits())
    report = app.import_plan(
        args.plan,
        plan_file.rows,
        by=args.by,
        source=plan_file.name,
        title=args.title,
        reason=args.reason,
        content_hash=plan_file.content_hash,
        origin=plan_file.origin,
        base=parse_instant(args.base) if args.base else None,
        prefer=args.prefer,
        dry_run=args.dry_run,
    )
    if args.json:
        print_json(report.as_json())
    else:
        describe(report, console, dry_run=args.dry_run)
    if args.dry_run and (report.errors or report.conflicts):
        raise WouldBeRefused(
            f"{plan_file.name} would be refused: "
            f"{len(report.errors)} rows in error, {len(report.conflicts)} conflicts"
        )


def describe(report: ImportReport, console: Console, *, dry_run: bool) -> None:
    """The report for a person: what is (or would be) added and changed, what
    the tracker keeps, and what conflicts."""
    out = console.print
    base = f"{london(report.base)} ({report.base_from})" if report.base else "none"
    target = "a NEW plan" if report.new_plan else "plan"
    out(f"{report.file_name} -> {target} {report.plan}: {report.rows} rows; base: {base}")
    verb = "would be" if dry_run else "were"
    if report.added:
        out(f"{len(report.added)} items {verb} added: {', '.join(report.added)}")
    if report.retitled:
        out(f"The plan {verb} retitled {report.retitled[0]!r} -> {report.retitled[1]!r}")
    if report.changes:
        out(f"{len(report.changes)} changes {verb} recorded:")
        for change in report.changes:
            out(f"  {change.ref} {change.field}: {shown(change.old)} -> {shown(change.new)}")
    if report.kept:
        out(
            f"{len(report.kept)} cells kept as the tracker has them (changed there since the base):"
        )
        for k in report.kept:
            out(f"  {k.ref} {k.field}: file {shown(k.file)}, tracker {shown(k.tracker)}")
    if report.settled:
        out(f"{len(report.settled)} conflicts settled by --prefer")
    for conflict in report.conflicts:
        cell = conflict.cell
        who = f" (by {conflict.by}, {london(conflict.recorded_at)})" if conflict.recorded_at else ""
        out(
            f"  CONFLICT row {cell.row} {cell.ref} {cell.field}: base {shown(cell.base)}, "
            f"file {shown(cell.file)}, tracker {shown(cell.tracker)}{who}"
        )
    for error in report.errors:
        out(f"  ERROR {error}")
    if dry_run:
        out("Nothing recorded (dry run).")
    elif not report.recorded:
        out(f"{report.file_name}: plan {report.plan} already matches; nothing recorded.")
    else:
        out(
            f"{report.file_name}: plan {report.plan} "
            f"{'created' if report.new_plan else 'updated'}: {report.rows} rows, "
            f"{len(report.added)} items added, {len(report.changes)} changes, "
            f"{report.events} events recorded."
        )


def london(instant: datetime) -> str:
    return instant.astimezone(LONDON).strftime("%-d %b %Y, %H:%M London time")
