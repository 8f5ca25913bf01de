"""A simulated year of daily ticks over the demo plan (July 2009 to June 2010):
the overdue flags and the reminders recorded match what this test works out on
its own, from the plan, a script of changes and England's bank holidays written
out by hand. The weeks of the clock changes are ticked just after midnight,
London time, when the UTC date is still the day before."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from application.service import Tracker
from application.settings import Settings
from application.spreadsheet import read_plan_file
from domain.dates import LONDON, parse_date
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from scheduler.calendar import EnglishWorkingDays
from scheduler.scan import scan
from tests.conftest import Clock

pytestmark = pytest.mark.proof

DEMO = Path(__file__).resolve().parents[2] / "demo" / "laming-2009.csv"
PLAN = "laming-2009"
FIRST, LAST = date(2009, 7, 1), date(2010, 6, 30)
BANK_HOLIDAYS = {  # England, from gov.uk's list for 2009 and 2010
    date(2009, 8, 31),
    date(2009, 12, 25),
    date(2009, 12, 28),
    date(2010, 1, 1),
    date(2010, 4, 2),
    date(2010, 4, 5),
    date(2010, 5, 3),
    date(2010, 5, 31),
}
CLOCK_CHANGE_WEEKS = (date(2009, 10, 26), date(2010, 3, 29))  # the Mondays after


@dataclass
class Change:
    day: date
    ref: str
    status: Status | None = None
    due: date | None = None


SCRIPT = [
    Change(date(2009, 8, 20), "7.a", status=Status.COMPLETE),  # late: flagged on 3 Aug
    Change(date(2009, 10, 5), "7.b", due=date(2009, 11, 30)),  # flagged, then given longer
    Change(date(2009, 11, 2), "11.a", status=Status.DEFERRED),  # out of overdue logic
]


def working_days() -> list[date]:
    days, day = [], FIRST - timedelta(days=60)
    while day <= LAST + timedelta(days=400):  # past the latest due date (Dec 2010)
        if day.weekday() < 5 and day not in BANK_HOLIDAYS:
            days.append(day)
        day += timedelta(days=1)
    return days


def expected(items: dict[str, tuple[str, date]]) -> dict[str, Counter[object]]:
    """Flags, digests (owner, day), mentions (ref, day), escalations and reports,
    worked out directly: each trigger date lands on the first scan on or after it."""
    w = working_days()
    scans = [d for d in w if FIRST < d <= LAST]  # ticks start the day after the import

    result: dict[str, Counter[object]] = {
        k: Counter() for k in ("flags", "digests", "mentions", "escalations", "reports")
    }
    for ref, (owner, original_due) in items.items():
        due, is_open, flagged = original_due, True, None
        for today in scans:
            for change in SCRIPT:
                if change.day == today and change.ref == ref:
                    due = change.due or due
                    is_open = change.status is None
            if not is_open:
                continue
            if due < today and flagged != due:
                result["flags"][(ref, today)] += 1
                flagged = due
            before = [d for d in w if d < due]
            after_due = [d for d in w if d > due]
            triggers = {before[-10], before[-3], due, after_due[0]}
            week = 1
            while after_due[0] + timedelta(weeks=week) <= today:
                triggers.add(after_due[0] + timedelta(weeks=week))
                week += 1
            index = scans.index(today)
            previous = scans[index - 1] if index else today - timedelta(days=1)
            if any(previous < t <= today for t in triggers):
                result["mentions"][(ref, today)] += 1
                result["digests"][(owner, today)] += 1
            if previous < after_due[9] <= today:
                result["escalations"][today] += 1
    for day in scans:
        monday_off = day.weekday() == 1 and day - timedelta(days=1) in BANK_HOLIDAYS
        if day.weekday() == 0 or monday_off:
            result["reports"][day] += 1
    return result


def tick_time(day: date) -> datetime:
    week_start = day - timedelta(days=day.weekday())
    at = time(0, 15) if week_start in CLOCK_CHANGE_WEEKS else time(7, 30)
    return datetime.combine(day, at, tzinfo=LONDON)


@pytest.fixture
def app(tmp_path: Path) -> Tracker:
    clock = Clock(datetime.combine(FIRST, time(9), tzinfo=LONDON))
    tracker = bootstrap(Settings(db=f"sqlite:///{tmp_path / 'year.db'}"), clock=clock)
    tracker.import_plan(PLAN, read_plan_file(DEMO), by="pmo", source=DEMO.name)
    tracker.set_contacts(PLAN, ["board-chair"], by="pmo")
    return tracker


def test_a_year_of_daily_ticks(app: Tracker) -> None:
    clock = app.clock
    assert isinstance(clock, Clock)
    calendar = EnglishWorkingDays()
    with DEMO.open(encoding="utf-8") as f:
        items = {row["ref"]: (row["owner"], parse_date(row["due"])) for row in csv.DictReader(f)}
    want = expected(items)

    day = FIRST + timedelta(days=1)
    scanned: list[date] = []
    while day <= LAST:
        for change in SCRIPT:
            if change.day == day:
                clock.set(datetime.combine(day, time(0, 5), tzinfo=LONDON))
                if change.status:
                    app.change_status(PLAN, change.ref, change.status, by="pmo", reason="script")
                if change.due:
                    app.revise_due_date(PLAN, change.ref, change.due, by="pmo", reason="script")
        now = tick_time(day)
        clock.set(now)
        report = scan(app, now, calendar)
        if report.skipped is None:
            scanned.append(report.day)
        day += timedelta(days=1)

    assert scanned == [d for d in working_days() if FIRST < d <= LAST]
    flags = Counter(
        (row["ref"], date.fromisoformat(row["effective_on"]))
        for row in app.history(PLAN)
        if row["type"] == "ItemFlaggedOverdue"
    )
    assert flags == want["flags"]
    assert flags[("7.b", date(2009, 10, 1))] == flags[("7.b", date(2009, 12, 1))] == 1

    kinds: dict[str, Counter[object]] = {"digest": Counter(), "escalation": Counter()}
    mentions: Counter[object] = Counter()
    reports: Counter[object] = Counter()
    for row in app.messages():
        if row.kind == "exceptions":
            reports[row.day] += 1
            continue
        content = app.message(row.id).content
        key = (row.recipient, row.day) if row.kind == "digest" else row.day
        kinds[row.kind][key] += len(content["mentions"])
        if row.kind == "digest":
            mentions.update((m["ref"], row.day) for m in content["mentions"])
    assert mentions == want["mentions"]
    assert kinds["digest"] == want["digests"]
    assert kinds["escalation"] == want["escalations"]
    assert reports == want["reports"]
    assert sum(want["digests"].values()) > 300  # the year is a real test, not an empty one
