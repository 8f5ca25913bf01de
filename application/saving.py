"""Saving aggregates: the library's ``Application.save``, without its
per-object runtime protocol checks, and with the new events handed to the
views in memory.

Why: the scheduler's first tick saves tens of thousands of flags. The
library's ``ProcessingEvent.collect_events`` asks ``isinstance`` of two
runtime-checkable protocols per object (each a walk over the protocol's
attributes), a sizeable share of a save; and the views' insert hook would
decode again, from their stored JSON, the events the service holds already.
Here an aggregate (``BaseAggregate``, as every aggregate of the domain is)
gives its pending events directly; anything else goes the library's way. The
rest is the library's own sequence: record, snapshots, notify.

The views apply the in-memory events by the same rule as decoded ones (one
``apply`` per event class); ``tests/integration/test_views*.py`` check that a
rebuild from the stored log makes the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import BaseAggregate
from eventsourcing.persistence import Recording

from projections.item_versions import ItemVersionsView


def save_collected(
    app: Application[UUID], views: ItemVersionsView, objs: Sequence[Any], kwargs: dict[str, Any]
) -> list[Recording[UUID]]:
    """``Application.save(*objs, **kwargs)``, as the library does it."""
    processing: ProcessingEvent[UUID] = ProcessingEvent()
    for obj in objs:  # in the given order, as the library collects them
        if isinstance(obj, BaseAggregate):  # a class check: no protocol walk
            processing.events.extend(obj.collect_events())
            processing.aggregates[obj.id] = obj
        else:
            processing.collect_events(obj)
    processing.saved_kwargs.update(kwargs)
    with views.fresh(processing.events):
        recordings = app._record(processing)
    app._take_snapshots(processing)
    app._notify(recordings)
    app.notify(processing.events)  # the library's deprecated hook, as its save calls it
    return recordings
