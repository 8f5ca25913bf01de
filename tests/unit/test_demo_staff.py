"""The demo names every member of staff its plan and timeline mention, so its
pages and packs show job titles, never a bare key."""

from __future__ import annotations

import csv
from pathlib import Path

from demo.replay import BOARD_CONTACTS
from demo.staff import JOB_TITLES

DEMO = Path(__file__).resolve().parents[2] / "demo"


def test_every_staff_key_in_the_demo_has_a_job_title() -> None:
    with (DEMO / "laming-2009.csv").open(encoding="utf-8") as plan:
        keys = {row["owner"] for row in csv.DictReader(plan)}
    with (DEMO / "laming-2009-history.csv").open(encoding="utf-8") as timeline:
        for row in csv.DictReader(timeline):
            keys.add(row["by"])
            if row["command"] == "assign":
                keys.add(row["value"])
    keys |= set(BOARD_CONTACTS) | {"pmo"}
    assert sorted(keys - set(JOB_TITLES)) == []
