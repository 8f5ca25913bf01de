"""Guessing passwords: accounts and clients are locked out, the right password
included, until the lock ends or an administrator lifts it."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from starlette.testclient import TestClient

from application.service import Tracker
from application.sign_in_throttle import Attempt, Kind
from application.users import Credentials, User, verify
from tests.conftest import Clock
from tests.web.conftest import PASSWORD, csrf_of, text_of
from web import forms
from web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
LOCKED = "Too many attempts: try again after 10:15 or ask an administrator"  # 10:00 + 15 min


def attempt(
    client: TestClient, name: str, password: str, *, client_ip: str | None = None
) -> httpx2.Response:
    headers = {"X-Forwarded-For": client_ip} if client_ip else {}
    token = csrf_of(client.get("/sign-in", headers=headers).text)
    return client.post(
        "/sign-in",
        data={"csrf_token": token, "name": name, "password": password, "next": "/"},
        headers=headers,
        follow_redirects=False,
    )


def test_five_failures_lock_the_account_even_against_the_right_password(
    planned: Tracker, client: TestClient, clock: Clock
) -> None:
    for _ in range(4):
        assert attempt(client, "hos-cf", "not my password at all").status_code == 400
    fifth = attempt(client, "hos-cf", "not my password at all")
    assert fifth.status_code == 429 and LOCKED in text_of(fifth.text)
    assert fifth.headers["Retry-After"] == "900"
    clock.advance(minutes=14, seconds=59)
    right = attempt(client, "HOS-CF", PASSWORD)  # the name as typed, in capitals
    assert right.status_code == 429 and LOCKED in text_of(right.text)
    assert "govuk-error-summary" in right.text and "Error: Sign in" in right.text
    assert attempt(client, "inspector", PASSWORD).status_code == 303  # others sign in
    clock.advance(seconds=1)  # fifteen minutes after the lock
    assert attempt(client, "hos-cf", PASSWORD).status_code == 303
    (record,) = planned.users.throttle.lockouts(Kind.ACCOUNT, "hos-cf")
    assert (record.failures, record.client, record.lifted_at) == (5, "testclient", None)


def test_an_unknown_name_is_locked_out_alike_so_names_cannot_be_probed(
    client: TestClient,
) -> None:
    replies = [attempt(client, "no-such-user", "any password at all") for _ in range(6)]
    assert [reply.status_code for reply in replies] == [400, 400, 400, 400, 429, 429]


def test_a_success_starts_the_account_count_again(client: TestClient) -> None:
    for _ in range(4):
        attempt(client, "hos-cf", "not my password at all")
    assert attempt(client, "hos-cf", PASSWORD).status_code == 303
    client.cookies.clear()
    for _ in range(4):
        assert attempt(client, "hos-cf", "not my password at all").status_code == 400


def test_twenty_failures_from_one_client_lock_it_out_whatever_the_accounts(
    planned: Tracker,
) -> None:
    with TestClient(create_app(planned, trust_proxy=True)) as client:
        names = ["a-1", "b-2", "c-3", "d-4", "e-5"]
        replies = [
            attempt(client, name, "a wrong guess here", client_ip="203.0.113.9")
            for name in names
            for _ in range(4)
        ]
        assert [reply.status_code for reply in replies].count(400) == 19
        assert replies[-1].status_code == 429  # the twentieth failure locks the client
        locked = attempt(client, "board-chair", PASSWORD, client_ip="203.0.113.9")
        assert locked.status_code == 429 and "Too many attempts" in text_of(locked.text)
        # Another address is not locked out; nor is the account.
        assert attempt(client, "board-chair", PASSWORD, client_ip="198.51.100.7").status_code == 303
    (record,) = planned.users.throttle.lockouts(Kind.CLIENT, "203.0.113.9")
    assert record.failures == 20


def test_parallel_guesses_count_as_they_start(planned: Tracker, clock: Clock) -> None:
    throttle = planned.users.throttle
    admitted = [throttle.admit("hos-cf", "testclient", now=clock.now()) for _ in range(8)]
    assert [isinstance(a, Attempt) for a in admitted] == [True] * 5 + [False] * 3


def test_guesses_sent_at_once_get_no_more_than_five_checked(
    planned: Tracker, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    def counted(credentials: Credentials, password: str) -> User | None:
        checked.append(password)
        return verify(credentials, password)

    monkeypatch.setattr(forms, "verify", counted)
    web = create_app(planned)

    def guess(number: int) -> int:
        with TestClient(web) as browser:  # a browser of its own, in a thread of its own
            return attempt(browser, "hos-cf", f"parallel guess {number}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(guess, range(24)))
    assert len(checked) <= 5 and set(codes) <= {400, 429} and codes.count(400) <= 4, codes
    with TestClient(web) as browser:
        assert attempt(browser, "hos-cf", PASSWORD).status_code == 429
    assert len(checked) <= 5


@pytest.mark.e2e
def test_an_administrator_lifts_a_lockout_with_tracker_user_unlock(
    planned_on_disk: Tracker, clock: Clock, store_url: str
) -> None:
    with TestClient(create_app(planned_on_disk)) as client:
        lift_a_lockout(client, clock, store_url)


def lift_a_lockout(client: TestClient, clock: Clock, store_url: str) -> None:
    for _ in range(5):
        attempt(client, "hos-cf", "not my password at all")
    assert attempt(client, "hos-cf", PASSWORD).status_code == 429
    env = {**os.environ, "TRACKER_NOW": clock.now().isoformat()}

    def tracker(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "entrypoints.cli", "--db", store_url, *args]
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)

    shown = tracker("user", "show", "hos-cf")
    assert "Locked out until 1 Jul 2009, 10:15." in shown.stdout, shown.stderr
    done = tracker("user", "unlock", "hos-cf", "--by", "it-helpdesk")
    assert done.returncode == 0 and "hos-cf unlocked" in done.stdout, done.stderr
    assert attempt(client, "hos-cf", PASSWORD).status_code == 303
    shown = tracker("user", "show", "hos-cf")
    assert "Not locked out." in shown.stdout and "by it-helpdesk" in shown.stdout
