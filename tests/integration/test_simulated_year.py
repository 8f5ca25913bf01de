"""A simulated year of daily ticks over the demo plan (July 2009 to June 2010):
the overdue flags and the reminders recorded match what this test works out on
its own, from the plan, a script of changes and England's bank holidays written
out by hand. An indicator's monthly figures arrive on time, late or never, and
its owner hears of each late one once, on the day it became late. The weeks of the clock changes are ticked just after midnight,
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
from domain.indicator import Definition, Figure
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


# When each month's NI 59 figure is reported (None: never). Figures are due
# within 10 working days of the month's end (the default policy).
FIGURES = {
    "2009-06": date(2009, 7, 8),  # on time
    "2009-07": date(2009, 8, 25),  # late: its owner is reminded on 17 Aug
    "2009-08": date(2009, 9, 14),  # the last day of its grace (31 Aug was a holiday)
    "2009-09": None,
    "2009-10": date(2009, 11, 13),
    "2009-11": None,
    "2009-12": date(2010, 1, 15),  # Christmas and New Year lengthen its grace
    "2010-01": date(2010, 2, 1),
    "2010-02": date(2010, 3, 30),
    "2010-03": date(2010, 4, 9),
    "2010-04": None,
    "2010-05": date(2010, 6, 1),
}


def late_reminders() -> Counter[object]:
    """(period, day) of each reminder: the 11th working day after the month ends,
    if the figure had not arrived by then."""
    w = working_days()
    found: Counter[object] = Counter()
    for period, arrived in FIGURES.items():
        year, month = map(int, period.split("-"))
        after_end = [d for d in w if (d.year, d.month) > (year, month)]
        late_from = after_end[10]
        if FIRST < late_from <= LAST and (arrived is None or arrived > late_from):
            found[(period, late_from)] += 1
    return found


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
    ni59 = Definition(
        title="Initial assessments",
        unit="percent",
        better="higher",
        frequency="monthly",
        owner="pi-lead",
    )
    tracker.indicators.define(PLAN, "NI59", ni59, by="pmo")
    tracker.indicators.report(PLAN, "NI59", "2009-05", Figure(value=61.0), by="pi-lead")
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
        for period, arrived in FIGURES.items():
            if arrived == day:
                clock.set(datetime.combine(day, time(0, 5), tzinfo=LONDON))
                app.indicators.report(PLAN, "NI59", period, Figure(value=70.0), by="pi-lead")
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
    late: Counter[object] = Counter()
    for row in app.messages():
        if row.kind == "exceptions":
            reports[row.day] += 1
            continue
        if row.kind == "late-figures":
            assert row.recipient == "pi-lead"
            for figure in app.message(row.id).content["late"]:
                late[(_period(figure["period"]), row.day)] += 1
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
    assert late == late_reminders()
    monday = next(
        r for r in app.messages() if r.kind == "exceptions" and r.day == date(2009, 8, 24)
    )
    (listed,) = app.message(monday.id).content["plans"][0]["late_figures"]
    assert (listed["code"], listed["period"]) == ("NI59", "Jul 2009")  # still late that Monday
    assert len(late) == 5  # July, September, November, February and April


def _period(label: str) -> str:
    """'Jul 2009' as the script keys it, '2009-07'."""
    return datetime.strptime(label, "%b %Y").strftime("%Y-%m")
