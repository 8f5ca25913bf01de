"""The one place that builds the object graph from settings."""

from __future__ import annotations

from application.clock import Clock
from application.service import Tracker
from application.settings import Settings


def bootstrap(settings: Settings, clock: Clock | None = None) -> Tracker:
    return Tracker(env=settings.eventsourcing_env(), clock=clock or settings.clock())
