"""Proof: eight writer processes recording changes at once, on SQLite and
PostgreSQL, each its own process with its own connection and system clock.

Eight items (two actions and three milestones of each, so four writers share
each action's stream), each process changing its own item with every kind of
item command: not one refusal reaches a writer, because none is a conflict
(the service retries the others and counts them). One item changed by all
eight: every refusal names the change that won, as recorded in the log. In
both: no change lost or doubled, every stream's versions run 1, 2, 3 ...
without a gap, the chain verifies, and the views equal an independent fold of
the raw events, before and after a rebuild.

Scale (CI, 2 cores): 8 x 80 changes on eight items; 8 x 40 on one item, where
each writer reads the board before each try as a person would (set
TRACKER_PROOF_OWN_CHANGES and TRACKER_PROOF_CHANGES to change the counts; the
eight-item count was 200 until the suite had to fit in minutes).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from eventsourcing.persistence import Notification

from application.integrity import verify_log
from application.service import ConcurrentChange, Tracker
from application.settings import Settings
from application.spreadsheet import check_rows
from domain.dates import LONDON
from domain.errors import ClockWentBackwards
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from tests.integration.test_as_at_property import reference_board

pytestmark = pytest.mark.proof

WRITERS = 8
CHANGES = {
    "one item": int(os.environ.get("TRACKER_PROOF_CHANGES", "40")),
    "eight items": int(os.environ.get("TRACKER_PROOF_OWN_CHANGES", "80")),
}
PLAN = "pl"
ITEMS = ["1", "1.a", "2", "2.a", "3", "3.a", "4", "4.a"]
FIELDS = ("status", "due", "owner", "rag", "overdue")
KINDS = ("StatusChanged", "DueDateRevised", "OwnerAssigned", "CommentAdded", "EvidenceAdded")
# "w123 changed its status from on track to at risk at 14:03:07 on 5 Jan 2010"
NAMED = re.compile(
    r"(?P<by>w\d+) changed its status from (?P<old>[a-z ]+) to (?P<new>[a-z ]+) "
    r"at (?P<time>\d\d:\d\d:\d\d) on (?P<day>\d{1,2} [A-Z][a-z]{2} \d{4})"
)


@dataclass
class Outcome:
    recorded: Counter[str] = field(default_factory=Counter)  # by event type
    refusals: list[str] = field(default_factory=list)
    unchanged: int = 0  # the board was stale: the change was already so
    late_instant: int = 0
    other_item: int = 0


def own_item(url: str, ref: str, changes: int) -> Outcome:
    """Change ``ref`` (this writer's alone) ``changes`` times, cycling through the
    five item commands; every one must be recorded, and none refused."""
    app = bootstrap(Settings(db=url))
    me, outcome = f"w{os.getpid()}", Outcome()
    commands = [
        lambda n: app.change_status(
            PLAN, ref, (Status.AT_RISK, Status.ON_TRACK)[n // 5 % 2], by=me
        ),
        lambda n: app.revise_due_date(
            PLAN, ref, date(2031, 1 + n // 5 % 12, 1), by=me, reason=f"change {n}"
        ),
        lambda n: app.assign(PLAN, ref, f"owner-{n}", by=me),
        lambda n: app.add_comment(PLAN, ref, f"comment {n}", by=me),
        lambda n: app.add_evidence(PLAN, ref, f"evidence {n}", by=me),
    ]
    try:
        for n in range(changes):
            try:
                if commands[n % 5](n):
                    outcome.recorded[KINDS[n % 5]] += 1
                else:
                    outcome.unchanged += 1
            except (ConcurrentChange, ClockWentBackwards) as refused:
                outcome.refusals.append(str(refused))
    finally:
        outcome.late_instant, outcome.other_item = (
            app.retries.late_instant,
            app.retries.other_item,
        )
        app.close()
    return outcome


def same_item(url: str, ref: str, changes: int) -> Outcome:
    """Flip ``ref`` between on_track and at_risk ``changes`` times, reading the
    board first as a person would; a refusal is kept, then tried again."""
    app = bootstrap(Settings(db=url))
    me, outcome = f"w{os.getpid()}", Outcome()
    try:
        while outcome.recorded["StatusChanged"] < changes:
            status = next(i.status for i in app.board(PLAN).items if i.ref == ref)
            new = Status.AT_RISK if status is Status.ON_TRACK else Status.ON_TRACK
            try:
                if app.change_status(PLAN, ref, new, by=me):
                    outcome.recorded["StatusChanged"] += 1
                else:
                    outcome.unchanged += 1
            except (ConcurrentChange, ClockWentBackwards) as refused:
                outcome.refusals.append(str(refused))
    finally:
        outcome.late_instant, outcome.other_item = (
            app.retries.late_instant,
            app.retries.other_item,
        )
        app.close()
    return outcome


def prepare(url: str) -> Tracker:
    app = bootstrap(Settings(db=url))
    sheet: list[list[object]] = [["ref", "parent", "title", "due", "owner", "status"]]
    for ref in ITEMS:
        parent = ref.split(".")[0] if "." in ref else ""
        sheet.append([ref, parent, f"Item {ref}", "2030-12-31", "o", "on_track"])
    app.import_plan(PLAN, check_rows("plan.csv", sheet), by="pmo", source="plan.csv")
    return app


@pytest.mark.parametrize("target", ["eight items", "one item"])
def test_concurrent_writers_lose_and_double_nothing(
    target: str, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    app = prepare(store_url)
    before = app.recorder.max_notification_id() or 0
    refs = ["1.a"] * WRITERS if target == "one item" else ITEMS
    work = same_item if target == "one item" else own_item
    started = time.monotonic()
    with multiprocessing.get_context("spawn").Pool(WRITERS) as pool:
        outcomes = pool.starmap(work, [(store_url, ref, CHANGES[target]) for ref in refs])
    elapsed = time.monotonic() - started

    log = app.recorder.select_notifications(start=before + 1, limit=1_000_000)
    recorded = Counter((n.topic.rsplit(".", 1)[-1], json.loads(n.state)["ref"]) for n in log)
    claimed: Counter[tuple[str, str]] = Counter()
    for ref, outcome in zip(refs, outcomes, strict=True):
        claimed.update({(kind, ref): count for kind, count in outcome.recorded.items()})
    assert recorded == claimed, "a change was lost or doubled"
    refusals = [text for outcome in outcomes for text in outcome.refusals]
    if target == "eight items":
        assert refusals == [], "a writer was refused although no one else changed its item"
        assert sum(claimed.values()) == WRITERS * CHANGES[target]
    else:
        assert refusals, "eight writers on one item never met: the proof proved nothing"
        changes = status_changes(log)
        for text in refusals:
            named = NAMED.search(text)
            assert named, f"a refusal that does not name the change that won: {text}"
            assert tuple(named.groups()) in changes, f"names no recorded change: {text}"

    versions: dict[object, list[int]] = {}
    for n in app.recorder.select_notifications(start=1, limit=1_000_000):
        versions.setdefault(n.originator_id, []).append(n.originator_version)
    for stream in versions.values():
        assert sorted(stream) == list(range(1, len(stream) + 1)), "versions not contiguous"
    verdict = verify_log(app.recorder)
    assert verdict.ok, verdict.first_break
    now = datetime.now(UTC)
    board = {i.ref: i.model_dump(mode="json") for i in app.board(PLAN, as_at=now).items}
    fold = reference_board(app, now)
    assert {r: {k: board[r][k] for k in FIELDS} for r in board} == {
        r: {k: fold[r][k] for k in FIELDS} for r in fold
    }
    app.rebuild()
    assert {i.ref: i.model_dump(mode="json") for i in app.board(PLAN, as_at=now).items} == board
    app.close()
    with capsys.disabled():
        late = sum(o.late_instant for o in outcomes)
        other = sum(o.other_item for o in outcomes)
        print(
            f"\n[proof] {WRITERS} writers x {CHANGES[target]} changes on {target} "
            f"({store_url.split(':')[0]}): {elapsed:.1f} s, {len(log)} events, "
            f"{len(refusals)} refusals, {sum(o.unchanged for o in outcomes)} already so, "
            f"retries: {late} (a later instant stored first) + {other} (another item "
            f"of the action changed)"
        )


def status_changes(log: Sequence[Notification]) -> set[tuple[str, ...]]:
    """Every recorded status change as a refusal would name it."""
    found: set[tuple[str, ...]] = set()
    for n in log:
        if n.topic.endswith("StatusChanged"):
            state = json.loads(n.state)
            when = datetime.fromisoformat(state["timestamp"]).astimezone(LONDON)
            words = (state["old"].replace("_", " "), state["new"].replace("_", " "))
            found.add((state["by"], *words, f"{when:%H:%M:%S}", f"{when:%-d %b %Y}"))
    return found
