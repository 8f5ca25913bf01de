"""Small plans written as spreadsheets, for tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from application.service import Tracker

BASIC = """ref,parent,title,theme,owner,owner_email,due,status,source
11,,Implement the revised Working Together,Leadership and Accountability,hos-cf,hos-cf@example.gov.uk,December 2009,on_track,"11, 13, 14"
11.a,11,Local procedures revised,,hos-cf,,30/11/2009,,
11.b,11,Multi-agency briefings held,,lscb-manager,,2009-12,,
32,,Health visitor workforce capacity,Support for Children,health-commissioner,,October 2009,,32
40,,Two lay members appointed to the LSCB,Leadership and Accountability,lscb-manager,,2010-03-31,,
"""


def write(directory: Path, text: str = BASIC, name: str = "plan.csv") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def import_sample(app: Tracker, plan: str) -> None:
    """The BASIC plan imported into ``app`` as ``plan``, by the PMO."""
    from application.spreadsheet import check_rows

    cells: list[list[object]] = [list(line.split(",")) for line in _SIMPLE.splitlines()]
    rows = check_rows("plan.csv", cells)
    app.import_plan(plan, rows, by="pmo", source="plan.csv")


_SIMPLE = """ref,parent,title,owner,due
11,,Implement the revised Working Together,hos-cf,2009-12-31
11.a,11,Local procedures revised,hos-cf,2009-11-30
32,,Health visitor workforce capacity,health-commissioner,2009-10-31"""
