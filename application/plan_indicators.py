"""A plan's indicator codes, read from its ``IndicatorRegistered`` events alone.

Why: the codes were learnt by loading the plan, which replays its whole stream
(an event for every ref it has registered: hundreds), and the daily scan asks
for every plan's indicators to find late figures. Registrations are few; the
store finds them by the plan's stream (indexed) and their topic, as it finds
the reminder settings (``application.plan_settings``).
"""

from __future__ import annotations

from eventsourcing.utils import get_topic

from application.persistence import Stores
from application.plan_settings import settings_events
from domain.errors import UnknownPlan
from domain.plan import Plan

_REGISTERED = (get_topic(Plan.IndicatorRegistered),)


def indicator_codes(tracker: Stores, plan: str) -> list[str]:
    """The plan's indicator codes in the order first defined, as the loaded
    plan's ``indicators`` lists them; ``UnknownPlan`` if there is no plan."""
    events = settings_events(tracker, plan, _REGISTERED)
    if events is None:
        raise UnknownPlan(f"there is no plan '{plan}'")
    codes: list[str] = []
    for event in events:
        if isinstance(event, Plan.IndicatorRegistered):
            codes.append(event.code)
    return codes
