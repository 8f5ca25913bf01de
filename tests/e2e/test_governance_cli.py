"""``tracker governance``, ``approve``, ``reject`` and ``position`` as a chair and
an owner use them, each command in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plans import write

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PLAN = "laming-2009"


def tracker(db: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "--db", db, *args],
        input=stdin,
        env={**os.environ, "TRACKER_NOW": "2009-11-02T10:00"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def ok(db: str, *args: str, stdin: str = "") -> str:
    done = tracker(db, *args, stdin=stdin)
    assert done.returncode == 0, done.stderr
    return done.stdout


def refused(db: str, *args: str) -> str:
    done = tracker(db, *args)
    assert done.returncode == 1 and done.stdout == "", done.stdout
    (line,) = done.stderr.strip().splitlines()
    return line


def item(db: str, ref: str) -> dict[str, object]:
    board = json.loads(ok(db, "board", PLAN, "--json"))
    found: dict[str, object] = next(i for i in board["items"] if i["ref"] == ref)
    return found


def test_a_chair_governs_and_decides_an_owners_requests(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    ok(db, "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    ok(
        db,
        "user",
        "add",
        "chair",
        "--role",
        "chair",
        "--password-stdin",
        stdin="pass phrase 77 ok\n",
    )
    settings = json.loads(ok(db, "governance", PLAN, "--json"))
    assert settings == {
        "plan": PLAN,
        "approvals": False,
        "four_eyes": False,
        "reasons_for_risk": False,
    }
    line = refused(db, "governance", PLAN, "--approvals", "on", "--by", "hos-cf")
    assert "only a chair" in line and "hos-cf is not a chair" in line
    said = ok(db, "governance", PLAN, "--approvals", "on", "--four-eyes", "on", "--by", "chair")
    assert "Approvals turned on" in said and "Four eyes turned on" in said

    said = ok(db, "due", PLAN, "11", "March 2010", "--by", "hos-cf", "--reason", "DCSF late")
    assert "revision requested to 31 Mar 2010" in said and "waits for a chair" in said
    waiting = item(db, "11")
    assert waiting["due"] == "2009-12-31"
    assert waiting["pending"] == {
        "kind": "revision",
        "due": "2010-03-31",
        "by": "hos-cf",
        "on": "2009-11-02",
        "reason": "DCSF late",
    }
    assert "revision requested to 31 Mar 2010" in ok(db, "board", PLAN)
    assert "only a chair" in refused(db, "approve", PLAN, "11", "--by", "hos-cf")
    assert "approved" in ok(db, "approve", PLAN, "11", "--by", "chair")
    assert (item(db, "11")["due"], item(db, "11")["pending"]) == ("2010-03-31", None)

    ok(db, "status", PLAN, "40", "deferred", "--by", "lscb-manager", "--reason", "pause")
    assert "a reason" in tracker(db, "reject", PLAN, "40", "--by", "chair", "--reason", " ").stderr
    ok(db, "reject", PLAN, "40", "--by", "chair", "--reason", "keep going")
    assert (item(db, "40")["status"], item(db, "40")["pending"]) == ("not_started", None)

    history = json.loads(ok(db, "history", PLAN, "--json"))
    kinds = [row["type"] for row in history]
    assert kinds.count("GovernanceChanged") == 2
    assert [k for k in kinds if k in ("ChangeRequested", "RequestApproved", "DueDateRevised")][
        :3
    ] == ["ChangeRequested", "RequestApproved", "DueDateRevised"]
    assert "Request rejected: deferral asked for by lscb-manager" in ok(db, "history", PLAN, "40")


def test_an_owner_records_the_latest_position(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    ok(db, "import", str(write(tmp_path)), "--plan", PLAN, "--by", "pmo")
    line = refused(
        db, "position", PLAN, "11", "--by", "hos-cf", "--position", "x", "--percent", "x"
    )
    assert line.startswith("tracker: error: --percent") and "0 to 100" in line
    ok(
        db,
        *("position", PLAN, "11", "--by", "hos-cf", "--position", "Draft agreed"),
        *("--mitigation", "Agency cover", "--next-steps", "Publish", "--percent", "60"),
    )
    assert item(db, "11")["latest_position"] == {
        "position": "Draft agreed",
        "mitigation": "Agency cover",
        "next_steps": "Publish",
        "percent": 60,
        "by": "hos-cf",
        "on": "2009-11-02",
    }
    assert "Latest position: Draft agreed" in ok(db, "history", PLAN, "11")
