"""End to end: ``tracker scheduler run`` as a service catching up a missed scan,
and the outbox commands, as an administrator uses them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time as wall
from datetime import date, datetime, time
from pathlib import Path

import pytest

from application.service import Tracker
from domain.dates import LONDON
from scheduler.calendar import EnglishWorkingDays
from scheduler.service import last_slot
from tests.integration.test_mail import setup_plan

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_the_last_scan_slot_skips_weekends_and_early_mornings() -> None:
    england = EnglishWorkingDays()
    at = datetime(2009, 11, 30, 7, 0, tzinfo=LONDON)  # Monday, before 07:30
    assert last_slot(at, time(7, 30), england) == date(2009, 11, 27)
    assert last_slot(at.replace(hour=8), time(7, 30), england) == date(2009, 11, 30)
    boxing = datetime(2009, 12, 29, 6, 0, tzinfo=LONDON)
    assert last_slot(boxing, time(7, 30), england) == date(2009, 12, 24)


def run_service(env: dict[str, str], mail: Path, expect: int, patience: float) -> list[Path]:
    """Start ``tracker scheduler run``, wait until it has started and ``expect``
    messages exist (or ``patience`` runs out), then stop it as systemd would."""
    log = mail.parent / "scheduler.log"
    with log.open("w") as err:
        service = subprocess.Popen(
            [sys.executable, "-m", "entrypoints.cli", "scheduler", "run"],
            env=env,
            cwd=ROOT,
            stderr=err,
        )
        started = wall.monotonic() + 60
        while wall.monotonic() < started and "scheduler started" not in log.read_text():
            wall.sleep(0.1)
        deadline = wall.monotonic() + patience
        while wall.monotonic() < deadline and len(list(mail.glob("*.eml"))) < expect:
            wall.sleep(0.2)
        wall.sleep(1.0)  # anything more it would do at start, it would have done by now
        service.send_signal(signal.SIGTERM)
        service.wait(timeout=30)
    assert service.returncode == 0, log.read_text()
    assert "scheduler started" in log.read_text()
    return sorted(mail.glob("*.eml"))


def test_a_service_started_after_downtime_catches_up_once(
    app: Tracker, store_url: str, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    mail = tmp_path / "mail"
    env = {
        **os.environ,
        "TRACKER_DB": store_url,
        "TRACKER_NOW": "2009-11-30T09:00",  # Monday; the 07:30 scan was missed
        "TRACKER_MAIL_FOLDER": str(mail),
    }
    first = run_service(env, mail, expect=3, patience=60)
    assert len(first) == 3
    # started again (or a second one by mistake): the scan log says it is done
    again = run_service(env, mail, expect=4, patience=3)
    assert again == first
    listed = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "notifications", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    messages = json.loads(listed.stdout)["messages"]
    assert [m["delivery"] for m in messages] == ["sent"] * 3
    assert {m["kind"] for m in messages} == {"digest", "exceptions"}


def tracker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reminder_settings_refuse_bad_input_and_change_nothing(
    app: Tracker, store_url: str, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    env = {**os.environ, "TRACKER_DB": store_url, "TRACKER_NOW": "2009-11-02T10:00"}
    before = tracker(env, "history", "laming-2009", "--json").stdout
    for args, says in [
        (("reminders", "laming-2009", "--before", "10,x"), "'10,x' is not a list of working days"),
        (("reminders", "laming-2009", "--before", "0"), "must be from 1 to 60"),
        (("person", "hos-cf", "--email", "not an address"), "is not an email address"),
        (("notifications", "retry", "zzzzzzzz"), "no message with id starting 'zzzzzzzz'"),
        (("contacts", "no-such-plan", "chair"), "there is no plan 'no-such-plan'"),
    ]:
        done = tracker(env, *args)
        assert done.returncode == 1 and says in done.stderr, (args, done.stderr)
    assert tracker(env, "history", "laming-2009", "--json").stdout == before
    assert tracker(env, "person", "hos-cf").stdout.strip() == "hos-cf: hos-cf@example.gov.uk"

    changed = tracker(
        env, "reminders", "laming-2009", "--before", "15,5", "--report-day", "Thursday"
    )
    assert changed.returncode == 0, changed.stderr
    shown = json.loads(tracker(env, "reminders", "laming-2009", "--json").stdout)
    assert (shown["before"], shown["report_day"], shown["escalate_after"]) == (
        [15, 5],
        "thursday",
        10,
    )
    bad = {**env, "TRACKER_SMTP_PORT": "twenty-five"}
    done = tracker(bad, "scheduler", "tick")
    assert done.returncode == 1
    assert "setting TRACKER_SMTP_PORT: Input should be a valid integer" in done.stderr
