"""``tracker user``: web sign-ins made from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from application.settings import Settings
from entrypoints.bootstrap import bootstrap

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
    assert listed == [{"name": "hos-cf", "role": "owner"}]
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
        (("pmo", "--role", "admin"), "short", "at least 10 characters"),
        (("two words", "--role", "admin"), "a long enough password", "is not a user name"),
    ]:
        done = tracker(store_url, "user", "add", *args, "--password-stdin", stdin=stdin + "\n")
        assert done.returncode == 1
        assert done.stderr.startswith("tracker: error: ") and says in done.stderr, done.stderr
    listed = json.loads(tracker(store_url, "user", "list", "--json").stdout)
    assert listed == [{"name": "dcs", "role": "chair"}]


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
