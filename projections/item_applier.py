"""How events become item-version rows: the item-versions view's applier.

It reuses the domain's own ``apply`` methods on a small stand-in for the
action (``ItemShell``: its ref and the items it holds), so the view can never
disagree with the aggregates. Writes wait for ``flush``: versions made and
superseded within a batch are inserted already closed, and each item is read
at most once, the batch's current rows read ahead in two queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from eventsourcing.utils import get_topic
from pydantic import TypeAdapter

from domain.action import Action, Item
from domain.plan import Plan
from domain.status import Status
from projections.view_support import instant_key, values
from store.database import copy_into
from store.dialect import Cursor

ITEM = TypeAdapter(Item)
_dump = ITEM.serializer.to_json  # ``ITEM.dump_json``'s bytes, without its wrapper
_ACTION_TOPICS = get_topic(Action).split(":")[0] + ":"
_SKIPPED = {get_topic(Action.CommentAdded)}  # remarks change no item
_PLAN_TOPICS = {
    get_topic(cls)
    for cls in (Plan.PlanCreated, Plan.PlanRetitled, Plan.PlanArchived, Plan.PlanUnarchived)
}
# The action events that make or change an item, by exact class.
_CHANGES = frozenset(
    cls
    for cls in (getattr(Action, name) for name in dir(Action))
    if isinstance(cls, type) and issubclass(cls, Action.Event) and cls is not Action.Event
) - {Action.CommentAdded}
_STATUS = {status: (int(status.is_open), status.value) for status in Status}
_COLUMNS = (
    "plan, ref, position, action_seq, seq, recorded_from, recorded_to, is_open, due, state, status"
)


class ItemShell(Protocol):
    """What an action event's ``apply`` touches: the action's plan, its ref and
    its items (the domain's ``apply`` methods take the aggregate untyped)."""

    plan: str
    ref: str
    items: dict[str, Item]


@dataclass
class _Shell:
    ref: str
    plan: str = ""
    items: dict[str, Item] = field(default_factory=dict)


def wants(topic: str) -> bool:
    """Whether the view reads events of this topic (others are never decoded)."""
    if topic.startswith(_ACTION_TOPICS):
        return topic not in _SKIPPED
    return topic in _PLAN_TOPICS


class ItemBatch:
    def __init__(
        self, cursor: Cursor, table: Callable[[str], str], mark: str, *, copy: bool = False
    ) -> None:
        self.c, self.t, self.m, self.copy = cursor, table, mark, copy
        self.streams: dict[str, tuple[str, str, int]] = {}  # by stream: (plan, action, seq)
        self.live: dict[tuple[str, str], tuple[int, Item, list[Any]]] = {}
        self.done: list[list[Any]] = []  # rows superseded: final, to be written
        self.closes: list[tuple[str, str, str, int]] = []  # (at, plan, ref, position)
        self.new_streams: list[tuple[str, str, str, int]] = []
        # Current rows read ahead by ``prefetch``: (seq, position, state) by (plan, ref).
        self.stored: dict[tuple[str, str], tuple[int, int, str]] = {}
        self.shell: ItemShell = _Shell("")  # reused: each event sets its ref and items
        self.moment, self.at = datetime.min, ""  # the last instant seen, and its text

    def prefetch(self, events: Sequence[tuple[str, object]]) -> None:
        """Read, in two queries, the streams and current item rows the batch will
        touch: one query per event would be a round trip each on PostgreSQL."""
        changes = [
            (stream, e)
            for stream, e in events
            if isinstance(e, Action.Event)
            and not isinstance(e, (Action.ActionAdded, Action.CommentAdded))
        ]
        keys = sorted({stream for stream, _ in changes} - set(self.streams))
        if keys:
            self.c.execute(
                f"SELECT originator_id, plan, action, action_seq FROM {self.t('streams')} "
                f"WHERE originator_id IN ({', '.join([self.m] * len(keys))})",
                keys,
            )
            for row in self.c.fetchall():
                key, plan, action, seq = values(row)
                self.streams[str(key)] = (str(plan), str(action), int(seq))
        wanted: dict[str, set[str]] = {}
        for stream, e in changes:
            if stream in self.streams:
                plan = self.streams[stream][0]
                wanted.setdefault(plan, set()).add(_ref(e))
        for plan, refs in wanted.items():
            ordered = sorted(refs)
            self.c.execute(
                f"SELECT ref, seq, position, state FROM {self.t('versions')} WHERE plan = {self.m} "
                f"AND recorded_to IS NULL AND ref IN ({', '.join([self.m] * len(ordered))})",
                [plan, *ordered],
            )
            for row in self.c.fetchall():
                ref, seq, position, state = values(row)
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
        rows, self.done = self.done, []
        if not keep_open:
            rows += [row for _, _, row in self.live.values()]
            self.live = {}  # written: a later event reads its row back
        if rows and self.copy:  # PostgreSQL's bulk load: several times an INSERT's speed
            with copy_into(self.c, f"COPY {self.t('versions')} ({_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif rows:
            self.c.executemany(
                f"INSERT INTO {self.t('versions')} ({_COLUMNS}) VALUES ({', '.join([self.m] * 11)})",
                [tuple(row) for row in rows],
            )

    def apply(self, position: int, stream: str, event: object) -> None:
        if type(event) not in _CHANGES:  # the usual ones, found by one look-up
            if isinstance(event, Plan.Event):
                self._apply_plan(event)
            if not isinstance(event, Action.Event) or isinstance(event, Action.CommentAdded):
                return  # remarks, the scan log and other bookkeeping change no item
        assert isinstance(event, Action.Event)
        if event.timestamp != self.moment:  # the events of one save share their instant
            self.moment, self.at = event.timestamp, instant_key(event.timestamp)
        at, ref = self.at, _ref(event)
        if isinstance(event, Action.ActionAdded):
            self.streams[stream] = (event.plan, event.ref, position)
            self.new_streams.append((stream, event.plan, event.ref, position))
        plan, action_ref, action_seq = self.streams.get(stream) or self._stream(stream)
        key = (plan, ref)
        shell = self.shell
        shell.ref, shell.items = action_ref, {}
        if isinstance(event, (Action.ActionAdded, Action.MilestoneAdded)):
            seq = position
        elif key in self.live:
            seq, shell.items[ref], previous = self.live[key]
            previous[6] = at  # superseded within this batch
            self.done.append(previous)
        else:
            seq, stored_at, shell.items[ref] = self._current(plan, ref)
            self.closes.append((at, plan, ref, stored_at))
        event.apply(shell)  # the domain's own rule for what the event does to an item
        item = shell.items[ref]
        is_open, status = _STATUS[item.status]
        row = [
            plan,
            ref,
            position,
            action_seq,
            seq,
            at,
            None,
            is_open,
            item.due.isoformat(),
            _dump(item).decode(),
            status,
        ]
        self.live[key] = (seq, item, row)

    def _apply_plan(self, event: Plan.Event) -> None:
        m, plans, key = self.m, self.t("plans"), str(event.originator_id)
        if isinstance(event, Plan.PlanCreated):
            self.c.execute(
                f"INSERT INTO {plans} (plan, originator_id, title, created_at) "
                f"VALUES ({m}, {m}, {m}, {m})",
                (event.plan, key, event.title, instant_key(event.timestamp)),
            )
        elif isinstance(event, Plan.PlanRetitled):
            self.c.execute(
                f"UPDATE {plans} SET title = {m} WHERE originator_id = {m}", (event.new, key)
            )
        elif isinstance(event, (Plan.PlanArchived, Plan.PlanUnarchived)):
            archived = int(isinstance(event, Plan.PlanArchived))
            self.c.execute(
                f"UPDATE {plans} SET archived = {m} WHERE originator_id = {m}", (archived, key)
            )

    def _stream(self, key: str) -> tuple[str, str, int]:
        if key not in self.streams:
            self.c.execute(
                f"SELECT plan, action, action_seq FROM {self.t('streams')} WHERE originator_id = {self.m}",
                (key,),
            )
            found = values(self.c.fetchone())
            self.streams[key] = (str(found[0]), str(found[1]), int(found[2]))
        return self.streams[key]

    def _current(self, plan: str, ref: str) -> tuple[int, int, Item]:
        """The item's current row: its seq, its position (the row's key) and state."""
        if (plan, ref) not in self.stored:
            self.c.execute(
                f"SELECT seq, position, state FROM {self.t('versions')} "
                f"WHERE plan = {self.m} AND ref = {self.m} AND recorded_to IS NULL",
                (plan, ref),
            )
            seq, position, state = values(self.c.fetchone())
            self.stored[(plan, ref)] = (int(seq), int(position), str(state))
        seq, position, state = self.stored.pop((plan, ref))
        return seq, position, ITEM.validate_json(state)


def _ref(event: Action.Event) -> str:
    """The item an action event is about (every action event names one)."""
    ref = getattr(event, "ref", None)
    if not isinstance(ref, str):
        raise TypeError(f"{type(event).__name__} names no item")
    return ref
