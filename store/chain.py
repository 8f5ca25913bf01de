"""The hash chain over the event log: pure functions, no database.

Each stored event has a chain row at its notification-log position::

    digest = SHA-256(originator id, version, topic, state)   the event's stored bytes
    link   = SHA-256(previous link, position, digest)        the chain up to here

The first link starts from 32 zero bytes. The row keeps the event's topic and
digest as well as the link, so that a verifier can say *how* the log was changed
(a changed event, a changed type, an event moved from another position), not only
*where*. Positions may have gaps (PostgreSQL's sequence skips after a refused
insert): the chain follows the rows, in position order, whatever the numbers.

The chain is keyless: whoever can rewrite both tables can recompute it. That is
what signed checkpoints kept elsewhere are for (see ``application.checkpoint``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

GENESIS = bytes(32)


@dataclass(frozen=True)
class StoredRecord:
    """An event as the store holds it, at its log position."""

    position: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class ChainRow:
    position: int
    topic: str
    digest: str  # hex
    link: str  # hex


@dataclass(frozen=True)
class Break:
    """The first place where the log and its chain disagree."""

    position: int
    kind: str  # one of KINDS
    detail: str


KINDS = (
    "changed event",
    "changed event type",
    "deleted event",
    "inserted event",
    "reordered events",
    "chain altered",
    "truncated tail",
    "diverged from checkpoint",
)


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def event_digest(record: StoredRecord) -> bytes:
    """SHA-256 of an event's stored bytes, each field length-prefixed."""
    h = hashlib.sha256()
    h.update(_field(str(record.originator_id).encode()))
    h.update(_field(str(record.originator_version).encode()))
    h.update(_field(record.topic.encode()))
    state = record.state if isinstance(record.state, bytes) else str(record.state).encode()
    h.update(_field(state))
    return h.digest()


def next_link(previous: bytes, position: int, digest: bytes) -> bytes:
    return hashlib.sha256(previous + position.to_bytes(8, "big") + digest).digest()


def extend(previous: bytes, records: Iterable[StoredRecord]) -> Iterator[ChainRow]:
    """Chain rows for ``records`` (in position order) after the link ``previous``."""
    for record in records:
        digest = event_digest(record)
        previous = next_link(previous, record.position, digest)
        yield ChainRow(record.position, record.topic, digest.hex(), previous.hex())


@dataclass
class Verdict:
    """What verifying found: the head reached, and the first break, if any."""

    events: int = 0
    head_position: int = 0
    head_link: str = GENESIS.hex()
    first_break: Break | None = None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify(
    records: Iterable[StoredRecord],
    rows: Iterable[ChainRow],
    *,
    chained: Callable[[str], bool] = lambda digest: False,
) -> Verdict:
    """Walk the events and the chain together in position order; stop at the first break.

    ``chained(digest)`` says whether the chain holds that digest at any position,
    so an event found at the wrong position is told apart from a changed one.
    """
    verdict = Verdict()
    previous = GENESIS
    events = iter(records)
    chain = iter(rows)
    record = next(events, None)
    row = next(chain, None)
    while record is not None or row is not None:
        if row is None or (record is not None and record.position < row.position):
            assert record is not None
            verdict.first_break = Break(
                record.position,
                "inserted event",
                f"an event ({_short(record.topic)}) is in the log at position "
                f"{record.position} but was never chained: it was not written by the tracker",
            )
            return verdict
        if record is None or row.position < record.position:
            verdict.first_break = Break(
                row.position,
                "deleted event",
                f"the chain holds an event ({_short(row.topic)}) at position {row.position} "
                "that is no longer in the log",
            )
            return verdict
        digest = event_digest(record)
        expected = next_link(previous, row.position, bytes.fromhex(row.digest))
        if expected.hex() != row.link:
            verdict.first_break = Break(
                row.position,
                "chain altered",
                f"the chain's own link at position {row.position} does not follow from the "
                "one before it: the chain table was edited",
            )
            return verdict
        if digest.hex() != row.digest:
            verdict.first_break = _mismatch(record, row, digest.hex(), chained)
            return verdict
        previous = expected
        verdict.events += 1
        verdict.head_position = row.position
        verdict.head_link = row.link
        record = next(events, None)
        row = next(chain, None)
    return verdict


def _mismatch(
    record: StoredRecord, row: ChainRow, digest: str, chained: Callable[[str], bool]
) -> Break:
    at = record.position
    if chained(digest):
        return Break(
            at,
            "reordered events",
            f"the event now at position {at} was recorded at another position: events were moved",
        )
    if record.topic != row.topic:
        return Break(
            at,
            "changed event type",
            f"the event at position {at} was recorded as {_short(row.topic)} "
            f"but now reads {_short(record.topic)}",
        )
    return Break(
        at,
        "changed event",
        f"the stored content of the event at position {at} ({_short(row.topic)}) "
        "is not what was recorded",
    )


def _short(topic: str) -> str:
    return topic.rsplit(".", 1)[-1].rsplit(":", 1)[-1]
