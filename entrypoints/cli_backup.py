"""``tracker backup FILE`` and ``tracker restore FILE --db URL``: the whole log
with its chain links as JSON lines, and a new store rebuilt from it.

(``tracker export`` writes a plan as a spreadsheet: see ``cli_export``.)"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console

from application import backup
from application.integrity import open_log, verify_log
from application.settings import Settings
from domain.errors import TrackerError
from entrypoints.bootstrap import bootstrap


def cmd_backup(settings: Settings, args: argparse.Namespace, console: Console) -> None:
    out = Path(args.file)
    if out.exists():
        raise TrackerError(f"{out} exists: choose a new file name (backups are never overwritten)")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")  # a crash never leaves a file named FILE
    try:
        with open_log(settings.eventsourcing_env()) as recorder, partial.open("x") as stream:
            count = backup.export(recorder, stream)
            stream.flush()
            os.fsync(stream.fileno())
        partial.rename(out)
    finally:
        partial.unlink(missing_ok=True)
    console.print(f"{count} events and their chain links backed up to {out}.")


def cmd_restore(settings: Settings, args: argparse.Namespace, console: Console) -> None:
    checked = backup.read(Path(args.file))  # the whole file, before the target is touched
    with open_log(settings.eventsourcing_env(), existing=False) as recorder:
        backup.restore(checked, recorder)
    bootstrap(settings).close()  # builds the views from the restored log
    with open_log(settings.eventsourcing_env()) as recorder:
        verdict = verify_log(recorder)
    if verdict.first_break is not None:
        raise TrackerError(f"restored, but the copy does not verify: {verdict.first_break.detail}")
    console.print(
        f"{verdict.events} events restored into {settings.db}; the chain verifies "
        f"(head position {verdict.head_position}) and the views are built."
    )
