"""End to end: the ``tracker`` command run as a subprocess over simulated time.

The scenario follows a board's year: import the plan, progress and slips,
a deadline revision, completion and sign-off. Every refusal is checked to
leave the whole history byte-for-byte as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.plans import write

pytestmark = pytest.mark.e2e

PLAN = "laming-2009"


class CLI:
    def __init__(self, db: str, cwd: Path) -> None:
        self.db, self.cwd = db, cwd

    def run(self, now: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "TRACKER_NOW": now, "TRACKER_DB": self.db}
        done = subprocess.run(
            [sys.executable, "-m", "entrypoints.cli", *args],
            env=env,
            cwd=self.cwd,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if ok and done.returncode != 0:
            raise AssertionError(f"tracker {' '.join(args)} failed: {done.stderr}")
        return done

    def json(self, now: str, *args: str) -> Any:
        return json.loads(self.run(now, *args, "--json").stdout)

    def refused(self, now: str, *args: str, says: str) -> None:
        before = self.run(now, "history", PLAN, "--json").stdout
        done = self.run(now, *args, ok=False)
        assert done.returncode != 0, f"tracker {' '.join(args)} was accepted"
        lines = done.stderr.strip().splitlines()
        assert lines[0].startswith("tracker: error: ") and says in lines[0], done.stderr
        assert done.stdout == ""
        assert self.run(now, "history", PLAN, "--json").stdout == before


@pytest.fixture
def cli(store_url: str, tmp_path: Path) -> CLI:
    return CLI(store_url, Path(__file__).resolve().parents[2])


def by_ref(board: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["ref"]: item for item in board["items"]}


def test_a_year_of_the_plan_through_the_command_line(cli: CLI, tmp_path: Path) -> None:
    plan = write(tmp_path)
    created = cli.run(
        "2009-07-01T09:00",
        "import",
        str(plan),
        "--plan",
        PLAN,
        "--title",
        "Response to Lord Laming",
        "--by",
        "pmo",
    )
    assert "plan laming-2009 created: 5 rows, 5 items added" in created.stdout

    cli.run("2009-09-15T10:00", "status", PLAN, "11.a", "on_track", "--by", "hos-cf")
    cli.run(
        "2009-10-20T10:00",
        "status",
        PLAN,
        "11",
        "at_risk",
        "--by",
        "hos-cf",
        "--reason",
        "national guidance late",
    )
    cli.run(
        "2009-11-17T10:00",
        "due",
        PLAN,
        "32",
        "March 2010",
        "--by",
        "health-commissioner",
        "--reason",
        "PCT recruitment round moved",
    )
    cli.run("2009-11-17T11:00", "assign", PLAN, "40", "head-safeguarding", "--by", "dcs")
    cli.run(
        "2009-11-30T16:00",
        "status",
        PLAN,
        "11.a",
        "complete",
        "--by",
        "hos-cf",
        "--effective",
        "27/11/2009",
    )
    cli.run(
        "2009-12-01T09:00",
        "evidence",
        PLAN,
        "11.a",
        "Procedures approved by the LSCB",
        "--by",
        "hos-cf",
        "--link",
        "https://example.gov.uk/lscb/minutes",
    )
    cli.run("2009-12-15T14:00", "status", PLAN, "11.a", "verified", "--by", "board-chair")

    # refusals: each one leaves the history exactly as it was
    now = "2010-01-05T09:00"
    cli.refused(
        now,
        "status",
        PLAN,
        "11",
        "complete",
        "--by",
        "hos-cf",
        says="milestones 11.b are still open",
    )
    cli.refused(now, "status", PLAN, "40", "withdrawn", "--by", "dcs", says="a reason is required")
    cli.refused(
        now, "status", PLAN, "11.b", "verified", "--by", "board-chair", says="only a complete item"
    )
    cli.refused(now, "status", PLAN, "99", "on_track", "--by", "dcs", says="has no item 99")
    cli.refused(now, "status", PLAN, "11", "amber", "--by", "dcs", says="not a status")
    cli.refused(
        now, "due", PLAN, "11", "31/02/2010", "--by", "dcs", "--reason", "x", says="not a real date"
    )
    cli.refused(
        now,
        "evidence",
        PLAN,
        "11",
        "late minutes",
        "--by",
        "dcs",
        "--effective",
        "2010-02-01",
        says="after today",
    )
    cli.refused(
        "2009-01-01T09:00",
        "status",
        PLAN,
        "11",
        "off_track",
        "--by",
        "dcs",
        says="never goes back in time",
    )
    bad = write(tmp_path, "ref,title,due\n50,Legal review,someday\n", name="bad.csv")
    cli.refused(now, "import", str(bad), "--plan", PLAN, says="bad.csv refused, nothing recorded")
    same = cli.run(now, "status", PLAN, "11", "at_risk", "--by", "hos-cf")
    assert "nothing to record" in same.stdout

    board = cli.json(now, "board", PLAN)
    assert (board["plan"], board["on"], board["as_at"]) == (
        PLAN,
        "2010-01-05",
        "2010-01-05T09:00:00+00:00",
    )
    items = by_ref(board)
    expected = {
        "kind": "action",
        "parent": None,
        "status": "at_risk",
        "rag": "red",
        "due": "2009-12-31",
        "original_due": "2009-12-31",
        "overdue": True,
        "days_overdue": 5,
        "completed_on": None,
        "owner": "hos-cf",
        "theme": "Leadership and Accountability",
    }
    assert {key: items["11"][key] for key in expected} == expected
    assert items["11.a"]["status"] == "verified" and items["11.a"]["rag"] == "blue"
    assert items["11.a"]["completed_on"] == "2009-11-27"
    assert (items["32"]["due"], items["32"]["original_due"], items["32"]["overdue"]) == (
        "2010-03-31",
        "2009-10-31",
        False,
    )
    assert items["40"]["owner"] == "head-safeguarding"
    assert board["totals"] == {
        "items": 5,
        "red": 2,
        "amber": 0,
        "green": 0,
        "blue": 1,
        "grey": 2,
        "overdue": 2,
    }

    past = cli.json(now, "board", PLAN, "--as-at", "2009-11-01")
    assert past["as_at"] == "2009-11-01T23:59:59.999999+00:00" and past["on"] == "2009-11-01"
    old = by_ref(past)
    assert (
        old["32"]["due"] == "2009-10-31" and old["32"]["overdue"] and old["32"]["days_overdue"] == 1
    )
    assert old["11.a"]["status"] == "on_track" and old["40"]["owner"] == "lscb-manager"

    trail = cli.json(now, "history", PLAN, "11.a")
    assert [(e["type"], e["by"]) for e in trail] == [
        ("MilestoneAdded", "pmo"),
        ("StatusChanged", "hos-cf"),
        ("StatusChanged", "hos-cf"),
        ("EvidenceAdded", "hos-cf"),
        ("StatusChanged", "board-chair"),
    ]
    assert [(e.get("from"), e.get("to")) for e in trail if e["type"] == "StatusChanged"] == [
        ("not_started", "on_track"),
        ("on_track", "complete"),
        ("complete", "verified"),
    ]
    assert (
        trail[2]["effective_on"] == "2009-11-27"
        and trail[2]["recorded_at"] == "2009-11-30T16:00:00+00:00"
    )
    whole = cli.json(now, "history", PLAN)
    assert [e["recorded_at"] for e in whole] == sorted(e["recorded_at"] for e in whole)
    (revision,) = [e for e in whole if e["type"] == "DueDateRevised"]
    assert (revision["ref"], revision["old"], revision["new"], revision["reason"]) == (
        "32",
        "2009-10-31",
        "2010-03-31",
        "PCT recruitment round moved",
    )

    overdue = cli.json(now, "overdue", PLAN)
    assert overdue["on"] == "2010-01-05"
    assert [(i["ref"], i["days_overdue"]) for i in overdue["items"]] == [("11", 5), ("11.b", 5)]
    ahead = cli.json(now, "overdue", "--on", "2010-04-01")
    assert [i["ref"] for i in ahead["items"]] == ["11", "11.b", "32", "40"]

    rebuilt = cli.run(now, "rebuild")
    assert "Views rebuilt from" in rebuilt.stdout
    assert cli.json(now, "board", PLAN) == board
    assert cli.json(now, "board", PLAN, "--as-at", "2009-11-01") == past

    moved = cli.json(now, "changes", PLAN, "--since", "2009-10-31", "--until", "2009-12-31")
    assert [m["ref"] for m in moved["newly_verified"]] == ["11.a"]
    assert [m["ref"] for m in moved["newly_complete"]] == []  # it went on to verified
    assert [(m["ref"], m["old"], m["new"]) for m in moved["deadlines_revised"]] == [
        ("32", "2009-10-31", "2010-03-31")
    ]
    assert [(m["ref"], m["old"], m["new"]) for m in moved["owner_changes"]] == [
        ("40", "lscb-manager", "head-safeguarding")
    ]


def test_every_command_explains_itself_with_an_example(cli: CLI) -> None:
    for command in (
        "import",
        "status",
        "due",
        "assign",
        "evidence",
        "board",
        "history",
        "overdue",
        "changes",
    ):
        done = cli.run("2009-07-01", command, "--help")
        assert "example:" in done.stdout and f"tracker {command}" in done.stdout
