"""Two ``tracker scheduler tick`` processes started at the same instant, on
SQLite and PostgreSQL, sending to a real SMTP server: every flag and message
is recorded once and every message is delivered once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from application.service import Tracker
from domain.message import Delivery
from tests.integration.test_mail import PLAN, london, setup_plan
from tests.smtp import free_port, smtp_server

pytestmark = pytest.mark.proof

ROOT = Path(__file__).resolve().parents[2]
DAYS = ("2009-11-30", "2009-12-01", "2009-12-02")


def test_two_ticks_at_once_record_and_send_each_message_once(
    app: Tracker, store_url: str, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    port = free_port()
    with smtp_server(port) as box:
        for day in DAYS:
            env = {
                **os.environ,
                "TRACKER_DB": store_url,
                "TRACKER_NOW": f"{day}T07:30",
                "TRACKER_SMTP_HOST": "127.0.0.1",
                "TRACKER_SMTP_PORT": str(port),
            }
            command = [sys.executable, "-m", "entrypoints.cli", "scheduler", "tick", "--json"]
            both = [
                subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
                for _ in range(2)
            ]
            outputs = [json.loads(p.communicate(timeout=120)[0]) for p in both]
            assert [p.returncode for p in both] == [0, 0]
            # between them, each message was recorded by exactly one process
            queued = [entry for output in outputs for entry in output["queued"]]
            assert len(queued) == len(set(queued))
            sent = [entry for output in outputs for entry in output["sent"]]
            assert len(sent) == len(set(sent)) == len(queued)
    rows = app.messages()
    # Monday: two digests and the weekly report; Tuesday: 11.a's owner hears it is
    # overdue; Wednesday: nothing falls due
    assert len(rows) == 4
    assert all(row.delivery is Delivery.SENT and row.attempts == 1 for row in rows)
    assert sorted(Counter(box.ids()).values()) == [1] * len(rows)
    flags = [row for row in app.history(PLAN) if row["type"] == "ItemFlaggedOverdue"]
    assert [(row["ref"], row["effective_on"]) for row in flags] == [
        ("32", "2009-11-30"),
        ("11.a", "2009-12-01"),
    ]
    scanned = app.scan_log()
    assert scanned is not None and scanned.last_at == london(f"{DAYS[-1]}T07:30")
