"""Every role against every web action: what the server allows and refuses.

The table is the specification, written out by hand: it is not derived from
the code it checks. A refusal is a 403 and records nothing; an allowed change
is recorded with the signed-in user as its actor.
"""

from __future__ import annotations

import pytest

from application.service import Tracker
from domain.status import Status
from tests.web.conftest import Browser

FIELDS = {
    "status": {"status": "at_risk"},
    "due": {"due": "30/06/2010", "reason": "recruitment delayed"},
    "evidence": {"text": "Lay members' letters of appointment"},
    "comment": {"text": "Interviews held"},
    "verify": {"reason": "Seen at the board"},
    "position": {"position": "Interviews held", "percent": "50"},
}
# Item 40 belongs to lscb-manager.
ALLOWED = {
    "inspector": set(),  # viewer
    "lscb-manager": {"status", "due", "evidence", "comment", "position"},  # owner, own item
    "hos-cf": set(),  # owner, someone else's item
    "board-chair": {"status", "due", "evidence", "comment", "verify", "position"},  # chair
    "pmo": set(),  # admin: users and plans, not items
}


@pytest.mark.parametrize("form", list(FIELDS))
@pytest.mark.parametrize("user", list(ALLOWED))
def test_item_forms_by_role(planned: Tracker, browser: Browser, user: str, form: str) -> None:
    if form == "verify":  # sign-off needs a complete item with evidence
        planned.change_status("pl", "40", Status.COMPLETE, by="lscb-manager")
        planned.add_evidence("pl", "40", "Appointed", by="lscb-manager")
    browser.sign_in(user)
    before = planned.recorder.max_notification_id()
    status, _ = browser.post(f"/plans/pl/items/40/{form}", **FIELDS[form])
    if form in ALLOWED[user]:
        assert status == 303
        (latest,) = planned.history("pl", "40")[-1:]
        assert latest["by"] == user
        assert (planned.recorder.max_notification_id() or 0) > (before or 0)
    else:
        assert status == 403
        assert planned.recorder.max_notification_id() == before


@pytest.mark.parametrize(
    ("user", "expected"),
    [("pmo", 200), ("board-chair", 403), ("lscb-manager", 403), ("inspector", 403)],
)
def test_only_an_admin_imports_plans(browser: Browser, user: str, expected: int) -> None:
    browser.sign_in(user)
    assert browser.client.get("/import").status_code == expected
    reply = browser.client.post(
        "/import", data={"csrf_token": browser.token, "plan": "q"}, follow_redirects=False
    )
    assert reply.status_code == (400 if expected == 200 else 403)  # 400: no file chosen


def test_every_role_reads_everything(planned: Tracker, browser: Browser) -> None:
    for user in ALLOWED:
        browser.sign_in(user)
        for path in (
            "/",
            "/plans/pl",
            "/plans/pl/items/40",
            "/plans/pl?on=2009-07-01",
            "/plans/pl/changes",
            "/plans/pl/exceptions",
            "/my-items",
            "/plans/pl/pack",
        ):
            assert browser.client.get(path).status_code == 200, (user, path)
