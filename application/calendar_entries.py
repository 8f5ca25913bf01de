"""Deadlines as iCalendar entries: one shape for the reminder emails'
attachments, the single-item download and each owner's calendar feed.

Why one module: Outlook recognises an entry by its UID and takes a changed
one only if its SEQUENCE has grown, so every door must say the same. The UID
names the item (never the date), SEQUENCE is how many times its due date has
been revised (so a new deadline moves the entry, and nothing else bumps it),
and every entry is all day on the due date. The words are people's: plan
titles, statuses and RAG in words, never staff keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar

from domain.status import Status
from projections.history import STATUS_WORDS

PRODID = "-//Improvement Tracker//EN"
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "blue": "Verified", "grey": "Grey"}


def status_words(status: str) -> str:
    """``on_track`` as people say it: "On track"."""
    return STATUS_WORDS[Status(status)]


def long_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@dataclass(frozen=True)
class Deadline:
    plan: str
    plan_title: str
    ref: str
    title: str
    due: date
    original_due: date
    status: str  # a Status value
    rag: str
    revisions: int  # how many times the due date has been revised
    url: str | None = None


def uid(plan: str, ref: str) -> str:
    return f"{plan}.{ref}@improvement-tracker"


def deadline_event(deadline: Deadline, *, stamp: datetime) -> icalendar.Event:
    """One all-day entry on the due date, shown as free time."""
    d = deadline
    event = icalendar.Event()
    event.add("uid", uid(d.plan, d.ref))
    event.add("sequence", d.revisions)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", d.due)
    event.add("dtend", d.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", f"Due: {d.ref} {d.title}")
    words = [f"{d.plan_title}.", f"Status: {status_words(d.status)} ({RAG_WORDS[d.rag]})."]
    if d.due != d.original_due:
        words.append(f"Originally due {long_date(d.original_due)}.")
    if d.url:
        words.append(d.url)
        event.add("url", d.url)
    event.add("description", " ".join(words))
    return event


def meeting_event(
    plan: str, plan_title: str, day: date, title: str, *, stamp: datetime
) -> icalendar.Event:
    """A board meeting of a plan: all day, as the meeting's time is not recorded."""
    event = icalendar.Event()
    event.add("uid", f"{plan}.meeting.{day.isoformat()}@improvement-tracker")
    event.add("sequence", 0)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", f"{title}: {plan_title}")
    return event


def calendar_bytes(events: Iterable[icalendar.Event], *, name: str | None = None) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)  # the name Outlook gives a subscribed calendar
    for event in events:
        calendar.add_component(event)
    return bytes(calendar.to_ical())
