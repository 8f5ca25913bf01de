"""Proof that erasure erases: after ``tracker person erase KEY`` the person's
address is nowhere in the store, byte for byte: not in the SQLite files (the
database, its write-ahead log), not in a ``pg_dump`` of the PostgreSQL schema.

Before it, the person was named every way the tracker allows: as an item's
owner with their address in the imported plan, in a comment (by key; a comment
holding the address is refused), and by a mail server that refused their
mail, first for a while and then for good, quoting the address each time; and
their display name and job title were set (``tracker person --name``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import read_plan_file
from domain.dates import LONDON
from domain.errors import ContactDetailsRefused
from domain.message import Delivery
from entrypoints import bootstrap
from notifications.relay import relay
from scheduler.calendar import EnglishWorkingDays
from scheduler.service import tick
from tests.conftest import Clock
from tests.plans import BASIC, write
from tests.smtp import Mailbox, free_port, smtp_server

pytestmark = pytest.mark.proof

ROOT = Path(__file__).resolve().parents[2]
PLAN = "laming-2009"
KEY = "health-commissioner"
ADDRESS = "health-commissioner@example.gov.uk"
NAME = "Philippa Quennell-Hartington"  # a display name found nowhere else
MONDAY = datetime(2009, 11, 30, 7, 30, tzinfo=LONDON)


def stored_bytes(store_url: str) -> bytes:
    """Everything the store holds: the SQLite files, or a dump of the schema."""
    if store_url.startswith("sqlite"):
        database = Path(urlsplit(store_url).path)
        files = sorted(database.parent.glob(database.name + "*"))
        assert database in files
        # Read by another process: closing a file this process opened would drop
        # its SQLite connections' POSIX locks, and the log could vanish unerased.
        return subprocess.run(["cat", *map(str, files)], capture_output=True, check=True).stdout
    parts = urlsplit(store_url)
    (schema,) = parse_qs(parts.query)["schema"]
    dump = subprocess.run(
        [
            *("pg_dump", "--host", parts.hostname or "", "--port", str(parts.port or 5432)),
            *("--username", parts.username or "postgres", "--schema", schema, parts.path[1:]),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    return dump.stdout


@contextlib.contextmanager
def kept_open(store_url: str) -> Iterator[None]:
    """Another connection to an SQLite store, open throughout (so closing the
    eraser's connection does not checkpoint and remove the write-ahead log)."""
    if not store_url.startswith("sqlite"):
        yield
        return
    other = sqlite3.connect(urlsplit(store_url).path)
    try:
        other.execute("SELECT count(*) FROM tracker_people").fetchone()
        yield
    finally:
        other.close()


def erase(store_url: str, key: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "person", "erase", key],
        env={**os.environ, "TRACKER_DB": store_url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_erased_persons_address_is_nowhere_in_the_store(
    store_url: str, clock: Clock, tmp_path: Path
) -> None:
    app: Tracker = bootstrap.bootstrap(Settings(db=store_url), clock=clock)
    plan = BASIC.replace(f"{KEY},,October 2009", f"{KEY},{ADDRESS},October 2009")
    app.import_plan(PLAN, read_plan_file(write(tmp_path, plan)), by="pmo", source="plan.csv")
    assert app.directory.email(KEY) == ADDRESS
    app.directory.names.set(KEY, name=NAME, job_title="Designated Nurse")  # tracker person
    clock.set(MONDAY - timedelta(days=3))
    assert app.add_comment(PLAN, "32", f"chased {KEY} for the workforce figures", by="hos-cf")
    before = app.recorder.max_notification_id()
    with pytest.raises(ContactDetailsRefused, match="the text holds an email address"):
        app.add_comment(PLAN, "32", f"figures promised: write to {ADDRESS}", by="hos-cf")
    assert app.recorder.max_notification_id() == before

    box = Mailbox()
    box.refuse[ADDRESS] = f"450 4.2.0 <{ADDRESS}>: Recipient address rejected: Greylisted"
    port = free_port()
    mail = bootstrap.mail(Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_timeout=5))
    with smtp_server(port, box):
        clock.set(MONDAY)
        _, first, _ = tick(app, EnglishWorkingDays(), mail, MONDAY)
        assert len(first.deferred) == 1 and not first.failed
        box.refuse[ADDRESS] = f"550 5.1.1 <{ADDRESS}>: Recipient address rejected: User unknown"
        later = clock.advance(minutes=5)
        second = relay(app, mail.sender, mail.renderer, later)
    assert len(second.failed) == 1
    (failed,) = app.messages(Delivery.FAILED)
    assert (failed.recipient, failed.reply) == (KEY, "550 5.1.1 bad destination mailbox address")
    assert ADDRESS.encode() in stored_bytes(store_url)  # in the directory: the search works
    assert NAME.encode() in stored_bytes(store_url)

    with kept_open(store_url):  # as a web server would: the write-ahead log stays
        assert "erased" in erase(store_url, KEY)
        assert ADDRESS.encode() not in stored_bytes(store_url)
        assert NAME.encode() not in stored_bytes(store_url)  # nor their name
    assert app.directory.email(KEY) is None
    app.close()
