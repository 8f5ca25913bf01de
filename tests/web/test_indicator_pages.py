"""The indicator pages: a board member reads where each indicator stands and
which way it moves, now and as reported at a past meeting; its owner reports a
figure, and a bad one gets the GOV.UK error summary and records nothing."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from application.service import Tracker
from domain.indicator import Definition, Figure
from tests.conftest import Clock
from tests.web.conftest import Browser, text_of
from tests.web.test_pages import events

NI59 = Definition(
    title="Initial assessments within 7 working days",
    unit="percent",
    better="higher",
    frequency="monthly",
    owner="hos-cf",
    actions=("11",),
)


def _figures(app: Tracker, clock: Clock) -> str:
    """Two months of NI 59, the second revised a week later; the board met between."""
    app.indicators.define("pl", "NI59", NI59, by="pmo")
    app.indicators.report(
        "pl", "NI59", "2009-06", Figure(value=68.0, target=80.0, england=72.1), by="hos-cf"
    )
    clock.advance(days=1)
    app.indicators.report(
        "pl", "NI59", "2009-07", Figure(value=71.9, target=80.0, england=72.4), by="hos-cf"
    )
    met = quote(clock.advance(hours=1).isoformat(timespec="seconds"))
    clock.advance(days=7)
    app.indicators.report(
        "pl",
        "NI59",
        "2009-07",
        Figure(value=77.0, target=80.0, england=72.4),
        by="hos-cf",
        reason="validated return",
    )
    return met


def test_a_board_member_reads_the_indicators_now_and_as_at_a_meeting(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    met = _figures(planned, clock)
    browser.sign_in("inspector")
    now = text_of(browser.get("/plans/pl/indicators"))
    assert (
        "NI59 Initial assessments within 7 working days Jul 2009 77 (target 80) Amber ↑ Better"
        in now
    )
    assert "3 points below target" in now and "4.6 points above England" in now
    html = browser.get("/plans/pl/indicators")
    assert 'role="img"' in html and '<title id="trend-0-t">Trend of NI59' in html
    then = text_of(browser.get(f"/plans/pl/indicators?as_at={met}"))
    assert "Historical view" in then
    assert "Jul 2009 71.9 (target 80) Red ↑ Better" in then and "8.1 points below target" in then

    page = text_of(browser.get("/plans/pl/indicators/NI59"))
    assert "Figure revised: 2009-07: 77 (target 80, England 72.4)" in page
    assert "Why: validated return" in page
    assert "11 Implement the revised Working Together" in page  # the action meant to move it
    assert "Report a figure" not in page  # an inspector reads, and reports nothing


def test_the_owner_reports_a_figure_and_a_bad_one_changes_nothing(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    _figures(planned, clock)
    browser.sign_in("hos-cf")
    assert "Report a figure" in browser.get("/plans/pl/indicators/NI59")
    before = events(planned)
    status, html = browser.post(
        "/plans/pl/indicators/NI59/figure", period="2009/11", value="7o", target="80"
    )
    assert status == 400 and "There is a problem" in html
    assert '<a href="#figure-period">' in html and "is not a financial year" in html
    assert '<a href="#figure-value">' in html and "is not a number" in html
    assert 'value="7o"' in html  # kept for the person to fix
    status, html = browser.post("/plans/pl/indicators/NI59/figure", period="2009-07", value="75")
    assert status == 400 and '<a href="#figure-reason">' in html
    assert events(planned) == before

    status, _ = browser.post(
        "/plans/pl/indicators/NI59/figure", period="2009-08", value="79.5", target="80"
    )
    assert status == 303
    assert "Aug 2009 79.5 (target 80) Amber" in text_of(browser.get("/plans/pl/indicators"))


def test_someone_else_may_not_report_and_an_unknown_code_is_not_found(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    _figures(planned, clock)
    browser.sign_in("lscb-manager")
    status, _ = browser.post("/plans/pl/indicators/NI59/figure", period="2009-08", value="70")
    assert status == 403
    assert browser.client.get("/plans/pl/indicators/NI99").status_code == 404
    assert browser.client.get("/plans/pl/indicators/%3Cscript%3E").status_code == 404


def test_the_board_pack_shows_the_indicators_exceptions_first(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    _figures(planned, clock)
    steady = Definition(
        title="Children on a plan allocated", unit="percent", better="higher", frequency="annual"
    )
    planned.indicators.define("pl", "CPA", steady, by="pmo")
    planned.indicators.report("pl", "CPA", "2008/09", Figure(value=100.0, target=100.0), by="pmo")
    planned.indicators.define(
        "pl",
        "REREF",
        steady.model_copy(update={"title": "Re-referrals", "better": "lower"}),
        by="pmo",
    )
    for period, value in (("2007/08", 32.0), ("2008/09", 26.3)):
        planned.indicators.report("pl", "REREF", period, Figure(value=value, target=20.0), by="pmo")
    browser.sign_in("inspector")
    html = browser.get("/plans/pl/pack")
    text = text_of(html)
    assert "Performance indicators" in text
    # NI59 is amber but worse than June? No: 77 after 68 is better, and amber; REREF is
    # red; CPA is green. Red or worse first, the rest as defined.
    order = [text.index(code) for code in ("REREF Re-referrals", "NI59 Initial", "CPA Children")]
    assert order == sorted(order)
    assert "REREF Re-referrals 2008/09 26.3 20 Red ↑ Better" in text
    assert "CPA Children on a plan allocated 2008/09 100 100 Green" in text
    assert html.count('role="img"') == 3  # a trend for each, CPA's a single point
    reply = browser.client.get("/plans/pl/pack.pdf")
    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(reply.content)).pages)
    assert "Performance indicators" in pdf and "Re-referrals" in pdf


def test_an_item_page_shows_the_indicators_it_should_move(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    _figures(planned, clock)
    browser.sign_in("inspector")
    text = text_of(browser.get("/plans/pl/items/11"))
    assert "Indicators this should move" in text
    assert "NI59 Initial assessments within 7 working days: 77 for Jul 2009 Amber" in text
    assert "Indicators this should move" not in text_of(browser.get("/plans/pl/items/32"))


HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            "2009-06",
            "2009/11",
            "2009-Q5",
            "NaN",
            "inf",
            "-1",
            "1e309",
            "101",
            "71.9%",
            "1,234",
            "<script>",
            "a" * 3000,
            "\u202e",
            "0",
        ]
    ),
    st.text(max_size=12),
)


@pytest.mark.proof
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_figure_form_never_errors_and_a_refusal_records_nothing(
    planned: Tracker, browser: Browser, clock: Clock, data: st.DataObject
) -> None:
    if not planned.indicators.readings("pl"):
        _figures(planned, clock)
        browser.sign_in("hos-cf")
    fields = {
        name: data.draw(HOSTILE) for name in ("period", "value", "target", "england", "reason")
    }
    before = events(planned)
    status, html = browser.post("/plans/pl/indicators/NI59/figure", **fields)
    assert status in (303, 400), (fields, status)
    if status == 400:
        assert "There is a problem" in html
        assert events(planned) == before


SHEET = """code,title,unit,better,frequency,owner,period,value,target,neighbours,england
NI68,Referrals to initial assessment,percent,higher,annual,hos-cf,2007/08,42.7,60,67.6,59.4
NI68,,,,,,2008/09,53.6,60,,
"""


def _upload(browser: Browser, name: str, data: bytes) -> tuple[int, str]:
    reply = browser.client.post(
        "/plans/pl/indicators/upload",
        data={"csrf_token": browser.token},
        files={"file": (name, data, "text/csv")},
        follow_redirects=False,
    )
    return reply.status_code, reply.text


def test_the_chair_loads_a_file_previewed_first_and_recorded_on_confirm(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("board-chair")
    assert "Load indicators and figures from a spreadsheet" in browser.get("/plans/pl/indicators")
    before = events(planned)
    status, html = _upload(browser, "figures.csv", SHEET.encode())
    assert status == 200 and "Nothing has been recorded yet" in html
    assert "indicators would be defined: NI68" in text_of(html)
    assert events(planned) == before
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token
    status, _ = browser.post("/plans/pl/indicators/upload/confirm", token=token[1])
    assert status == 303
    assert [r.code for r in planned.indicators.readings("pl")] == ["NI68"]
    assert "NI68 Referrals to initial assessment 2008/09 53.6 (target 60) Red" in text_of(
        browser.get("/plans/pl/indicators")
    )


def test_a_bad_file_lists_every_row_in_error_and_records_nothing(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("pmo")
    before = events(planned)
    bad = SHEET + "NI68,,,,,,2009/11,abc,,,\n"
    status, html = _upload(browser, "figures.csv", bad.encode())
    assert status == 400 and "There is a problem" in html
    text = text_of(html)
    assert "row 4, column period: '2009/11' is not a financial year" in text
    assert "row 4, column value: the value 'abc' is not a number" in text
    assert events(planned) == before
    status, html = _upload(browser, "figures.xlsx", b"PK\x03\x04 not really")
    assert status == 400 and "There is a problem" in html
    assert events(planned) == before


def test_an_owner_or_viewer_may_not_load_files(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("hos-cf")
    assert "Load indicators" not in browser.get("/plans/pl/indicators")
    status, _ = _upload(browser, "figures.csv", SHEET.encode())
    assert status == 403
