"""Sessions the server ends: a copied cookie opens nothing once its session is
over (signed out, new password, new role, removed), nor after the idle or the
absolute time; cookies are Secure over HTTPS, behind a proxy only if trusted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from application.access import Role
from application.service import Tracker
from application.sessions import SessionPolicy
from application.settings import Settings, SettingsError
from entrypoints import asgi
from tests.conftest import Clock
from tests.web.conftest import PASSWORD, Browser, csrf_of
from web.app import create_app

POLICY = SessionPolicy()


@pytest.fixture
def thief(client: TestClient) -> Iterator[TestClient]:
    """Another browser, given a copy of the signed-in cookie when a test says so."""
    with TestClient(client.app) as other:
        yield other


def steal(browser: Browser, thief: TestClient) -> None:
    thief.cookies.set("tracker_session", browser.client.cookies["tracker_session"])


def comments(app: Tracker) -> int:
    return sum(row["type"] == "CommentAdded" for row in app.history("pl", "11"))


def assert_refused(thief: TestClient, app: Tracker, token: str) -> None:
    """The copy reads nothing and records nothing: it is sent to sign in."""
    reply = thief.get("/plans/pl", follow_redirects=False)
    assert (reply.status_code, reply.headers["location"]) == (303, "/sign-in?next=%2Fplans%2Fpl")
    before = comments(app)
    reply = thief.post(
        "/plans/pl/items/11/comment",
        data={"csrf_token": token, "text": "written with a stolen cookie"},
        follow_redirects=False,
    )
    assert reply.status_code == 303 and reply.headers["location"].startswith("/sign-in")
    assert comments(app) == before


def test_a_copied_cookie_works_until_sign_out_and_never_after(
    planned: Tracker, browser: Browser, thief: TestClient
) -> None:
    browser.sign_in("hos-cf")
    steal(browser, thief)
    assert thief.get("/plans/pl").status_code == 200  # a copy is as good as the original...
    status, _ = browser.post("/sign-out")
    assert status == 303
    assert_refused(thief, planned, browser.token)  # ...until the session ends
    assert browser.client.get("/plans/pl", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "change",
    [
        lambda app: app.users.set_password("hos-cf", "a brand new passphrase"),
        lambda app: app.users.set_role("hos-cf", Role.VIEWER),
        lambda app: app.users.remove("hos-cf"),
        lambda app: app.users.end_sessions("hos-cf"),
    ],
    ids=["password", "role", "removal", "ended-by-admin"],
)
def test_an_account_change_ends_every_session_of_the_user(
    planned: Tracker,
    browser: Browser,
    thief: TestClient,
    change: Callable[[Tracker], int | None],
    clock: Clock,
) -> None:
    browser.sign_in("hos-cf")
    steal(browser, thief)
    second = Browser(TestClient(browser.client.app))
    second.sign_in("hos-cf")  # the same user on another computer
    chair = Browser(TestClient(browser.client.app))
    chair.sign_in("board-chair")
    assert len(planned.users.sessions.of_user("hos-cf", now=clock.now(), policy=POLICY)) == 2
    assert change(planned) == 2  # both of hos-cf's sessions ended, at once
    assert_refused(thief, planned, browser.token)
    assert second.client.get("/", follow_redirects=False).status_code == 303
    assert chair.client.get("/").status_code == 200  # nobody else's session ends


def test_a_removed_user_added_again_with_another_role_keeps_no_old_cookie(
    planned: Tracker, browser: Browser, thief: TestClient
) -> None:
    browser.sign_in("hos-cf")
    steal(browser, thief)
    planned.users.remove("hos-cf")
    planned.users.add("hos-cf", Role.CHAIR, PASSWORD)
    assert_refused(thief, planned, browser.token)
    browser.sign_in("hos-cf")  # signing in again gives the new role
    assert "Sign out hos-cf (chair)" in browser.get("/")


def test_a_session_ends_after_thirty_minutes_unused(browser: Browser, clock: Clock) -> None:
    browser.sign_in("inspector")
    for _ in range(3):  # used every 29 minutes: it lives on
        clock.advance(minutes=29)
        assert browser.client.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=30)
    assert browser.client.get("/", follow_redirects=False).status_code == 303


def test_a_session_ends_eight_hours_after_signing_in_however_used(
    browser: Browser, clock: Clock
) -> None:
    browser.sign_in("inspector")
    for _ in range(23):  # 7 h 40 min of steady use
        clock.advance(minutes=20)
        assert browser.client.get("/", follow_redirects=False).status_code == 200
    clock.advance(minutes=20)
    assert browser.client.get("/", follow_redirects=False).status_code == 303


def test_the_idle_time_is_configurable(planned: Tracker, clock: Clock) -> None:
    policy = SessionPolicy(idle=timedelta(minutes=5))
    with TestClient(create_app(planned, session_policy=policy)) as client:
        browser = Browser(client)
        browser.sign_in("inspector")
        clock.advance(minutes=4)
        assert client.get("/", follow_redirects=False).status_code == 200
        clock.advance(minutes=5)
        assert client.get("/", follow_redirects=False).status_code == 303


def cookie_header(
    app: Tracker,
    *,
    base: str = "http://testserver",
    forwarded: bool = False,
    trust_proxy: bool = False,
    secure_cookies: bool = False,
) -> str:
    """The session cookie as the server sets it on a first visit."""
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    headers = proxy if forwarded else {}
    web = create_app(app, trust_proxy=trust_proxy, secure_cookies=secure_cookies)
    with TestClient(web, base_url=base) as client:
        reply = client.get("/sign-in", headers=headers)
    cookie: str = reply.headers["set-cookie"]
    assert cookie.startswith("tracker_session=") and "httponly" in cookie.lower()
    return cookie.lower()


def test_cookies_are_secure_over_https_and_behind_a_proxy_only_when_trusted(
    planned: Tracker,
) -> None:
    assert "secure" not in cookie_header(planned)
    assert "; secure" in cookie_header(planned, base="https://testserver")
    assert "secure" not in cookie_header(planned, forwarded=True)  # anyone can send the header
    assert "; secure" in cookie_header(planned, forwarded=True, trust_proxy=True)
    assert "; secure" in cookie_header(planned, secure_cookies=True)  # TRACKER_SECURE_COOKIES


def test_behind_a_trusted_proxy_the_session_records_the_real_client(
    planned: Tracker, clock: Clock
) -> None:
    with TestClient(create_app(planned, trust_proxy=True), base_url="https://testserver") as c:
        token = csrf_of(c.get("/sign-in").text)
        c.post(
            "/sign-in",
            data={"csrf_token": token, "name": "hos-cf", "password": PASSWORD},
            headers={"X-Forwarded-For": "10.1.1.1, 198.51.100.7", "X-Forwarded-Proto": "https"},
        )
    (session,) = planned.users.sessions.of_user("hos-cf", now=clock.now(), policy=POLICY)
    assert session.client == "198.51.100.7"  # the address the proxy itself saw


def test_the_settings_reach_the_served_app(
    planned_on_disk: Tracker, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DB", store_url)
    monkeypatch.setenv("TRACKER_TRUST_PROXY", "true")
    monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("TRACKER_SESSION_HOURS", "2")
    served = asgi.create()
    try:
        policy = served.state.session_policy
        assert (policy.idle, policy.absolute) == (timedelta(minutes=5), timedelta(hours=2))
        with TestClient(served) as client:
            reply = client.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
        assert "; secure" in reply.headers["set-cookie"].lower()
        assert "max-age=7200" in reply.headers["set-cookie"].lower()
    finally:
        served.state.tracker.close()


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("TRACKER_SESSION_IDLE_MINUTES", "0", "greater than 0"),
        ("TRACKER_SESSION_HOURS", "eight", "valid integer"),
        ("TRACKER_TRUST_PROXY", "perhaps", "valid boolean"),
    ],
)
def test_a_bad_session_setting_is_named(name: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError, match=f"setting {name}: .*{says}"):
        Settings.from_env({name: value})
