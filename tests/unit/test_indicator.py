"""The Indicator aggregate: definitions kept through change, revisions need a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.errors import ContactDetailsRefused, InvalidIndicator, InvalidPeriod, ReasonRequired
from domain.indicator import Definition, Figure, Indicator, check_code

AT = datetime(2009, 7, 20, 9, 0, tzinfo=UTC)
ON = date(2009, 7, 20)
NI59 = Definition(
    title="Initial assessments within 7 days",
    unit="percent",
    better="higher",
    frequency="monthly",
    owner="hos-cf",
    actions=("14",),
)


def _ni59() -> Indicator:
    return Indicator.define(
        plan="laming-2009", code="ni 59", definition=NI59, by="pi-lead", at=AT, on=ON
    )


def test_a_code_is_kept_as_reports_write_it_without_spaces() -> None:
    assert _ni59().code == "NI59"
    assert check_code(" ni-68 ") == "NI-68"


@pytest.mark.parametrize("code", ["", "NI/59", "N" * 25, "é59"])
def test_a_code_outside_the_alphabet_is_refused(code: str) -> None:
    with pytest.raises(InvalidIndicator, match="is not an indicator code"):
        check_code(code)


def test_a_revision_needs_a_reason_and_the_first_figure_stays_in_the_log() -> None:
    ni59 = _ni59()
    assert ni59.report("2009-06", Figure(value=61.0, target=70.0), by="pi-lead", at=AT, on=ON)
    with pytest.raises(ReasonRequired, match="already has a figure for 2009-06"):
        ni59.report("2009-06", Figure(value=63.5, target=70.0), by="pi-lead", at=AT, on=ON)
    assert ni59.report(
        "2009-06",
        Figure(value=63.5, target=70.0),
        by="pi-lead",
        at=AT,
        on=ON,
        reason="validated return",
    )
    events = ni59.collect_events()
    reported = [e for e in events if isinstance(e, Indicator.FigureReported)]
    assert [(e.figure.value, e.revises, e.reason) for e in reported] == [
        (61.0, False, None),
        (63.5, True, "validated return"),
    ]
    assert ni59.figures["2009-06"].value == 63.5


def test_the_same_figure_again_records_nothing() -> None:
    ni59 = _ni59()
    ni59.report("2009-Q2", Figure(value=61.0), by="pi-lead", at=AT, on=ON)
    assert not ni59.report("2009-q2", Figure(value=61.0), by="pi-lead", at=AT, on=ON)


@pytest.mark.parametrize(
    ("figure", "says"),
    [
        (Figure(value=101.0), "percentage: 0 to 100"),
        (Figure(value=50.0, target=-1.0), "the target must be a number of 0 or more"),
        (Figure(value=float("nan")), "the value must be a number"),
        (Figure(value=50.0, england=float("inf")), "the england must be a number"),
    ],
)
def test_figures_outside_their_unit_are_refused(figure: Figure, says: str) -> None:
    with pytest.raises(InvalidIndicator, match=says):
        _ni59().report("2009-06", figure, by="pi-lead", at=AT, on=ON)


def test_a_period_is_checked_strictly() -> None:
    with pytest.raises(InvalidPeriod, match="2009/11"):
        _ni59().report("2009/11", Figure(value=60.0), by="pi-lead", at=AT, on=ON)


def test_a_changed_definition_keeps_the_old_one_in_its_event() -> None:
    ni59 = _ni59()
    ten_days = NI59.model_copy(update={"title": "Initial assessments within 10 working days"})
    assert ni59.redefine(ten_days, by="pi-lead", at=AT, on=ON, reason="national change, April 2009")
    assert not ni59.redefine(ten_days, by="pi-lead", at=AT, on=ON)
    changed = ni59.collect_events()[-1]
    assert isinstance(changed, Indicator.DefinitionChanged)
    assert (changed.old.title, changed.new.title) == (NI59.title, ten_days.title)


def test_no_email_address_enters_a_definition() -> None:
    with pytest.raises(ContactDetailsRefused):
        Indicator.define(
            plan="laming-2009",
            code="NI68",
            definition=NI59.model_copy(update={"owner": "jo@council.gov.uk"}),
            by="pi-lead",
            at=AT,
            on=ON,
        )
