"""The daily integrity check on SQLite and PostgreSQL: a tampered log is found
by the scheduler's tick, kept as the latest verdict, and alarmed once (board
contacts and administrators, through the outbox and a real SMTP server);
writes still go in, chained onto the break."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from application.access import Role
from application.integrity import verify_log
from application.service import Tracker
from domain.status import Status
from scheduler.integrity import SUBJECT, check_integrity
from scheduler.service import tick
from store.log_tables import events_table
from tests.conftest import Clock
from tests.integration.test_chain import event_at, pos, positions, sql
from tests.integration.test_mail import ENGLAND, PLAN, london, mail_to, setup_plan
from tests.smtp import free_port, smtp_server

ADMIN_EMAIL = "pmo@example.gov.uk"


def planned(app: Tracker, clock: Clock, tmp_path: Path) -> int:
    """The plan (contact: board-chair), an admin and a viewer, and one status
    change by hos-cf: the position of that change."""
    setup_plan(app, tmp_path)
    app.users.add("pmo", Role.ADMIN, "a long enough password")
    app.users.add("inspector", Role.VIEWER, "a long enough password")
    app.directory.set_emails({"pmo": ADMIN_EMAIL, "inspector": "inspector@example.gov.uk"})
    clock.advance(hours=1)
    app.change_status(PLAN, "11", Status.AT_RISK, by="hos-cf")
    return positions(app)[-1]


def tamper(app: Tracker, at: int) -> bytes:
    """Rewrite who made the change at ``at``, as someone with database access
    might; the original bytes, to put back."""
    original = bytes(event_at(app, at)["state"])
    forged = original.replace(b'"by":"hos-cf"', b'"by":"nobody"')
    assert forged != original
    put_back(app, at, forged)
    return original


def put_back(app: Tracker, at: int, state: bytes) -> None:
    table = events_table(app.recorder)
    sql(app, f"UPDATE {table} SET state = ? WHERE {pos(app)} = ?", state, at)


def test_a_broken_chain_is_alarmed_once_to_contacts_and_admins(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    target = planned(app, clock, tmp_path)
    port = free_port()
    with smtp_server(port) as box:
        saturday = london("2009-07-04T07:30")  # no scan at weekends; the check runs
        clock.set(saturday)
        scanned, relayed, checked = tick(app, ENGLAND, mail_to(port), saturday)
        assert scanned.skipped and checked.verified
        assert checked.latest is not None and checked.latest.ok and not checked.queued

        tamper(app, target)
        later = saturday + timedelta(hours=4)
        clock.set(later)
        _, _, checked = tick(app, ENGLAND, mail_to(port), later)
        assert not checked.verified, "verified once a day, not on every tick"
        assert checked.latest is not None and checked.latest.ok

        sunday = london("2009-07-05T07:30")
        clock.set(sunday)
        _, relayed, checked = tick(app, ENGLAND, mail_to(port), sunday)
        assert checked.verified and checked.latest is not None
        assert checked.latest.first_break is not None
        assert (checked.latest.first_break.kind, checked.latest.first_break.position) == (
            "changed event",
            target,
        )
        assert checked.latest.broken_since == sunday
        assert checked.queued == ["integrity to board-chair", "integrity to pmo"]
        assert len(relayed.sent) == 2 and not relayed.failed
        assert sorted(str(m["To"]) for m in box.received) == [
            "chair@example.gov.uk",
            ADMIN_EMAIL,
        ]
        alarm = box.received[0]
        assert alarm["Subject"] == SUBJECT
        text = alarm.get_body(("plain",))
        assert text is not None
        body = text.get_content()
        assert f"Changed event at position {target}" in body
        assert "Since Sun 5 July 2009 at 07:30 (London time)" in body
        assert "still being recorded" in body
        # what broke and where, nothing about anyone
        assert "hos-cf" not in body and "nobody" not in body and "@" not in body

        for moment in (sunday + timedelta(hours=2), london("2009-07-06T07:30")):
            clock.set(moment)
            scanned, relayed, checked = tick(app, ENGLAND, mail_to(port), moment)
            assert checked.latest is not None and not checked.latest.ok
            assert checked.latest.broken_since == sunday, "still the same break"
            assert checked.queued == []
            assert not any(q.startswith("integrity") for q in scanned.queued)
        assert checked.verified, "Monday's check verified again and found the same break"
        assert [m["Subject"] for m in box.received].count(SUBJECT) == 2


def test_writes_while_broken_are_chained_onto_the_break(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    target = planned(app, clock, tmp_path)
    original = tamper(app, target)
    clock.advance(hours=1)
    app.change_status(PLAN, "32", Status.AT_RISK, by="health-commissioner")
    newest = positions(app)[-1]
    assert newest > target

    verdict = verify_log(app.recorder)
    assert verdict.first_break is not None
    assert verdict.first_break.position == target, "the original break, not the new event"

    put_back(app, target, original)
    repaired = verify_log(app.recorder)
    assert repaired.ok, "the change made while broken was chained like any other"
    assert repaired.head_position == newest and repaired.events == len(positions(app))


def test_the_alarm_is_once_per_break_whoever_found_it(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    target = planned(app, clock, tmp_path)
    head = verify_log(app.recorder)
    monday = clock.advance(days=5)
    original = tamper(app, target)
    # an administrator's `tracker verify` finds it first and records it ...
    app.integrity.record(verify_log(app.recorder), at=monday)
    # ... and the scheduler's tick the same day alarms it without verifying again
    checked = check_integrity(app, monday + timedelta(minutes=5))
    assert not checked.verified and checked.queued == [
        "integrity to board-chair",
        "integrity to pmo",
    ]

    put_back(app, target, original)  # repaired: the next day's check is ok
    tuesday = clock.advance(days=1)
    checked = check_integrity(app, tuesday)
    assert checked.latest is not None and checked.latest.ok
    assert checked.latest.broken_since is None and not checked.queued

    # a break found only against a checkpoint is the inspector's to report: the
    # chain itself verifies, so the banner does not come and go with it
    against = verify_log(app.recorder, checkpoint=(10**6, head.head_link))
    assert against.first_break is not None and against.first_break.kind == "truncated tail"
    assert app.integrity.record(against, at=tuesday).ok

    tamper(app, target)  # broken again: a new break, a new alarm
    wednesday = clock.advance(days=1)
    checked = check_integrity(app, wednesday)
    assert checked.latest is not None and checked.latest.broken_since == wednesday
    assert checked.queued == ["integrity to board-chair", "integrity to pmo"]


def test_an_archived_plans_contacts_are_left_out(
    app: Tracker, clock: Clock, tmp_path: Path
) -> None:
    target = planned(app, clock, tmp_path)
    app.set_archived(PLAN, True, by="pmo", reason="plan closed")
    tamper(app, target)
    checked = check_integrity(app, clock.advance(days=1))
    assert checked.queued == ["integrity to pmo"]
