"""A signed-in browser session against the real web app on a real store."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from application.access import Role
from application.service import Tracker
from application.spreadsheet import read_plan_file
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


@pytest.fixture
def planned(app: Tracker, tmp_path: Path) -> Tracker:
    """The basic plan, imported on 1 July 2009, and one account per role."""
    app.import_plan(
        "p1", read_plan_file(write(tmp_path)), by="pmo", source="plan.csv", title="Plan"
    )
    for name, role in USERS.items():
        app.users.add(name, role, PASSWORD)
    return app


@pytest.fixture
def client(planned: Tracker) -> Iterator[TestClient]:
    with TestClient(create_app(planned)) as test_client:
        yield test_client


@pytest.fixture
def browser(client: TestClient) -> Browser:
    return Browser(client)


def text_of(html: str) -> str:
    """The words a person reads, without tags or runs of spaces."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")
    return re.sub(r" ([:,.)])", r"\1", words).replace("( ", "(")
