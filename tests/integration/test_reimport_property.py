"""A property of re-import: for random plans, random changes in the tracker and
random edits of the file, the plan after the import is what an independent
statement of the three-way rule says, a conflict refuses the file whole, and
the dry run names exactly the changes the import records."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.clock import FixedClock
from application.import_report import ImportConflicts
from application.settings import Settings
from application.spreadsheet import check_rows
from domain.status import Status
from entrypoints.bootstrap import bootstrap

pytestmark = pytest.mark.proof

PLAN = "prop-plan"
OPEN = ["not_started", "on_track", "at_risk", "off_track"]
OWNERS = ["hos-cf", "dcs", "lscb-manager"]
DUES = [date(2010, 1, 31), date(2010, 3, 31), date(2010, 6, 30)]
TITLES = ["Audit", "Recruit", "Train", "Review"]
HEADER = ["ref", "parent", "title", "owner", "due", "status"]
FIELDS = ["title", "owner", "due", "status"]

Row = dict[str, str]


def values_of(field: str) -> list[str]:
    return {
        "title": TITLES,
        "owner": OWNERS,
        "due": [d.isoformat() for d in DUES],
        "status": OPEN,
    }[field]


@st.composite
def scenario(draw: st.DrawFn) -> tuple[list[Row], list[tuple[str, str, str]], list[Row]]:
    actions = draw(st.integers(1, 3))
    rows: list[Row] = []
    for a in range(1, actions + 1):
        for m in range(draw(st.integers(0, 2)) + 1):
            ref = str(a) if m == 0 else f"{a}.{m}"
            rows.append(
                {
                    "ref": ref,
                    "parent": "" if m == 0 else str(a),
                    **{f: draw(st.sampled_from(values_of(f))) for f in FIELDS},
                }
            )
    refs = [r["ref"] for r in rows]
    cells = st.tuples(st.sampled_from(refs), st.sampled_from(FIELDS[1:]))
    tracker = [
        (ref, field, draw(st.sampled_from(values_of(field))))
        for ref, field in draw(st.lists(cells, max_size=5))
    ]
    edited = [dict(r) for r in rows]
    for ref, field in draw(
        st.lists(st.tuples(st.sampled_from(refs), st.sampled_from(FIELDS)), max_size=5)
    ):
        row = next(r for r in edited if r["ref"] == ref)
        row[field] = draw(st.sampled_from(values_of(field)))
    return rows, tracker, edited


def sheet(rows: list[Row]) -> list[list[object]]:
    table: list[list[object]] = [list(HEADER)]
    return table + [[r[h] for h in HEADER] for r in rows]


def oracle(base: list[Row], tracker: dict[str, Row], file: list[Row]) -> dict[str, Row] | None:
    """The three-way rule, stated directly: None when the file must be refused."""
    result = {ref: dict(row) for ref, row in tracker.items()}
    for before, after in zip(base, file, strict=True):
        ref = before["ref"]
        for field in FIELDS:
            b, f, t = before[field], after[field], tracker[ref][field]
            if f in (b, t):
                continue  # unchanged in the file (the tracker's stands), or the same change
            if t != b:
                return None  # both changed it, differently: a conflict
            result[ref][field] = f
    return result


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario())
def test_reimport_follows_the_three_way_rule(
    case: tuple[list[Row], list[tuple[str, str, str]], list[Row]],
) -> None:
    base, tracker_changes, file = case
    clock = FixedClock(datetime(2009, 7, 1, 9, tzinfo=UTC))
    with tempfile.TemporaryDirectory() as folder:
        app = bootstrap(Settings(db=f"sqlite:///{folder}/t.db"), clock=clock)
        try:
            app.import_plan(PLAN, check_rows("base.csv", sheet(base)), by="pmo", source="base.csv")
            tracker = {r["ref"]: dict(r) for r in base}
            for ref, field, value in tracker_changes:
                clock.set(clock.now() + timedelta(minutes=5))
                if field == "owner":
                    app.assign(PLAN, ref, value, by="dcs")
                elif field == "due":
                    app.revise_due_date(PLAN, ref, date.fromisoformat(value), by="dcs", reason="r")
                else:
                    app.change_status(PLAN, ref, Status(value), by="dcs")
                tracker[ref][field] = value
            clock.set(clock.now() + timedelta(minutes=5))
            rows = check_rows("file.csv", sheet(file))
            expected = oracle(base, tracker, file)
            before = app.recorder.max_notification_id()
            preview = app.import_plan(
                PLAN, rows, by="pmo", source="file.csv", reason="r", dry_run=True
            )
            assert app.recorder.max_notification_id() == before
            if expected is None:
                assert preview.conflicts
                try:
                    app.import_plan(PLAN, rows, by="pmo", source="file.csv", reason="r")
                except ImportConflicts:
                    pass
                else:
                    raise AssertionError("a conflicting file was imported")
                assert app.recorder.max_notification_id() == before
                return
            assert not preview.conflicts
            report = app.import_plan(PLAN, rows, by="pmo", source="file.csv", reason="r")
            board = {i.ref: i for i in app.board(PLAN).items}
            got = {
                ref: {
                    "title": i.title,
                    "owner": i.owner,
                    "due": i.due.isoformat(),
                    "status": i.status.value,
                }
                for ref, i in board.items()
            }
            assert got == {ref: {f: row[f] for f in FIELDS} for ref, row in expected.items()}
            recorded = (app.recorder.max_notification_id() or 0) - (before or 0)
            assert recorded == (preview.events + 1 if preview.events else 0) == report.events
            assert [(c.ref, c.field) for c in report.changes] == [
                (c.ref, c.field) for c in preview.changes
            ]
        finally:
            app.close()
