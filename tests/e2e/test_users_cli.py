"""``tracker user``: web sign-ins made from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from application.sessions import SessionPolicy
from application.settings import Settings
from application.sign_in_throttle import Attempt
from domain.dates import parse_instant
from entrypoints.bootstrap import bootstrap

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def tracker(db: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "--db", db, *args],
        input=stdin,
        env={**os.environ, "TRACKER_NOW": "2009-07-01T09:00"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_users_are_added_with_a_role_and_a_hashed_password(store_url: str) -> None:
    done = tracker(
        store_url,
        "user",
        "add",
        "hos-cf",
        "--role",
        "Owner",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "User hos-cf added as owner."
    listed = json.loads(tracker(store_url, "user", "list", "--json").stdout)
    assert listed == [{"name": "hos-cf", "role": "owner", "sessions": 0, "locked_until": None}]
    app = bootstrap(Settings(db=store_url))
    try:
        assert app.users.authenticate("hos-cf", "correct horse battery") is not None
        assert app.users.authenticate("hos-cf", "correct horse") is None
    finally:
        app.close()


def test_bad_users_are_refused_and_nothing_is_added(store_url: str) -> None:
    tracker(
        store_url,
        "user",
        "add",
        "dcs",
        "--role",
        "chair",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    for args, stdin, says in [
        (("dcs", "--role", "viewer"), "another long password", "there is already a user 'dcs'"),
        (("pmo", "--role", "superuser"), "a long enough password", "'superuser' is not a role"),
        (("pmo", "--role", "admin"), "short", "at least 12 characters"),
        (("two words", "--role", "admin"), "a long enough password", "is not a user name"),
        (("<b>pmo</b>", "--role", "admin"), "a long enough password", "is not a user name"),
        (("pmo\u0007", "--role", "admin"), "a long enough password", "is not a user name"),
        (("HOS-CF", "--role", "admin"), "a long enough password", "is not a user name"),
        (("x", "--role", "admin"), "a long enough password", "is not a user name"),
        (("p" * 65, "--role", "admin"), "a long enough password", "is not a user name"),
    ]:
        done = tracker(store_url, "user", "add", *args, "--password-stdin", stdin=stdin + "\n")
        assert done.returncode == 1
        assert done.stderr.startswith("tracker: error: ") and says in done.stderr, done.stderr
    listed = json.loads(tracker(store_url, "user", "list", "--json").stdout)
    assert [user["name"] for user in listed] == ["dcs"]


def test_without_a_terminal_the_password_must_come_from_stdin(tmp_path: Path) -> None:
    done = tracker(f"sqlite:///{tmp_path / 't.db'}", "user", "add", "pmo", "--role", "admin")
    assert done.returncode == 1
    assert "use --password-stdin" in done.stderr


def test_a_removed_user_can_no_longer_sign_in(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    tracker(
        db,
        "user",
        "add",
        "leaver",
        "--role",
        "owner",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    done = tracker(db, "user", "remove", "leaver")
    assert done.returncode == 0 and "can no longer sign in" in done.stdout
    assert json.loads(tracker(db, "user", "list", "--json").stdout) == []
    again = tracker(db, "user", "remove", "leaver")
    assert again.returncode == 1 and "there is no user 'leaver'" in again.stderr


def add(db: str, name: str, role: str) -> None:
    done = tracker(db, "user", "add", name, "--role", role, "--password-stdin", stdin=PASSWORD)
    assert done.returncode == 0, done.stderr


PASSWORD = "a long enough password\n"
NOW = parse_instant("2009-07-01T09:00")


def sign_in_twice(db: str, name: str) -> None:
    """Two browsers signed in as ``name`` (sessions made as the web makes them)."""
    app = bootstrap(Settings(db=db))
    try:
        for client in ("192.0.2.1", "192.0.2.2"):
            app.users.sessions.start(name, now=NOW, client=client, policy=SessionPolicy())
    finally:
        app.close()


def test_an_administrator_lists_and_ends_a_users_sessions(store_url: str) -> None:
    add(store_url, "hos-cf", "owner")
    sign_in_twice(store_url, "hos-cf")
    listed = json.loads(tracker(store_url, "user", "sessions", "hos-cf", "--json").stdout)
    assert sorted(s["from"] for s in listed) == ["192.0.2.1", "192.0.2.2"]
    assert {s["started"] for s in listed} == {"2009-07-01T08:00:00+00:00"}
    table = tracker(store_url, "user", "sessions", "hos-cf").stdout
    assert "Sessions of hos-cf: 2" in table and "1 Jul 2009, 09:00" in table
    done = tracker(store_url, "user", "sessions", "hos-cf", "--end")
    assert done.stdout.strip() == "2 sessions of hos-cf ended."
    assert json.loads(tracker(store_url, "user", "sessions", "hos-cf", "--json").stdout) == []


def test_a_new_password_or_role_ends_the_users_sessions(store_url: str) -> None:
    add(store_url, "hos-cf", "owner")
    sign_in_twice(store_url, "hos-cf")
    done = tracker(
        store_url, "user", "passwd", "hos-cf", "--password-stdin", stdin="new words for a door\n"
    )
    assert done.stdout.strip() == "Password of hos-cf changed; 2 sessions ended.", done.stderr
    app = bootstrap(Settings(db=store_url))
    try:
        assert app.users.authenticate("hos-cf", "new words for a door") is not None
        assert app.users.authenticate("hos-cf", PASSWORD.strip()) is None
    finally:
        app.close()
    weak = tracker(store_url, "user", "passwd", "hos-cf", "--password-stdin", stdin="hos-cf-1234\n")
    assert weak.returncode == 1 and "at least 12 characters" in weak.stderr
    sign_in_twice(store_url, "hos-cf")
    done = tracker(store_url, "user", "role", "hos-cf", "chair")
    assert done.stdout.strip() == "hos-cf is now chair; 2 sessions ended.", done.stderr
    again = tracker(store_url, "user", "role", "hos-cf", "Chair")
    assert again.stdout.strip() == "hos-cf is already chair: nothing changed."
    listed = json.loads(tracker(store_url, "user", "list", "--json").stdout)
    assert listed == [{"name": "hos-cf", "role": "chair", "sessions": 0, "locked_until": None}]
    for args, says in [
        (("role", "hos-cf", "king"), "'king' is not a role"),
        (("role", "nobody", "chair"), "there is no user 'nobody'"),
        (("sessions", "nobody"), "there is no user 'nobody'"),
        (("passwd",), "user passwd needs a NAME"),
    ]:
        refused = tracker(store_url, "user", *args, "--password-stdin", stdin=PASSWORD)
        assert refused.returncode == 1 and says in refused.stderr, refused.stderr


def test_lockouts_are_security_records_an_administrator_reads(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    add(db, "hos-cf", "owner")
    app = bootstrap(Settings(db=db))
    try:
        for _ in range(5):
            attempt = app.users.throttle.admit("hos-cf", "203.0.113.9", now=NOW)
            assert isinstance(attempt, Attempt)
            app.users.throttle.failed(attempt, now=NOW)
    finally:
        app.close()
    listed = json.loads(tracker(db, "user", "list", "--json").stdout)
    assert listed[0]["locked_until"] == "2009-07-01T08:15:00+00:00"
    (record,) = json.loads(tracker(db, "user", "lockouts", "--json").stdout)
    assert (record["kind"], record["key"], record["failures"]) == ("account", "hos-cf", 5)
    assert record["client"] == "203.0.113.9" and record["lifted_at"] is None
    assert "until 1 Jul 2009, 09:15" in tracker(db, "user", "show", "hos-cf").stdout
    done = tracker(db, "user", "unlock", "hos-cf", "--by", "pmo")
    assert done.stdout.strip() == "hos-cf unlocked: sign-ins are accepted again."
    (record,) = json.loads(tracker(db, "user", "lockouts", "--json").stdout)
    assert record["lifted_by"] == "pmo"
    again = tracker(db, "user", "unlock", "hos-cf")
    assert "was not locked out" in again.stdout
