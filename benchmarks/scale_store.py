"""The stores the at-scale benchmarks read: one measured plan, the same at every
scale, in a log grown to the size asked by other plans' traffic; built once and
kept under ``var/bench-scale/`` (PostgreSQL: a schema of its own, with a marker
file there), keyed by size, so a rerun reads the store it built before.

The measured plan ``P`` is written first: ``items`` actions, and two status
changes of item ``R``. The filler follows (up to 20 plans of 500 items, each
changed round after round, saved a round at a time as ``benchmarks.bench``
builds its plans); then two more changes of ``R``, so its history spans the
whole log. At 1,000 events asked there is no filler: the log is the plan alone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg

from application.access import Role
from application.clock import FixedClock
from application.settings import Settings
from benchmarks.bench import CYCLE, START, build_plan
from entrypoints.bootstrap import bootstrap
from store.chain_writer import after_insert_hooks

PLAN, REF = "pack-plan", "7"
VIEWER, PASSWORD = "viewer", "bench password"
CACHE = Path("var/bench-scale")
SERVER = os.environ.get("BENCH_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432")
POSTGRES = f"{SERVER}/bench_scale"  # a database of its own: no test suite drops it
FILLER_ITEMS = 500
# The library ends a PostgreSQL transaction left idle for 5 s (its default); a
# niced benchmark on a busy machine can pause that long inside a rebuild's
# long transaction. The benchmarks allow 10 minutes (the setting is the library's).
IDLE_TIMEOUT = {"POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "600"}


def filler_shape(remaining: int) -> tuple[int, int]:
    """(plans, rounds) of filler making about ``remaining`` events."""
    if remaining < 2 * FILLER_ITEMS + 1:
        return 0, 0
    plans = max(1, min(20, remaining // 20_000))
    rounds = max(0, round((remaining / plans - (2 * FILLER_ITEMS + 1)) / FILLER_ITEMS))
    return plans, rounds


def build(url: str, events: int, items: int) -> int:
    """Write the store; the number of events in its log."""
    os.environ.update(IDLE_TIMEOUT)
    clock = FixedClock(START)
    app = bootstrap(Settings(db=url), clock=clock)
    build_plan(app, clock, PLAN, items, 0)

    def change_r(times: int) -> None:
        for n in range(times):
            clock.set(clock.now() + timedelta(minutes=1))
            app.change_status(PLAN, REF, CYCLE[n % len(CYCLE)], by="bench")

    change_r(2)
    base = (app.recorder.max_notification_id() or 0) + 2
    plans, rounds = filler_shape(events - base)
    if plans:
        # The filler is written without the views' upkeep (a third of a save's
        # time), then the views are rebuilt from the log once: the same rows.
        hooks = after_insert_hooks(app.recorder)
        hooks.remove(app.views.record_inserted)
        for p in range(plans):
            build_plan(app, clock, f"f{p:02d}", FILLER_ITEMS, rounds)
        hooks.append(app.views.record_inserted)
        app.rebuild()
    change_r(2)
    app.users.add(VIEWER, Role.VIEWER, PASSWORD)
    total = app.recorder.max_notification_id() or 0
    app.close()
    return total


def _key(events: int, items: int) -> str:
    return f"{events}-{items}"


@contextmanager
def cached(kind: str, events: int, items: int, cache: Path = CACHE) -> Iterator[str]:
    """The store's URL, built first if it is not in the cache."""
    cache.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        path = cache / f"sqlite-{_key(events, items)}.db"
        if not path.exists():
            partial = path.with_suffix(".building")
            for leftover in cache.glob(partial.name + "*"):
                leftover.unlink()
            build(f"sqlite:///{partial}", events, items)
            for suffix in ("-wal", "-shm"):  # closed cleanly: nothing left in them
                Path(f"{partial}{suffix}").unlink(missing_ok=True)
            shutil.move(partial, path)
            for leftover in cache.glob(partial.name + "*"):  # its writers' lock file
                leftover.unlink()
        yield f"sqlite:///{path}"
        return
    marker = cache / f"postgres-{_key(events, items)}.done"
    schema = f"bench_scale_{events}_{items}"
    url = f"{POSTGRES}?schema={schema}"
    _ensure_database()
    if not (marker.exists() and _has_schema(schema)):
        marker.unlink(missing_ok=True)
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA {schema}")
        total = build(url, events, items)
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f"SET search_path TO {schema}")
            conn.execute("VACUUM ANALYZE")  # as a store long in use would be
        marker.write_text(f"{total}\n")
    yield url


def _ensure_database() -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'bench_scale'").fetchone()
        if found is None:
            conn.execute("CREATE DATABASE bench_scale")


def _has_schema(schema: str) -> bool:
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
        ).fetchone()
    return found is not None


def drop(kind: str, events: int, items: int, cache: Path = CACHE) -> None:
    """Remove one cached store (the tests' tiny ones)."""
    if kind == "sqlite":
        (cache / f"sqlite-{_key(events, items)}.db").unlink(missing_ok=True)
        return
    (cache / f"postgres-{_key(events, items)}.done").unlink(missing_ok=True)
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS bench_scale_{events}_{items} CASCADE")


def main() -> None:
    """Build (or find) the stores: ``python -m benchmarks.scale_store KIND EVENTS [ITEMS]``."""
    import sys

    kind, events = sys.argv[1], int(sys.argv[2])
    items = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    with cached(kind, events, items) as url:
        print(url)


if __name__ == "__main__":
    main()
