"""Every main page passes axe-core (vendored) with no serious or critical
violations, on a phone (390 px) and a desktop (1280 px), signed in with the
role that sees the most on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PAGES = [
    ("owner", "hos-cf", "/plans/pl/items/11"),
    ("owner", "hos-cf", "/my-items"),
    ("chair", "board-chair", "/"),
    ("chair", "board-chair", "/plans/pl"),
    ("chair", "board-chair", "/plans/pl?on=2009-08-01"),
    ("chair", "board-chair", "/plans/pl/items/32?as_at=2009-08-01T12:00:00"),
    ("chair", "board-chair", "/plans/pl/changes?since=2009-07-01"),
    ("chair", "board-chair", "/plans/pl/exceptions"),
    ("chair", "board-chair", "/plans/pl/pack"),
    ("admin", "pmo", "/import"),
    ("admin", "pmo", "/plans/pl"),  # with the archive form
    ("admin", "pmo", "/admin"),
    ("admin", "pmo", "/admin/users"),
    ("admin", "pmo", "/admin/users/hos-cf"),
    ("admin", "pmo", "/admin/plans/pl"),
    ("admin", "pmo", "/admin/plans/pl/workload"),
    ("chair", "board-chair", "/plans/pl?on-day=31&on-month=2&on-year=2010&at="),  # refused
    ("owner", "hos-cf", "/plans/pl/items/11?on-day=1&on-month=feb&on-year=2009&at=25:00"),
]
WIDTHS = (390, 1280)


def serious(page: Any) -> list[str]:
    page.add_script_tag(content=AXE)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("role", "user", "path"), PAGES, ids=[p[2] for p in PAGES])
def test_page_has_no_serious_accessibility_violations(
    chromium: Browser, server: str, role: str, user: str, path: str, width: int
) -> None:
    # The page's CSP allows only its own scripts: the test's axe needs a bypass.
    context = chromium.new_context(
        bypass_csp=True, locale="en-GB", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        sign_in(page, server, user, path)
        assert serious(page) == []
    finally:
        context.close()


def test_sign_in_and_error_pages_pass_too(chromium: Browser, server: str) -> None:
    context = chromium.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + "/sign-in")
        assert serious(page) == []
        page.get_by_role("button", name="Sign in").click()  # empty: refused
        page.wait_for_selector(".govuk-error-summary")
        assert serious(page) == []
        sign_in(page, server, "hos-cf", "/plans/pl/items/11.a")
        page.get_by_role("button", name="Revise deadline").click()
        page.wait_for_selector(".govuk-error-summary")
        assert serious(page) == []
    finally:
        context.close()
    context = chromium.new_context(bypass_csp=True, locale="en-GB")
    page = context.new_page()
    try:
        sign_in(page, server, "pmo", "/plans/pl")
        page.get_by_text("Archive this plan").click()
        page.get_by_role("button", name="Archive plan").click()  # no reason: refused
        page.wait_for_selector(".govuk-error-summary")
        assert serious(page) == []
    finally:
        context.close()


def test_refused_admin_forms_pass_on_a_phone(chromium: Browser, server: str) -> None:
    context = chromium.new_context(
        bypass_csp=True, locale="en-GB", viewport={"width": 390, "height": 900}
    )
    page = context.new_page()
    try:
        sign_in(page, server, "pmo", "/admin/users")
        page.get_by_label("User name").fill("new-officer")
        page.get_by_label("Owner").check()
        page.get_by_label("First password").fill("password1234")
        page.get_by_role("button", name="Add user").click()
        page.wait_for_selector(".govuk-error-summary")
        assert serious(page) == []
        page.goto(server + "/admin/plans/pl")
        page.get_by_role("button", name="Assign owner").click()  # no item: refused
        page.wait_for_selector(".govuk-error-summary")
        assert serious(page) == []
    finally:
        context.close()
