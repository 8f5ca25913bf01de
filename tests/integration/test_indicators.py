"""Indicators on the real stores: revisions kept and seen as at, definitions
changed without losing the old, refusals that record nothing, and answers that
survive reopening and a rebuild."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from application.indicators import UnknownIndicator
from application.service import Tracker
from domain.errors import InvalidPeriod, ReasonRequired, UnknownItem, UnknownPlan
from domain.indicator import Definition, Figure
from tests.conftest import Clock
from tests.plans import import_sample

PLAN = "laming-2009"
NI59 = Definition(
    title="Initial assessments within 7 working days",
    unit="percent",
    better="higher",
    frequency="monthly",
    owner="hos-cf",
    actions=("11",),
)


def _json(app: Tracker, as_at: datetime | None = None) -> list[dict[str, object]]:
    return [r.as_json() for r in app.indicators.readings(PLAN, as_at)]


def test_a_revision_is_seen_only_after_it_was_recorded(app: Tracker, clock: Clock) -> None:
    import_sample(app, PLAN)
    app.indicators.define(PLAN, "NI59", NI59, by="pi-lead")
    clock.advance(days=1)
    app.indicators.report(PLAN, "NI59", "2009-06", Figure(value=71.9, target=80.0), by="pi-lead")
    provisional = clock.now()  # the board met with the provisional figure
    clock.advance(days=1)
    app.indicators.report(
        PLAN,
        "NI59",
        "2009-06",
        Figure(value=76.4, target=80.0),
        by="pi-lead",
        reason="validated return replaces the provisional figure",
    )
    now = app.indicators.readings(PLAN)[0]
    assert (now.latest and now.latest.value, now.latest and now.latest.revised) == (76.4, True)
    assert now.rag == "amber" and now.distances()["target"] == "3.6 points below target"
    then = app.indicators.readings(PLAN, provisional)[0]
    assert then.latest is not None and then.latest.value == 71.9 and not then.latest.revised
    assert then.rag == "red" and then.distances()["target"] == "8.1 points below target"
    before_any = app.indicators.readings(PLAN, datetime(2009, 1, 1, tzinfo=UTC))
    assert before_any == []
    history = app.indicators.history(PLAN, "ni59")
    assert [(row["type"], row.get("revises")) for row in history] == [
        ("IndicatorDefined", None),
        ("FigureReported", False),
        ("FigureReported", True),
    ]


def test_a_definition_change_keeps_the_old_and_shows_the_one_in_force(
    app: Tracker, clock: Clock
) -> None:
    import_sample(app, PLAN)
    app.indicators.define(PLAN, "NI59", NI59, by="pi-lead")
    app.indicators.report(PLAN, "NI59", "2009-03", Figure(value=70.0), by="pi-lead")
    clock.advance(days=30)
    ten_days = NI59.model_copy(update={"title": "Initial assessments within 10 working days"})
    assert app.indicators.define(PLAN, "NI59", ten_days, by="pi-lead", reason="national change")
    app.indicators.report(PLAN, "NI59", "2009-04", Figure(value=74.0), by="pi-lead")
    reading = app.indicators.readings(PLAN)[0]
    assert reading.title == ten_days.title and reading.definitions == 2
    assert [p.definition for p in reading.series] == [NI59.title, ten_days.title]
    assert reading.direction == "better"


def test_refusals_record_nothing(app: Tracker) -> None:
    import_sample(app, PLAN)
    app.indicators.define(PLAN, "NI59", NI59, by="pi-lead")
    app.indicators.report(PLAN, "NI59", "2009-06", Figure(value=71.9), by="pi-lead")
    head = app.recorder.max_notification_id()
    with pytest.raises(ReasonRequired):
        app.indicators.report(PLAN, "NI59", "2009-06", Figure(value=70.0), by="pi-lead")
    with pytest.raises(InvalidPeriod):
        app.indicators.report(PLAN, "NI59", "2009/11", Figure(value=70.0), by="pi-lead")
    with pytest.raises(UnknownIndicator, match="no indicator NI68: define it first"):
        app.indicators.report(PLAN, "NI68", "2009-06", Figure(value=70.0), by="pi-lead")
    with pytest.raises(UnknownPlan):
        app.indicators.report("no-plan", "NI59", "2009-06", Figure(value=70.0), by="pi-lead")
    with pytest.raises(UnknownItem, match="has no item 99"):
        app.indicators.define(
            PLAN, "NI68", NI59.model_copy(update={"actions": ("99",)}), by="pi-lead"
        )
    assert app.recorder.max_notification_id() == head
    assert [r.code for r in app.indicators.readings(PLAN)] == ["NI59"]


def test_the_answers_survive_reopening_and_a_rebuild(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    first = make_app()
    import_sample(first, PLAN)
    first.indicators.define(PLAN, "NI59", NI59, by="pi-lead")
    first.indicators.define(
        PLAN,
        "NI68",
        Definition(
            title="Referrals to assessment", unit="percent", better="higher", frequency="annual"
        ),
        by="pi-lead",
    )
    for period, value in (("2006/07", 55.2), ("2007/08", 58.9), ("2008/09", 61.3)):
        clock.advance(hours=1)
        first.indicators.report(
            PLAN,
            "NI68",
            period,
            Figure(value=value, target=60.0, neighbours=63.0, england=64.6),
            by="pi-lead",
        )
    expected = _json(first)
    second = make_app()
    assert _json(second) == expected
    second.rebuild()
    assert _json(second) == expected
    assert [r["code"] for r in expected] == ["NI59", "NI68"]
    ni68 = expected[1]
    assert ni68["rag"] == "green" and ni68["direction"] == "better"
    assert ni68["distance"] == {
        "target": "1.3 points above target",
        "neighbours": "1.7 points below statistical neighbours",
        "england": "3.3 points below England",
    }
