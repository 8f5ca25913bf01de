"""The overdue table says how late each item is in words people use."""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from application.service import Tracker
from application.spreadsheet import read_plan_file
from entrypoints.cli_reading import cmd_overdue
from tests.conftest import Clock
from tests.plans import write


def test_one_day_late_is_one_day_not_one_days(
    fast_app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    fast_app.import_plan("pl", read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    clock.set(datetime(2009, 12, 1, 9, tzinfo=UTC))  # 11.a was due on 30 Nov 2009
    console = Console(record=True, width=200)
    cmd_overdue(fast_app, argparse.Namespace(plan="pl", on=None, json=False), console)
    lines = {
        m[0]: m[1]
        for m in re.findall(r"│\s+(11\.a|32)\s.*│ (\d+ days?)\s*│", console.export_text())
    }
    assert lines == {"11.a": "1 day", "32": "31 days"}
