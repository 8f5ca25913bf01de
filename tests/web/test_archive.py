"""Archiving from the web, on SQLite and PostgreSQL (an administrator, from the
plan's board, with a reason), and every address naming a plan refusing a
malformed id with a 404 page."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from application.service import Tracker
from tests.conftest import Clock
from tests.e2e.test_plans_cli import BAD_IDS, RULE
from tests.web.conftest import Browser, text_of
from web.app import create_app

PLAN = "pl"  # the plan tests/web/conftest.py imports


def events(app: Tracker) -> int:
    return app.recorder.max_notification_id() or 0


def test_an_admin_archives_a_plan_from_its_board_and_brings_it_back(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    clock.advance(days=30)
    browser.sign_in("pmo")
    assert "Archive this plan" in browser.get(f"/plans/{PLAN}")
    status, _ = browser.post(f"/plans/{PLAN}/archive", reason="Superseded by the 2010 plan")
    assert status == 303
    board = text_of(browser.get(f"/plans/{PLAN}"))
    assert "This plan is archived." in board
    assert "Bring this plan back (unarchive)" in board
    assert "11 Implement the revised Working Together" in board  # the board stays
    (row,) = [r for r in planned.history(PLAN) if r["type"] == "PlanArchived"]
    assert (row["by"], row["reason"]) == ("pmo", "Superseded by the 2010 plan")

    # the admin sees it apart; the others no longer see it listed, but can open it
    plans = text_of(browser.get("/"))
    assert "There are no current plans." in plans and "Archived plans Plan" in plans
    browser.sign_in("inspector")
    assert "Plan 5" not in text_of(browser.get("/")) and "Archived plans" not in browser.get("/")
    assert "This plan is archived." in text_of(browser.get(f"/plans/{PLAN}?on=2009-07-31"))
    assert "Archive this plan" not in browser.get(f"/plans/{PLAN}")  # not theirs to do
    assert "Historical view" in browser.get(f"/plans/{PLAN}/items/11?on=2009-07-02")
    browser.sign_in("hos-cf")
    assert "Implement the revised" not in text_of(browser.get("/my-items"))

    browser.sign_in("pmo")
    status, _ = browser.post(f"/plans/{PLAN}/unarchive", reason="Still in force")
    assert status == 303
    assert "This plan is archived" not in browser.get(f"/plans/{PLAN}")
    assert "Plan 5 0 0 0 1 0 4" in text_of(browser.get("/"))
    assert "Archived plans" not in browser.get("/")


def test_archiving_without_a_reason_is_refused_with_an_error_summary(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("pmo")
    before = events(planned)
    status, html = browser.post(f"/plans/{PLAN}/archive", reason="  ")
    assert status == 400
    assert "There is a problem" in html
    assert '<a href="#archive-reason">Give the reason the plan is archived</a>' in html
    assert 'id="archive-reason-error"' in html
    assert f'<form method="get" action="/plans/{PLAN}"' in html  # the filters stay on the board
    opened = re.findall(
        r'<details class="govuk-details app-no-print"( open)?>\s*<summary[^>]*><span[^>]*>([^<]+)',
        html,
    )
    assert opened == [
        ("", "Time travel: see the plan as at a past moment"),
        (" open", "Archive this plan"),
    ]
    assert events(planned) == before and planned.plans() == [PLAN]


def test_only_an_admin_archives_and_only_with_the_forms_token(
    planned: Tracker, browser: Browser
) -> None:
    before = events(planned)
    for name in ("board-chair", "hos-cf", "inspector"):
        browser.sign_in(name)
        status, html = browser.post(f"/plans/{PLAN}/archive", reason="tidy up")
        assert status == 403 and "cannot archive or unarchive a plan" in html
    browser.sign_in("pmo")
    reply = browser.client.post(f"/plans/{PLAN}/archive", data={"reason": "tidy up"})
    assert reply.status_code == 403 and "The form could not be accepted" in reply.text
    status, _ = browser.post("/plans/no-such-plan/archive", reason="tidy up")
    assert status == 404
    assert events(planned) == before


def plan_addresses(app: Starlette, plan: str) -> list[tuple[str, str]]:
    """(method, path) for every route with ``{plan}``, naming ``plan``."""
    # every character escaped that a client would read: "/plans/.." would reach "/"
    escaped = quote(plan, safe="").replace(".", "%2E")
    fill = {"plan": escaped, "ref": "11", "form": "status", "kind": "csv", "code": "NI59"}
    found = []
    for route in app.routes:
        if isinstance(route, Route) and "plan" in route.param_convertors:
            path = route.path_format.format(**{k: fill[k] for k in route.param_convertors})
            found += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return found


def test_every_address_naming_a_plan_refuses_a_malformed_id_with_a_404(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("pmo")
    before = events(planned)
    web = create_app(planned)  # the same routes as the browser's
    addresses = plan_addresses(web, "BAD")
    assert (
        len(addresses) >= 10
    )  # board, changes, exceptions, pack (2), download, item (2), archive (2)
    for bad in BAD_IDS:
        for method, path in plan_addresses(web, bad):
            data = {"csrf_token": browser.token, "reason": "x", "status": "on_track"}
            reply = browser.client.request(
                method, path, data=data if method == "POST" else None, follow_redirects=False
            )
            assert reply.status_code == 404, (method, path, reply.status_code)
            assert "Not found" in reply.text or "Page not found" in reply.text
            if "/" not in bad:  # the address reached the route: the rule is named
                assert RULE in text_of(reply.text), (method, path)
                assert "<script>" not in reply.text
    assert events(planned) == before


@pytest.mark.parametrize("bad", ["Laming-2009", "<script>", "a"])
def test_a_malformed_id_is_a_404_before_signing_in_and_before_the_store(
    planned: Tracker, bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(planned, "board", lambda *a, **k: asked.append("board"))
    with TestClient(create_app(planned)) as client:
        reply = client.get(f"/plans/{quote(bad, safe='')}", follow_redirects=False)
    assert reply.status_code == 404 and asked == []
