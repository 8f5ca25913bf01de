"""The item-versions view: every version of every item, with the interval of
recorded time in which it was current. One table answers the board now
(``recorded_to IS NULL``), the board as at T (``recorded_from <= T < recorded_to``),
and the overdue index (open current items by due date).

It lives in the same database as the events and is kept by a pull loop over the
notification log. Exactly once: each batch of events and the new log position
are written in one transaction, and the position moves only from the value the
batch started at (compare-and-set), so two processes catching up at once never
apply an event twice; the loser rolls back and reads again.

``rebuild`` builds a fresh set of tables beside the live ones and swaps them in
at the end (blue/green): readers keep the old tables until the swap commits.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from types import SimpleNamespace
from typing import Any, cast
from uuid import UUID, uuid4

from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
from pydantic import TypeAdapter

from domain.action import Action, Item
from domain.message import Delivery, Message
from domain.plan import Plan
from projections import outbox
from projections.outbox import OutboxRow
from store.chain import StoredRecord
from store.chained_store import Inserted, events_table, position_column, read_records
from store.dialect import Dialect, datastore_of

BATCH = 500
REPLAY_PAGE = 5000  # a rebuild's read and commit size: SQLite's writer waits at most one page
_INDEX_LOCK = 7_310_452_020  # any constant shared by every tracker process
# The versions table's indexes, by the stem of their names.
_VERSION_INDEXES = {
    # the board now: each item's current version, by plan; or by item, one probe
    "now": "CREATE INDEX {name} ON {table} (plan, recorded_to, ref)",
    # as at T: each item's last version recorded by T, one probe per item
    "item": "CREATE INDEX {name} ON {table} (plan, ref, recorded_from, position)",
    # each item's first version, by plan: the as-at board's list of items on
    # PostgreSQL, whose index over current rows keeps an entry for every closed
    # version until vacuum (first versions are closed once: two entries an item)
    "first": "CREATE INDEX {name} ON {table} (plan) WHERE position = seq",
    # the overdue index: open current items by due date, all plans
    "overdue": "CREATE INDEX {name} ON {table} (is_open, due) WHERE recorded_to IS NULL",
    # the plans list's totals, counted from the index alone, in plan order
    "totals": "CREATE INDEX {name} ON {table} (plan, status, is_open, due) WHERE recorded_to IS NULL",
}
# Columns later versions added to a table, by (table stem, column): a set of
# views made earlier gains them when opened (no event before them needs them).
_ADDED_COLUMNS = {
    ("plans", "archived"): "INTEGER NOT NULL DEFAULT 0",
    ("versions", "status"): "TEXT NOT NULL DEFAULT ''",  # the plans list counts by it
}
# How an added column is filled in for the rows already there: (SQLite, PostgreSQL).
_BACKFILLS = {("versions", "status"): ("json_extract(state, '$.status')", "state::json->>'status'")}
_ITEM = TypeAdapter(Item)
_TABLES = ("versions", "streams", "plans", "outbox", "position")


def instant_key(moment: datetime) -> str:
    """Recorded instants as fixed-width UTC text, so text order is time order."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


class ItemVersionsView:
    def __init__(self, recorder: ApplicationRecorder, mapper: Mapper[UUID]) -> None:
        self._recorder = recorder
        self._mapper = mapper
        self._db: Any = datastore_of(recorder)  # get_connection: library-specific
        self._dialect = Dialect.of_recorder(recorder)
        self._postgres = self._dialect.postgres
        self._mark = self._dialect.mark
        self._create("")

    # -- names and DDL ------------------------------------------------------

    def table(self, name: str, suffix: str = "") -> str:
        """A view table's name as SQL may use it (schema-qualified on PostgreSQL)."""
        return self._table(name, suffix)

    def _table(self, name: str, suffix: str = "") -> str:
        table = f"tracker_view_{name}{suffix}"
        return self._dialect.qualify(table)

    def _exists(self, table: str) -> bool:
        with self._db.transaction(commit=False) as c:
            return self._dialect.exists(c, table)

    def _create(self, suffix: str, *, indexes: bool = True) -> None:
        """Create a set of view tables (and their indexes) unless it exists;
        add any index a set made by an earlier version lacks.

        Index names carry a fresh token: they stay unique when a rebuilt set
        is renamed over the live one (SQLite cannot rename an index).
        """
        t = partial(self._table, suffix=suffix)
        if self._exists(self._table("position", suffix)):
            if not self._exists(t("outbox")):  # views made before the outbox existed
                with self._db.transaction(commit=True) as c:
                    for statement in outbox.create_statements(t("outbox"), uuid4().hex[:10]):
                        c.execute(statement)
            self._add_missing_columns(suffix)
            self._add_missing_indexes(suffix)
            return
        statements = [
            f"CREATE TABLE {t('versions')} (plan TEXT NOT NULL, ref TEXT NOT NULL, "
            "position BIGINT NOT NULL, action_seq BIGINT NOT NULL, seq BIGINT NOT NULL, "
            "recorded_from TEXT NOT NULL, recorded_to TEXT, is_open INTEGER NOT NULL, "
            "due TEXT NOT NULL, state TEXT NOT NULL, "
            f"status {_ADDED_COLUMNS[('versions', 'status')]}, PRIMARY KEY (plan, ref, position))",
            f"CREATE TABLE {t('streams')} (originator_id TEXT PRIMARY KEY, "
            "plan TEXT NOT NULL, action TEXT NOT NULL, action_seq BIGINT NOT NULL)",
            f"CREATE TABLE {t('plans')} (plan TEXT PRIMARY KEY, originator_id TEXT NOT NULL, "
            "title TEXT NOT NULL, created_at TEXT NOT NULL, "
            f"archived {_ADDED_COLUMNS[('plans', 'archived')]})",
            *outbox.create_statements(t("outbox"), uuid4().hex[:10]),
            f"CREATE TABLE {t('position')} (one INTEGER PRIMARY KEY, position BIGINT NOT NULL)",
            f"INSERT INTO {t('position')} (one, position) VALUES (1, 0)",
        ]
        with self._db.transaction(commit=True) as c:
            for statement in statements:
                c.execute(statement)
        if indexes:
            self._add_missing_indexes(suffix)

    def _add_missing_columns(self, suffix: str) -> None:
        """Like the indexes: looked for without a lock; a set that lacks one
        takes the lock (PostgreSQL: the advisory lock; SQLite: the file's write
        lock, by writing first), looks again and adds it."""
        with self._db.transaction(commit=False) as c:
            if not self._missing_columns(c, suffix):
                return
        with self._db.transaction(commit=True) as c:
            if self._postgres:
                c.execute("SELECT pg_advisory_xact_lock(%s)", (_INDEX_LOCK,))
            else:  # a write takes the lock, so the second look sees the latest schema
                c.execute(f"UPDATE {self._table('position', suffix)} SET one = one WHERE one = 0")
            for stem, column in self._missing_columns(c, suffix):
                table = self._table(stem, suffix)
                c.execute(
                    f"ALTER TABLE {table} ADD COLUMN {column} {_ADDED_COLUMNS[(stem, column)]}"
                )
                if (stem, column) in _BACKFILLS:
                    value = _BACKFILLS[(stem, column)][self._postgres]
                    c.execute(f"UPDATE {table} SET {column} = {value}")

    def _missing_columns(self, c: Any, suffix: str) -> list[tuple[str, str]]:
        missing = []
        for stem, column in _ADDED_COLUMNS:
            table = self._table(stem, suffix)
            if self._postgres:
                c.execute(
                    "SELECT count(*) AS found FROM information_schema.columns "
                    "WHERE table_schema = %s AND table_name = %s AND column_name = %s",
                    (self._dialect.schema, table.split(".")[-1], column),
                )
            else:
                c.execute(
                    "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", (table, column)
                )
            if not _first(c.fetchone()):
                missing.append((stem, column))
        return missing

    def _add_missing_indexes(self, suffix: str) -> None:
        """Found without locking (every process start asks); created under a
        lock on PostgreSQL, where processes start at once, after a second look."""
        versions = self._table("versions", suffix)
        with self._db.transaction(commit=False) as c:
            if not self._missing_indexes(c, versions):
                return
        with self._db.transaction(commit=True) as c:
            if self._postgres:
                c.execute("SELECT pg_advisory_xact_lock(%s)", (_INDEX_LOCK,))
            for stem in self._missing_indexes(c, versions):
                name = f"tracker_view_{stem}_{uuid4().hex[:10]}"
                c.execute(_VERSION_INDEXES[stem].format(name=name, table=versions))

    def _missing_indexes(self, c: Any, versions: str) -> list[str]:
        """The stems of ``_VERSION_INDEXES`` with no index on ``versions``."""
        if self._postgres:
            c.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
                (self._dialect.schema, versions.split(".")[-1]),
            )
        else:
            c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (versions,)
            )
        names = [str(_first(row)) for row in c.fetchall()]
        return [
            stem
            for stem in _VERSION_INDEXES
            if not any(name.startswith(f"tracker_view_{stem}_") for name in names)
        ]

    # -- keeping up ---------------------------------------------------------

    def position(self, suffix: str = "") -> int:
        (row,) = self._read(f"SELECT position FROM {self._table('position', suffix)}")
        return int(_first(row))

    def catch_up(self, suffix: str = "", progress: Callable[[int], None] | None = None) -> int:
        """Apply every event after the view's position; returns how many.
        When nothing is new this is one query."""
        applied = 0
        while True:
            start, head = self._position_and_head(suffix)
            if start >= head:
                return applied
            page = self._recorder.select_notifications(
                start=start, limit=BATCH, inclusive_of_start=False
            )
            if not page:
                return applied
            if self._apply(page, start, suffix):
                applied += len(page)
                if progress:
                    progress(len(page))

    def _position_and_head(self, suffix: str) -> tuple[int, int]:
        """The view's position and the log's last position, in one round trip."""
        (row,) = self._read(
            f"SELECT position, (SELECT max({position_column(self._recorder)}) FROM {events_table(self._recorder)})"
            f" AS head FROM {self._table('position', suffix)}"
        )
        position, head = _pair(row)
        return int(position), int(head or 0)

    def record_inserted(self, inserted: Inserted) -> None:
        """Bring the live views up to date in the transaction that stores new
        events (a hook of the recorder): the events and the views commit
        together, and a command commits once. Events stored without the views
        (before they existed, or by a tool that keeps none) are applied first."""
        c = inserted.cursor
        new = [_notification(r) for r in inserted.records]
        if self._apply_in(c, new, inserted.previous_position, ""):
            return  # the usual case: the views were at the log's end
        lock = " FOR UPDATE" if self._postgres else ""  # SQLite: the writer holds the file
        c.execute(f"SELECT position FROM {self._table('position')}{lock}")
        at = int(_first(c.fetchone()))
        while at < inserted.previous_position:
            missed = [
                _notification(r)
                for r in read_records(c, self._recorder, at, BATCH)
                if r.position <= inserted.previous_position
            ]
            if not missed:
                break  # rows gone from the log: ``verify`` reports that, not the views
            self._apply_in(c, missed, at, "")
            at = missed[-1].id
        self._apply_in(c, new, at, "")

    def _apply(self, page: Sequence[Notification], start: int, suffix: str) -> bool:
        with self._db.transaction(commit=True) as c:
            return self._apply_in(c, page, start, suffix)

    def _apply_in(self, c: Any, page: Sequence[Notification], start: int, suffix: str) -> bool:
        m = self._mark
        t = partial(self._table, suffix=suffix)
        c.execute(
            f"UPDATE {t('position')} SET position = {m} WHERE position = {m} RETURNING position",
            (page[-1].id, start),
        )
        if len(c.fetchall()) != 1:
            return False  # another process applied this batch first
        batch = _Batch(c, t, m)
        events = [self._mapper.to_domain_event(notification) for notification in page]
        batch.prefetch(events)
        for notification, event in zip(page, events, strict=True):
            batch.apply(notification, event)
        batch.flush()
        return True

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Replay the whole log into new tables, then swap them in."""
        count = self.replay_beside("_next", progress)
        self._add_missing_indexes("_next")  # built once, after the rows
        if self._postgres:  # a new table has no statistics until autovacuum gets to it
            with self._db.transaction(commit=True) as c:
                c.execute(f"ANALYZE {self._table('versions', '_next')}")
        with self._db.transaction(commit=True) as c:
            # Readers and upkeep of the live tables carry on until this commits.
            if self._postgres:  # others wait, then find the new tables by name
                live = ", ".join(self._table(name) for name in _TABLES)
                c.execute(f"LOCK TABLE {live} IN ACCESS EXCLUSIVE MODE")
            for name in _TABLES:
                c.execute(f"ALTER TABLE {self._table(name)} RENAME TO tracker_view_{name}_old")
                c.execute(f"ALTER TABLE {self._table(name, '_next')} RENAME TO tracker_view_{name}")
                c.execute(f"DROP TABLE {self._table(name, '_old')}")
        return count + self.catch_up()

    def replay_beside(self, suffix: str, progress: Callable[[int], None] | None = None) -> int:
        """Replay the whole log into a new set of tables named with ``suffix``,
        beside the live ones (which it never touches), without indexes: a
        rebuild swaps them in; ``tracker verify --views`` compares and drops them."""
        self.drop(suffix)  # a replay killed halfway leaves these: start clean
        self._create(suffix, indexes=False)
        with _cycle_collector_paused():
            return self._replay(suffix, progress)

    def _replay(self, suffix: str, progress: Callable[[int], None] | None) -> int:
        """Stream the whole log into an empty set of tables. Unlike catch-up,
        one batch runs over the whole log: the items' current versions stay in
        memory, so each version row is written once (closed when superseded,
        or open at the end) with no reads and no updates. The log is never
        held: a page is read, applied, its closed rows written, and dropped."""
        t = partial(self._table, suffix=suffix)
        batch = _Batch(None, t, self._mark, copy=self._postgres)
        position = count = 0
        while page := self._recorder.select_notifications(
            start=position, limit=REPLAY_PAGE, inclusive_of_start=False
        ):
            with self._db.transaction(commit=True) as c:
                batch.c = c
                for notification in page:
                    batch.apply(notification, self._mapper.to_domain_event(notification))
                batch.flush(keep_open=True)
            position = page[-1].id
            count += len(page)
            if progress:
                progress(len(page))
        with self._db.transaction(commit=True) as c:
            batch.c = c
            batch.flush()
            c.execute(f"UPDATE {t('position')} SET position = {self._mark}", (position,))
        return count

    def drop(self, suffix: str) -> None:
        with self._db.transaction(commit=True) as c:
            for name in _TABLES:
                c.execute(f"DROP TABLE IF EXISTS {self._table(name, suffix)}")

    # -- reading ------------------------------------------------------------

    def plan_title(self, plan: str, as_at: str | None = None) -> str | None:
        sql = f"SELECT title FROM {self._table('plans')} WHERE plan = {self._mark}"
        params: tuple[str, ...] = (plan,)
        if as_at is not None:
            sql += f" AND created_at <= {self._mark}"
            params += (as_at,)
        rows = self._read(sql, params)
        return str(_first(rows[0])) if rows else None

    def plans(self, include_archived: bool = False) -> list[str]:
        where = "" if include_archived else " WHERE archived = 0"
        sql = f"SELECT plan FROM {self._table('plans')}{where} ORDER BY plan"
        return [str(_first(row)) for row in self._read(sql)]

    def archived_plans(self) -> list[str]:
        sql = f"SELECT plan FROM {self._table('plans')} WHERE archived = 1 ORDER BY plan"
        return [str(_first(row)) for row in self._read(sql)]

    def is_archived(self, plan: str) -> bool:
        """Whether the plan is archived now (False for a plan there is not)."""
        sql = f"SELECT archived FROM {self._table('plans')} WHERE plan = {self._mark}"
        rows = self._read(sql, (plan,))
        return bool(rows) and bool(_first(rows[0]))

    def parent_of(self, plan: str, ref: str) -> str | None:
        """The action a milestone belongs to (None for an action or an unknown ref)."""
        m = self._mark
        items = self._items(f"plan = {m} AND ref = {m} AND recorded_to IS NULL", (plan, ref))
        return items[0].parent if items else None

    def current(self, plan: str) -> list[Item]:
        return self._items(f"plan = {self._mark} AND recorded_to IS NULL", (plan,))

    def as_at(self, plan: str, instant: datetime) -> list[Item]:
        """Each item's last version recorded by ``instant`` (the log is in time
        order, so that is the version current then): one index probe per item."""
        versions = self._table("versions")
        last_by = (  # the item c's last version recorded by the instant
            f"FROM {versions} p WHERE p.plan = c.plan AND p.ref = c.ref AND "
            f"p.recorded_from <= {self._mark} ORDER BY p.recorded_from DESC, p.position DESC LIMIT 1"
        )
        if self._postgres:  # items listed by their first versions (see "first" above)
            sql = (
                f"SELECT v.state FROM {versions} c CROSS JOIN LATERAL (SELECT p.state {last_by}) v "
                "WHERE c.plan = %s AND c.position = c.seq ORDER BY c.action_seq, c.seq"
            )
        else:  # no LATERAL; CROSS JOIN keeps the current rows as the outer loop
            sql = (
                f"SELECT v.state FROM {versions} c CROSS JOIN {versions} v WHERE v.plan = c.plan "
                f"AND v.ref = c.ref AND v.position = (SELECT p.position {last_by}) "
                "AND c.plan = ? AND c.recorded_to IS NULL ORDER BY c.action_seq, c.seq"
            )
        rows = self._read(sql, (instant_key(instant), plan))
        return [_ITEM.validate_json(_first(row)) for row in rows]

    def messages(
        self, delivery: Delivery | None = None, ready_at: datetime | None = None
    ) -> list[OutboxRow]:
        """The outbox, oldest first; only one delivery state, or only those a
        relay should try at ``ready_at`` (pending, or a claim gone stale)."""
        m = self._mark
        sql = f"SELECT {', '.join(outbox.COLUMNS)} FROM {self._table('outbox')}"
        params: tuple[str, ...] = ()
        if ready_at is not None:
            sql += f" WHERE delivery IN ('pending', 'sending') AND retry_at <= {m}"
            params = (outbox.instant_text(ready_at),)
        elif delivery is not None:
            sql += f" WHERE delivery = {m}"
            params = (delivery.value,)
        return [
            outbox.from_row(row)
            for row in self._read(sql + " ORDER BY queued_at, recipient, kind", params)
        ]

    def _items(self, where: str, params: tuple[str, ...]) -> list[Item]:
        sql = f"SELECT state FROM {self._table('versions')} WHERE {where} ORDER BY action_seq, seq"
        return [_ITEM.validate_json(_first(row)) for row in self._read(sql, params)]

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """One query's rows. On PostgreSQL, outside a transaction block (the
        library's connections autocommit): one round trip instead of three
        (BEGIN, the query, ROLLBACK); a single query sees one snapshot anyway."""
        if self._postgres:
            with self._db.get_connection() as conn:
                return list(conn.execute(sql, params).fetchall())
        with self._db.transaction(commit=False) as c:
            c.execute(sql, params)
            return list(c.fetchall())

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, for comparing a rebuild with live upkeep."""
        out = {}
        for name in ("versions", "streams", "plans", "outbox"):
            with self._db.transaction(commit=False) as c:
                c.execute(f"SELECT * FROM {self._table(name)}")
                out[name] = sorted(_values(row) for row in c.fetchall())
        return out


class _Batch:
    """Applies events to the view inside one transaction, reusing the domain's
    own ``apply`` methods so the view can never disagree with the aggregates."""

    def __init__(
        self, cursor: Any, table: Callable[[str], str], mark: str, *, copy: bool = False
    ) -> None:
        self.c, self.t, self.m, self.copy = cursor, table, mark, copy
        self.streams: dict[str, tuple[str, str, int]] = {}
        # Writes wait for ``flush``: versions made and superseded within the batch
        # are inserted already closed, and each item is read at most once.
        self.live: dict[tuple[str, str], tuple[int, Item, list[Any]]] = {}
        self.rows: list[list[Any]] = []
        self.closes: list[tuple[str, str, str, int]] = []  # (at, plan, ref, position)
        self.new_streams: list[tuple[str, str, str, int]] = []
        # Current rows read ahead by ``prefetch``: (seq, position, state) by (plan, ref).
        self.stored: dict[tuple[str, str], tuple[int, int, str]] = {}

    def prefetch(self, events: Sequence[Any]) -> None:
        """Read, in two queries, the streams and current item rows the batch will
        touch: one query per event would be a round trip each on PostgreSQL."""
        changes = [
            e
            for e in events
            if isinstance(e, Action.Event)
            and not isinstance(e, (Action.ActionAdded, Action.CommentAdded))
        ]
        keys = sorted({str(e.originator_id) for e in changes} - set(self.streams))
        if keys:
            self.c.execute(
                f"SELECT originator_id, plan, action, action_seq FROM {self.t('streams')} "
                f"WHERE originator_id IN ({', '.join([self.m] * len(keys))})",
                keys,
            )
            for row in self.c.fetchall():
                key, plan, action, seq = _values(row)
                self.streams[str(key)] = (str(plan), str(action), int(seq))
        wanted: dict[str, set[str]] = {}
        for e in changes:
            if str(e.originator_id) in self.streams:
                wanted.setdefault(self.streams[str(e.originator_id)][0], set()).add(
                    cast(Any, e).ref
                )
        for plan, refs in wanted.items():
            ordered = sorted(refs)
            self.c.execute(
                f"SELECT ref, seq, position, state FROM {self.t('versions')} WHERE plan = {self.m} "
                f"AND recorded_to IS NULL AND ref IN ({', '.join([self.m] * len(ordered))})",
                [plan, *ordered],
            )
            for row in self.c.fetchall():
                ref, seq, position, state = _values(row)
                self.stored[(plan, str(ref))] = (int(seq), int(position), str(state))

    def flush(self, *, keep_open: bool = False) -> None:
        """Write what the batch has made; with ``keep_open``, hold back the rows
        still current (a replay writes them once superseded, or at its end)."""
        if self.new_streams:
            self.c.executemany(
                f"INSERT INTO {self.t('streams')} (originator_id, plan, action, action_seq) "
                f"VALUES ({self.m}, {self.m}, {self.m}, {self.m})",
                self.new_streams,
            )
            self.new_streams = []
        if self.closes:  # by the row's key: one index probe each
            self.c.executemany(
                f"UPDATE {self.t('versions')} SET recorded_to = {self.m} "
                f"WHERE plan = {self.m} AND ref = {self.m} AND position = {self.m}",
                self.closes,
            )
            self.closes = []
        rows, self.rows = self.rows, []
        if keep_open:
            self.rows = [row for row in rows if row[6] is None]
            rows = [row for row in rows if row[6] is not None]
        columns = (
            "plan, ref, position, action_seq, seq, recorded_from, recorded_to, is_open, due, "
            "state, status"
        )
        if rows and self.copy:  # PostgreSQL's bulk load: several times an INSERT's speed
            with self.c.copy(f"COPY {self.t('versions')} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif rows:
            self.c.executemany(
                f"INSERT INTO {self.t('versions')} ({columns}) VALUES ({', '.join([self.m] * 11)})",
                [tuple(row) for row in rows],
            )

    def apply(self, notification: Notification, event: Any) -> None:
        at = instant_key(event.timestamp)
        if isinstance(event, Plan.PlanCreated):
            self.c.execute(
                f"INSERT INTO {self.t('plans')} (plan, originator_id, title, created_at) "
                f"VALUES ({self.m}, {self.m}, {self.m}, {self.m})",
                (event.plan, str(event.originator_id), event.title, at),
            )
            return
        if isinstance(event, Plan.PlanRetitled):
            self.c.execute(
                f"UPDATE {self.t('plans')} SET title = {self.m} WHERE originator_id = {self.m}",
                (event.new, str(event.originator_id)),
            )
            return
        if isinstance(event, (Plan.PlanArchived, Plan.PlanUnarchived)):
            self.c.execute(
                f"UPDATE {self.t('plans')} SET archived = {self.m} WHERE originator_id = {self.m}",
                (int(isinstance(event, Plan.PlanArchived)), str(event.originator_id)),
            )
            return
        if isinstance(event, Message.Event):
            outbox.apply(self.c, self.t("outbox"), self.m, event)
            return
        if not isinstance(event, Action.Event) or isinstance(event, Action.CommentAdded):
            return  # plan bookkeeping, the scan log and remarks change no item
        key = str(event.originator_id)
        if isinstance(event, Action.ActionAdded):
            self.streams[key] = (event.plan, event.ref, notification.id)
            self.new_streams.append((key, event.plan, event.ref, notification.id))
        plan, action_ref, action_seq = self._stream(key)
        ref: str = cast(Any, event).ref
        shell = SimpleNamespace(ref=action_ref, items={})
        if isinstance(event, (Action.ActionAdded, Action.MilestoneAdded)):
            seq = notification.id
        elif (plan, ref) in self.live:
            seq, shell.items[ref], previous = self.live[(plan, ref)]
            previous[6] = at  # superseded within this batch
        else:
            seq, position, shell.items[ref] = self._current(plan, ref)
            self.closes.append((at, plan, ref, position))
        event.apply(shell)
        item: Item = shell.items[ref]
        row = [
            plan,
            ref,
            notification.id,
            action_seq,
            seq,
            at,
            None,
            int(item.status.is_open),
            item.due.isoformat(),
            _ITEM.dump_json(item).decode(),
            item.status.value,
        ]
        self.rows.append(row)
        self.live[(plan, ref)] = (seq, item, row)

    def _stream(self, key: str) -> tuple[str, str, int]:
        if key not in self.streams:
            self.c.execute(
                f"SELECT plan, action, action_seq FROM {self.t('streams')} WHERE originator_id = {self.m}",
                (key,),
            )
            values = _values(self.c.fetchone())
            self.streams[key] = (str(values[0]), str(values[1]), int(values[2]))
        return self.streams[key]

    def _current(self, plan: str, ref: str) -> tuple[int, int, Item]:
        """The item's current row: its seq, its position (the row's key) and state."""
        if (plan, ref) not in self.stored:
            self.c.execute(
                f"SELECT seq, position, state FROM {self.t('versions')} "
                f"WHERE plan = {self.m} AND ref = {self.m} AND recorded_to IS NULL",
                (plan, ref),
            )
            seq, position, state = _values(self.c.fetchone())
            self.stored[(plan, ref)] = (int(seq), int(position), str(state))
        seq, position, state = self.stored.pop((plan, ref))
        return seq, position, _ITEM.validate_json(state)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """A replay allocates millions of short-lived objects and makes no reference
    cycles: Python's cycle collector would only walk the live items again and
    again (measured: about a tenth of a rebuild's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _notification(record: StoredRecord) -> Notification:
    return Notification(
        id=record.position,
        originator_id=record.originator_id,
        originator_version=record.originator_version,
        topic=record.topic,
        state=record.state,
    )


def _values(row: Any) -> tuple[Any, ...]:
    """A row as a tuple: PostgreSQL rows arrive as dicts, SQLite rows as sequences."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


def _first(row: Any) -> Any:
    return _values(row)[0]


def _pair(row: Any) -> tuple[Any, Any]:
    values = _values(row)
    return values[0], values[1]
