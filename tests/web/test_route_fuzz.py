"""Every route, every parameter, hostile values, as every role: never a server
error. Hypothesis draws a route from the app's own route table (so a route added
later is fuzzed too), fills its path and query with hostile values, and asks as
a signed-in user of each role, and signed out; posts carry the page's CSRF token
and hostile form fields. Any 5xx fails, and so does an exception escaping."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route
from starlette.testclient import TestClient

from application.service import Tracker
from tests.web.conftest import USERS, Browser
from web.app import create_app

pytestmark = pytest.mark.proof

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            "pl",
            "11",
            "11.a",
            "xlsx",
            "csv",
            "status",
            "9999-12-31",
            "0001-01-01T00:00+01:00",
            "31/02/2009",
            "2009-11-17",
            "2009-11-17T25:61",
            "December 9999",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%00",
            "\u202e",
            "a" * 3000,
            "{{ 7*7 }}",
            "'; DROP TABLE x; --",
            "-1",
            "NaN",
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30),
)
# Path parameters are real half the time, so the fuzz reaches past the 404s.
REAL = {
    "plan": ["pl"],
    "ref": ["11", "11.a", "32", "40"],
    "kind": ["xlsx", "csv"],
    "form": ["status", "due", "evidence", "comment", "verify", "position", "approve", "reject"],
    "code": ["NI59"],
}
QUERY_NAMES = ["as_at", "on", "at", "since", "until", "status", "owner", "theme", "overdue"]
FORM_NAMES = ["status", "reason", "due", "text", "link", "effective", "plan", "title", "action"]
FORM_NAMES += ["period", "value", "target", "neighbours", "england"]  # an indicator's figure


def routes(planned: Tracker) -> list[Route]:
    app = create_app(planned)
    return [r for r in app.routes if isinstance(r, Route)]


def path_values(data: st.DataObject, path: str) -> dict[str, str]:
    names = re.findall(r"\{([a-z_]+)(?::[a-z]+)?\}", path)
    return {n: data.draw(st.one_of(st.sampled_from(REAL.get(n, ["x"])), HOSTILE)) for n in names}


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([a-z_]+)(?::[a-z]+)?\}", lambda m: quote(values[m.group(1)], safe=""), path)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
    role=st.sampled_from([None, *USERS]),
)
def test_no_route_answers_with_a_server_error(
    planned: Tracker, data: st.DataObject, role: str | None
) -> None:
    table = routes(planned)
    route = data.draw(st.sampled_from(table))
    path = fill(route.path, path_values(data, route.path))
    query = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), HOSTILE, max_size=3))
    with TestClient(create_app(planned), raise_server_exceptions=False) as client:
        browser = Browser(client)
        if role is not None:
            browser.sign_in(role)
        url = path + ("?" + urlencode(query) if query else "")
        methods = route.methods or {"GET"}
        if "POST" in methods:
            form = data.draw(st.dictionaries(st.sampled_from(FORM_NAMES), HOSTILE, max_size=4))
            token = browser.token if role is not None else ""
            reply = client.post(url, data={"csrf_token": token, **form}, follow_redirects=False)
        else:
            reply = client.get(url, follow_redirects=False)
        assert reply.status_code < 500, (route.path, url[:300], reply.status_code, reply.text[:500])
