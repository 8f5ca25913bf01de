"""Tamper evidence: every stored event is chained in its own transaction, and
every kind of tampering with the events table by raw SQL is found and named,
on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from application.integrity import verify_log
from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import check_rows
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from store.chain import GENESIS, StoredRecord, extend
from store.log_tables import chain_table, events_table, marker
from tests.conftest import POSTGRES, Clock, fresh_store

SHEET: list[list[object]] = [
    ["ref", "parent", "title", "due", "owner"],
    ["1", "", "One", "2009-09-30", "a"],
    ["1.a", "1", "One A", "2009-08-31", "a"],
    ["2", "", "Two", "2009-12-31", "b"],
]


def fill(app: Tracker, clock: Clock) -> None:
    app.import_plan("pl", check_rows("plan.csv", SHEET), by="pmo", source="plan.csv")
    for status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK, Status.ON_TRACK):
        clock.advance(days=1)
        app.change_status("pl", "2", status, by="b")


def sql(app: Tracker, statement: str, *params: Any) -> list[Any]:
    """Raw SQL on the store, as someone with database access would run it."""
    m = marker(app.recorder)
    with app.recorder.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
        c.execute(statement.replace("?", m), params)
        try:
            return list(c.fetchall())
        except Exception:
            return []


def pos(app: Tracker) -> str:
    return "notification_id" if "." in events_table(app.recorder) else "rowid"


def positions(app: Tracker) -> list[int]:
    rows = sql(app, f"SELECT {pos(app)} AS p FROM {events_table(app.recorder)} ORDER BY 1")
    return [int(r["p"]) for r in rows]


def test_every_event_is_chained_as_it_is_stored(app: Tracker, clock: Clock) -> None:
    fill(app, clock)
    verdict = verify_log(app.recorder)
    assert verdict.ok, verdict.first_break
    assert verdict.events == len(positions(app)) > 5
    assert verdict.head_position == positions(app)[-1]
    chain = sql(app, f"SELECT position FROM {chain_table(app.recorder)} ORDER BY position")
    assert [int(r["position"]) for r in chain] == positions(app)


def test_a_refused_save_leaves_no_link_and_the_chain_runs_on(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    one, two = make_app(), make_app()
    fill(one, clock)
    stale = two.action_holding("pl", "2")
    clock.advance(hours=1)
    one.change_status("pl", "2", Status.AT_RISK, by="b")
    stale.change_status(
        "2", Status.COMPLETE, by="b", at=clock.now(), effective_on=clock.now().date()
    )
    with pytest.raises(Exception, match="same moment"):
        two.save(stale)
    one.change_status("pl", "2", Status.ON_TRACK, by="b")
    assert verify_log(one.recorder).ok


def event_at(app: Tracker, position: int) -> dict[str, Any]:
    (row,) = sql(app, f"SELECT * FROM {events_table(app.recorder)} WHERE {pos(app)} = ?", position)
    return dict(row)


def change_payload(app: Tracker, at: int) -> None:
    state = bytes(event_at(app, at)["state"]).replace(b'"by":"b"', b'"by":"x"')
    sql(app, f"UPDATE {events_table(app.recorder)} SET state = ? WHERE {pos(app)} = ?", state, at)


def change_type(app: Tracker, at: int) -> None:
    topic = event_at(app, at)["topic"].replace("StatusChanged", "DueDateRevised")
    sql(app, f"UPDATE {events_table(app.recorder)} SET topic = ? WHERE {pos(app)} = ?", topic, at)


def delete(app: Tracker, at: int) -> None:
    sql(app, f"DELETE FROM {events_table(app.recorder)} WHERE {pos(app)} = ?", at)


def swap(app: Tracker, at: int) -> None:
    table, p = events_table(app.recorder), pos(app)
    sql(app, f"UPDATE {table} SET {p} = -1 WHERE {p} = ?", at)
    sql(app, f"UPDATE {table} SET {p} = ? WHERE {p} = ?", at, at + 1)
    sql(app, f"UPDATE {table} SET {p} = ? WHERE {p} = -1", at + 1)


def insert(app: Tracker, at: int) -> None:
    """A copy of the event at ``at`` as a new version of its stream, at the tail."""
    row = event_at(app, at)
    table = events_table(app.recorder)
    (top,) = sql(
        app,
        f"SELECT max(originator_version) AS v FROM {table} WHERE originator_id = ?",
        row["originator_id"],
    )
    sql(
        app,
        f"INSERT INTO {table} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)",
        row["originator_id"],
        int(top["v"]) + 1,
        row["topic"],
        row["state"],
    )


TAMPERING = {
    "changed event": change_payload,
    "changed event type": change_type,
    "deleted event": delete,
    "reordered events": swap,
    "inserted event": insert,
}


@pytest.mark.parametrize("kind", TAMPERING)
def test_tampering_is_found_and_named(kind: str, app: Tracker, clock: Clock) -> None:
    fill(app, clock)
    all_positions = positions(app)
    target = all_positions[-3]  # a StatusChanged of item 2, two before the end
    assert b"StatusChanged" in event_at(app, target)["topic"].encode()
    TAMPERING[kind](app, target)
    verdict = verify_log(app.recorder)
    assert verdict.first_break is not None, f"{kind} went unnoticed"
    assert verdict.first_break.kind == kind
    expected = all_positions[-1] + 1 if kind == "inserted event" else target
    assert verdict.first_break.position == expected
    assert verdict.events == len([p for p in all_positions if p < expected])


def test_a_rewritten_chain_row_is_found(app: Tracker, clock: Clock) -> None:
    fill(app, clock)
    at = positions(app)[2]
    sql(app, f"UPDATE {chain_table(app.recorder)} SET digest = ? WHERE position = ?", "00" * 32, at)
    verdict = verify_log(app.recorder)
    assert verdict.first_break is not None
    assert (verdict.first_break.kind, verdict.first_break.position) == ("chain altered", at)


def test_a_truncated_tail_is_found_only_against_a_checkpoint(app: Tracker, clock: Clock) -> None:
    fill(app, clock)
    head = verify_log(app.recorder)
    last = positions(app)[-1]
    delete(app, last)
    sql(app, f"DELETE FROM {chain_table(app.recorder)} WHERE position = ?", last)
    assert verify_log(app.recorder).ok  # a shorter log is still a consistent log
    verdict = verify_log(app.recorder, checkpoint=(head.head_position, head.head_link))
    assert verdict.first_break is not None
    assert verdict.first_break.kind == "truncated tail"


def test_a_rewritten_history_with_a_recomputed_chain_diverges_from_the_checkpoint(
    app: Tracker, clock: Clock
) -> None:
    fill(app, clock)
    head = verify_log(app.recorder)
    target = positions(app)[1]
    state = bytes(event_at(app, target)["state"]).replace(b'"pmo"', b'"xyz"')
    sql(
        app,
        f"UPDATE {events_table(app.recorder)} SET state = ? WHERE {pos(app)} = ?",
        state,
        target,
    )
    # A careful forger recomputes the whole chain over the altered log.
    rows = sql(
        app, f"SELECT {pos(app)} AS position, * FROM {events_table(app.recorder)} ORDER BY 1"
    )
    records = [
        StoredRecord(
            int(r["position"]),
            app.recorder.convert_originator_id(r["originator_id"])  # type: ignore[attr-defined]
            if isinstance(r["originator_id"], str)
            else r["originator_id"],
            int(r["originator_version"]),
            r["topic"],
            bytes(r["state"]),
        )
        for r in rows
    ]
    table = chain_table(app.recorder)
    sql(app, f"DELETE FROM {table}")
    for row in extend(GENESIS, records):
        sql(
            app,
            f"INSERT INTO {table} VALUES (?, ?, ?, ?)",
            row.position,
            row.topic,
            row.digest,
            row.link,
        )
    assert verify_log(app.recorder).ok  # the forgery is self-consistent
    verdict = verify_log(app.recorder, checkpoint=(head.head_position, head.head_link))
    assert verdict.first_break is not None
    assert verdict.first_break.kind == "diverged from checkpoint"


def test_a_store_made_before_the_chain_is_chained_from_position_one_when_opened(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    app = make_app()
    fill(app, clock)
    sql(app, f"DROP TABLE {chain_table(app.recorder)}")  # as stores were before this release
    reopened = make_app()
    verdict = verify_log(reopened.recorder)
    assert verdict.ok and verdict.events == len(positions(reopened))
    clock.advance(days=1)
    reopened.change_status("pl", "2", Status.AT_RISK, by="b")  # and the chain runs on
    assert verify_log(reopened.recorder).events == verdict.events + 1


def test_every_log_extends_the_checkpoint_of_an_empty_log(app: Tracker, clock: Clock) -> None:
    empty = verify_log(app.recorder)
    assert (empty.events, empty.head_position, empty.head_link) == (0, 0, GENESIS.hex())
    fill(app, clock)
    assert verify_log(app.recorder, checkpoint=(0, GENESIS.hex())).ok


@pytest.mark.postgres
def test_an_empty_insert_takes_no_lock_on_postgres(clock: Clock) -> None:
    """A command that records nothing must not queue behind writers: with the
    events table locked by another transaction, storing no events returns at
    once, while a writer waits for the lock (shown by its lock timeout)."""
    with fresh_store("postgres") as url:
        app = bootstrap(Settings(db=url), clock=clock)
        try:
            table = events_table(app.recorder)
            with psycopg.connect(POSTGRES) as holder, psycopg.connect(POSTGRES) as writer:
                holder.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
                empty = threading.Thread(target=app.recorder.insert_events, args=([],))
                empty.start()
                empty.join(timeout=5)
                assert not empty.is_alive(), "storing nothing waited for the table lock"
                writer.execute("SET lock_timeout = '300ms'")
                with pytest.raises(psycopg.errors.LockNotAvailable):
                    writer.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
                holder.rollback()
            fill(app, clock)  # and the store takes writes again once the lock is gone
            assert verify_log(app.recorder).ok
        finally:
            app.close()
