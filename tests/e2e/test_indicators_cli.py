"""End to end: a performance lead keeps the plan's indicators from the command
line, and an inspector reads them as they were reported at a past meeting.

The long walk runs ``tracker`` in this process (each command is parsed, opens
the store and exits as from a shell, minus the interpreter's start); the
refusal runs it as a process of its own, to show the exit status and that no
traceback escapes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from entrypoints.cli import main
from tests.e2e.test_cli import CLI, PLAN
from tests.plans import write

pytestmark = pytest.mark.e2e

FIGURES = """code,title,unit,better,frequency,owner,actions,period,value,target,neighbours,england
NI68,Referrals going on to initial assessment,percent,higher,annual,hos-cf,11,2006/07,55.2,60,62.1,64.0
NI68,,,,,,,2007/08,58.9,60,63.0,64.6
NI68,,,,,,,2008/09,61.3,65,63.5,66.2
"""


class InProcess:
    """``tracker`` run by its ``main`` in this process, at a simulated instant."""

    def __init__(
        self, db: str, capsys: pytest.CaptureFixture[str], env: pytest.MonkeyPatch
    ) -> None:
        self.db, self.capsys, self.env = db, capsys, env

    def run(self, now: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        self.env.setenv("TRACKER_NOW", now)
        self.capsys.readouterr()
        status = main(["--db", self.db, *args])
        out, err = self.capsys.readouterr()
        if ok and status != 0:
            raise AssertionError(f"tracker {' '.join(args)} failed: {err}")
        return subprocess.CompletedProcess(list(args), status, out, err)

    def json(self, now: str, *args: str) -> Any:
        return json.loads(self.run(now, *args, "--json").stdout)


def test_indicators_through_the_command_line(
    store_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cli = InProcess(store_url, capsys, monkeypatch)
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    sheet = write(tmp_path, FIGURES, "figures.csv")
    preview = cli.json(
        "2009-07-01T09:05",
        "import-indicators",
        str(sheet),
        "--plan",
        PLAN,
        "--by",
        "pi-lead",
        "--dry-run",
    )
    assert preview["defined"] == ["NI68"] and len(preview["reported"]) == 3
    assert cli.json("2009-07-01T09:06", "indicators", PLAN)["indicators"] == []
    cli.run("2009-07-01T09:10", "import-indicators", str(sheet), "--plan", PLAN, "--by", "pi-lead")
    again = cli.json(
        "2009-07-01T09:11", "import-indicators", str(sheet), "--plan", PLAN, "--by", "pi-lead"
    )
    assert again["reported"] == [] and again["unchanged"] == 3

    cli.run(
        "2009-07-02T09:00",
        "indicator",
        "define",
        PLAN,
        "NI 59",
        "--title",
        "Initial assessments within 7 working days",
        "--unit",
        "percent",
        "--better",
        "higher",
        "--frequency",
        "monthly",
        "--owner",
        "hos-cf",
        "--actions",
        "11, 11.a",
        "--by",
        "pi-lead",
    )
    cli.run(
        "2009-07-20T09:00",
        "indicator",
        "value",
        PLAN,
        "NI59",
        "2009-06",
        "71.9",
        "--target",
        "80",
        "--england",
        "72.1",
        "--by",
        "pi-lead",
    )
    done = cli.run(
        "2009-07-21T09:00",
        "indicator",
        "value",
        PLAN,
        "NI59",
        "2009-06",
        "76.4",
        "--target",
        "80",
        "--by",
        "pi-lead",
        ok=False,
    )
    assert done.returncode == 1 and "a revision needs a reason" in done.stderr
    cli.run(
        "2009-08-03T09:00",
        "indicator",
        "value",
        PLAN,
        "NI59",
        "2009-06",
        "76.4",
        "--target",
        "80",
        "--england",
        "72.1",
        "--by",
        "pi-lead",
        "--reason",
        "validated return",
    )

    now = cli.json("2009-08-04T09:00", "indicators", PLAN)
    assert set(now) == {"plan", "as_at", "indicators"}
    ni68, ni59 = now["indicators"]
    assert {"code", "title", "unit", "better", "rag", "direction", "latest", "series"} <= set(ni59)
    assert (ni59["code"], ni59["latest"]["value"], ni59["rag"]) == ("NI59", 76.4, "amber")
    assert [p["period"] for p in ni68["series"]] == ["2006/07", "2007/08", "2008/09"]
    assert (ni68["rag"], ni68["direction"]) == ("red", "better")
    assert set(ni68["latest"]) >= {"period", "value", "target", "neighbours", "england"}

    board_met = cli.json("2009-08-04T09:00", "indicators", PLAN, "--as-at", "2009-07-31")
    assert board_met["indicators"][1]["latest"]["value"] == 71.9
    assert board_met["indicators"][1]["rag"] == "red"

    history = cli.json("2009-08-04T09:00", "indicator", "history", PLAN, "NI59")
    assert [row["type"] for row in history] == [
        "IndicatorDefined",
        "FigureReported",
        "FigureReported",
    ]
    assert history[-1]["reason"] == "validated return"
    text = cli.run("2009-08-04T09:00", "indicator", "history", PLAN, "NI59").stdout
    assert "Figure revised: 2009-06: 76.4" in text


def test_a_bad_file_is_refused_whole_naming_row_and_column(
    store_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = InProcess(store_url, capsys, monkeypatch)
    here.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    cli = CLI(store_url, Path(__file__).resolve().parents[2])  # a process of its own
    bad = write(tmp_path, FIGURES + "NI68,,,,,,,2009/11,abc,65,,\n", "bad.csv")
    done = cli.run(
        "2009-07-01T09:10",
        "import-indicators",
        str(bad),
        "--plan",
        PLAN,
        "--by",
        "pi-lead",
        ok=False,
    )
    assert done.returncode == 1
    assert "row 5, column period: '2009/11' is not a financial year" in done.stderr
    assert "row 5, column value: the value 'abc' is not a number" in done.stderr
    assert "Traceback" not in done.stderr
    assert cli.json("2009-07-01T09:11", "indicators", PLAN)["indicators"] == []
    assert not [
        r for r in cli.json("2009-07-01T09:11", "history", PLAN) if "Indicator" in r["type"]
    ]
