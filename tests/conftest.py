"""Shared fixtures: real stores (an SQLite file, a PostgreSQL schema), the fast
in-memory SQLite store (``fast_app``, see tests/memory_store.py) and a pinned clock.

PostgreSQL tests use the server at 127.0.0.1:5432 (override with TEST_POSTGRES_URL).
Where none is reachable they skip, except when CI is set: then they fail.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher

import application.users
from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings
from entrypoints.bootstrap import bootstrap
from tests.memory_store import memory_tracker

# Each tracker on PostgreSQL opens its pool's smallest size of connections at once
# (the library's default, 5). The suite runs workers side by side, and a proof
# starts eight writer processes: at 5 each they reached the server's limit of
# 100 and a test elsewhere could not connect. One each, growing on demand
# (processes the tests start inherit it).
os.environ.setdefault("POSTGRES_POOL_SIZE", "1")

# The hasher the product uses (its parameters are checked in tests/unit/test_users_hasher.py).
PRODUCTION_HASHER = application.users._HASHER
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
START = datetime(2009, 7, 1, 9, 0, tzinfo=UTC)


# Every test under these folders carries their marker, whether or not its module says so.
FOLDER_MARKS = {"e2e": pytest.mark.e2e, "browser": pytest.mark.browser}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for folder, mark in FOLDER_MARKS.items():
            if folder in item.path.parent.parts:
                item.add_marker(mark)


@pytest.fixture(autouse=True, scope="session")
def light_password_hashes() -> Iterator[None]:
    """Accounts made in the tests' own process are hashed with Argon2's lightest
    parameters: the production ones (64 MiB, three passes) cost a few tenths of
    a second per hash and per sign-in, which was most of a web test's time.
    Checking still runs Argon2 on the hash's own parameters, so a hash made
    here verifies in a ``tracker serve`` process too."""
    with pytest.MonkeyPatch.context() as patch:
        light = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        patch.setattr(application.users, "_HASHER", light)
        yield


@contextlib.contextmanager
def fresh_store(kind: str) -> Iterator[str]:
    """A new, empty store of the given kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{directory}/tracker.db"
    else:
        yield from postgres_schema_url()


def postgres_schema_url() -> Iterator[str]:
    """A fresh schema in the test database, dropped afterwards."""
    try:
        conn = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but PostgreSQL is not reachable at {POSTGRES}: {error}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{POSTGRES}?schema={schema}"
        finally:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test against an SQLite file and a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        yield from postgres_schema_url()


class Clock(FixedClock):
    """A pinned clock a test moves forward by hand."""

    def advance(self, **delta: float) -> datetime:
        self.set(self.now() + timedelta(**delta))
        return self.now()


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def make_app(store_url: str, clock: Clock) -> Iterator[Callable[[], Tracker]]:
    apps: list[Tracker] = []

    def make() -> Tracker:
        app = bootstrap(Settings(db=store_url), clock=clock)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()


@pytest.fixture
def app(make_app: Callable[[], Tracker]) -> Tracker:
    return make_app()


@pytest.fixture
def fast_app(clock: Clock) -> Iterator[Tracker]:
    """The service on a private in-memory SQLite store: for behaviour that does
    not depend on files, processes or the kind of store."""
    with memory_tracker(clock) as app:
        yield app
