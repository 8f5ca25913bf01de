"""A user's feed holds the meetings of the plans they own items in (through
the ``plan_meetings`` hook, empty until meetings are recorded on main), as
all-day entries with a UID per plan and day; other plans' meetings never."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from application import calendar_feed
from application.service import Tracker
from application.spreadsheet import read_plan_file
from tests.plans import write

OTHER = """ref,title,owner,due
1,Someone else's action,dcs,2010-01-31
"""


def test_the_feed_holds_the_meetings_of_the_users_plans_only(
    fast_app: Tracker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_app.import_plan("pl", read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    other = write(tmp_path, OTHER, "other.csv")
    fast_app.import_plan("other", read_plan_file(other), by="pmo", source="other.csv")
    assert calendar_feed.plan_meetings(fast_app, "pl") == []  # the hook, until meetings exist

    def meetings(tracker: Tracker, plan: str) -> list[tuple[date, str]]:
        return [(date(2009, 9, 15), "Improvement Board")]  # every plan has one

    monkeypatch.setattr(calendar_feed, "plan_meetings", meetings)
    feed = calendar_feed.feed(fast_app, "hos-cf", base_url="https://t.example")
    entries = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert sorted(entries) == [
        "pl.11.a@improvement-tracker",
        "pl.11@improvement-tracker",
        "pl.meeting.2009-09-15@improvement-tracker",
    ]
    meeting = entries["pl.meeting.2009-09-15@improvement-tracker"]
    assert str(meeting["SUMMARY"]) == "Improvement Board: pl"
    assert (meeting.decoded("DTSTART"), meeting.decoded("DTEND")) == (
        date(2009, 9, 15),
        date(2009, 9, 16),
    )
