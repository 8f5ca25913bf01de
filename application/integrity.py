"""Verifying a store's event log against its chain, and against a checkpoint.

Reads only: the events as stored (not through the mapper, so a payload that no
longer decodes is still judged) and the chain rows, both up to the highest
position either held when verification began, so writers may carry on meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory
from eventsourcing.utils import Environment

from domain.errors import TrackerError
from store.chain import GENESIS, Break, Verdict, verify
from store.dialect import Dialect, datastore_of
from store.log_records import iter_chain, iter_events
from store.log_tables import chain_table, events_table, marker

STORE_NAME = "tracker"  # the Application's name: PostgreSQL's tables are named after it


def verify_log(
    recorder: ApplicationRecorder, *, checkpoint: tuple[int, str] | None = None
) -> Verdict:
    """Recompute the chain; with ``checkpoint`` (position, link), also prove the log
    still extends it."""
    table, mark = chain_table(recorder), marker(recorder)
    datastore = datastore_of(recorder)
    with datastore.transaction(commit=False) as c:
        c.execute(f"SELECT max(position) AS top FROM {table}")
        row = c.fetchone()
        top_chain = int(row["top"] or 0)
    stop = max(top_chain, recorder.max_notification_id() or 0)

    def chained(digest: str) -> bool:
        with datastore.transaction(commit=False) as c:
            c.execute(f"SELECT count(*) AS n FROM {table} WHERE digest = {mark}", (digest,))
            return bool(c.fetchone()["n"])

    verdict = verify(iter_events(recorder, stop), iter_chain(recorder, stop), chained=chained)
    if verdict.ok and checkpoint is not None:
        verdict.first_break = _against(recorder, verdict, *checkpoint)
    return verdict


def _against(
    recorder: ApplicationRecorder, verdict: Verdict, position: int, link: str
) -> Break | None:
    if position == 0 and link == GENESIS.hex():
        return None  # a checkpoint of an empty log: every log extends it
    if position > verdict.head_position:
        return Break(
            verdict.head_position + 1 if verdict.head_position else 1,
            "truncated tail",
            f"the checkpoint vouches for the log up to position {position}, but the log "
            f"now ends at {verdict.head_position}: events at the end were removed",
        )
    table, mark = chain_table(recorder), marker(recorder)
    datastore = datastore_of(recorder)
    with datastore.transaction(commit=False) as c:
        c.execute(f"SELECT link FROM {table} WHERE position = {mark}", (position,))
        row = c.fetchone()
    if row is None or row["link"] != link:
        return Break(
            position,
            "diverged from checkpoint",
            f"the log up to position {position} is not the one the checkpoint vouches for: "
            "history before the checkpoint was rewritten (chain included)",
        )
    return None


class NoStore(TrackerError):
    pass


@contextmanager
def open_log(env: dict[str, str], *, existing: bool = True) -> Iterator[ApplicationRecorder]:
    """The tracker's event recorder alone: no views caught up, no event decoded,
    so a log too damaged to load can still be verified or exported.

    ``existing``: refuse a store that is not there, rather than create an empty
    one and call it verified (a mistyped ``--db`` must not pass).
    """
    sqlite_file = env.get("SQLITE_DBNAME", "")
    if existing and sqlite_file and sqlite_file != ":memory:" and not Path(sqlite_file).is_file():
        raise NoStore(f"there is no tracker store at {sqlite_file}: check --db or TRACKER_DB")
    factory = InfrastructureFactory.construct(
        Environment(STORE_NAME, {**env, "CREATE_TABLE": "no"})
    )
    try:
        recorder = factory.application_recorder()
        if existing and not _has_events_table(recorder):
            raise NoStore(
                "there is no tracker store there (no events table): check --db or TRACKER_DB"
            )
        opened: Any = recorder
        opened.create_table()  # chains a store made before the chain, as any first open does
        yield recorder
    finally:
        factory.close()


def _has_events_table(recorder: ApplicationRecorder) -> bool:
    datastore = datastore_of(recorder)
    with datastore.transaction(commit=False) as c:
        return Dialect.of_recorder(recorder).exists(c, events_table(recorder))
