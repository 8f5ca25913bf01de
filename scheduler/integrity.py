"""The daily integrity check: verify the event log's chain once a London day,
keep the verdict, and raise the alarm when the chain is found broken.

Every calendar day, weekends and holidays included: a break is not a reminder
that can wait for Monday. The alarm is one message in the outbox to each
board contact of every plan (archived plans left out, as the scan leaves them)
and to each administrator (a user with the admin role; the relay finds their
address in the staff directory under their user name, like anyone's). It is
queued once per break: not again while the same first break is found day after
day, but again for a new break (one found earlier in the log, or after the log
was repaired and broke again). The outbox's key (recipient, day, kind) makes
two schedulers queue it once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from application.access import Role
from application.integrity import verify_log
from application.integrity_status import LatestCheck
from domain.dates import london_date
from notifications.content import IntegrityAlarm

if TYPE_CHECKING:
    from application.service import Tracker

SUBJECT = "Integrity alarm: the tracker's record of changes failed its check"


@dataclass
class IntegrityCheck:
    latest: LatestCheck | None  # the verdict after this check (None: an empty store's first)
    verified: bool  # False: a full verification had already run today
    queued: list[str] = field(default_factory=list)  # newly recorded: "integrity to KEY"


def verify_due(tracker: Tracker, now: datetime) -> bool:
    """No full verification has run on ``now``'s London day yet."""
    latest = tracker.integrity.latest()
    return latest is None or london_date(latest.checked_at) < london_date(now)


def check_integrity(tracker: Tracker, now: datetime) -> IntegrityCheck:
    """Verify (unless done today), then queue the alarm if a break has none yet.
    A break found by an administrator's ``tracker verify`` is alarmed here too."""
    verified = verify_due(tracker, now)
    if verified:
        latest: LatestCheck | None = tracker.integrity.record(verify_log(tracker.recorder), at=now)
    else:
        latest = tracker.integrity.latest()
    check = IntegrityCheck(latest, verified)
    if latest is None or latest.first_break is None or latest.alarm_queued_at is not None:
        return check
    found, since = latest.first_break, latest.broken_since or latest.checked_at
    day = london_date(now)
    alarm = IntegrityAlarm(
        day=day,
        broken_since=since,
        position=found.position,
        kind=found.kind,
        detail=found.detail,
        events_verified=latest.events,
    ).model_dump(mode="json")
    for recipient in alarm_recipients(tracker):
        if tracker.queue_message(
            recipient=recipient, day=day, kind="integrity", subject=SUBJECT, content=alarm, at=now
        ):
            check.queued.append(f"integrity to {recipient}")
    tracker.integrity.alarm_queued(found, at=now)
    return check


def alarm_recipients(tracker: Tracker) -> list[str]:
    """Staff keys: every current plan's board contacts, and the administrators."""
    keys = {contact for plan in tracker.plans() for contact in tracker.reminder_settings(plan)[1]}
    keys |= {user.name for user in tracker.users.all() if user.role is Role.ADMIN}
    return sorted(keys)
