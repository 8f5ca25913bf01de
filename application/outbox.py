"""The outbox's commands and queries: messages queued by the scheduler, taken
by the relay, sent or failed, and put back by a person.

Why a module of its own: the outbox is the one part of the service the
scheduler and the relay share, and nothing else in it touches messages. It
is a mixin of ``Tracker`` (whose public methods stay where callers look for
them); what it needs of the service is the ``Outboxed`` protocol. The
scheduler's and the relay's writes take the writer turn at the later of
their own instant and the clock (``command_template.turn_at``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository

from application.command_template import ConcurrentChange, Turns, turn_at
from domain.dates import london_date
from domain.errors import TrackerError
from domain.message import Delivery, Message
from domain.scan_log import SCHEDULER
from projections.item_versions import ItemVersionsView
from projections.outbox import OutboxRow


class UnknownMessage(TrackerError):
    pass


class Outboxed(Turns, Protocol):
    """What the outbox needs of the application service."""

    views: ItemVersionsView

    @property
    def repository(self) -> Repository[UUID]: ...


class Outbox:
    def queue_message(
        self: Outboxed,
        *,
        recipient: str,
        day: date,
        kind: str,
        subject: str,
        content: dict[str, Any],
        at: datetime,
    ) -> bool:
        """Record a message in the outbox, unless its key is already there:
        the store's uniqueness decides, so two schedulers record it once."""
        with turn_at(self, at) as instant:
            message = Message.queue(
                recipient=recipient,
                day=day,
                kind=kind,
                subject=subject,
                content=content,
                by=SCHEDULER,
                at=instant,
            )
            try:
                self.save(message)
            except ConcurrentChange:
                return False
        return True

    def messages(self: Outboxed, delivery: Delivery | None = None) -> list[OutboxRow]:
        self.views.catch_up()
        return self.views.messages(delivery)

    def ready_messages(self: Outboxed, now: datetime) -> list[OutboxRow]:
        self.views.catch_up()
        return self.views.messages(ready_at=now)

    def message(self: Outboxed, key: str) -> Message:
        """A message by its id, or by an unambiguous start of it (as listed)."""
        return _message(self, key)

    def claim_message(self: Outboxed, key: str, *, at: datetime) -> Message | None:
        """Take a ready message for sending; None if another relay has it."""
        message = _message(self, key)
        if not message.ready(at):
            return None
        with turn_at(self, at) as instant:
            message.claim(at=instant, today=london_date(instant))
            try:
                self.save(message)
            except ConcurrentChange:
                return None
        return message

    def message_sent(self: Outboxed, message: Message, reply: str, *, at: datetime) -> Message:
        with turn_at(self, at) as instant:
            message.sent(reply, at=instant, today=london_date(instant))
            self.save(message)
        return message

    def message_failed(
        self: Outboxed, message: Message, reply: str, *, permanent: bool, at: datetime
    ) -> Message:
        with turn_at(self, at) as instant:
            message.failed(reply, permanent=permanent, at=instant, today=london_date(instant))
            self.save(message)
        return message

    def retry_message(self: Outboxed, key: str, *, by: str) -> Message:
        message = _message(self, key)
        at = self.clock.now()
        message.requeue(by=by, at=at, today=london_date(at))
        self.save(message)
        return message


def _message(app: Outboxed, key: str) -> Message:
    try:
        return cast(Message, app.repository.get(UUID(key)))
    except (ValueError, AggregateNotFoundError):
        pass
    app.views.catch_up()
    start = key.strip().lower()
    found = [row.id for row in app.views.messages(None) if row.id.startswith(start)]
    if len(found) != 1 or len(key.strip()) < 4:
        what = "no message" if not found else f"{len(found)} messages"
        raise UnknownMessage(f"{what} with id starting '{key}': see tracker notifications")
    return cast(Message, app.repository.get(UUID(found[0])))
