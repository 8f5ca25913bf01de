"""In Chromium: a board member reads the indicators on a phone and on a desk,
and the indicator's owner reports a figure, mistakes first. axe-core finds no
serious violation at 390 and 1280 px, and no page scrolls sideways at 320 px."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser

from application.clock import FixedClock
from application.settings import Settings
from domain.indicator import Definition, Figure
from entrypoints.bootstrap import bootstrap
from tests.browser.conftest import _history, serve, sign_in
from tests.browser.test_accessibility import serious

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def indicator_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("indicators")
    db = f"sqlite:///{folder / 'tracker.db'}"
    _history(db, folder)
    app = bootstrap(Settings(db=db), clock=FixedClock(datetime(2009, 9, 2, 9, tzinfo=UTC)))
    try:
        ni59 = Definition(
            title="NI 59: initial assessments within 7 working days (%)",
            unit="percent",
            better="higher",
            frequency="monthly",
            owner="hos-cf",
            actions=("11",),
        )
        app.indicators.define("pl", "NI59", ni59, by="pmo")
        for period, value in (
            ("2006/07", 69.0),
            ("2007/08", 67.2),
            ("2008/09", 61.9),
            ("2009-07", 64.0),
        ):
            figure = Figure(value=value, target=72.0, neighbours=64.3, england=70.7)
            app.indicators.report("pl", "NI59", period, figure, by="hos-cf")
    finally:
        app.close()
    yield from serve(db)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_indicator_pages_are_accessible(
    chromium: Browser, indicator_server: str, width: int
) -> None:
    context = chromium.new_context(
        bypass_csp=True, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        for path in ("/plans/pl/indicators", "/plans/pl/indicators/NI59", "/plans/pl/items/11"):
            sign_in(page, indicator_server, "hos-cf", path) if path.endswith("indicators") else (
                page.goto(indicator_server + path)
            )
            assert serious(page) == [], path
    finally:
        context.close()


def test_an_owner_reports_a_figure_on_a_phone(chromium: Browser, indicator_server: str) -> None:
    context = chromium.new_context(locale="en-GB", viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, indicator_server, "hos-cf", "/plans/pl/indicators")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        chart = page.locator("svg.app-trend").first
        assert chart.get_attribute("role") == "img"
        assert "Trend of NI59" in (chart.locator("title").text_content() or "")
        page.get_by_role("link", name="NI59").first.click()
        page.wait_for_url("**/indicators/NI59")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_label("Period").fill("2009/11")
        page.get_by_label("Figure", exact=True).fill("seventy")
        page.get_by_role("button", name="Record the figure").click()
        summary = page.locator(".govuk-error-summary")
        summary.wait_for()
        assert "is not a financial year" in summary.inner_text()
        assert "is not a number" in summary.inner_text()
        page.get_by_label("Period").fill("2009-08")
        page.get_by_label("Figure", exact=True).fill("66.5")
        page.get_by_label("Target (optional)").fill("72")
        page.get_by_role("button", name="Record the figure").click()
        page.wait_for_url("**/indicators/NI59")
        assert "NI59 2009-08 recorded." in page.inner_text("body")
        assert "Aug 2009" in page.locator("table").last.inner_text()
    finally:
        context.close()
