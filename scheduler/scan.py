"""The daily scan: flag items that have passed their due date, and queue the
day's reminders, escalations and exception reports in the outbox.

It runs "as at" an instant it is given. It looks at every day since the
previous recorded scan, so after downtime one scan catches up, and a second
scan on the same day (or a second scheduler) records nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from domain.action import Item
from domain.dates import london_date
from domain.reminders import ReminderPolicy, report_due
from domain.status import Status
from notifications.content import (
    Digest,
    ExceptionReport,
    LateFigure,
    LateFigures,
    Mention,
    Movement,
    PlanReport,
)
from projections.board import Board, BoardItem, board_item, make_board
from projections.changes import Move
from scheduler.calendar import EnglishWorkingDays
from scheduler.late_figures import LateReminders
from scheduler.rules import Remembered, Rules

if TYPE_CHECKING:
    from application.service import Tracker


@dataclass
class ScanReport:
    day: date
    skipped: str | None = None
    flagged: list[str] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)  # newly recorded: "kind to recipient"
    already: int = 0  # found already recorded (a re-run, or another scheduler)


def scan(tracker: Tracker, now: datetime, calendar: EnglishWorkingDays) -> ScanReport:
    day = london_date(now)
    why_not = calendar.why_not(day)
    if why_not:
        return ScanReport(day, skipped=f"{day:%a %d %b %Y} is {why_not}: no scan, no reminders")
    log = tracker.scan_log()
    after = log.last_day if log and log.last_day else day - timedelta(days=1)
    if after >= day:
        return ScanReport(day, skipped=f"{day:%a %d %b %Y} has been scanned already")
    since = log.last_at if log and log.last_at else now - timedelta(days=1)
    report = ScanReport(day)

    # Only items not yet flagged for their due date, found by the views; each
    # plan's flags are saved together.
    for plan, items in tracker.unflagged_overdue(day).items():
        flagged = tracker.flag_overdue_items(plan, items, today=day, at=now)
        report.flagged += [f"{plan} {ref}" for ref in flagged]

    days = Remembered(calendar)  # the same days are asked about for every item
    rules_of: dict[ReminderPolicy, Rules] = {}  # plans mostly share a policy
    digests: dict[str, list[Mention]] = defaultdict(list)
    escalations: dict[str, list[Mention]] = defaultdict(list)
    exceptions: dict[str, list[PlanReport]] = defaultdict(list)
    late_reminders = LateReminders(days, after, day)
    reported: list[str] = []
    for plan in tracker.plans():
        policy, contacts = tracker.reminder_settings(plan)
        rules = rules_of.get(policy) or rules_of.setdefault(policy, Rules(policy, days, after, day))
        found = _PlanNow(tracker, plan, now)  # its items; judged as board rows only if needed
        off_track: set[str] = set()  # newly declared so: compared only if one may be
        if policy.escalate_off_track and tracker.recorded_with(plan, Status.OFF_TRACK, since, now):
            moved = tracker.changes(plan, since=since, until=now, after=found.board)
            off_track = {m.ref for m in moved.status_changes if m.new == Status.OFF_TRACK.value}
        mentioned = []  # (item, why its owner hears, why it is escalated)
        for item in found.items:
            if not item.status.is_open:
                continue
            trigger = rules.owner(item.due)
            why_owner = trigger.why if trigger and item.owner else None
            why = rules.escalation(item, off_track)
            if why_owner or why:
                mentioned.append((item, why_owner, why))
        reporting = bool(contacts) and report_due(policy, days, after, day)
        found.read_revisions(None if reporting else {item.ref for item, _, _ in mentioned})
        for item, why_owner, why in mentioned:
            if why_owner:
                digests[item.owner].append(found.mention(found.row(item), why_owner))
            if why:
                for contact in contacts:
                    escalations[contact].append(found.mention(found.row(item), why))
        readings = tracker.indicators.readings(plan, now)
        late = late_reminders.of_plan(plan, found.title, readings, policy.figures_within)
        if reporting:
            last = (log.reported.get(plan) if log else None) or now - timedelta(weeks=1)
            plan_report = _plan_report(tracker, found, last, late)
            for contact in contacts:
                exceptions[contact].append(plan_report)
            reported.append(plan)

    for owner, mentions in sorted(digests.items()):
        verb = "needs" if len(mentions) == 1 else "need"
        subject = f"{_count(len(mentions), 'improvement plan item')} {verb} your attention"
        _queue(
            tracker,
            report,
            owner,
            day,
            "digest",
            subject,
            Digest(recipient=owner, day=day, mentions=mentions),
            now,
        )
    for contact, mentions in sorted(escalations.items()):
        subject = f"Escalation: {_count(len(mentions), 'item')} for the Improvement Board"
        _queue(
            tracker,
            report,
            contact,
            day,
            "escalation",
            subject,
            Digest(recipient=contact, day=day, mentions=mentions),
            now,
        )
    for owner, subject, reminder in late_reminders.reminders():
        _queue(tracker, report, owner, day, "late-figures", subject, reminder, now)
    for contact, plans in sorted(exceptions.items()):
        subject = f"Exception report for the Improvement Board, {day:%d %B %Y}"
        body = ExceptionReport(recipient=contact, day=day, plans=plans)
        _queue(tracker, report, contact, day, "exceptions", subject, body, now)
    tracker.record_scan(day, reported, at=now)
    return report


def _queue(
    tracker: Tracker,
    report: ScanReport,
    recipient: str,
    day: date,
    kind: str,
    subject: str,
    body: Digest | ExceptionReport | LateFigures,
    now: datetime,
) -> None:
    content = body.model_dump(mode="json")
    if tracker.queue_message(
        recipient=recipient, day=day, kind=kind, subject=subject, content=content, at=now
    ):
        report.queued.append(f"{kind} to {recipient}")
    else:
        report.already += 1


class _PlanNow:
    """A plan's items as at the scan's instant, judged as board rows only when
    a message needs them (a quiet day mentions a few; a report day, every
    plan's board), with their due-date revision counts read in one query."""

    def __init__(self, tracker: Tracker, plan: str, now: datetime) -> None:
        self._tracker, self.plan, self._now = tracker, plan, now
        self.title, self.items = tracker.items_as_at(plan, now)
        self._on = london_date(now)
        self._board: Board | None = None
        self._revisions: dict[str, int] = {}
        self._mentions: dict[tuple[str, str], Mention] = {}  # one per item and reason

    @property
    def board(self) -> Board:
        """The board as at the scan's instant (as ``tracker.board`` makes it)."""
        if self._board is None:
            self._board = make_board(
                self.plan, self.title, self.items, as_at=self._now, on=self._on, historical=True
            )
        return self._board

    def row(self, item: Item) -> BoardItem:
        return board_item(item, self._on)

    def read_revisions(self, refs: Collection[str] | None) -> None:
        """Read the revision counts of ``refs`` (None: of every item)."""
        if refs is None or refs:
            self._revisions = self._tracker.due_revisions(self.plan, refs)

    def mention(self, item: BoardItem, why: str) -> Mention:
        key = (item.ref, why)
        if key not in self._mentions:
            self._mentions[key] = Mention(
                plan=self.plan,
                plan_title=self.title,
                ref=item.ref,
                title=item.title,
                owner=item.owner,
                status=item.status.value,
                rag=item.rag,
                due=item.due,
                original_due=item.original_due,
                days_overdue=item.days_overdue,
                why=why,
                revisions=self._revisions.get(item.ref, 0),
            )
        return self._mentions[key]


def _plan_report(
    tracker: Tracker, found: _PlanNow, since: datetime, late: list[LateFigure]
) -> PlanReport:
    board = found.board
    plan, title, items = board.plan, board.title, board.items
    moved = tracker.changes(plan, since=since, until=board.as_at, after=board)

    def movements(moves: list[Move]) -> list[Movement]:
        return [Movement(ref=m.ref, title=m.title, old=m.old, new=m.new) for m in moves]

    return PlanReport(
        plan=plan,
        plan_title=title,
        since=london_date(since),
        red=[
            found.mention(i, "overdue" if i.overdue else "declared off track")
            for i in items
            if i.rag == "red"
        ],
        amber=[found.mention(i, "declared at risk") for i in items if i.rag == "amber"],
        overdue=[found.mention(i, "overdue") for i in items if i.overdue],
        deadlines_revised=movements(moved.deadlines_revised),
        newly_complete=movements(moved.newly_complete),
        newly_verified=movements(moved.newly_verified),
        newly_red=movements(moved.newly_red),
        late_figures=late,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
