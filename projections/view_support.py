"""Small pieces every part of the read views shares: recorded instants as
sortable text, rows as tuples whichever driver read them, which events are
decoded though no view reads them, and pausing the cycle collector for big reads.

Kept apart so the schema, the appliers, the runner and the queries can each
use them without importing one another.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any

from eventsourcing.utils import TopicError, resolve_topic

from store.log_rows import LogRow


def instant_key(moment: datetime) -> str:
    """Recorded instants as fixed-width UTC text, so text order is time order
    (``isoformat`` without the offset: a third quicker than ``strftime``)."""
    utc = moment if moment.tzinfo is UTC else moment.astimezone(UTC)
    return utc.isoformat(timespec="microseconds")[:26]


def values(row: Any) -> tuple[Any, ...]:
    """A row as a tuple: PostgreSQL rows arrive as dicts, SQLite rows as sequences."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


def first(row: Any) -> Any:
    return values(row)[0]


def must_decode(event: LogRow) -> bool:
    """Whether an event no view reads is decoded all the same: one this release
    may be unable to read (a class version above 1, or a topic it does not
    know), so that the views refuse it as they always did (the reader is told
    to run a newer release) instead of passing over it."""
    return b'"class_version"' in event.state or not _known(event.topic)


@cache
def _known(topic: str) -> bool:
    try:
        resolve_topic(topic)
    except TopicError:
        return False
    return True


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """A replay allocates millions of short-lived objects and makes no reference
    cycles: Python's cycle collector would only walk the live items again and
    again (measured: about a tenth of a rebuild's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
