"""The relay: sends what the outbox holds, recording every attempt.

Each message is claimed before it is sent (an event at the message's next
version, so of two relays only one wins), then marked sent, deferred with
a doubling wait, or failed with the server's reply. A relay that dies after
claiming leaves a claim that goes stale after ``LEASE`` and is retried: SMTP
cannot be exactly-once, and the Message-ID, derived from the message's key,
lets mail systems recognise that one re-send.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from domain.message import Delivery
from notifications.render import Renderer
from notifications.senders import DeliveryError, Sender

if TYPE_CHECKING:
    from application.service import Tracker


@dataclass
class RelayReport:
    sent: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def relay(tracker: Tracker, sender: Sender, renderer: Renderer, now: datetime) -> RelayReport:
    report = RelayReport()
    for row in tracker.ready_messages(now):
        message = tracker.claim_message(row.id, at=now)
        if message is None:
            continue  # another relay has it
        address = tracker.directory.email(message.recipient)
        if address is None:
            reply = f"no email address for '{message.recipient}' in the staff directory"
            tracker.message_failed(message, reply, permanent=True, at=now)
            report.failed.append(f"{row.id}: {reply}")
            continue
        email = renderer.email(
            message_id=message.id,
            kind=message.kind,
            subject=message.subject,
            content=message.content,
            address=address,
            queued_at=message.queued_at,
            people=tracker.directory.people(),
        )
        try:
            reply = sender.send(email)
        except DeliveryError as error:
            outcome = tracker.message_failed(
                message, error.reply, permanent=error.permanent, at=now
            )
            failed = outcome.delivery is Delivery.FAILED
            (report.failed if failed else report.deferred).append(f"{row.id}: {error.reply}")
            continue
        tracker.message_sent(message, reply, at=now)
        report.sent.append(row.id)
    return report
