"""Hostile form posts: whatever a form receives, the server answers with a
change (303) or a clear refusal (400), never an unhandled error; a refusal
records nothing; and markup in what was accepted is shown as text, never run."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.service import Tracker
from tests.web.conftest import Browser

pytestmark = pytest.mark.proof

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        '=HYPERLINK("http://evil")',
        "{{ 7*7 }}",
        "javascript:alert(1)",
        "\u202eevil",
        "' OR 1=1 --",
        "",
        " ",
    ]
)
TEXT = st.one_of(
    HOSTILE, st.text(max_size=300), st.from_regex(r"\d{1,2}/\d{1,2}/\d{2,4}", fullmatch=True)
)
STATUS = st.one_of(
    st.sampled_from(
        [
            "on_track",
            "at_risk",
            "off_track",
            "complete",
            "deferred",
            "withdrawn",
            "verified",
            "not_started",
        ]
    ),
    TEXT,
)
FORMS = {
    "status": {"status": STATUS, "reason": TEXT, "effective": TEXT},
    "due": {"due": TEXT, "reason": TEXT, "effective": TEXT},
    "evidence": {"text": TEXT, "link": TEXT},
    "comment": {"text": TEXT},
    "verify": {"reason": TEXT},
    "position": {"position": TEXT, "mitigation": TEXT, "next_steps": TEXT, "percent": TEXT},
    "approve": {},
    "reject": {"reason": TEXT},
}
POSTS = st.sampled_from(list(FORMS)).flatmap(
    lambda form: st.tuples(
        st.just(form),
        st.sampled_from(["11", "11.a", "11.b", "32", "40"]),
        st.fixed_dictionaries({}, optional=FORMS[form]),
    )
)
ECHOED = {  # the fields each form shows again when it is refused
    "status": ("reason", "effective"),
    "due": ("due", "reason"),
    "evidence": ("text", "link"),
    "comment": ("text",),
    "verify": (),  # the sign-off form shows only for a complete item
    "position": ("position", "mitigation", "next_steps", "percent"),
    "approve": (),  # the decision forms show only while a request waits
    "reject": (),
}
OUR_SCRIPTS = 3  # init.js, start.js and htmx: the only <script> a page may hold


# Many posts on the in-memory store, fewer on PostgreSQL: the forms' parsing and
# refusals are the store's business only in "a refusal records nothing".
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@settings(FUZZ, max_examples=1000)
@given(post=POSTS)
@pytest.mark.parametrize("planned", ["memory"], indirect=True)
def test_any_form_post_is_accepted_or_refused_cleanly(
    planned: Tracker, browser: Browser, post: tuple[str, str, dict[str, str]]
) -> None:
    post_cleanly(planned, browser, post)


@settings(FUZZ, max_examples=250)
@given(post=POSTS)
@pytest.mark.parametrize(
    "planned", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_any_form_post_is_accepted_or_refused_cleanly_on_postgres(
    planned: Tracker, browser: Browser, post: tuple[str, str, dict[str, str]]
) -> None:
    post_cleanly(planned, browser, post)


def post_cleanly(planned: Tracker, browser: Browser, post: tuple[str, str, dict[str, str]]) -> None:
    if not browser.token:
        browser.sign_in("board-chair")  # the chair may use every item form
    form, ref, fields = post
    before = planned.recorder.max_notification_id()
    status, html = browser.post(f"/plans/pl/items/{ref}/{form}", **fields)
    assert status in (303, 400), (status, html[-500:])
    if status == 400:
        assert "There is a problem" in html
        summary = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
        for target in re.findall(r'href="#([^"]+)"', summary):
            assert f'id="{target}"' in html, f"the error's link #{target} finds nothing"
        assert planned.recorder.max_notification_id() == before
        page = html
    else:
        page = browser.get(f"/plans/pl/items/{ref}")
    assert len(re.findall(r"<script", page, re.IGNORECASE)) == OUR_SCRIPTS
    assert "<img src=x" not in page
    echoed = [fields[name] for name in ECHOED[form] if name in fields]
    if status == 400 and "{{ 7*7 }}" in echoed:
        assert "{{ 7*7 }}" in page  # echoed back as typed, never evaluated
