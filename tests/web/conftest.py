"""A signed-in browser session against the real web app.

The store is the fast in-memory SQLite one (tests/memory_store.py) and a
PostgreSQL schema: the web's behaviour does not depend on files or processes.
Tests that hand the store to another process (``tracker`` commands) override
``planned`` with ``planned_on_disk``: an SQLite file and PostgreSQL.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from application.access import Role
from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import read_plan_file
from entrypoints.bootstrap import bootstrap
from tests.conftest import START, Clock, postgres_schema_url
from tests.memory_store import memory_store, memory_tracker, snapshot
from tests.plans import write
from web.app import create_app

PASSWORD = "a long enough password"
USERS = {
    "board-chair": Role.CHAIR,
    "hos-cf": Role.OWNER,
    "lscb-manager": Role.OWNER,
    "inspector": Role.VIEWER,
    "pmo": Role.ADMIN,
}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found[1]


class Browser:
    """A test client that signs in and remembers the page's CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.token = ""

    def sign_in(self, name: str, password: str = PASSWORD) -> None:
        self.token = csrf_of(self.client.get("/sign-in").text)
        reply = self.client.post(
            "/sign-in",
            data={"csrf_token": self.token, "name": name, "password": password, "next": "/"},
            follow_redirects=False,
        )
        assert reply.status_code == 303, reply.text
        self.token = csrf_of(self.client.get("/").text)  # the session's new token

    def get(self, path: str) -> str:
        reply = self.client.get(path)
        assert reply.status_code == 200, (path, reply.status_code, reply.text[-2000:])
        return reply.text

    def post(self, path: str, **fields: str) -> tuple[int, str]:
        data = {"csrf_token": self.token, **fields}
        reply = self.client.post(path, data=data, follow_redirects=False)
        return reply.status_code, reply.text


def plan_and_accounts(app: Tracker, folder: Path) -> Tracker:
    """The basic plan, imported on 1 July 2009, and one account per role."""
    app.import_plan("pl", read_plan_file(write(folder)), by="pmo", source="plan.csv", title="Plan")
    for name, role in USERS.items():
        app.users.add(name, role, PASSWORD)
    return app


@pytest.fixture(scope="session")
def planned_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    """``plan_and_accounts`` in memory, built once and copied into each test's
    store: its five Argon2 hashes cost more than the rest of most web tests."""
    with memory_store() as env:
        app = Tracker(env=env, clock=Clock(START))
        try:
            plan_and_accounts(app, tmp_path_factory.mktemp("plan"))
        finally:
            app.close()
        template = snapshot(env)
    yield template
    template.close()


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.postgres)])
def planned(
    request: pytest.FixtureRequest,
    clock: Clock,
    planned_template: sqlite3.Connection,
    tmp_path: Path,
) -> Iterator[Tracker]:
    """The basic plan and the accounts, on a copy of the in-memory template or
    built afresh in a PostgreSQL schema."""
    if request.param == "memory":
        with memory_tracker(clock, planned_template) as app:
            yield app
        return
    for url in postgres_schema_url():
        app = bootstrap(Settings(db=url), clock=clock)
        try:
            yield plan_and_accounts(app, tmp_path)
        finally:
            app.close()


@pytest.fixture
def planned_on_disk(app: Tracker, tmp_path: Path) -> Tracker:
    """The same on an SQLite file and PostgreSQL (``store_url``), for tests
    whose ``tracker`` commands open the store from another process."""
    return plan_and_accounts(app, tmp_path)


@pytest.fixture
def client(planned: Tracker, tmp_path: Path) -> Iterator[TestClient]:
    key = tmp_path / "keys" / "signing.key"  # board packs carry a signed checkpoint
    with TestClient(create_app(planned, signing_key=key)) as test_client:
        yield test_client


@pytest.fixture
def browser(client: TestClient) -> Browser:
    return Browser(client)


def text_of(html: str) -> str:
    """The words a person reads, without tags or runs of spaces."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")
    return re.sub(r" ([:,.)])", r"\1", words).replace("( ", "(")
