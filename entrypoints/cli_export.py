"""``tracker export PLAN FILE.xlsx|FILE.csv [--as-at WHEN]``: the plan in the
import format, so it can be edited in Excel and imported again.

The file is written whole or not at all (a temporary file renamed over it),
so a reader never opens half a workbook and an interrupted export leaves the
previous file as it was.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console

from application.plan_columns import plan_csv
from application.plan_workbook import plan_xlsx
from application.service import Tracker
from domain.dates import LONDON, parse_instant
from domain.errors import TrackerError

SUFFIXES = (".xlsx", ".csv")


def cmd_export(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    out = Path(args.file)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        hint = "; a backup of the whole log is tracker backup FILE" if suffix == ".jsonl" else ""
        raise TrackerError(
            f"{out.name}: cannot export to '{suffix or 'no suffix'}': "
            f"name a .xlsx or .csv file (for example laming-2009.xlsx){hint}"
        )
    as_at = parse_instant(args.as_at) if args.as_at else None
    board = app.board(args.plan, as_at=as_at)
    emails = app.directory.entries()  # erased people have none
    if suffix == ".xlsx":
        body = plan_xlsx(board, emails, base=board.as_at)  # as_at, or the clock's now
    else:
        body = plan_csv(board, emails)
    write_atomically(out, body)
    when = board.as_at.astimezone(LONDON).strftime("%-d %b %Y, %H:%M")
    console.print(
        f"{board.plan} as at {when}: {len(board.items)} items written to {out}"
        + (" (it remembers that instant for the re-import)." if suffix == ".xlsx" else "."),
        markup=False,  # a file name may hold [brackets]
    )


def write_atomically(out: Path, body: bytes) -> None:
    """``body`` into ``out``, replacing it in one step once fully on disk."""
    # Beside the target (a rename never crosses file systems), created like any
    # file the user writes (their umask), hidden by its leading dot.
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as stream:
            stream.write(body)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(partial, out)
    except OSError as error:
        raise TrackerError(f"cannot write {out}: {error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
