"""Where "now" comes from. The domain never asks; the application is given one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

from domain.dates import london_date


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A simulated clock (``TRACKER_NOW``): every reading gives the same instant,
    until a test or the demo moves it on with ``set``."""

    def __init__(self, instant: datetime) -> None:
        self.set(instant)

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("a simulated clock needs a timezone-aware instant")
        self._instant = instant.astimezone(UTC)

    def now(self) -> datetime:
        return self._instant


def moment(clock: Clock, effective: date | None = None) -> tuple[datetime, date]:
    """The instant a command records at, and its effective date: today's London
    date unless one is given (the domain refuses one out of bounds)."""
    at = clock.now()
    return at, effective or london_date(at)
