"""``tracker calendar``: a user's private calendar address made, shown and
stopped from the command line, and served by the web to Outlook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from starlette.testclient import TestClient

from application.access import Role
from application.settings import Settings
from application.spreadsheet import read_plan_file
from entrypoints.bootstrap import bootstrap
from tests.plans import write
from web.app import create_app

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
WEB = "https://tracker.council.example"


def tracker(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "--db", db, *args],
        env={**os.environ, "TRACKER_NOW": "2009-07-01T09:00", "TRACKER_WEB_URL": WEB + "/"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_an_address_made_by_the_cli_serves_the_users_deadlines_until_revoked(
    store_url: str, tmp_path: Path
) -> None:
    app = bootstrap(Settings(db=store_url))
    try:
        app.import_plan("pl", read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
        app.users.add("hos-cf", Role.OWNER, "a long enough password")
    finally:
        app.close()
    assert json.loads(tracker(store_url, "calendar", "show", "hos-cf", "--json").stdout) is None
    made = tracker(store_url, "calendar", "new", "hos-cf", "--json")
    assert made.returncode == 0, made.stderr
    url = json.loads(made.stdout)["url"]
    assert url.startswith(f"{WEB}/calendar/") and url.endswith(".ics")
    shown = tracker(store_url, "calendar", "show", "hos-cf")
    assert "hos-cf has a calendar address, made 2009-07-01T08:00:00+00:00" in shown.stdout
    assert url.rsplit("/", 1)[1] not in shown.stdout  # never shown again

    app = bootstrap(Settings(db=store_url))
    try:
        with TestClient(create_app(app)) as outlook:
            reply = outlook.get(url.removeprefix(WEB))
            assert reply.status_code == 200
            uids = {
                str(e["UID"]) for e in icalendar.Calendar.from_ical(reply.content).walk("VEVENT")
            }
            assert uids == {"pl.11@improvement-tracker", "pl.11.a@improvement-tracker"}
            revoked = tracker(store_url, "calendar", "revoke", "hos-cf")
            assert revoked.stdout.strip() == "The calendar address of hos-cf no longer works."
            assert outlook.get(url.removeprefix(WEB)).status_code == 404

            again = json.loads(tracker(store_url, "calendar", "new", "hos-cf", "--json").stdout)
            assert outlook.get(again["path"]).status_code == 200
            assert tracker(store_url, "user", "remove", "hos-cf").returncode == 0
            assert outlook.get(again["path"]).status_code == 404
            assert app.calendar_tokens.of("hos-cf") is None  # deleted, not just unanswered
    finally:
        app.close()

    refused = tracker(store_url, "calendar", "new", "nobody")
    assert refused.returncode != 0 and refused.stdout == ""
    assert refused.stderr.strip().endswith(
        "there is no user 'nobody' (calendar addresses belong to users)"
    )
    assert "Traceback" not in refused.stderr
