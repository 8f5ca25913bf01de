"""A plan's indicators as the log knew them at an instant: each indicator's
definition then, its figures as reported then (a later revision is not yet
known), and the judgement of the latest figure.

A fold over the indicators' own events, which are few (a figure a month per
indicator), read from their streams: as-at for indicators is the same filter
on the recording instant as for items, and nothing else is kept to drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.indicator_rules import Direction, Polarity, Rag, Unit, direction, distance, rag
from domain.periods import Period, parse_period


@dataclass(frozen=True)
class Point:
    """One period's figure as last reported by the instant read."""

    period: Period
    value: float
    target: float | None
    neighbours: float | None
    england: float | None
    recorded_at: datetime
    by: str
    revised: bool  # a revision of an earlier figure (the first stays in the history)
    reason: str | None
    definition: str  # the title of the definition in force when it was reported

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period.text,
            "value": self.value,
            "target": self.target,
            "neighbours": self.neighbours,
            "england": self.england,
            "revised": self.revised,
            "recorded_at": self.recorded_at.isoformat(),
        }


@dataclass
class Reading:
    """One indicator, now or as at an instant, judged by the rules."""

    code: str
    title: str
    unit: Unit
    better: Polarity
    frequency: str
    owner: str
    tolerance: float | None
    actions: tuple[str, ...]
    definitions: int = 1  # how many versions of the definition there have been
    series: list[Point] = field(default_factory=list)  # oldest period first

    @property
    def latest(self) -> Point | None:
        return self.series[-1] if self.series else None

    @property
    def previous(self) -> Point | None:
        return self.series[-2] if len(self.series) > 1 else None

    @property
    def rag(self) -> Rag:
        point = self.latest
        if point is None:
            return "grey"
        return rag(point.value, point.target, self.better, self.tolerance)

    @property
    def direction(self) -> Direction | None:
        now, before = self.latest, self.previous
        return direction(now.value, before.value, self.better) if now and before else None

    def distances(self) -> dict[str, str | None]:
        """The latest figure beside its target, neighbours and England, in words."""
        point = self.latest
        if point is None:
            return {"target": None, "neighbours": None, "england": None}
        return {
            "target": distance(point.value, point.target, self.unit, "target"),
            "neighbours": distance(
                point.value, point.neighbours, self.unit, "statistical neighbours"
            ),
            "england": distance(point.value, point.england, self.unit, "England"),
        }

    def as_json(self) -> dict[str, Any]:
        latest = self.latest
        return {
            "code": self.code,
            "title": self.title,
            "unit": self.unit,
            "better": self.better,
            "frequency": self.frequency,
            "owner": self.owner,
            "tolerance": self.tolerance,
            "actions": list(self.actions),
            "rag": self.rag,
            "direction": self.direction,
            "distance": self.distances(),
            "latest": latest.as_json() if latest else None,
            "series": [point.as_json() for point in self.series],
        }


Event = tuple[str, dict[str, Any]]  # (the event's class name, its decoded state)


def reading(stream: Iterable[Event], as_at: datetime) -> Reading | None:
    """Fold one indicator's events, in order, keeping those recorded at or
    before ``as_at``; None if it was not yet defined then."""
    found: Reading | None = None
    points: dict[Period, Point] = {}
    for kind, state in stream:
        at = datetime.fromisoformat(state["timestamp"])
        if at > as_at:
            break  # a stream's events are recorded in order
        if kind == "IndicatorDefined":
            found = _defined(state["code"], state["definition"])
        elif found is not None and kind == "DefinitionChanged":
            found = _defined(found.code, state["new"], found.definitions + 1)
        elif found is not None and kind == "FigureReported":
            period = parse_period(state["period"])
            points[period] = _point(state, period, at, found.title)
    if found is not None:
        found.series = [points[p] for p in sorted(points)]
    return found


def _defined(code: str, definition: dict[str, Any], versions: int = 1) -> Reading:
    return Reading(
        code=code,
        title=definition["title"],
        unit=definition["unit"],
        better=definition["better"],
        frequency=definition["frequency"],
        owner=definition.get("owner") or "",
        tolerance=definition.get("tolerance"),
        actions=tuple(definition.get("actions") or ()),
        definitions=versions,
    )


def _point(state: dict[str, Any], period: Period, at: datetime, definition: str) -> Point:
    figure = state["figure"]
    return Point(
        period=period,
        value=float(figure["value"]),
        target=figure.get("target"),
        neighbours=figure.get("neighbours"),
        england=figure.get("england"),
        recorded_at=at,
        by=state["by"],
        revised=bool(state.get("revises")),
        reason=state.get("reason"),
        definition=definition,
    )


def exceptions_first(found: list[Reading]) -> list[Reading]:
    """The board pack's order: red, or worse than the period before, first;
    otherwise as defined."""
    return sorted(found, key=lambda r: not (r.rag == "red" or r.direction == "worse"))
