"""The administrators' pages: users, owners, board contacts, reminders and
workload. Only admins reach them; every form needs the CSRF token; a refused
form names its field and records nothing."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from application.access import Role
from application.service import Tracker
from tests.web.conftest import PASSWORD, Browser, text_of
from web.app import create_app

NEW_PASSWORD = "a brand new long passphrase"


@pytest.mark.parametrize("who", ["board-chair", "hos-cf", "inspector"])
def test_only_administrators_reach_the_admin_pages(browser: Browser, who: str) -> None:
    browser.sign_in(who)
    for path in ("/admin", "/admin/users", "/admin/users/hos-cf", "/admin/plans/pl"):
        assert browser.client.get(path).status_code == 403, path
    assert browser.client.get("/admin/plans/pl/workload").status_code == 403
    assert (
        browser.post("/admin/users", name="x-user", role="admin", password=NEW_PASSWORD)[0] == 403
    )
    assert browser.post("/admin/plans/pl/owner", ref="11", owner="dcs")[0] == 403
    assert "Administration" not in browser.get("/")


def test_admin_forms_need_the_csrf_token(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("pmo")
    reply = browser.client.post("/admin/users/hos-cf/remove", data={})
    assert reply.status_code == 403
    assert planned.users.get("hos-cf") is not None


def test_an_admin_adds_a_user_who_can_then_sign_in(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("pmo")
    assert '<a class="govuk-service-navigation__link" href="/admin">' in browser.get("/")
    status, _ = browser.post("/admin/users", name="dcs", role="chair", password=NEW_PASSWORD)
    assert status == 303
    assert planned.users.get("dcs") is not None and planned.users.get("dcs").role is Role.CHAIR  # type: ignore[union-attr]
    assert "dcs can now sign in as chair." in browser.get("/admin/users")
    other = Browser(TestClient(create_app(planned)))
    other.sign_in("dcs", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "", "role": "owner", "password": NEW_PASSWORD}, "name", "Enter the user name"),
        ({"name": "Jo Bloggs", "role": "owner", "password": NEW_PASSWORD}, "name", "is not a user"),
        ({"name": "hos-cf", "role": "owner", "password": NEW_PASSWORD}, "name", "already a user"),
        ({"name": "dcs", "role": "", "password": NEW_PASSWORD}, "role-viewer", "Choose what"),
        ({"name": "dcs", "role": "owner", "password": "short"}, "password", "at least"),
    ],
)
def test_a_refused_new_user_is_named_and_nothing_is_added(
    planned: Tracker, browser: Browser, fields: dict[str, str], field: str, message: str
) -> None:
    browser.sign_in("pmo")
    before = planned.users.all()
    status, html = browser.post("/admin/users", **fields)
    assert status == 400
    assert f'<a href="#{field}">' in html and message in html
    assert planned.users.all() == before
    assert NEW_PASSWORD not in html  # a password is never sent back


def test_an_admin_changes_a_role_resets_a_password_and_removes_a_user(
    planned: Tracker, browser: Browser
) -> None:
    owner = Browser(TestClient(create_app(planned)))
    owner.sign_in("hos-cf")
    browser.sign_in("pmo")
    assert browser.post("/admin/users/hos-cf/role", role="viewer")[0] == 303
    assert "hos-cf is now viewer; 1 session ended." in text_of(browser.get("/admin/users/hos-cf"))
    assert owner.client.get("/", follow_redirects=False).status_code == 303  # signed out
    assert browser.post("/admin/users/hos-cf/password", password=NEW_PASSWORD)[0] == 303
    owner.sign_in("hos-cf", NEW_PASSWORD)
    assert browser.post("/admin/users/hos-cf/remove")[0] == 303
    assert planned.users.get("hos-cf") is None
    assert "hos-cf is removed and can no longer sign in; 1 session ended." in browser.get(
        "/admin/users"
    )
    assert browser.client.get("/admin/users/hos-cf").status_code == 404
    assert browser.post("/admin/users/pmo/rename", name="x")[0] == 404
    assert browser.post("/admin/plans/pl/title", title="x")[0] == 404


def test_an_admin_cannot_demote_or_remove_themselves(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("pmo")
    status, html = browser.post("/admin/users/pmo/role", role="viewer")
    assert status == 400 and "You cannot change your own role" in html
    status, html = browser.post("/admin/users/pmo/remove")
    assert status == 400 and "You cannot remove yourself" in html
    assert planned.users.get("pmo") is not None and planned.users.get("pmo").role is Role.ADMIN  # type: ignore[union-attr]
    status, html = browser.post("/admin/users/hos-cf/password", password="password1234")
    assert status == 400 and '<a href="#password">' in html
    assert planned.users.authenticate("hos-cf", PASSWORD) is not None


def test_an_admin_assigns_an_owner(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("pmo")
    status, _ = browser.post("/admin/plans/pl/owner", ref="11", owner="dcs", reason="New post")
    assert status == 303
    assert next(i for i in planned.board("pl").items if i.ref == "11").owner == "dcs"
    row = planned.history("pl", "11")[-1]
    assert (row["type"], row["by"], row["reason"]) == ("OwnerAssigned", "pmo", "New post")
    assert "11 is now owned by dcs." in browser.get("/admin/plans/pl")
    count = len(planned.history("pl"))
    for ref, owner, field in [("99", "dcs", "owner-ref"), ("11", "Jo Bloggs", "owner-owner")]:
        status, html = browser.post("/admin/plans/pl/owner", ref=ref, owner=owner)
        assert status == 400 and f'<a href="#{field}">' in html
    assert len(planned.history("pl")) == count


def test_an_admin_sets_board_contacts_and_reminders(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("pmo")
    status, _ = browser.post("/admin/plans/pl/contacts", contacts="board-chair, lead-member")
    assert status == 303
    assert planned.reminder_settings("pl")[1] == ["board-chair", "lead-member"]
    status, html = browser.post("/admin/plans/pl/contacts", contacts="jo@example.org")
    assert status == 400 and '<a href="#contacts-contacts">' in html
    status, _ = browser.post(
        "/admin/plans/pl/reminders",
        before="5, 15",
        escalate_after="",
        report_day="thursday",
        on_due="yes",
    )
    assert status == 303
    policy = planned.reminder_settings("pl")[0]
    assert policy.before == (15, 5) and policy.escalate_after is None
    assert policy.report_day == "thursday" and policy.on_due and not policy.weekly_overdue
    status, html = browser.post(
        "/admin/plans/pl/reminders", before="ten", escalate_after="", report_day="friday"
    )
    assert status == 400 and '<a href="#reminders-before">' in html
    assert 'value="ten"' in html  # what was typed stays
    assert planned.reminder_settings("pl")[0] == policy


def test_the_workload_page_lists_open_items_per_owner(browser: Browser) -> None:
    browser.sign_in("pmo")
    words = text_of(browser.get("/admin/plans/pl/workload"))
    assert "Each owner's workload" in words
    assert (
        "hos-cf 2 0 0 11 Implement the revised Working Together, 11.a Local procedures revised"
        in words
    )
    assert browser.client.get("/admin/plans/no-such/workload").status_code in (400, 404)
