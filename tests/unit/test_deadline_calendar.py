"""Calendar entries of deadlines: SEQUENCE counts the due-date revisions (not
a timestamp), and a reminder never attaches an entry already in the past."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar

from application.calendar_entries import Deadline, calendar_bytes, deadline_event
from application.service import Tracker
from application.spreadsheet import read_plan_file
from domain.status import Status
from tests.conftest import Clock
from tests.plans import write
from tests.unit.test_messages import AT, mention, parts, render


def entries(ics: bytes) -> dict[str, icalendar.Component]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}


def test_sequence_is_the_number_of_due_date_revisions_not_a_timestamp() -> None:
    *_, ics = parts(render(mention(due=date(2010, 2, 26), revisions=3)))
    (entry,) = entries(ics).values()
    assert entry["SEQUENCE"] == 3
    assert "SEQUENCE:3\r\n" in ics.decode()
    *_, unrevised = parts(render(mention(due=date(2010, 2, 26))))
    assert "SEQUENCE:0\r\n" in unrevised.decode()


def test_no_entry_in_the_past_is_attached() -> None:
    today = mention(ref="11.a", due=AT.date(), days_overdue=0, why="due today")
    past = mention(ref="32", due=date(2009, 10, 31), days_overdue=65)
    *_, ics = parts(render(past, today))
    assert list(entries(ics)) == ["laming-2009.11.a@improvement-tracker"]
    message = render(past)  # nothing left to attach: no attachment at all
    assert list(message.iter_attachments()) == []


def test_an_entry_is_all_day_free_time_in_words() -> None:
    deadline = Deadline(
        plan="laming-2009",
        plan_title="Response to Lord Laming",
        ref="11",
        title="Implement the revised Working Together",
        due=date(2010, 3, 31),
        original_due=date(2009, 12, 31),
        status="at_risk",
        rag="amber",
        revisions=1,
    )
    (entry,) = entries(calendar_bytes([deadline_event(deadline, stamp=AT)])).values()
    assert (entry.decoded("DTSTART"), entry.decoded("DTEND")) == (
        date(2010, 3, 31),
        date(2010, 4, 1),
    )
    assert entry["TRANSP"] == "TRANSPARENT" and entry.decoded("DTSTAMP") == AT
    assert str(entry["DESCRIPTION"]) == (
        "Response to Lord Laming. Status: At risk (Amber). Originally due 31 Dec 2009."
    )


def test_revisions_are_counted_from_the_items_versions(
    fast_app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    fast_app.import_plan("pl", read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    assert fast_app.due_revisions("pl") == {}
    clock.advance(days=1)
    fast_app.revise_due_date("pl", "40", date(2010, 6, 30), by="pmo", reason="later")
    fast_app.change_status("pl", "40", Status.AT_RISK, by="pmo")  # not a revision
    fast_app.revise_due_date("pl", "40", date(2010, 3, 31), by="pmo", reason="back again")
    fast_app.revise_due_date("pl", "11.a", date(2009, 12, 15), by="pmo", reason="later")
    assert fast_app.due_revisions("pl") == {"40": 2, "11.a": 1}
    # the scan asks for its mentioned items only: the same counts, those items alone
    assert fast_app.due_revisions("pl", ["40", "11"]) == {"40": 2}
    assert fast_app.due_revisions("pl", ["11.a", "40"]) == {"40": 2, "11.a": 1}
    assert fast_app.due_revisions("pl", []) == {}
