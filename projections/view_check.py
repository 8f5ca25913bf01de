"""Checking the live read views against a fresh replay of the log
(``tracker verify --views``): the chain proves the log was not changed; this
proves the boards people read still say what the log says.

The whole log is replayed into scratch tables beside the live ones (their own
suffix, never swapped in, dropped afterwards), both sets are brought to the
same log position, and the database compares them row for row (EXCEPT both
ways, by each table's key), so no table is held in memory. Every column is
compared: a live catch-up and a replay apply the same events through the same
code (``ItemBatch``, ``outbox.apply``), so no column may legitimately differ, positions included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import ApplicationRecorder

from domain.errors import TrackerError
from projections.item_versions import ItemVersionsView
from store.chained_store import events_table
from store.dialect import Dialect

# Each compared table's key (its primary key): rows are matched, and the first
# difference is chosen, by it. Each view's position table is compared as its position.
KEYS = {
    "versions": ("plan", "ref", "position"),
    "streams": ("originator_id",),
    "plans": ("plan",),
    "outbox": ("id",),
}
ATTEMPTS = 5  # writers may move the live views on while the scratch ones catch up


@dataclass(frozen=True)
class Difference:
    table: str
    key: dict[str, Any]
    column: str | None  # None: the row is in one set of views only
    live: Any  # None where the row is missing from that side
    rebuilt: Any
    field: str | None = None  # within a JSON column (an item's state): the first differing field


@dataclass
class ViewCheck:
    position: int  # the log position both sets of views were compared at
    rows_compared: dict[str, int] = field(default_factory=dict)
    first_difference: Difference | None = None

    @property
    def ok(self) -> bool:
        return self.first_difference is None


class ViewsKeptMoving(TrackerError):
    pass


def check_views(view: ItemVersionsView, recorder: ApplicationRecorder) -> ViewCheck:
    """Replay the log beside the live views and compare; the live views are
    only caught up (as any reader does), never otherwise written."""
    suffix = f"_check_{uuid4().hex[:8]}"
    try:
        view.catch_up()
        view.replay_beside(suffix)
        for _ in range(ATTEMPTS):
            view.catch_up(suffix)
            found = _compare(view, recorder, suffix)
            if found is not None:
                return found
            view.catch_up()
        raise ViewsKeptMoving(
            f"views not compared: the log kept growing ({ATTEMPTS} tries); try again when quieter"
        )
    finally:
        view.drop(suffix)


def _compare(
    view: ItemVersionsView, recorder: ApplicationRecorder, suffix: str
) -> ViewCheck | None:
    """Compare in one snapshot of the database; None if either set of views was
    behind the log's end in it (a writer got in between: catch up, look again)."""
    dialect = view.db.dialect
    with view.db.transaction(commit=False) as c:
        if dialect.postgres:  # every query below sees the same snapshot (SQLite: BEGIN does)
            c.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        head = int(
            _scalar(c, f"SELECT max({dialect.position_column}) FROM {events_table(recorder)}") or 0
        )
        positions = {  # each view's position table: (live, scratch)
            stem: tuple(
                int(_scalar(c, f"SELECT position FROM {view.table(stem, s)}")) for s in ("", suffix)
            )
            for stem in (runner.view.position_stem for runner in view.runners)
        }
        if any(at < head for pair in positions.values() for at in pair):
            return None
        check = ViewCheck(position=positions["position"][1])
        for stem, key in KEYS.items():
            live, rebuilt = view.table(stem), view.table(stem, suffix)
            check.rows_compared[stem] = int(_scalar(c, f"SELECT count(*) FROM {live}"))
            if check.first_difference is None:
                check.first_difference = _first_difference(c, live, rebuilt, key, dialect)
        for stem, (live_at, scratch_at) in positions.items():
            if check.first_difference is None and live_at != scratch_at:
                # live views past the log's end: events were removed after they were applied
                where = _bare(view.table(stem))
                check.first_difference = Difference(where, {}, "position", live_at, scratch_at)
        return check


def _first_difference(
    c: Any, live: str, rebuilt: str, key: tuple[str, ...], dialect: Dialect
) -> Difference | None:
    columns, expected = _columns(c, live, dialect.postgres), _columns(c, rebuilt, dialect.postgres)
    if columns != expected:  # a column added or dropped by hand: named, with where it is
        (odd, *_) = sorted(set(columns) ^ set(expected))
        there = {True: "(column present)", False: "(no such column)"}
        return Difference(_bare(live), {}, odd, there[odd in columns], there[odd in expected])
    cols, keys = ", ".join(columns), ", ".join(key)
    c.execute(
        f"SELECT {keys} FROM (SELECT {cols} FROM (SELECT {cols} FROM {live} EXCEPT "
        f"SELECT {cols} FROM {rebuilt}) AS a UNION ALL SELECT {cols} FROM (SELECT {cols} "
        f"FROM {rebuilt} EXCEPT SELECT {cols} FROM {live}) AS b) AS d ORDER BY {keys} LIMIT 1"
    )
    row = c.fetchone()
    if row is None:
        return None
    where = dict(zip(key, Dialect.values(row), strict=True))
    mark = dialect.mark
    match = " AND ".join(f"{k} = {mark}" for k in key)
    sides = []
    for table in (live, rebuilt):
        c.execute(f"SELECT {cols} FROM {table} WHERE {match}", tuple(where.values()))
        found = c.fetchone()
        sides.append(
            None if found is None else dict(zip(columns, Dialect.values(found), strict=True))
        )
    mine, theirs = sides
    if mine is None or theirs is None:
        return Difference(_bare(live), where, None, mine, theirs)
    column = next(name for name in columns if mine[name] != theirs[name])
    return _within_json(Difference(_bare(live), where, column, mine[column], theirs[column]))


def _within_json(difference: Difference) -> Difference:
    """An item's state is one JSON column: name the field that differs in it."""
    try:
        live, rebuilt = json.loads(difference.live), json.loads(difference.rebuilt)
    except (TypeError, ValueError):
        return difference
    if not (isinstance(live, dict) and isinstance(rebuilt, dict)):
        return difference
    for name in [*live, *(k for k in rebuilt if k not in live)]:
        if live.get(name, ...) != rebuilt.get(name, ...):
            return Difference(
                difference.table,
                difference.key,
                difference.column,
                live.get(name),
                rebuilt.get(name),
                field=name,
            )
    return difference  # same content, different text (spacing, key order)


def _columns(c: Any, table: str, postgres: bool) -> list[str]:
    if postgres:
        schema, name = table.split(".")
        c.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            (schema, name),
        )
    else:
        c.execute("SELECT name FROM pragma_table_info(?)", (table,))
    return sorted(str(Dialect.values(row)[0]) for row in c.fetchall())


def _scalar(c: Any, sql: str) -> Any:
    c.execute(sql)
    return Dialect.values(c.fetchone())[0]


def _bare(table: str) -> str:
    return table.split(".")[-1]  # without PostgreSQL's schema: as an administrator names it
