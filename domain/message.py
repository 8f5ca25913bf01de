"""The outbox: each message the tracker means to send, as an aggregate.

A message's id is derived from its key (recipient, day, kind), so recording
the same message twice collides on the store's uniqueness of (id, version):
a re-run or a second scheduler records nothing new, with no check-then-act
race. Sending is claimed the same way: a relay appends ``DeliveryClaimed``
at the next version, and of two relays only one can.

Contact details are not here: the recipient is a staff key, resolved to an
address from the directory when the message is sent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate

from domain.contact_details import redact
from domain.errors import TransitionNotAllowed
from domain.events import DomainEvent

RELAY = "relay"
MAX_ATTEMPTS = 12  # with doubling waits from one minute, about 34 hours of trying
FIRST_WAIT = timedelta(minutes=1)
LEASE = timedelta(minutes=10)  # a claim older than this was a relay that died


class Delivery(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


def message_id(recipient: str, day: date, kind: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"tracker:message:{recipient}:{day.isoformat()}:{kind}")


class Message(BaseAggregate[UUID]):
    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class MessageQueued(Event, CanInitAggregate[UUID]):
        originator_topic: str
        recipient: str
        day: date
        kind: str
        subject: str
        content: dict[str, Any]

        def apply(self, aggregate: Any) -> None:
            aggregate.recipient = self.recipient
            aggregate.day = self.day
            aggregate.kind = self.kind
            aggregate.subject = self.subject
            aggregate.content = self.content
            aggregate.queued_at = self.timestamp
            aggregate.delivery = Delivery.PENDING
            aggregate.attempts = 0
            aggregate.retry_at = self.timestamp
            aggregate.reply = None

    class DeliveryClaimed(Event):
        attempt: int

        def apply(self, aggregate: Any) -> None:
            aggregate.delivery = Delivery.SENDING
            aggregate.attempts = self.attempt
            aggregate.retry_at = self.timestamp + LEASE

    class MessageSent(Event):
        reply: str  # the address is not kept: it lives in the erasable directory

        def apply(self, aggregate: Any) -> None:
            aggregate.delivery = Delivery.SENT
            aggregate.reply = self.reply

    class DeliveryDeferred(Event):
        """A temporary failure: try again at ``retry_at``."""

        reply: str
        retry_at: datetime

        def apply(self, aggregate: Any) -> None:
            aggregate.delivery = Delivery.PENDING
            aggregate.retry_at = self.retry_at
            aggregate.reply = self.reply

    class DeliveryFailed(Event):
        reply: str

        def apply(self, aggregate: Any) -> None:
            aggregate.delivery = Delivery.FAILED
            aggregate.reply = self.reply

    class MessageRequeued(Event):
        def apply(self, aggregate: Any) -> None:
            aggregate.delivery = Delivery.PENDING
            aggregate.retry_at = self.timestamp
            aggregate.attempts = 0

    def __init__(self) -> None:  # the state's types; ``MessageQueued`` sets it
        self.recipient = ""
        self.day = date.min
        self.kind = ""
        self.subject = ""
        self.content: dict[str, Any] = {}
        self.queued_at = datetime.min
        self.delivery = Delivery.PENDING
        self.attempts = 0
        self.retry_at = datetime.min
        self.reply: str | None = None

    @classmethod
    def queue(
        cls,
        *,
        recipient: str,
        day: date,
        kind: str,
        subject: str,
        content: dict[str, Any],
        by: str,
        at: datetime,
    ) -> Message:
        return cls._create(
            cls.MessageQueued,
            id=message_id(recipient, day, kind),
            timestamp=at,
            recipient=recipient,
            day=day,
            kind=kind,
            subject=subject,
            content=content,
            by=by,
            effective_on=day,
        )

    def ready(self, now: datetime) -> bool:
        """Whether a relay should try it now (a stale claim counts as ready)."""
        return self.delivery in (Delivery.PENDING, Delivery.SENDING) and self.retry_at <= now

    def claim(self, *, at: datetime, today: date) -> None:
        if not self.ready(at):
            raise TransitionNotAllowed(f"message {self.id} is {self.delivery.value}, not ready")
        self.trigger_event(
            self.DeliveryClaimed,
            timestamp=at,
            attempt=self.attempts + 1,
            by=RELAY,
            effective_on=today,
        )

    def sent(self, reply: str, *, at: datetime, today: date) -> None:
        self.trigger_event(
            self.MessageSent, timestamp=at, reply=redact(reply), by=RELAY, effective_on=today
        )

    def failed(self, reply: str, *, permanent: bool, at: datetime, today: date) -> None:
        """Record a failed attempt: retried later with doubling waits, unless the
        failure is permanent or the attempts are used up. Any address in the
        reply is cut out: the relay keeps only codes, and this makes sure."""
        reply = redact(reply)
        if permanent or self.attempts >= MAX_ATTEMPTS:
            if not permanent:
                reply = f"gave up after {self.attempts} attempts; last reply: {reply}"
            self.trigger_event(
                self.DeliveryFailed, timestamp=at, reply=reply, by=RELAY, effective_on=today
            )
            return
        wait = FIRST_WAIT * 2 ** (self.attempts - 1)
        self.trigger_event(
            self.DeliveryDeferred,
            timestamp=at,
            reply=reply,
            retry_at=at + wait,
            by=RELAY,
            effective_on=today,
        )

    def requeue(self, *, by: str, at: datetime, today: date) -> bool:
        if self.delivery is not Delivery.FAILED:
            raise TransitionNotAllowed(
                f"message {self.id} is {self.delivery.value}: only failed messages are retried"
            )
        self.trigger_event(self.MessageRequeued, timestamp=at, by=by, effective_on=today)
        return True
