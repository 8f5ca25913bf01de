"""Running the scan and the relay: once (``tick``) or as a service (``run``).

``run`` uses APScheduler 3.11 with its in-memory job store: the event store
holds all the state (the scan log, the outbox), so nothing needs pickling.
The daily scan fires on weekdays at the configured London time (a cron
trigger in Europe/London stays right across the clock changes; the scan
itself skips bank holidays and closures). A scan missed while the service
was down is found from the scan log at start and run at once; the scan
covers every day since the previous one, so nothing is lost, and
``misfire_grace_time=None, coalesce=True`` keeps a late job from being
dropped or run twice. The relay runs every minute. The integrity check
(``scheduler.integrity``) runs every day at the same time, and at start when
no verification has run that London day.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from application.service import Tracker
from domain.dates import LONDON, london_date
from notifications.relay import RelayReport, relay
from notifications.render import Renderer
from notifications.senders import Sender
from scheduler.calendar import EnglishWorkingDays
from scheduler.integrity import IntegrityCheck, check_integrity, verify_due
from scheduler.scan import ScanReport, scan

log = logging.getLogger("tracker.scheduler")


@dataclass
class Mail:
    sender: Sender
    renderer: Renderer


def tick(
    tracker: Tracker, calendar: EnglishWorkingDays, mail: Mail, now: datetime
) -> tuple[ScanReport, RelayReport, IntegrityCheck]:
    """The day's integrity check (if not yet done), one scan, then one pass of
    the relay, which sends an alarm the check queued at once."""
    checked = check_integrity(tracker, now)
    scanned = scan(tracker, now, calendar)
    # The relay runs once the scan is done: with a real clock, what the scan
    # queued was recorded after ``now`` and is not due before that instant.
    sent = relay(tracker, mail.sender, mail.renderer, max(now, tracker.clock.now()))
    return scanned, sent, checked


def last_slot(now: datetime, at: time, calendar: EnglishWorkingDays) -> date:
    """The most recent working day whose scan time has come by ``now``."""
    local = now.astimezone(LONDON)
    day = local.date() if local.time() >= at else local.date() - timedelta(days=1)
    while not calendar.is_working(day):
        day -= timedelta(days=1)
    return day


def missed_scan(tracker: Tracker, now: datetime, at: time, calendar: EnglishWorkingDays) -> bool:
    log_ = tracker.scan_log()
    last = log_.last_day if log_ else None
    return last is None or last < last_slot(now, at, calendar)


def run(
    tracker: Tracker,
    calendar: EnglishWorkingDays,
    mail: Mail,
    at: time,
    now: Callable[[], datetime],
) -> None:
    """Run until stopped (Ctrl-C, or SIGTERM from the service manager)."""

    def daily() -> None:
        moment = now()
        report = scan(tracker, moment, calendar)
        log.info(
            "scan of %s: %s",
            london_date(moment),
            report.skipped or f"{len(report.flagged)} flagged, {len(report.queued)} queued",
        )
        deliver()

    def integrity() -> None:
        checked = check_integrity(tracker, now())
        latest = checked.latest
        if checked.verified and latest is not None:
            found = latest.first_break
            if found is None:
                log.info("integrity: ok, %d events verified", latest.events)
            else:
                log.warning("integrity: BROKEN at position %d: %s", found.position, found.kind)
        if checked.queued:
            log.warning("integrity alarm queued: %s", ", ".join(checked.queued))
            deliver()

    def deliver() -> None:
        report = relay(tracker, mail.sender, mail.renderer, now())
        if report.sent or report.deferred or report.failed:
            log.info(
                "relay: %d sent, %d deferred, %d failed",
                len(report.sent),
                len(report.deferred),
                len(report.failed),
            )

    scheduler = BlockingScheduler(
        timezone=LONDON, executors={"default": ThreadPoolExecutor(max_workers=1)}
    )
    scheduler.add_job(
        daily,
        CronTrigger(day_of_week="mon-fri", hour=at.hour, minute=at.minute, timezone=LONDON),
        id="daily-scan",
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        deliver,
        IntervalTrigger(minutes=1, timezone=LONDON),
        id="relay",
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
    )
    scheduler.add_job(
        integrity,
        CronTrigger(hour=at.hour, minute=at.minute, timezone=LONDON),
        id="daily-integrity",
        misfire_grace_time=None,
        coalesce=True,
        max_instances=1,
    )
    if verify_due(tracker, now()):
        scheduler.add_job(integrity, id="integrity-catch-up", misfire_grace_time=None)
    if missed_scan(tracker, now(), at, calendar):
        log.info("a scan was missed while the scheduler was down: running it now")
        scheduler.add_job(daily, id="catch-up", misfire_grace_time=None)
    log.info(
        "scheduler started: daily scan on working days and integrity check every day "
        "at %s (Europe/London)",
        at,
    )
    signal.signal(signal.SIGTERM, _stop)  # a service manager's stop is a clean exit
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("scheduler stopped")


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(0)
