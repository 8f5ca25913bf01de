"""Board meetings on the web: the meetings page and its form (chairs and
administrators), the board's directions and trend chart, the board pack's
trend, and "what moved" since the last meeting with refused dates."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from application.service import Tracker
from domain.status import Status
from tests.conftest import Clock
from tests.web.conftest import Browser, text_of


def events(app: Tracker) -> int:
    return app.recorder.max_notification_id() or 0


def two_meetings(app: Tracker, clock: Clock) -> None:
    """Meetings on 20 Oct and 17 Nov 2009; 32 goes off track between them."""
    clock.set(clock.now().replace(year=2009, month=10, day=20, hour=16))
    app.record_meeting("pl", date(2009, 10, 20), "Improvement Board", by="board-chair")
    clock.advance(days=7)
    app.change_status("pl", "32", Status.OFF_TRACK, by="health-commissioner", reason="no funding")
    clock.set(clock.now().replace(month=11, day=17, hour=16))
    app.record_meeting("pl", date(2009, 11, 17), "Board (November)", by="board-chair")
    clock.advance(days=14)  # 1 Dec 2009: 11.a (due 30 Nov) is overdue


@pytest.mark.parametrize(
    ("user", "may"), [("board-chair", True), ("pmo", True), ("inspector", False), ("hos-cf", False)]
)
def test_a_chair_or_an_administrator_records_a_meeting(
    planned: Tracker, browser: Browser, clock: Clock, user: str, may: bool
) -> None:
    clock.advance(days=30)  # 31 Jul 2009
    browser.sign_in(user)
    page = browser.get("/plans/pl/meetings")
    assert ("Record a board meeting" in page) is may
    assert "No board meetings are recorded for this plan yet" in page
    status, _ = browser.post("/plans/pl/meetings", date="30/07/2009", title="Improvement Board")
    if not may:
        assert status == 403 and planned.meetings("pl") == []
        return
    assert status == 303
    words = text_of(browser.get("/plans/pl/meetings"))
    assert "The board meeting of 30 Jul 2009 is recorded." in words
    assert f"30 Jul 2009 Improvement Board {user}" in words
    assert [(m.held_on, m.by) for m in planned.meetings("pl")] == [(date(2009, 7, 30), user)]


@pytest.mark.parametrize(
    ("fields", "field", "says"),
    [
        ({"date": ""}, "meeting-date", "Enter the date of the meeting"),
        ({"date": "31/02/2009"}, "meeting-date", "31/02/2009"),
        ({"date": "01/08/2009"}, "meeting-date", "is after today"),
        ({"date": "30/07/2009", "title": "x" * 301}, "meeting-title", "longer than 300"),
    ],
)
def test_a_refused_meeting_shows_the_error_summary_and_records_nothing(
    planned: Tracker, browser: Browser, clock: Clock, fields: dict[str, str], field: str, says: str
) -> None:
    clock.advance(days=30)
    browser.sign_in("board-chair")
    before = events(planned)
    status, html = browser.post("/plans/pl/meetings", **fields)
    assert status == 400
    assert "There is a problem" in html and f'<a href="#{field}">' in html
    assert says in html and f'id="{field}-error"' in html
    assert events(planned) == before


def test_the_board_shows_directions_since_the_last_meeting_and_the_trend(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    two_meetings(planned, clock)
    browser.sign_in("inspector")
    html = browser.get("/plans/pl")
    words = text_of(html)
    assert "beside its RAG at the board meeting of 17 Nov 2009 (Board (November))" in words
    assert "Worse since 17 Nov 2009 (was Grey)" in words  # 11.a, overdue since
    assert "No change since 17 Nov 2009" in words  # 32 was red already
    assert (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="trend-title trend-desc"'
        in html
    )
    assert "20 Oct 2009: 0 red, 0 amber, 4 grey, 1 green, 0 verified." in html
    assert "17 Nov 2009: 1 red, 0 amber, 3 grey, 1 green, 0 verified." in html
    assert "RAG totals at the end of each meeting day" in words
    # as at 1 Nov 2009, the board looks back to 20 Oct and the trend stops there
    past = text_of(browser.get("/plans/pl?on=2009-11-01"))
    assert "Worse since 20 Oct 2009 (was Grey)" in past  # 32
    assert "17 Nov 2009: 1 red" not in past
    pack = browser.get("/plans/pl/pack")
    assert 'role="img"' in pack and "17 Nov 2009: 1 red, 0 amber, 3 grey" in pack
    assert "Red Worse since 17 Nov 2009" in text_of(pack)  # each item's direction, in the pack
    pdf = PdfReader(io.BytesIO(browser.client.get("/plans/pl/pack.pdf").content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "RAG at each board meeting" in text and "Board (November)" in text


def test_what_moved_starts_at_the_last_meeting_and_explains_each_move(
    planned: Tracker, browser: Browser, clock: Clock
) -> None:
    two_meetings(planned, clock)
    browser.sign_in("inspector")
    words = text_of(browser.get("/plans/pl/changes"))
    assert "What moved since the board meeting of 17 Nov 2009" in words
    assert "Newly red or overdue (1)" in words
    assert "Due 30 Nov 2009 and not complete: overdue from 1 Dec 2009." in words
    assert "From 20 Oct 2009 to 17 Nov 2009" in words  # a meeting to pick
    between = text_of(browser.get("/plans/pl/changes?since=2009-10-20&until=2009-11-17"))
    assert "What moved since the board meeting of 20 Oct 2009" in between
    assert "32 Health visitor workforce capacity: Grey → Red" in between
    assert "By health-commissioner, 27 Oct 2009, 16:00. Why: “no funding”" in between


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=2009-13-45", "since"),
        ("since=2009-11-17&until=banana", "until"),
        ("since=2009-11-17&until=2009-11-01", "until"),
    ],
)
def test_a_refused_date_gives_the_error_summary_and_no_results(
    planned: Tracker, browser: Browser, clock: Clock, query: str, field: str
) -> None:
    two_meetings(planned, clock)
    browser.sign_in("inspector")
    reply = browser.client.get(f"/plans/pl/changes?{query}")
    assert reply.status_code == 400
    assert "There is a problem" in reply.text and f'<a href="#{field}">' in reply.text
    words = text_of(reply.text)
    assert "What moved since" not in words and "Newly red or overdue" not in words
