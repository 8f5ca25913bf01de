"""End to end: after ``tracker verify`` finds the chain broken, every command
warns on stderr and still runs; the scheduler (a tick, or the service at start)
alarms the break by mail, once."""

from __future__ import annotations

import email
import email.policy
import json
import os
from pathlib import Path

import pytest

from application.integrity import open_log
from application.service import Tracker
from application.settings import store_env
from store.log_tables import events_table, marker, position_column
from tests.conftest import Clock
from tests.e2e.test_cli import CLI
from tests.e2e.test_scheduler_cli import run_service
from tests.integration.test_integrity_alarm import planned, tamper
from tests.plans import write

NOW = "2010-01-04T09:00"
PLAN = "laming-2009"
WARNING = "tracker: warning: the event log failed its integrity check"


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("TRACKER_MAIL_FOLDER", str(tmp_path / "mail"))
    cli = CLI(store_url, Path(__file__).resolve().parents[2])
    cli.run(NOW, "import", str(write(tmp_path)), "--plan", PLAN)
    cli.run(NOW, "status", PLAN, "11", "at_risk", "--by", "hos-cf")
    cli.run(NOW, "contacts", PLAN, "board-chair", "--by", "pmo")
    cli.run(NOW, "person", "board-chair", "--email", "chair@example.gov.uk")
    return cli


def forge_the_status_change(db: str) -> int:
    """Rewrite who changed item 11's status, as someone with database access might."""
    with open_log(store_env(db)) as recorder:
        table, position = events_table(recorder), position_column(recorder)
        mark = marker(recorder)
        with recorder.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            c.execute(
                f"SELECT {position} AS p, state FROM {table} WHERE topic LIKE {mark} "
                f"ORDER BY {position} DESC",
                ("%StatusChanged%",),
            )
            row = c.fetchone()
            forged = bytes(row["state"]).replace(b'"by":"hos-cf"', b'"by":"nobody"')
            c.execute(
                f"UPDATE {table} SET state = {mark} WHERE {position} = {mark}",
                (forged, row["p"]),
            )
        return int(row["p"])


def test_a_broken_chain_is_warned_on_every_command_and_alarmed(cli: CLI, tmp_path: Path) -> None:
    board = cli.run(NOW, "board", PLAN)
    assert board.stderr == ""
    assert cli.json(NOW, "verify")["ok"] is True
    assert cli.run(NOW, "board", PLAN).stderr == "", "verified ok: no warning"

    at = forge_the_status_change(cli.db)
    assert cli.run(NOW, "board", PLAN).stderr == "", "not verified since: nothing known yet"
    found = cli.run(NOW, "verify", "--json", ok=False)
    assert found.returncode == 1
    assert json.loads(found.stdout)["first_break"]["position"] == at

    later = "2010-01-04T10:00"
    shown = cli.run(later, "board", PLAN)
    lines = shown.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(WARNING), shown.stderr
    assert f"(since 4 Jan 2010 09:00: changed event at position {at})" in lines[0]
    assert shown.stdout == board.stdout.replace("09:00", "10:00"), "the command still ran"
    written = cli.run(later, "status", PLAN, "32", "on_track", "--by", "health-commissioner")
    assert written.returncode == 0 and written.stderr.startswith(WARNING)
    assert "32 is now on_track" in written.stdout
    assert (
        json.loads(cli.run(later, "verify", "--json", ok=False).stdout)["first_break"]["position"]
        == at
    ), "the change made while broken did not move the break"

    ticked = cli.json("2010-01-04T11:00", "scheduler", "tick")
    assert ticked["integrity"]["verified_now"] is False  # `tracker verify` ran today
    assert ticked["integrity"]["first_break"] == {"position": at, "kind": "changed event"}
    assert ticked["integrity"]["alarm_queued"] == ["integrity to board-chair"]
    (eml,) = [
        message
        for message in (
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted((tmp_path / "mail").glob("*.eml"))
        )
        if str(message["Subject"]).startswith("Integrity alarm")
    ]
    assert eml["To"] == "chair@example.gov.uk"
    again = cli.json("2010-01-04T12:00", "scheduler", "tick")
    assert again["integrity"]["alarm_queued"] == []


def test_the_service_checks_at_start_and_alarms_once(
    app: Tracker, clock: Clock, store_url: str, tmp_path: Path
) -> None:
    tamper(app, planned(app, clock, tmp_path))
    mail = tmp_path / "mail"
    env = {
        **os.environ,
        "TRACKER_DB": store_url,
        "TRACKER_NOW": "2009-07-04T09:00",  # a Saturday: no scan, but the check runs
        "TRACKER_MAIL_FOLDER": str(mail),
    }
    first = run_service(env, mail, expect=2, patience=60)
    recipients = sorted(
        str(email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["To"])
        for path in first
    )
    assert recipients == ["chair@example.gov.uk", "pmo@example.gov.uk"]
    assert "integrity: BROKEN at position" in (tmp_path / "scheduler.log").read_text()
    again = run_service(env, mail, expect=3, patience=3)  # restarted the same day
    assert again == first
