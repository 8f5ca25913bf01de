"""An email address typed into a form is refused on the field that held it,
and nothing is recorded: the log keeps what it records for good."""

from __future__ import annotations

from application.service import Tracker
from tests.web.conftest import Browser


def test_an_address_in_a_form_is_refused_on_its_field(planned: Tracker, browser: Browser) -> None:
    browser.sign_in("hos-cf")
    before = planned.recorder.max_notification_id()
    forms = [
        ("comment", {"text": "spoke to jo.bloggs@example.gov.uk"}, "comment-text"),
        ("evidence", {"text": "minutes", "link": "mailto:jo@example.gov.uk"}, "evidence-link"),
        ("status", {"status": "at_risk", "reason": "ask jo@example.gov.uk"}, "status-reason"),
    ]
    for form, fields, field in forms:
        status, html = browser.post(f"/plans/pl/items/11/{form}", **fields)
        assert status == 400, form
        assert f'<a href="#{field}">' in html and "holds an email address" in html
    assert planned.recorder.max_notification_id() == before
