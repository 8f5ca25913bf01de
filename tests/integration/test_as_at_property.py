"""Property: the board as at any instant equals an independent fold of the
events recorded up to that instant.

Random sequences of valid and invalid commands run through the application at
increasing simulated times; then, for random instants, ``board(as_at=T)`` is
compared with a fold of the raw stored JSON written here from DOMAIN.md alone.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import check_rows
from domain.dates import london_date
from domain.errors import TrackerError
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from tests.conftest import fresh_store

pytestmark = pytest.mark.proof

PLAN = "pl"
START = datetime(2009, 7, 1, 9, tzinfo=UTC)
REFS = ["1", "1.a", "1.b", "2", "2.a", "3"]
SHEET: list[list[object]] = [
    ["ref", "parent", "title", "due", "owner"],
    ["1", "", "One", "2009-09-30", "a"],
    ["1.a", "1", "One A", "2009-08-31", "a"],
    ["1.b", "1", "One B", "2009-10-31", "b"],
    ["2", "", "Two", "2009-12-31", "b"],
    ["2.a", "2", "Two A", "2009-11-30", "c"],
]

command = st.tuples(
    st.sampled_from(["status", "status", "status", "due", "assign", "evidence", "import"]),
    st.sampled_from(REFS),
    st.sampled_from(list(Status)),
    st.integers(min_value=-40, max_value=120),  # due date shift in days
    st.sampled_from(["a", "b", "c"]),
    st.booleans(),  # give a reason?
    st.integers(min_value=0, max_value=20 * 24),  # hours until the next command
)


def run(app: Tracker, clock: FixedClock, commands: list[tuple[Any, ...]]) -> None:
    app.import_plan(PLAN, check_rows("plan.csv", SHEET), by="pmo", source="plan.csv")
    for kind, ref, status, shift, owner, reasoned, gap in commands:
        clock.set(clock.now() + timedelta(hours=gap))
        reason = "board decision" if reasoned else None
        try:
            if kind == "status":
                app.change_status(PLAN, ref, status, by=owner, reason=reason)
            elif kind == "due":
                app.revise_due_date(
                    PLAN, ref, date(2009, 10, 1) + timedelta(days=shift), by=owner, reason=reason
                )
            elif kind == "assign":
                app.assign(PLAN, ref, owner, by="pmo")
            elif kind == "evidence":
                app.add_evidence(PLAN, ref, f"minutes {shift}", by=owner)
            else:  # add a new action by re-importing with one more row
                app.import_plan(
                    PLAN,
                    check_rows("plan.csv", [*SHEET, ["3", "", "Three", "2010-01-31", owner]]),
                    by="pmo",
                    source="plan.csv",
                )
        except TrackerError:
            pass  # refused: must have recorded nothing, which the fold will show


RAG = {
    "not_started": "grey",
    "on_track": "green",
    "at_risk": "amber",
    "off_track": "red",
    "complete": "green",
    "verified": "blue",
    "deferred": "grey",
    "withdrawn": "grey",
}
OPEN = {"not_started", "on_track", "at_risk", "off_track"}


def reference_board(
    app: Tracker, until: datetime, streams: set[Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Fold raw stored events recorded at or before ``until`` (of ``streams`` only,
    when given: a store holding several plans)."""
    on = london_date(until)
    items: dict[str, dict[str, Any]] = {}
    for n in app.recorder.select_notifications(start=1, limit=1_000_000):
        if streams is not None and n.originator_id not in streams:
            continue
        event = json.loads(n.state)
        if datetime.fromisoformat(event["timestamp"]) > until:
            continue
        kind = n.topic.rsplit(".", 1)[-1]
        if kind in ("ActionAdded", "MilestoneAdded"):
            done = event["status"] in ("complete", "verified")
            items[event["ref"]] = {
                "status": event["status"],
                "due": event["due"],
                "original_due": event["due"],
                "owner": event["owner"],
                "evidence": 0,
                "completed_on": event["effective_on"] if done else None,
            }
        elif kind == "StatusChanged":
            item = items[event["ref"]]
            item["status"] = event["new"]
            if event["new"] in OPEN:
                item["completed_on"] = None
            elif event["new"] == "complete" or (
                event["new"] == "verified" and item["completed_on"] is None
            ):
                item["completed_on"] = event["effective_on"]
        elif kind == "DueDateRevised":
            items[event["ref"]]["due"] = event["new"]
        elif kind == "OwnerAssigned":
            items[event["ref"]]["owner"] = event["new"]
        elif kind == "EvidenceAdded":
            items[event["ref"]]["evidence"] += 1
    for item in items.values():
        due = date.fromisoformat(item["due"])
        item["overdue"] = item["status"] in OPEN and due < on
        item["days_overdue"] = (on - due).days if item["overdue"] else 0
        item["rag"] = "red" if item["overdue"] else RAG[item["status"]]
    return items


def check(kind: str, commands: list[tuple[Any, ...]], instants: list[float]) -> None:
    with fresh_store(kind) as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        try:
            run(app, clock, commands)
            span = (clock.now() - START).total_seconds() + 3600
            recorded = sorted(  # the exact instants changes were recorded at: the edges
                {
                    json.loads(n.state)["timestamp"]
                    for n in app.recorder.select_notifications(1, 10_000)
                }
            )
            moments = [START + timedelta(seconds=span * fraction) for fraction in instants]
            for when in moments + [datetime.fromisoformat(t) for t in recorded]:
                board = app.board(PLAN, as_at=when).model_dump(mode="json")
                got = {
                    i["ref"]: {
                        k: i[k]
                        for k in (
                            "status",
                            "due",
                            "original_due",
                            "owner",
                            "evidence",
                            "completed_on",
                            "overdue",
                            "days_overdue",
                            "rag",
                        )
                    }
                    for i in board["items"]
                }
                assert got == reference_board(app, when), f"as at {when.isoformat()}"
        finally:
            app.close()


instants = st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=st.lists(command, max_size=40), instants=instants)
def test_as_at_equals_the_fold_on_sqlite(
    commands: list[tuple[Any, ...]], instants: list[float]
) -> None:
    check("sqlite", commands, instants)


@pytest.mark.postgres
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=st.lists(command, max_size=40), instants=instants)
def test_as_at_equals_the_fold_on_postgres(
    commands: list[tuple[Any, ...]], instants: list[float]
) -> None:
    check("postgres", commands, instants)
