"""A plan's indicator codes read from its registration events alone give what
the loaded plan gives (the scan reads them so, for every plan, every day)."""

from __future__ import annotations

import pytest

from application.plan_indicators import indicator_codes
from application.service import Tracker
from domain.errors import UnknownPlan
from domain.indicator import Definition
from tests.plans import import_sample

PLAN = "laming-2009"


def _definition(title: str) -> Definition:
    return Definition(
        title=title, unit="number", better="higher", frequency="monthly", owner="pi-lead"
    )


def test_the_codes_are_the_loaded_plans_in_the_order_first_defined(app: Tracker) -> None:
    import_sample(app, PLAN)
    assert indicator_codes(app, PLAN) == [] == app.plan(PLAN).indicators
    app.indicators.define(PLAN, "NI59", _definition("Assessments"), by="pi-lead")
    app.indicators.define(PLAN, "A2", _definition("Referrals"), by="pi-lead")
    app.indicators.define(PLAN, "NI59", _definition("Assessments, renamed"), by="pi-lead")
    assert indicator_codes(app, PLAN) == ["NI59", "A2"] == app.plan(PLAN).indicators
    assert [r.code for r in app.indicators.readings(PLAN)] == ["NI59", "A2"]


def test_a_plan_there_is_not_is_refused_as_loading_it_would(app: Tracker) -> None:
    with pytest.raises(UnknownPlan, match="there is no plan 'nowhere'"):
        indicator_codes(app, "nowhere")
    with pytest.raises(UnknownPlan, match="there is no plan 'nowhere'"):
        app.indicators.readings("nowhere")
