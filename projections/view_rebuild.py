"""Rebuilding views from the log: replay into fresh tables beside the live
ones, then swap them in (blue/green), one view or several.

Several views replayed together share one read of the log (plain rows, one
query a page: ``store.log_rows``), and each event is decoded once, and only if
some view reads its topic (``projections.event_decoding``). Unlike catch-up, a replay
runs one batch per view over the whole log: the items' current versions stay
in memory, so each row is written once (closed when superseded, or open at the
end) with no reads and no updates. The log is never held: a page is read,
applied, its finished rows written, and dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from projections.event_decoding import decode
from projections.view_runner import Batch, Progress, ViewRunner
from projections.view_support import cycle_collector_paused, must_decode
from store.database import Database
from store.log_rows import read_rows

REPLAY_PAGE = 5000  # a rebuild's read and commit size: SQLite's writer waits at most one page
NEXT = "_next"


def rebuild(runners: Sequence[ViewRunner], db: Database, progress: Progress | None = None) -> int:
    """Replay the whole log into new tables for these views, swap them in
    together, then catch up on what was written meanwhile. Other views are
    not touched."""
    count = replay_beside(runners, NEXT, progress)
    for runner in runners:
        runner.view.finish(NEXT)  # indexes built once, after the rows
    with db.transaction(commit=True) as c:
        # Readers and upkeep of the live tables carry on until this commits.
        if db.dialect.postgres:  # others wait, then find the new tables by name
            live = ", ".join(r.table(stem) for r in runners for stem in r.view.stems)
            c.execute(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE")
        for runner in runners:
            runner.swap_in(c, NEXT)
    return count + max((runner.catch_up() for runner in runners), default=0)


def replay_beside(
    runners: Sequence[ViewRunner], suffix: str, progress: Progress | None = None
) -> int:
    """Replay the whole log into a new set of tables named with ``suffix``,
    beside the live ones (which it never touches), without indexes: a
    rebuild swaps them in; ``tracker verify --views`` compares and drops them."""
    for runner in runners:
        runner.drop(suffix)  # a replay killed halfway leaves these: start clean
        runner.view.create(suffix, indexes=False)
    with cycle_collector_paused():
        return _replay(runners, suffix, progress)


def _replay(runners: Sequence[ViewRunner], suffix: str, progress: Progress | None) -> int:
    db, events = runners[0].db, runners[0].events
    views = [runner.view for runner in runners]
    batches: list[Batch] = []
    takers: dict[str, list[Batch]] = {}  # by topic: the batches that read it
    position = count = 0
    while page := read_rows(db, events, position, REPLAY_PAGE):
        with db.transaction(commit=True) as c:
            if not batches:
                batches = [view.batch(c, suffix, replay=True) for view in views]
            for batch in batches:
                batch.c = c
            for row in page:
                topic = row.topic
                if topic not in takers:
                    takers[topic] = [
                        b for v, b in zip(views, batches, strict=True) if v.wants(topic)
                    ]
                if takers[topic]:
                    event = decode(row)
                    for taker in takers[topic]:
                        taker.apply(row.position, row.stream, event)
                elif must_decode(row):
                    decode(row)  # refused if this release cannot read it
            for batch in batches:
                batch.flush(keep_open=True)
        position = page[-1].position
        count += len(page)
        if progress:
            progress(len(page))
    with db.transaction(commit=True) as c:
        for batch in batches:
            batch.c = c
            batch.flush()
        for runner in runners:
            c.execute(
                f"UPDATE {runner.table(runner.view.position_stem, suffix)} "
                f"SET position = {db.dialect.mark}",
                (position,),
            )
    return count
