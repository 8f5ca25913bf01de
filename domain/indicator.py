"""The Indicator aggregate: one performance indicator of a plan (``NI59``), its
definition through time and the figures reported for it.

A definition changes (NI 59's 7 days became 10 working days) without losing
the old one; a second figure for a period is a revision, with a reason, and the
first stays in the log. So the plan as at a past meeting shows the figures as
they were reported then, and each figure says which definition it was
measured under. One stream per indicator keeps two owners reporting
different indicators from ever conflicting.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any, Literal
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import BaseAggregate, CanInitAggregate, CanMutateAggregate
from pydantic import BaseModel, ConfigDict

from domain.contact_details import refuse_addresses
from domain.errors import InvalidIndicator, ReasonRequired
from domain.events import DomainEvent
from domain.indicator_rules import Polarity, Unit
from domain.periods import parse_period
from domain.text_limits import check_lengths, visible

Frequency = Literal["monthly", "quarterly", "annual"]
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "quarterly", "annual")
_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]{0,23}")


def indicator_id(plan: str, code: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"tracker:indicator:{plan}:{code}")


def check_code(text: str) -> str:
    """An indicator's code as reports write it ('NI 59', 'ni59'), kept as
    'NI59': letters, digits, '.', '_' or '-', up to 24, spaces dropped."""
    code = "".join(str(text).split()).upper()
    if not _CODE.fullmatch(code):
        raise InvalidIndicator(
            f"{str(text)[:30]!r} is not an indicator code: use up to 24 letters, digits, "
            "'.', '_' or '-' (for example NI59)"
        )
    return code


def parse_number(name: str, text: object) -> float | None:
    """A figure as a person or a spreadsheet writes it ('71.9', '71.9%',
    '1,234'); None if blank. Refused, naming the field, if it is no number."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    cleaned = str(text or "").strip().removesuffix("%").replace(",", "").strip()
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InvalidIndicator(f"the {name} {str(text)[:30]!r} is not a number (for example 71.9)")
    return number


class Definition(BaseModel):
    """What an indicator measures and how it is judged."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    unit: Unit
    better: Polarity
    frequency: Frequency
    owner: str = ""
    tolerance: float | None = None  # in the unit; None means 5% of the target
    actions: tuple[str, ...] = ()  # refs of the plan's items meant to move it

    def checked(self) -> Definition:
        if not visible(self.title):
            raise InvalidIndicator("an indicator needs a title")
        check_lengths({"title": self.title})
        refuse_addresses({"title": self.title, "owner": self.owner})
        if self.tolerance is not None and not (
            math.isfinite(self.tolerance) and self.tolerance >= 0
        ):
            raise InvalidIndicator(f"the amber tolerance must be 0 or more, not {self.tolerance}")
        return self


class Figure(BaseModel):
    """One period's value with the figures it is judged against."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    target: float | None = None
    neighbours: float | None = None
    england: float | None = None

    def checked(self, unit: Unit) -> Figure:
        for name, number in self:
            if number is None:
                continue
            if not math.isfinite(number) or number < 0:
                raise InvalidIndicator(f"the {name} must be a number of 0 or more, not {number}")
            if unit == "percent" and number > 100:
                raise InvalidIndicator(f"the {name} is a percentage: 0 to 100, not {number}")
        return self


class Indicator(BaseAggregate[UUID]):
    class Event(DomainEvent, CanMutateAggregate[UUID]):
        pass

    class IndicatorDefined(Event, CanInitAggregate[UUID]):
        originator_topic: str
        plan: str
        code: str
        definition: Definition

        def apply(self, aggregate: Any) -> None:
            aggregate.plan, aggregate.code = self.plan, self.code
            aggregate.definition = self.definition
            aggregate.figures = {}

    class DefinitionChanged(Event):
        old: Definition
        new: Definition

        def apply(self, aggregate: Any) -> None:
            aggregate.definition = self.new

    class FigureReported(Event):
        """A period's figure; ``revises`` is True when it replaces an earlier one."""

        period: str
        figure: Figure
        revises: bool = False

        def apply(self, aggregate: Any) -> None:
            aggregate.figures = {**aggregate.figures, self.period: self.figure}

    def __init__(self) -> None:
        self.plan = ""
        self.code = ""
        self.definition: Definition
        self.figures: dict[str, Figure] = {}

    @classmethod
    def define(
        cls, *, plan: str, code: str, definition: Definition, by: str, at: datetime, on: date
    ) -> Indicator:
        code = check_code(code)
        refuse_addresses({"by": by})
        return cls._create(
            cls.IndicatorDefined,
            id=indicator_id(plan, code),
            timestamp=at,
            plan=plan,
            code=code,
            definition=definition.checked(),
            by=by,
            effective_on=on,
        )

    def redefine(
        self, definition: Definition, *, by: str, at: datetime, on: date, reason: str | None = None
    ) -> bool:
        """Change the definition; False (nothing recorded) if it is the same."""
        if definition == self.definition:
            return False
        check_lengths({"reason": reason})
        refuse_addresses({"by": by, "reason": reason})
        self.trigger_event(
            self.DefinitionChanged,
            timestamp=at,
            old=self.definition,
            new=definition.checked(),
            by=by,
            effective_on=on,
            reason=reason or None,
        )
        return True

    def report(
        self,
        period: str,
        figure: Figure,
        *,
        by: str,
        at: datetime,
        on: date,
        reason: str | None = None,
    ) -> bool:
        """Record a period's figure. A second, different figure for the period is
        a revision and needs a reason; the same figure again records nothing."""
        key = parse_period(period).text
        figure = figure.checked(self.definition.unit)
        earlier = self.figures.get(key)
        if earlier == figure:
            return False
        if earlier is not None and not (reason and visible(reason)):
            raise ReasonRequired(
                f"{self.code} already has a figure for {key} ({earlier.value:g}): a revision "
                "needs a reason (for example 'validated data replaces the provisional figure')"
            )
        check_lengths({"reason": reason})
        refuse_addresses({"by": by, "reason": reason})
        self.trigger_event(
            self.FigureReported,
            timestamp=at,
            period=key,
            figure=figure,
            revises=earlier is not None,
            by=by,
            effective_on=on,
            reason=reason or None,
        )
        return True
