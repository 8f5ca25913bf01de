"""The scheduler's overdue flags for one plan, saved together.

Why: flagging item by item loaded and saved each action on its own; on the
first day over a hundred plans that was tens of thousands of loads and
transactions. Here the actions holding a plan's newly overdue items are
loaded in one read, then in the writer turn brought up to date with what
others stored meanwhile, decided at one fresh instant and saved in one
insert (so in one transaction, with its chain links and the views).

It runs on the one write template (``command_template.run_command``), as an
item's command does: loads happen outside the turn; a save refused without a
conflict (a later instant stored first, or a stream moved by a writer out of
turn) is done again from a fresh load. A flag never conflicts: it decides
again on the fresh state (nothing to flag on an item completed meanwhile).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Protocol

from application.command_template import TRIES, ConcurrentChange, Decided, Turns, run_command
from application.item_command import Streams, fast_forward
from application.persistence import Stores
from domain.action import Action, action_id
from domain.scan_log import SCHEDULER
from projections.event_decoding import decode
from store.database import Database
from store.log_rows import LogRow
from store.log_tables import events_table, marker, state_bytes, stream_key

_CHUNK = 500  # ids in one IN list


class Flagger(Turns, Streams, Stores, Protocol):
    """What flagging needs of the application service."""


def flag_plan(
    tracker: Flagger, plan: str, items: Sequence[tuple[str, str]], *, today: date, at: datetime
) -> list[str]:
    """Flag each (ref, its action's ref) open past its due date, once per due
    date; the refs flagged. Recorded at a fresh reading of the clock, never
    before the scan's ``at``."""
    holders = sorted({holder for _, holder in items})

    def in_turn(actions: dict[str, Action]) -> Decided[list[str]]:
        _catch_up(tracker, list(actions.values()))
        instant = max(at, tracker.clock.now())
        flagged = [
            ref
            for ref, holder in items
            if actions[holder].flag_overdue(ref, today=today, by=SCHEDULER, at=instant)
        ]
        done = set(flagged)
        changed = {holder for ref, holder in items if ref in done}
        return flagged, [actions[holder] for holder in sorted(changed)]

    return run_command(
        tracker,
        lambda: _load(tracker, plan, holders),  # outside the turn: loads run side by side
        in_turn,
        gave_up=f"{plan}: overdue items were not flagged: their actions kept changing "
        f"under {TRIES} tries; nothing was recorded",
    )


def _load(tracker: Flagger, plan: str, holders: Sequence[str]) -> dict[str, Action]:
    """The actions, by ref, from one read of their streams (in chunks), each
    stream's events in version order (no detour through log positions)."""
    recorder = tracker.recorder
    streams = {action_id(plan, holder): holder for holder in holders}
    by_key = {stream_key(recorder, stream): stream for stream in streams}
    names = {stream: str(stream) for stream in streams}  # as the decoder keys a stream
    keys = list(by_key)
    db, m = Database.for_recorder(recorder), marker(recorder)
    loaded: dict[str, Any] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        rows = db.read(  # on PostgreSQL one round trip
            "SELECT originator_id, originator_version, topic, state "
            f"FROM {events_table(recorder)} WHERE originator_id IN "
            f"({', '.join([m] * len(chunk))}) ORDER BY originator_id, originator_version",
            chunk,
        )
        for row in rows:
            stream = by_key[row["originator_id"]]
            event: Any = decode(  # the views' decoding: the mapper's events, built faster
                LogRow(
                    0,
                    names[stream],
                    int(row["originator_version"]),
                    str(row["topic"]),
                    state_bytes(row["state"]),
                )
            )
            holder = streams[stream]
            loaded[holder] = event.mutate(loaded.get(holder))
    missing = sorted(set(holders) - set(loaded))
    if missing:
        raise ConcurrentChange(f"{plan}: no recorded action {', '.join(missing)}")
    return {holder: action for holder, action in loaded.items() if isinstance(action, Action)}


def _catch_up(tracker: Flagger, actions: list[Action]) -> None:
    """Apply what was stored after the load: one query finds the streams that
    moved (usually none), and only those are read again."""
    recorder = tracker.recorder
    by_key = {stream_key(recorder, a.id): a for a in actions}
    keys = list(by_key)
    db = Database.for_recorder(recorder)
    m = marker(recorder)
    moved = []
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for row in db.read(  # on PostgreSQL one round trip
            "SELECT originator_id, max(originator_version) AS version "
            f"FROM {events_table(recorder)} WHERE originator_id IN "
            f"({', '.join([m] * len(chunk))}) GROUP BY originator_id",
            chunk,
        ):
            action = by_key[row["originator_id"]]
            if int(row["version"]) > action.version:
                moved.append(action)
    for action in moved:
        fast_forward(tracker, action)
