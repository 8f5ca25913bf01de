"""How an indicator's figure is judged (DOMAIN.md, "Performance indicators"):
RAG against the target within the amber tolerance, direction against the
previous period respecting polarity, and the distances a board reads in words.

Pure functions of numbers, so the web, the command line, the pack and the
reminders all judge a figure the same way.
"""

from __future__ import annotations

from typing import Literal

Polarity = Literal["higher", "lower"]
Unit = Literal["percent", "number", "rate", "days"]
Rag = Literal["green", "amber", "red", "grey"]
Direction = Literal["better", "worse", "same"]

UNITS: tuple[Unit, ...] = ("percent", "number", "rate", "days")
POLARITIES: tuple[Polarity, ...] = ("higher", "lower")
DEFAULT_TOLERANCE_SHARE = 0.05  # amber up to 5% of the target, unless the board sets one
_SAME = 1e-9  # figures are reported to a decimal place or two: closer than this is equal


def tolerance_for(target: float, tolerance: float | None) -> float:
    """The amber band in the indicator's unit: the board's, else 5% of the target."""
    return tolerance if tolerance is not None else abs(target) * DEFAULT_TOLERANCE_SHARE


def shortfall(value: float, target: float, better: Polarity) -> float:
    """How far ``value`` falls short of ``target``: 0 when at or better than it."""
    gap = target - value if better == "higher" else value - target
    return max(gap, 0.0)


def rag(
    value: float | None, target: float | None, better: Polarity, tolerance: float | None
) -> Rag:
    """Green at or better than target; amber worse by no more than the tolerance;
    red beyond; grey without a target or a value."""
    if value is None or target is None:
        return "grey"
    short = shortfall(value, target, better)
    if short <= _SAME:
        return "green"
    return "amber" if short <= tolerance_for(target, tolerance) + _SAME else "red"


def direction(value: float | None, previous: float | None, better: Polarity) -> Direction | None:
    """Better, worse or the same as the previous period's value; None for the first."""
    if value is None or previous is None:
        return None
    if abs(value - previous) <= _SAME:
        return "same"
    rose = value > previous
    return "better" if rose == (better == "higher") else "worse"


def _amount(difference: float, unit: Unit) -> str:
    number = f"{abs(difference):,.1f}".removesuffix(".0")
    if unit == "percent":
        return f"{number} {'point' if number == '1' else 'points'}"
    if unit == "days":
        return f"{number} {'day' if number == '1' else 'days'}"
    return number


def distance(value: float | None, other: float | None, unit: Unit, against: str) -> str | None:
    """'8.1 points below target', 'level with England': ``value`` beside ``other``
    in words, or None if either is missing."""
    if value is None or other is None:
        return None
    difference = value - other
    if abs(difference) < 0.05:
        return f"level with {against}"
    side = "above" if difference > 0 else "below"
    return f"{_amount(difference, unit)} {side} {against}"
