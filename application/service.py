"""The application service, ``Tracker``: every command and query offered.

Why: callers (the CLI, the web, the scheduler, the relay, the tests) hold one
service. Its parts live by idea in their own modules and are mixed in here:
the item commands (``item_commands``), the plan commands (``plan_commands``),
the scheduler's records (``scheduler_records``), the outbox (``outbox``), the
queries (``queries``) and erasure (``erasure``), each typed against a small
protocol of what it needs rather than against this class. What stays here is
what they share: building the stores and views, saving (with the check that
the log never goes back in time), loading a plan or an item's action, and
delegates to meetings and governance. The clock is injected: its instant is
the one every event of a command records.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Mapper
from pydantic_core import from_json

from application import governance, meeting_boards
from application import meetings as board_meetings
from application import what_moved as explained_changes
from application.calendar_tokens import CalendarTokens
from application.clock import Clock, SystemClock
from application.command_template import ConcurrentChange as ConcurrentChange  # re-exported
from application.command_template import LateInstant, Retries, VersionClash
from application.directory import Directory
from application.erasure import Erasure
from application.erasure import UnknownPerson as UnknownPerson  # re-exported
from application.integrity_status import IntegrityStatus
from application.item_command import replay
from application.item_commands import ItemCommands
from application.log_head import LogHead, log_head
from application.outbox import Outbox
from application.outbox import UnknownMessage as UnknownMessage  # re-exported
from application.pending_uploads import PendingUploads
from application.persistence import JSONTranscoder, PydanticMapper
from application.plan_commands import PlanCommands
from application.queries import Queries
from application.saving import save_collected
from application.scheduler_records import SchedulerRecords
from application.users import Users
from application.writer_turns import WriterTurns
from domain.action import Action, action_id
from domain.errors import UnknownPlan
from domain.governance import Governance, Rules, Setting
from domain.meetings import Meeting
from domain.plan import Plan, plan_id
from projections.board import Board
from projections.changes import Changes
from projections.due_revisions import due_revisions
from projections.item_versions import ItemVersionsView
from projections.trend import ComparedBoard, Trend
from store.chain_writer import Inserted, after_insert_hooks
from store.database import Database
from store.dialect import Dialect

if TYPE_CHECKING:
    from application.indicators import Indicators


def _recorded_at(state: bytes) -> datetime:
    return datetime.fromisoformat(from_json(state)["timestamp"])  # pydantic's parser: faster


class Tracker(
    ItemCommands, PlanCommands, SchedulerRecords, Outbox, Queries, Erasure, Application[UUID]
):
    name = "tracker"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        clock: Clock | None = None,
        dialect: Dialect | None = None,  # built once by bootstrap; else read from the recorder
    ) -> None:
        self.clock = clock or SystemClock()
        super().__init__(env)
        self.db = Database.of_recorder(self.recorder, dialect or Dialect.of_recorder(self.recorder))
        self.directory = Directory(self.db)
        self.users = Users(self.db)
        self.integrity = IntegrityStatus(self.db)  # the latest verdict on the chain
        self.uploads = PendingUploads(self.db)
        self.views = ItemVersionsView(self.recorder, self.db)
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
            return save_collected(self, self.views, objs, kwargs)
        except IntegrityError:
            raise VersionClash(
                "someone else changed this plan at the same moment: nothing was "
                "recorded; please try again"
            ) from None

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

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Rebuild every view from the log; boards keep answering meanwhile."""
        return self.views.rebuild(progress)

    @cached_property
    def indicators(self) -> Indicators:
        """A plan's performance indicators (imported on first use: a board or
        a list never loads their rules)."""
        from application.indicators import Indicators

        return Indicators(self)

    # -- calendars (application/calendar_tokens.py, projections/due_revisions.py)

    @cached_property
    def calendar_tokens(self) -> CalendarTokens:
        """The users' private calendar addresses (made on first use)."""
        return CalendarTokens(self.db)

    def due_revisions(self, plan: str, refs: Collection[str] | None = None) -> dict[str, int]:
        """How many times each revised item of the plan (or of ``refs`` only)
        has had its due date revised."""
        self.views.catch_up()
        return due_revisions(self.views, plan, refs)

    def log_head(self) -> LogHead:
        """The log's last position and chain link (for packs to state; unverified)."""
        return log_head(self.recorder)

    # -- board meetings: delegates (meetings.py, meeting_boards.py, what_moved.py)

    def record_meeting(self, plan: str, held_on: date, title: str = "", *, by: str) -> bool:
        """Record that the plan's board met on ``held_on``; False if recorded already."""
        return board_meetings.record_meeting(self, plan, held_on, title, by=by)

    def meetings(self, plan: str) -> list[Meeting]:
        """The plan's board meetings, oldest first."""
        return board_meetings.meetings(self, plan)

    def compared_board(
        self, plan: str, *, as_at: datetime | None = None, board: Board | None = None
    ) -> ComparedBoard:
        """The board (or ``board``, read already) with each item's RAG at the
        last meeting and its direction."""
        return meeting_boards.compared_board(self, plan, as_at, board)

    def trend(self, plan: str, *, as_at: datetime | None = None) -> Trend:
        """RAG totals as at the end of each meeting day, oldest first (with
        ``as_at``: of the meetings held and recorded by then)."""
        return meeting_boards.meeting_trend(self, plan, as_at)

    def what_moved(
        self, plan: str, *, since: datetime | None = None, until: datetime | None = None
    ) -> Changes:
        """What moved, explained and grouped; since the last meeting by default."""
        return explained_changes.what_moved(self, plan, since=since, until=until)

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
