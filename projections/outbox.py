"""The outbox view: one row per message with its delivery state, so the relay
finds what is ready and ``tracker notifications`` lists messages without
replaying the log. Kept in the same transactions as the item-versions view
(see ``ItemVersionsView``), by the message aggregate's own ``apply`` methods."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel

from domain.message import Delivery, Message


class OutboxRow(BaseModel):
    id: str
    recipient: str
    day: date
    kind: str
    subject: str
    delivery: Delivery
    attempts: int
    retry_at: datetime
    reply: str | None
    queued_at: datetime


COLUMNS = tuple(OutboxRow.model_fields)


def create_statements(table: str, token: str) -> list[str]:
    return [
        f"CREATE TABLE {table} (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, day TEXT NOT NULL, "
        "kind TEXT NOT NULL, subject TEXT NOT NULL, delivery TEXT NOT NULL, "
        "attempts INTEGER NOT NULL, retry_at TEXT NOT NULL, reply TEXT, queued_at TEXT NOT NULL)",
        f"CREATE INDEX tracker_view_outbox_ready_{token} ON {table} (delivery, retry_at)",
    ]


def from_row(row: Any) -> OutboxRow:
    values = tuple(row.values()) if isinstance(row, dict) else tuple(row)
    return OutboxRow.model_validate(dict(zip(COLUMNS, values, strict=True)))


def apply(cursor: Any, table: str, mark: str, event: Message.Event) -> None:
    """Bring the message's row up to date with one of its events."""
    key = str(event.originator_id)
    message = SimpleNamespace()
    if not isinstance(event, Message.MessageQueued):
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE id = {mark}", (key,))
        message.__dict__.update(from_row(cursor.fetchone()))
        cursor.execute(f"DELETE FROM {table} WHERE id = {mark}", (key,))
    event.apply(message)
    row = OutboxRow.model_validate({**vars(message), "id": key})
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join([mark] * len(COLUMNS))})",
        [_text(getattr(row, name)) for name in COLUMNS],
    )


def instant_text(moment: datetime) -> str:
    """Fixed-width UTC text, so text order is time order and it parses back."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _text(value: Any) -> Any:
    if isinstance(value, datetime):
        return instant_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value.value if isinstance(value, Delivery) else value
