"""The head of the event log, and a signed checkpoint of it, for documents that
must say which log they were built from (the board pack).

Reading the head is one indexed query on the chain table (no verification: that
is ``tracker verify``'s work). Signed with the tracker's key, the head becomes a
checkpoint in exactly the text ``tracker checkpoint`` writes, so a printed pack
can later be checked with ``tracker verify --checkpoint``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from eventsourcing.persistence import ApplicationRecorder

from store.chain import GENESIS
from store.dialect import Dialect, datastore_of
from store.log_tables import chain_table

if TYPE_CHECKING:  # signing loads cryptography: only a pack with a key set pays for it
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@dataclass(frozen=True)
class LogHead:
    position: int  # 0 for an empty log
    link: str  # hex
    events: int


@dataclass(frozen=True)
class Anchor:
    """What a pack states about the log it was built from."""

    head: LogHead
    checkpoint: str  # tracker checkpoint's text; "" when no signing key is set
    fingerprint: str


def log_head(recorder: ApplicationRecorder) -> LogHead:
    table = chain_table(recorder)
    with datastore_of(recorder).transaction(commit=False) as cursor:
        cursor.execute(
            f"SELECT position, link, (SELECT count(*) FROM {table}) AS n "
            f"FROM {table} ORDER BY position DESC LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return LogHead(0, GENESIS.hex(), 0)
    position, link, events = Dialect.values(row)
    return LogHead(int(position), str(link), int(events))


def anchor(head: LogHead, key: Ed25519PrivateKey | None, *, at: datetime) -> Anchor:
    if key is None:
        return Anchor(head, "", "")
    from application import checkpoint as checkpoints

    made = checkpoints.make(key, position=head.position, link=head.link, events=head.events, at=at)
    return Anchor(head, checkpoints.dumps(made), made.fingerprint)
