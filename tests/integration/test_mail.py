"""The scan and the relay against a real SMTP server on loopback, on SQLite and
PostgreSQL: what arrives, what happens when the server is down or refuses."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import icalendar

from application.service import Tracker
from application.settings import Settings
from domain.dates import LONDON
from domain.message import Delivery
from domain.status import Status
from entrypoints import bootstrap
from scheduler.calendar import EnglishWorkingDays
from scheduler.service import Mail, tick
from tests.conftest import Clock
from tests.plans import write
from tests.smtp import Mailbox, free_port, smtp_server

PLAN = "laming-2009"
ENGLAND = EnglishWorkingDays()
EMAILS = {
    "hos-cf": "hos-cf@example.gov.uk",
    "lscb-manager": "lscb@example.gov.uk",
    "health-commissioner": "health@example.gov.uk",
    "board-chair": "chair@example.gov.uk",
}


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def setup_plan(app: Tracker, tmp_path: Path) -> None:
    from application.spreadsheet import read_plan_file

    app.import_plan(PLAN, read_plan_file(write(tmp_path)), by="pmo", source="plan.csv")
    app.set_contacts(PLAN, ["board-chair"], by="pmo")
    app.directory.set_emails(EMAILS)


def mail_to(port: int) -> Mail:
    return bootstrap.mail(Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_timeout=5))


def by_recipient(box: Mailbox) -> dict[tuple[str, str], EmailMessage]:
    return {(str(m["To"]), str(m["Subject"]).split(" ")[0]): m for m in box.received}


def test_the_days_messages_arrive_whole(app: Tracker, clock: Clock, tmp_path: Path) -> None:
    setup_plan(app, tmp_path)
    port = free_port()
    with smtp_server(port) as box:
        monday = london("2009-11-30T07:30")
        clock.set(monday)
        scanned, relayed, _ = tick(app, ENGLAND, mail_to(port), monday)
        assert scanned.flagged == [f"{PLAN} 32"]  # due October 2009, still open
        assert sorted(scanned.queued) == [
            "digest to health-commissioner",  # 32: still overdue, four weeks on
            "digest to hos-cf",  # 11.a: due today
            "exceptions to board-chair",  # Monday: the weekly report
        ]
        assert len(relayed.sent) == 3 and not relayed.failed
        received = by_recipient(box)
        digest = received[("hos-cf@example.gov.uk", "1")]
        assert digest["Subject"] == "1 improvement plan item needs your attention"
        assert digest["Auto-Submitted"] == "auto-generated"
        text = digest.get_body(("plain",))
        html = digest.get_body(("html",))
        assert text is not None and html is not None
        assert "11.a Local procedures revised" in text.get_content()
        assert "Why now: due today." in text.get_content()
        assert "<td>11.a</td>" in html.get_content()
        (ics,) = list(digest.iter_attachments())
        (entry,) = icalendar.Calendar.from_ical(ics.get_content()).walk("VEVENT")
        assert entry["UID"] == f"{PLAN}.11.a@improvement-tracker"
        report = received[("chair@example.gov.uk", "Exception")]
        body = report.get_body(("plain",))
        words = "1 item is red or amber (1 red, 0 amber), 1 of them overdue."
        assert body is not None and words in body.get_content()

        # Tuesday: 11.a is now overdue; 40 was declared off track overnight
        clock.set(london("2009-12-01T07:00"))
        app.change_status(PLAN, "40", Status.OFF_TRACK, by="lscb-manager")
        tuesday = london("2009-12-01T07:30")
        clock.set(tuesday)
        scanned, relayed, _ = tick(app, ENGLAND, mail_to(port), tuesday)
        assert scanned.flagged == [f"{PLAN} 11.a"]
        assert sorted(scanned.queued) == ["digest to hos-cf", "escalation to board-chair"]
        escalation = next(m for m in box.received if str(m["Subject"]).startswith("Escalation"))
        part = escalation.get_body(("plain",))
        assert part is not None and "40 Two lay members" in part.get_content()
        assert "now declared off track" in part.get_content()

        # a second tick the same day records and sends nothing
        again, relayed, _ = tick(app, ENGLAND, mail_to(port), tuesday + timedelta(hours=2))
        assert again.skipped == "Tue 01 Dec 2009 has been scanned already"
        assert relayed.sent == []
    assert len(box.received) == 5
    assert all(count == 1 for count in Counter(box.ids()).values())
    history = app.history(PLAN, "11.a")
    assert [(row["type"], row["by"], row["due"]) for row in history][-1] == (
        "ItemFlaggedOverdue",
        "scheduler",
        "2009-11-30",
    )


def test_smtp_down_keeps_messages_pending_until_it_returns(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    port = free_port()  # nothing listens here yet
    monday = london("2009-11-30T07:30")
    clock.set(monday)
    scanned, relayed, _ = tick(app, ENGLAND, mail_to(port), monday)
    assert len(scanned.queued) == 3 and len(relayed.deferred) == 3 and not relayed.sent
    pending = app.messages(Delivery.PENDING)
    assert len(pending) == 3
    assert all(row.attempts == 1 and "could not reach" in (row.reply or "") for row in pending)
    # before the wait is over nothing is tried; a failed second try waits twice as long
    assert app.ready_messages(monday + timedelta(seconds=30)) == []
    _, relayed, _ = tick(app, ENGLAND, mail_to(port), monday + timedelta(minutes=1))
    assert len(relayed.deferred) == 3
    assert {row.retry_at for row in app.messages()} == {monday + timedelta(minutes=3)}
    with smtp_server(port) as box:
        _, relayed, _ = tick(app, ENGLAND, mail_to(port), monday + timedelta(minutes=3))
        assert len(relayed.sent) == 3
        _, relayed, _ = tick(app, ENGLAND, mail_to(port), monday + timedelta(minutes=30))
        assert relayed.sent == []
    assert sorted(Counter(box.ids()).values()) == [1, 1, 1]
    assert [row.delivery for row in app.messages()] == [Delivery.SENT] * 3
    assert all(row.attempts == 3 for row in app.messages())


def test_a_refused_recipient_fails_with_the_servers_reply_and_can_be_retried(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    app.directory.set_emails({"health-commissioner": "left@example.gov.uk"})
    port = free_port()
    box = Mailbox()
    box.refuse["left@example.gov.uk"] = "550 5.1.1 <left@example.gov.uk>: mailbox unavailable"
    monday = london("2009-11-30T07:30")
    clock.set(monday)
    with smtp_server(port, box):
        _, relayed, _ = tick(app, ENGLAND, mail_to(port), monday)
    assert len(relayed.sent) == 2 and len(relayed.failed) == 1
    (failed,) = app.messages(Delivery.FAILED)
    assert failed.recipient == "health-commissioner"
    assert failed.reply == "550 5.1.1 bad destination mailbox address"  # no address

    # the address is corrected and the message requeued by hand
    app.directory.set_emails({"health-commissioner": "health@example.gov.uk"})
    clock.set(monday + timedelta(hours=1))
    app.retry_message(failed.id[:8], by="admin")
    with smtp_server(port, box):
        _, relayed, _ = tick(app, ENGLAND, mail_to(port), monday + timedelta(hours=1))
    assert relayed.sent == [failed.id]
    assert str(box.received[-1]["To"]) == "health@example.gov.uk"


def test_a_recipient_with_no_address_fails_saying_so(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    setup_plan(app, tmp_path)
    app.set_contacts(PLAN, ["board-chair", "lead-member"], by="pmo")
    monday = london("2009-11-30T07:30")
    clock.set(monday)
    port = free_port()
    with smtp_server(port) as box:
        _, relayed, _ = tick(app, ENGLAND, mail_to(port), monday)
    assert len(relayed.sent) == 3 and len(relayed.failed) == 1
    assert len(box.received) == 3
    (failed,) = app.messages(Delivery.FAILED)
    assert failed.reply == "no email address for 'lead-member' in the staff directory"


class RunningClock(Clock):
    """A clock that moves on by a millisecond at every reading, as a real one does
    while the scan works: the scan's own instant is then older than anything it
    recorded after reading the clock again."""

    def now(self) -> datetime:
        self.set(super().now() + timedelta(milliseconds=1))
        return super().now()


def test_a_tick_with_a_running_clock_records_everything_in_time_order(
    store_url: str, tmp_path: Path
) -> None:
    clock = RunningClock(london("2009-11-30T07:30"))
    app = bootstrap.bootstrap(Settings(db=store_url), clock=clock)
    try:
        setup_plan(app, tmp_path)
        port = free_port()
        with smtp_server(port) as box:
            scanned, relayed, _ = tick(app, ENGLAND, mail_to(port), clock.now())
        assert scanned.flagged == [f"{PLAN} 32"] and len(scanned.queued) == 3
        assert len(relayed.sent) == 3 and len(box.received) == 3
        assert app.scan_log() is not None
    finally:
        app.close()
