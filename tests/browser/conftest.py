"""A real server (``tracker serve`` in its own process, on a real SQLite file)
and a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from application.access import Role
from application.clock import FixedClock
from application.settings import Settings
from application.spreadsheet import read_plan_file
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from tests.plans import write
from tests.smtp import free_port

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "a long enough password"
NOW = "2009-10-01T09:00"  # the server's pinned clock (London time)
# Flags for a closed network and a root user (see LIBRARY-NOTES.md).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def screenshots() -> Path:
    folder = Path(os.environ.get("TEST_OUTPUT", "var/test-output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _history(db: str, folder: Path) -> None:
    """The basic plan imported on 1 July 2009; 32 off track on 1 September."""
    clock = FixedClock(datetime(2009, 7, 1, 9, tzinfo=UTC))
    app = bootstrap(Settings(db=db), clock=clock)
    try:
        app.import_plan(
            "pl",
            read_plan_file(write(folder)),
            by="pmo",
            source="plan.csv",
            title="Response to Lord Laming (2009)",
        )
        clock.set(datetime(2009, 9, 1, 9, tzinfo=UTC))
        app.change_status(
            "pl",
            "32",
            Status.OFF_TRACK,
            by="health-commissioner",
            reason="Two health visitor posts vacant",
        )
        app.add_comment("pl", "11", "DCSF consultation draft received", by="hos-cf")
        for name, role in [
            ("hos-cf", Role.OWNER),
            ("board-chair", Role.CHAIR),
            ("inspector", Role.VIEWER),
            ("pmo", Role.ADMIN),
        ]:
            app.users.add(name, role, PASSWORD)
    finally:
        app.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("served")
    db = f"sqlite:///{folder / 'tracker.db'}"
    _history(db, folder)
    yield from serve(db)


def serve(db: str) -> Iterator[str]:
    """``tracker serve`` on the store ``db``, in a process of its own, until the
    test is done: its address."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entrypoints.cli",
            "--db",
            db,
            "serve",
            "--port",
            str(port),
            "--now",
            NOW,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"tracker serve did not start: {output}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"CI is set but there is no Chromium at {CHROMIUM} (apt-get install chromium)"
            )
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def sign_in(page: Page, server: str, name: str, path: str = "/") -> None:
    page.goto(server + path)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server + path)
