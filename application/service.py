"""The application service: every command and query the entry points offer.

Commands follow get -> decide -> save, one transaction per command. The clock
is injected; the instant it gives is the one every event of the command records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Mapper, Notification

from application import governance, importing
from application.clock import Clock, SystemClock
from application.directory import Directory
from application.import_report import ImportReport
from application.importing import ImportRequest
from application.integrity_status import IntegrityStatus
from application.item_command import ConcurrentChange as ConcurrentChange  # re-exported
from application.item_command import (
    Decide,
    LateInstant,
    Retries,
    VersionClash,
    change_item,
    replay,
)
from application.overdue_flags import flag_plan
from application.pending_uploads import PendingUploads
from application.persistence import JSONTranscoder, PydanticMapper, decode_state
from application.plan_settings import reminder_settings
from application.spreadsheet import PlanRow
from application.three_way import Prefer
from application.users import Users
from application.writer_turns import WriterTurns
from domain.action import Action, action_id
from domain.dates import london_date
from domain.errors import TrackerError, UnknownPlan
from domain.governance import Governance, Rules, Setting
from domain.message import Delivery, Message
from domain.plan import Plan, plan_id
from domain.reminders import ReminderPolicy
from domain.scan_log import SCAN_LOG_ID, SCHEDULER, ScanLog
from domain.status import Status
from projections.activity import recorded_after, recorded_with
from projections.board import Board, make_board
from projections.changes import Changes, compare
from projections.history import history_row, mark_backdated, mark_erased
from projections.item_versions import ItemVersionsView, instant_key
from projections.outbox import OutboxRow
from projections.overdue_rows import OverdueItem, overdue_items, unflagged
from projections.plan_summaries import PlanSummary, plan_summaries
from projections.workload import Workload, workload
from store.chained_store import Inserted, after_insert_hooks, stream_records

if TYPE_CHECKING:
    from application.plan_workbook import Origin  # openpyxl: only imports need it

_PAGE = 1000


def _recorded_at(state: bytes) -> datetime:
    return datetime.fromisoformat(json.loads(state)["timestamp"])


class UnknownMessage(TrackerError):
    pass


class UnknownPerson(TrackerError):
    pass


class Tracker(Application[UUID]):
    name = "tracker"

    def __init__(self, env: dict[str, str] | None = None, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        super().__init__(env)
        self.directory = Directory(self.recorder)
        self.users = Users(self.recorder)
        self.integrity = IntegrityStatus(self.recorder)  # the latest verdict on the chain
        self.uploads = PendingUploads(self.recorder)
        self.views = ItemVersionsView(self.recorder, self.mapper)
        self._holders: dict[tuple[str, str], str] = {}  # (plan, ref) -> its action's ref
        self.retries = Retries()  # saves refused without a conflict, and done again
        self.turns = WriterTurns(self.recorder)  # item commands read the clock in turn
        after_insert_hooks(self.recorder).extend(
            [self._refuse_going_back, self.views.record_inserted]
        )
        self.views.catch_up()

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=JSONTranscoder())

    # -- recording --------------------------------------------------------

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save; the views are brought up to date in the same transaction
        (``views.record_inserted``), so the caller reads its own writes."""
        try:
            recordings = super().save(*objs, **kwargs)
        except IntegrityError:
            raise VersionClash(
                "someone else changed this plan at the same moment: nothing was "
                "recorded; please try again"
            ) from None
        return recordings

    def _refuse_going_back(self, inserted: Inserted) -> None:
        """The log never goes back in time: checked in the insert's transaction,
        against the event stored just before, so two writers cannot race past it."""
        if inserted.previous_state is None:
            return
        newest = _recorded_at(inserted.previous_state)
        for record in inserted.records:
            at = _recorded_at(record.state)
            if at < newest:
                raise LateInstant(
                    f"refused: this change would be recorded at {at.isoformat()}, before "
                    f"the newest recorded change ({newest.isoformat()}); the log never "
                    "goes back in time",
                    behind=newest - at,
                )

    def _moment(self, effective: date | None) -> tuple[datetime, date]:
        """The instant to record at, and the effective date: today's London date
        unless one is given (the domain refuses one out of bounds)."""
        at = self.clock.now()
        return at, effective or london_date(at)

    # -- loading ----------------------------------------------------------

    def plan(self, plan: str) -> Plan:
        try:
            return cast(Plan, self.repository.get(plan_id(plan)))
        except AggregateNotFoundError:
            raise UnknownPlan(f"there is no plan '{plan}'") from None

    def action_holding(self, plan: str, ref: str) -> Action:
        """The action stream holding ``ref``: an action's own id is derived from
        its ref; a milestone's action is found in the view, else in the plan.
        Remembered once found: an item never changes action (import refuses it)."""
        holder = self._holders.get((plan, ref)) or self.views.parent_of(plan, ref) or ref
        try:
            action = self.repository.get(action_id(plan, holder), projector_func=replay)
        except AggregateNotFoundError:
            holder = self.plan(plan).action_of(ref)
            action = self.repository.get(action_id(plan, holder), projector_func=replay)
        if ref in action.items:
            self._holders[(plan, ref)] = holder
        return action

    # -- commands ---------------------------------------------------------
    # Every command on one item goes through ``change_item``: load, decide at a
    # fresh instant, save; a refusal that was no real conflict is done again.

    def _change_item(
        self,
        plan: str,
        ref: str,
        effective: date | None,
        decide: Decide,
        *,
        conflicts: bool = True,
    ) -> bool:
        moment = partial(self._moment, effective)
        return change_item(self, plan, ref, decide, moment, conflicts=conflicts)

    def change_status(
        self,
        plan: str,
        ref: str,
        status: Status,
        *,
        by: str,
        reason: str | None = None,
        effective: date | None = None,
    ) -> bool:
        rules = governance.rules_for(self, plan, by)

        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.change_status(
                ref, status, by=by, at=at, effective_on=on, reason=reason, rules=rules
            )

        return self._change_item(plan, ref, effective, decide)

    def revise_due_date(
        self,
        plan: str,
        ref: str,
        due: date,
        *,
        by: str,
        reason: str | None,
        effective: date | None = None,
    ) -> bool:
        rules = governance.rules_for(self, plan, by)

        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.revise_due_date(
                ref, due, by=by, at=at, effective_on=on, reason=reason, rules=rules
            )

        return self._change_item(plan, ref, effective, decide)

    def assign(
        self,
        plan: str,
        ref: str,
        owner: str,
        *,
        by: str,
        reason: str | None = None,
        effective: date | None = None,
    ) -> bool:
        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.assign(ref, owner, by=by, at=at, effective_on=on, reason=reason)

        return self._change_item(plan, ref, effective, decide)

    def add_evidence(
        self,
        plan: str,
        ref: str,
        text: str,
        *,
        by: str,
        link: str | None = None,
        effective: date | None = None,
        reason: str | None = None,
    ) -> bool:
        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.add_evidence(
                ref, text, by=by, at=at, effective_on=on, link=link, reason=reason
            )

        return self._change_item(plan, ref, effective, decide, conflicts=False)

    def add_comment(
        self,
        plan: str,
        ref: str,
        text: str,
        *,
        by: str,
        effective: date | None = None,
        reason: str | None = None,
    ) -> bool:
        def decide(action: Action, at: datetime, on: date) -> bool:
            return action.add_comment(ref, text, by=by, at=at, effective_on=on, reason=reason)

        return self._change_item(plan, ref, effective, decide, conflicts=False)

    def import_plan(
        self,
        plan: str,
        rows: Sequence[PlanRow],
        *,
        by: str,
        source: str,
        title: str | None = None,
        reason: str | None = None,
        content_hash: str | None = None,
        origin: Origin | None = None,
        base: datetime | None = None,
        prefer: Prefer | None = None,
        dry_run: bool = False,
        expect: str | None = None,
    ) -> ImportReport:
        """Create or update a plan from checked rows by the three-way rule: all
        of it, or nothing. ``dry_run`` only reports what it would do; ``expect``
        (a preview's fingerprint) refuses if the plan changed since the preview."""
        request = ImportRequest(
            plan=plan,
            rows=rows,
            by=by,
            file_name=source,
            content_hash=content_hash or hashlib.sha256(repr(list(rows)).encode()).hexdigest(),
            title=title,
            reason=reason,
            origin_plan=origin.plan if origin else None,
            origin_base=origin.base if origin else None,
            base=base,
            prefer=prefer,
        )
        if dry_run:
            return importing.run(self, request, record=False, expect=None)
        with self.turns.turn():  # read, decide and save with no writer in between
            return importing.run(self, request, record=True, expect=expect)

    # -- what the scheduler needs to know of a plan -----------------------

    def set_contacts(self, plan: str, contacts: list[str], *, by: str) -> bool:
        """Who hears the plan's escalations and weekly exception report."""
        current = self.plan(plan)
        at, effective_on = self._moment(None)
        changed = current.set_contacts(contacts, by=by, at=at, effective_on=effective_on)
        self.save(current)
        return changed

    def configure_reminders(self, plan: str, policy: ReminderPolicy, *, by: str) -> bool:
        current = self.plan(plan)
        at, effective_on = self._moment(None)
        changed = current.configure_reminders(policy, by=by, at=at, effective_on=effective_on)
        self.save(current)
        return changed

    def reminder_settings(self, plan: str) -> tuple[ReminderPolicy, list[str]]:
        return reminder_settings(self, plan)  # its settings events, not the whole plan

    # -- archiving: hidden from lists and reminders, nothing lost ----------

    def set_archived(self, plan: str, archived: bool, *, by: str, reason: str) -> bool:
        """Archive a plan (or bring it back): the plans list, overdue across
        plans and the scheduler's scan leave it out; its board, history and
        as-at stay. False if it already was; a reason is required."""
        current = self.plan(plan)
        at, effective_on = self._moment(None)
        changed = current.set_archived(
            archived, reason=reason, by=by, at=at, effective_on=effective_on
        )
        self.save(current)
        return changed

    def is_archived(self, plan: str) -> bool:
        self.views.catch_up()
        return self.views.is_archived(plan)

    def archived_plans(self) -> list[str]:
        self.views.catch_up()
        return self.views.archived_plans()

    # -- the scheduler's records ------------------------------------------
    # These take the instant from the scan, which runs "as at" a moment.

    def flag_overdue(self, plan: str, ref: str, *, today: date, at: datetime) -> bool:
        """Record that ``ref`` is open past its due date, once per due date.
        Recorded at a fresh reading of the clock (never before the scan's ``at``):
        people may have recorded changes since the scan began."""

        def decide(action: Action, instant: datetime, _: date) -> bool:
            return action.flag_overdue(ref, today=today, by=SCHEDULER, at=instant)

        def moment() -> tuple[datetime, date]:
            return max(at, self.clock.now()), today

        return change_item(self, plan, ref, decide, moment, conflicts=False)

    def unflagged_overdue(self, on: date) -> dict[str, list[tuple[str, str]]]:
        """By plan (not archived), (ref, its action's ref) of each open item
        due before ``on`` not yet flagged for its due date."""
        self.views.catch_up()
        return unflagged(self.views, on)

    def flag_overdue_items(
        self, plan: str, items: Sequence[tuple[str, str]], *, today: date, at: datetime
    ) -> list[str]:
        """``flag_overdue`` for many of a plan's items, saved in one transaction;
        ``items`` as ``unflagged_overdue`` gives them. The refs flagged."""
        return flag_plan(self, plan, items, today=today, at=at)

    def scan_log(self) -> ScanLog | None:
        try:
            return cast(ScanLog, self.repository.get(SCAN_LOG_ID))
        except AggregateNotFoundError:
            return None

    @contextmanager
    def _turn_at(self, at: datetime) -> Iterator[datetime]:
        """The scheduler's and the relay's writes: in the writer turn, at the later
        of their own instant and the clock. Their instant was read when the scan or
        relay began; what they recorded since (flags, other messages) was recorded
        at fresh readings, and the log never goes back in time."""
        with self.turns.turn():
            yield max(at, self.clock.now())

    def record_scan(self, day: date, reports: list[str], *, at: datetime) -> bool:
        """Record a finished scan; False if another scheduler recorded it first."""
        with self._turn_at(at) as instant:
            log = self.scan_log() or ScanLog.start(at=instant, today=day)
            if log.last_day == day:
                return False
            log.completed(day, reports, at=instant)
            try:
                self.save(log)
            except ConcurrentChange:
                return False
        return True

    def queue_message(
        self,
        *,
        recipient: str,
        day: date,
        kind: str,
        subject: str,
        content: dict[str, Any],
        at: datetime,
    ) -> bool:
        """Record a message in the outbox, unless its key is already there:
        the store's uniqueness decides, so two schedulers record it once."""
        with self._turn_at(at) as instant:
            message = Message.queue(
                recipient=recipient,
                day=day,
                kind=kind,
                subject=subject,
                content=content,
                by=SCHEDULER,
                at=instant,
            )
            try:
                self.save(message)
            except ConcurrentChange:
                return False
        return True

    # -- the outbox -------------------------------------------------------

    def messages(self, delivery: Delivery | None = None) -> list[OutboxRow]:
        self.views.catch_up()
        return self.views.messages(delivery)

    def ready_messages(self, now: datetime) -> list[OutboxRow]:
        self.views.catch_up()
        return self.views.messages(ready_at=now)

    def message(self, key: str) -> Message:
        """A message by its id, or by an unambiguous start of it (as listed)."""
        try:
            return cast(Message, self.repository.get(UUID(key)))
        except (ValueError, AggregateNotFoundError):
            pass
        found = [row.id for row in self.messages() if row.id.startswith(key.strip().lower())]
        if len(found) != 1 or len(key.strip()) < 4:
            what = "no message" if not found else f"{len(found)} messages"
            raise UnknownMessage(f"{what} with id starting '{key}': see tracker notifications")
        return cast(Message, self.repository.get(UUID(found[0])))

    def claim_message(self, key: str, *, at: datetime) -> Message | None:
        """Take a ready message for sending; None if another relay has it."""
        message = self.message(key)
        if not message.ready(at):
            return None
        with self._turn_at(at) as instant:
            message.claim(at=instant, today=london_date(instant))
            try:
                self.save(message)
            except ConcurrentChange:
                return None
        return message

    def message_sent(self, message: Message, reply: str, *, at: datetime) -> Message:
        with self._turn_at(at) as instant:
            message.sent(reply, at=instant, today=london_date(instant))
            self.save(message)
        return message

    def message_failed(
        self, message: Message, reply: str, *, permanent: bool, at: datetime
    ) -> Message:
        with self._turn_at(at) as instant:
            message.failed(reply, permanent=permanent, at=instant, today=london_date(instant))
            self.save(message)
        return message

    def retry_message(self, key: str, *, by: str) -> Message:
        message = self.message(key)
        at = self.clock.now()
        message.requeue(by=by, at=at, today=london_date(at))
        self.save(message)
        return message

    # -- queries ----------------------------------------------------------

    def board(self, plan: str, *, as_at: datetime | None = None) -> Board:
        """The board now, or as the system knew it at ``as_at`` (overdue judged
        on that instant's London date)."""
        self.views.catch_up()  # writes by other processes
        if as_at is None:
            now = self.clock.now()
            title = self.views.plan_title(plan)
            if title is None:
                raise UnknownPlan(f"there is no plan '{plan}'")
            items = self.views.current(plan)
            return make_board(plan, title, items, as_at=now, on=london_date(now), historical=False)
        title = self.views.plan_title(plan, instant_key(as_at))
        if title is None:
            raise UnknownPlan(f"plan '{plan}' did not exist at {as_at.isoformat()}")
        if recorded_after(self.views, plan, as_at):
            items = self.views.as_at(plan, as_at)
        else:  # nothing recorded on it since: its items as at then are its current ones
            items = self.views.current(plan)
        return make_board(plan, title, items, as_at=as_at, on=london_date(as_at), historical=True)

    def overdue(
        self, plan: str | None, on: date | None = None
    ) -> tuple[date, list[tuple[str, OverdueItem]]]:
        """Items open now whose due date is before ``on`` (default: today)."""
        day = on or london_date(self.clock.now())
        self.views.catch_up()
        if plan is not None and self.views.plan_title(plan) is None:
            raise UnknownPlan(f"there is no plan '{plan}'")  # an error, not an empty list
        # across all plans, archived ones are left out; asked by name, a plan answers
        return day, overdue_items(self.views, day, plan=plan, include_archived=plan is not None)

    def recorded_with(self, plan: str, status: Status, since: datetime, until: datetime) -> bool:
        """Whether an item of the plan was recorded with ``status`` in (since, until]."""
        self.views.catch_up()
        return recorded_with(self.views, plan, status, since, until)

    def changes(
        self,
        plan: str,
        *,
        since: datetime,
        until: datetime | None = None,
        after: Board | None = None,
    ) -> Changes:
        """What moved between ``since`` and ``until``; ``after``: the board as
        at ``until``, when the caller has it already."""
        end = until or self.clock.now()
        try:
            before = self.board(plan, as_at=since)
        except UnknownPlan:
            before = make_board(plan, "", [], as_at=since, on=london_date(since), historical=True)
        return compare(before, after or self.board(plan, as_at=end))

    def history(self, plan: str, ref: str | None = None) -> list[dict[str, Any]]:
        """Every event of the plan (or of one item), oldest first, in log order;
        read from the plan's own streams (indexed), not by walking the log."""
        current = self.plan(plan)
        if ref is None:
            ids = [plan_id(plan), *(action_id(plan, r) for r in current.action_refs())]
        else:
            ids = [action_id(plan, current.action_of(ref))]
        rows = []
        erased = self.directory.erased()
        added_on: dict[str, date] = {}  # each item's first effective date, as met
        for record in stream_records(self.recorder, ids):
            row = history_row(record.topic, decode_state(record), record.position)
            row = mark_backdated(row, added_on)
            if ref is None or row["ref"] == ref:
                rows.append(mark_erased(row, erased))
        return rows

    def erase_person(self, key: str) -> bool:
        """Erase a person's contact details; the history then shows the key as
        erased. Refuses a key the tracker has never known. False if already erased."""
        key = key.strip()
        if key in self.directory.erased():
            return False
        if self.directory.email(key) is None and not self._names(key):
            raise UnknownPerson(f"no person '{key}' in the directory or the history")
        return self.directory.erase(key)

    def _names(self, key: str) -> bool:
        """Whether any event names ``key`` as who did it, an owner or a contact."""
        for notification in self._log():
            state = decode_state(notification)
            named = [state.get(f) for f in ("by", "owner", "old", "new")]
            if key in named or key in (state.get("contacts") or ()):
                return True
        return False

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild every view from the log; boards keep answering meanwhile."""
        return self.views.rebuild(progress)

    def plans(self, include_archived: bool = False) -> list[str]:
        self.views.catch_up()
        return self.views.plans(include_archived)

    def plan_summaries(self, *, archived: bool = False) -> list[PlanSummary]:
        """Every plan's title and RAG totals now (the plans list); with
        ``archived``, the archived plans' instead."""
        self.views.catch_up()
        return plan_summaries(self.views, london_date(self.clock.now()), archived=archived)

    def boards(self) -> list[Board]:
        """Every current plan's board now."""
        return [self.board(plan) for plan in self.plans()]

    def workload(self, plan: str) -> list[Workload]:
        return workload(self.board(plan))

    def _log(self, topics: Sequence[str] = ()) -> Iterator[Notification]:
        """The notification log, streamed a page at a time."""
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=_PAGE, topics=topics)
            yield from page
            if len(page) < _PAGE:
                return
            start = page[-1].id + 1

    # -- governance: a plan's settings, requests and positions --------------
    # (application/governance.py; the domain decides, see domain/governance.py)

    def governance(self, plan: str) -> Governance:
        return governance.governance(self, plan)

    def rules(self, plan: str, by: str) -> Rules:
        """The plan's settings and whether ``by`` is a chair, as changes see them."""
        return governance.rules_for(self, plan, by)

    def set_governance(self, plan: str, changes: dict[Setting, bool], *, by: str) -> list[Setting]:
        return governance.set_governance(self, plan, changes, by=by)

    def approve(self, plan: str, ref: str, *, by: str) -> bool:
        return governance.decide_request(self, plan, ref, by=by, reason=None)

    def reject(self, plan: str, ref: str, *, by: str, reason: str) -> bool:
        return governance.decide_request(self, plan, ref, by=by, reason=reason)

    def update_position(
        self,
        plan: str,
        ref: str,
        position: str,
        *,
        by: str,
        mitigation: str | None = None,
        next_steps: str | None = None,
        percent: int | None = None,
    ) -> bool:
        return governance.update_position(
            self,
            plan,
            ref,
            position,
            by=by,
            mitigation=mitigation,
            next_steps=next_steps,
            percent=percent,
        )
