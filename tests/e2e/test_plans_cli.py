"""End to end: ``tracker plan archive|unarchive`` as an administrator uses them,
and every argument that names a plan refusing a malformed id in one line,
before the store is opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from entrypoints.cli import main
from tests.e2e.test_cli import CLI, PLAN
from tests.plans import write

pytestmark = pytest.mark.e2e

BAD_IDS = [
    "rt/slash",
    "<script>",
    "a",
    "a" * 65,
    "Laming-2009",
    "laming-2009\n",
    "laming\u200f-2009",  # a right-to-left mark
    "..",
]
ROOT = Path(__file__).resolve().parents[2]
RULE = "is not a plan id: use 2 to 64 lower-case letters, digits and hyphens"

# Every command with an argument naming a plan; PLAN marks where it goes.
NAMING_A_PLAN = [
    ["import", "plan.csv", "--plan", "PLAN"],
    ["status", "PLAN", "11", "on_track", "--by", "hos-cf"],
    ["due", "PLAN", "11", "2010-03", "--by", "hos-cf", "--reason", "late"],
    ["assign", "PLAN", "11", "dcs", "--by", "dcs"],
    ["evidence", "PLAN", "11", "minutes", "--by", "hos-cf"],
    ["comment", "PLAN", "11", "draft shared", "--by", "hos-cf"],
    ["board", "PLAN"],
    ["history", "PLAN"],
    ["overdue", "PLAN"],
    ["changes", "PLAN", "--since", "2009-10-01"],
    ["workload", "PLAN"],
    ["changes", "PLAN"],
    ["meeting", "PLAN", "2010-02-05", "--by", "board-chair"],
    ["meetings", "PLAN"],
    ["trend", "PLAN"],
    ["contacts", "PLAN", "board-chair", "--by", "pmo"],
    ["reminders", "PLAN", "--before", "10,3", "--by", "pmo"],
    ["plan", "archive", "PLAN", "--by", "pmo", "--reason", "superseded"],
    ["plan", "unarchive", "PLAN", "--by", "pmo", "--reason", "in force"],
]


@pytest.mark.parametrize("command", NAMING_A_PLAN, ids=lambda c: " ".join(c[:2]))
def test_every_argument_naming_a_plan_refuses_a_malformed_id_before_opening_the_store(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "never" / "tracker.db"
    for bad in BAD_IDS:
        argv = ["--db", f"sqlite:///{store}", *(bad if a == "PLAN" else a for a in command)]
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 2, (command, bad)
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()  # argparse's usage, then one line of error
        error = lines[-1]
        assert lines[0].startswith("usage: tracker ")
        assert error.startswith("tracker ") and RULE in error, error
        assert [line for line in lines if "error:" in line] == [error]
        assert repr(bad[:70]) in error  # the id as given, escapes shown, never raw
        assert out == "" and "Traceback" not in err
    assert not store.parent.exists()  # refused while parsing: no store was touched


def test_a_malformed_id_in_a_real_process_is_one_error_line_and_no_traceback(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "board", "<script>"],
        env={**os.environ, "TRACKER_DB": f"sqlite:///{tmp_path}/tracker.db"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[-1] == (
        "tracker board: error: argument plan: '<script>' is not a plan id: use 2 to 64 "
        "lower-case letters, digits and hyphens, starting with a letter or digit "
        "(for example laming-2009)"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "tracker.db").exists()


@pytest.fixture
def cli(store_url: str) -> CLI:
    return CLI(store_url, ROOT)


def test_archive_and_unarchive_through_the_command_line(cli: CLI, tmp_path: Path) -> None:
    cli.run("2009-07-01T09:00", "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    now = "2009-11-02T09:00"
    assert [row["plan"] for row in cli.json(now, "plans")] == [PLAN]

    # a reason is required: one line, nothing recorded
    cli.refused(
        now,
        "plan",
        "archive",
        PLAN,
        "--by",
        "pmo",
        "--reason",
        " ",
        says="a reason is required to archive plan laming-2009",
    )
    done = cli.run(now, "plan", "archive", PLAN, "--by", "pmo", ok=False)
    assert done.returncode == 2 and "the following arguments are required: --reason" in done.stderr

    archived = cli.run(
        now, "plan", "archive", PLAN, "--by", "pmo", "--reason", "superseded by the 2010 plan"
    )
    assert f"Plan {PLAN} archived" in archived.stdout
    assert cli.json(now, "plans") == []
    (row,) = cli.json(now, "plans", "--archived")
    assert (row["plan"], row["archived"], row["totals"]["items"]) == (PLAN, True, 5)
    assert cli.json(now, "overdue")["items"] == []  # 32 is overdue, but archived
    assert [i["ref"] for i in cli.json(now, "overdue", PLAN)["items"]] == ["32"]  # by name: yes
    board = cli.run(now, "board", PLAN)
    assert "This plan is archived" in board.stdout and "Health visitor" in board.stdout
    assert cli.json(now, "board", PLAN)["archived"] is True
    assert cli.json(now, "board", PLAN, "--as-at", "2009-10-01")["totals"]["items"] == 5
    history = cli.json(now, "history", PLAN)
    assert (history[-1]["type"], history[-1]["reason"]) == (
        "PlanArchived",
        "superseded by the 2010 plan",
    )
    assert "Plan archived" in cli.run(now, "history", PLAN).stdout

    cli.run(now, "rebuild")
    assert cli.json(now, "plans") == []  # the views keep it through a rebuild
    again = cli.run(now, "plan", "archive", PLAN, "--by", "pmo", "--reason", "twice")
    assert "already archived; nothing recorded" in again.stdout

    later = "2009-11-03T09:00"
    back = cli.run(later, "plan", "unarchive", PLAN, "--by", "pmo", "--reason", "still in force")
    assert f"Plan {PLAN} unarchived" in back.stdout
    assert [row["plan"] for row in cli.json(later, "plans")] == [PLAN]
    assert [i["ref"] for i in cli.json(later, "overdue")["items"]] == ["32"]
    assert "archived" not in cli.run(later, "board", PLAN).stdout.lower()
