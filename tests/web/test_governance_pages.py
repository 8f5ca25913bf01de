"""Governance on the web: the chair's settings page, an owner's request and the
chair's decision on the item page, sign-off offered only on evidence (and four
eyes), and the owner's latest position on the item, the board and the pack."""

from __future__ import annotations

import re
from datetime import date

from application.service import Tracker
from domain.status import Status
from tests.web.conftest import Browser, text_of

ITEM = "/plans/pl/items/40"  # lscb-manager's, due 31 Mar 2010


def anchors_exist(html: str) -> None:
    """Every link of the error summary points at an element of the page."""
    summary = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets, "no error summary"
    for target in targets:
        assert f'id="{target}"' in html, f"#{target} points at nothing"


def approvals_on(planned: Tracker) -> None:
    planned.set_governance("pl", {"approvals": True}, by="board-chair")


def test_the_chair_sets_the_plans_governance_with_checkboxes(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("board-chair")
    page = browser.get("/plans/pl/governance")
    assert 'type="checkbox" value="approvals"' in page and "checked" not in page
    status, _ = browser.post("/plans/pl/governance", settings="four_eyes")
    assert status == 303
    assert planned.governance("pl").four_eyes and not planned.governance("pl").approvals
    assert 'value="four_eyes" checked' in browser.get("/plans/pl/governance")
    assert planned.history("pl")[-1]["type"] == "GovernanceChanged"


def test_an_owner_reads_the_settings_and_cannot_change_them(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("lscb-manager")
    page = browser.get("/plans/pl/governance")
    assert 'type="checkbox"' not in page and "Only the board's chair" in page
    status, _ = browser.post("/plans/pl/governance", settings="approvals")
    assert status == 403 and not planned.governance("pl").approvals


def test_an_owners_revision_waits_and_the_chair_approves_it(
    planned: Tracker, browser: Browser
) -> None:
    approvals_on(planned)
    browser.sign_in("lscb-manager")
    browser.post(f"{ITEM}/due", due="30/06/2010", reason="recruitment delayed")
    page = text_of(browser.get(ITEM))
    assert "Waiting for a chair: Revision requested to 30 Jun 2010" in page
    assert "Approve" not in page  # an owner does not decide
    assert "Revision requested to 30 Jun 2010" in text_of(browser.get("/plans/pl"))
    browser.sign_in("board-chair")
    assert "Approve" in browser.get(ITEM)
    status, _ = browser.post(f"{ITEM}/approve")
    assert status == 303
    item = next(i for i in planned.board("pl").items if i.ref == "40")
    assert item.due == date(2010, 6, 30) and item.pending is None
    assert "Request approved: revision asked for by lscb-manager" in text_of(browser.get(ITEM))


def test_a_rejection_without_a_reason_is_refused_at_its_field(
    planned: Tracker, browser: Browser
) -> None:
    approvals_on(planned)
    planned.change_status("pl", "40", Status.WITHDRAWN, by="lscb-manager", reason="merged")
    browser.sign_in("board-chair")
    status, html = browser.post(f"{ITEM}/reject", reason="")
    assert status == 400
    anchors_exist(html)
    status, _ = browser.post(f"{ITEM}/reject", reason="the LSCB still needs it")
    assert status == 303 and planned.history("pl", "40")[-1]["type"] == "RequestRejected"
    # nothing waits now: a second decision is refused, its link still finds the page
    status, html = browser.post(f"{ITEM}/approve")
    assert status == 400 and "no request waiting" in html
    anchors_exist(html)


def test_sign_off_is_offered_only_where_evidence_exists(planned: Tracker, browser: Browser) -> None:
    planned.change_status("pl", "40", Status.COMPLETE, by="lscb-manager")
    browser.sign_in("board-chair")
    assert "Sign off as verified" not in browser.get(ITEM)
    planned.add_evidence("pl", "40", "Letters of appointment", by="lscb-manager")
    assert "Sign off as verified" in browser.get(ITEM)


def test_four_eyes_refuses_the_completers_sign_off_at_a_field_on_the_page(
    planned: Tracker, browser: Browser
) -> None:
    planned.set_governance("pl", {"four_eyes": True}, by="board-chair")
    planned.add_evidence("pl", "40", "Letters of appointment", by="lscb-manager")
    planned.change_status("pl", "40", Status.COMPLETE, by="board-chair")
    browser.sign_in("board-chair")
    status, html = browser.post(f"{ITEM}/verify", reason="")
    assert status == 400 and "Four eyes: board-chair marked 40 complete" in html
    anchors_exist(html)
    assert next(i for i in planned.board("pl").items if i.ref == "40").status is Status.COMPLETE


def test_the_owners_latest_position_shows_on_the_item_board_and_pack(
    planned: Tracker, browser: Browser
) -> None:
    browser.sign_in("lscb-manager")
    status, html = browser.post(f"{ITEM}/position", position="Interviews held", percent="120")
    assert status == 400 and "0 to 100" in html
    anchors_exist(html)
    status, _ = browser.post(
        f"{ITEM}/position",
        position="Interviews held",
        mitigation="Second round booked",
        next_steps="Appoint in March",
        percent="50",
    )
    assert status == 303
    item = text_of(browser.get(ITEM))
    assert "Latest position Interviews held (50% complete)" in item
    assert "Mitigation: Second round booked" in item
    board = text_of(browser.get("/plans/pl"))
    assert "Latest position" in board and "Interviews held (50% complete) 1 Jul 2009" in board
    pack = text_of(browser.get("/plans/pl/pack"))
    assert "Interviews held (1 Jul 2009, 50% complete)" in pack
