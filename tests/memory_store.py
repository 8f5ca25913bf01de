"""The fast store for service-level tests: a real SQLite database held in memory.

Why not the library's in-memory POPO store: the tracker is more than its event
log. Its views (``projections/item_versions.py``), users, sessions, sign-in
throttle, staff directory and pending uploads are SQL tables kept in the same
datastore as the events, written in the same transaction as them; a POPO
recorder has no SQL, so the service cannot run on it without fakes of every
one of those tables, fakes that would then need tests of their own.

Why not a file on tmpfs (``/dev/shm``): it is as fast, but not everywhere
(macOS has none; Docker gives 64 MB by default) and a killed test run leaves
its files behind. A store built, a plan imported, 21 commands, the board and
history read (median of 15, run twice, on this 2-core machine): 0.068 and
0.059 s on a file on disk, 0.030 and 0.033 s on tmpfs, 0.028 and 0.040 s in
memory. The bigger cost in the web tests was elsewhere: five Argon2 password
hashes (0.22 s each, measured) for the accounts every test starts with; a
template, below, makes them once.

So: SQLite in memory, the same engine and SQL as the file store, with no file,
no WAL and no fsync. Each store is a named shared-cache database
(``file:NAME?mode=memory&cache=shared``), so every connection of the
library's pool sees the one database (a bare ``:memory:`` would give each
connection its own, empty one). A keeper connection holds it open for the
test and frees it when closed. What it does not show: anything about files,
several processes or crashes; those stay on SQLite files and PostgreSQL.

A store can start as a copy of a template (SQLite's backup API): setup that
is costly to repeat, such as Argon2 password hashes, is done once and copied.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from application.clock import Clock
from application.service import Tracker
from application.settings import store_env


def memory_env(name: str) -> dict[str, str]:
    """The library's settings for the in-memory database called ``name``."""
    env = store_env("sqlite:///:memory:")  # the tracker's SQLite recorder and settings
    env["SQLITE_DBNAME"] = f"file:{name}?mode=memory&cache=shared"
    return env


@contextmanager
def memory_store(template: sqlite3.Connection | None = None) -> Iterator[dict[str, str]]:
    """A new private in-memory store (a copy of ``template`` when given):
    its settings, valid until the block ends."""
    env = memory_env(f"tracker-{uuid.uuid4().hex}")
    keeper = sqlite3.connect(env["SQLITE_DBNAME"], uri=True, check_same_thread=False)
    try:
        if template is not None:
            template.backup(keeper)
        yield env
    finally:
        keeper.close()


@contextmanager
def memory_tracker(clock: Clock, template: sqlite3.Connection | None = None) -> Iterator[Tracker]:
    """The tracker on a new in-memory store, closed afterwards."""
    with memory_store(template) as env:
        app = Tracker(env=env, clock=clock)
        try:
            yield app
        finally:
            app.close()


def snapshot(env: dict[str, str]) -> sqlite3.Connection:
    """A private copy of the in-memory store ``env`` names, to use as a template."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    source = sqlite3.connect(env["SQLITE_DBNAME"], uri=True)
    try:
        source.backup(copy)
    finally:
        source.close()
    return copy
