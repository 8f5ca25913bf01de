"""No request waits on another: while a worker renders a big board pack PDF,
another person's sign-in page is answered (a real server, real sockets). The
proof is the order the answers arrive in, not a time limit: with the work done
on the event loop, the sign-in page came only after the PDF."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from application.access import Role
from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import check_rows
from entrypoints.bootstrap import bootstrap
from tests.smtp import free_port
from tests.web.conftest import PASSWORD, Browser, text_of
from web.app import create_app

pytestmark = pytest.mark.proof

ITEMS = 500


def big_plan(app: Tracker) -> None:
    rows: list[list[object]] = [["ref", "title", "theme", "owner", "due"]]
    rows += [
        [str(n), f"Action {n}", f"Theme {n % 8}", "hos-cf", "2010-03-31"] for n in range(ITEMS)
    ]
    app.import_plan("big-plan", check_rows("big.csv", rows), by="pmo", source="big.csv")
    app.users.add("inspector", Role.VIEWER, PASSWORD)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    app = bootstrap(Settings(db=db), clock=FixedClock(datetime(2009, 10, 1, 9, tzinfo=UTC)))
    big_plan(app)
    app.close()
    port = free_port()
    command = [sys.executable, "-m", "entrypoints.cli", "--db", db, "serve", "--port", str(port)]
    # The PDF rendered within its request (not in the background), to hold a worker.
    inline = {**os.environ, "TRACKER_PACK_PDF_BACKGROUND_ITEMS": str(ITEMS)}
    process = subprocess.Popen([*command, "--now", "2009-10-01T10:00"], env=inline)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def signed_in(server: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(server + "/sign-in").read().decode()
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = f"csrf_token={token}&name=inspector&password={PASSWORD.replace(' ', '+')}"
    opener.open(server + "/sign-in", data=form.encode()).read()
    return opener


def test_a_sign_in_is_answered_while_a_big_pdf_renders(server: str) -> None:
    reader = signed_in(server)
    finished: list[str] = []

    def pdf() -> None:
        body = reader.open(server + "/plans/big-plan/pack.pdf", timeout=300).read()
        assert body.startswith(b"%PDF")
        finished.append("pdf")

    slow = threading.Thread(target=pdf)
    slow.start()
    time.sleep(1.0)  # the PDF is under way (it takes several seconds at 500 items)
    assert not finished, "the PDF finished too soon to prove anything"
    urllib.request.urlopen(server + "/sign-in", timeout=60).read()
    finished.append("sign-in")
    slow.join()
    assert finished == ["sign-in", "pdf"]


def test_a_plan_too_big_for_a_pdf_is_refused_with_the_way_round(tmp_path: Path) -> None:
    app = bootstrap(
        Settings(db=f"sqlite:///{tmp_path / 't.db'}"),
        clock=FixedClock(datetime(2009, 10, 1, 9, tzinfo=UTC)),
    )
    big_plan(app)
    with TestClient(create_app(app, pack_pdf_max_items=100)) as client:
        browser = Browser(client)
        browser.sign_in("inspector")
        reply = client.get("/plans/big-plan/pack.pdf")
        assert reply.status_code == 413
        assert "This plan has 500 items; the PDF board pack is made for plans of up to 100" in (
            text_of(reply.text)
        )
        assert client.get("/plans/big-plan/pack").status_code == 200  # the printable page
    app.close()
