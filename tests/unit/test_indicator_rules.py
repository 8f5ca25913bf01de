"""RAG, tolerance, polarity, direction and distances, on both sides of every boundary."""

from __future__ import annotations

import pytest

from domain.indicator_rules import Polarity, Unit, direction, distance, rag


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (80.0, "green"),  # exactly on target
        (85.0, "green"),  # better
        (76.0, "amber"),  # 4 short, inside 5% of 80 = 4
        (75.99, "red"),  # just beyond the band
        (79.99, "amber"),
    ],
)
def test_higher_is_better_with_the_default_tolerance(value: float, expected: str) -> None:
    assert rag(value, 80.0, "higher", None) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(10.0, "green"), (9.0, "green"), (12.0, "amber"), (12.01, "red"), (10.5, "amber")],
)
def test_lower_is_better_with_a_board_tolerance(value: float, expected: str) -> None:
    assert rag(value, 10.0, "lower", 2.0) == expected


def test_a_zero_tolerance_makes_any_shortfall_red() -> None:
    assert rag(79.9, 80.0, "higher", 0.0) == "red"
    assert rag(80.0, 80.0, "higher", 0.0) == "green"


@pytest.mark.parametrize(("value", "target"), [(None, 80.0), (80.0, None), (None, None)])
def test_grey_without_a_target_or_a_value(value: float | None, target: float | None) -> None:
    assert rag(value, target, "higher", None) == "grey"


@pytest.mark.parametrize(
    ("value", "previous", "better", "expected"),
    [
        (72.0, 70.0, "higher", "better"),
        (68.0, 70.0, "higher", "worse"),
        (72.0, 70.0, "lower", "worse"),
        (68.0, 70.0, "lower", "better"),
        (70.0, 70.0, "higher", "same"),
        (70.0, None, "higher", None),
        (None, 70.0, "lower", None),
    ],
)
def test_direction_respects_polarity(
    value: float | None, previous: float | None, better: Polarity, expected: str | None
) -> None:
    assert direction(value, previous, better) == expected


@pytest.mark.parametrize(
    ("value", "other", "unit", "against", "words"),
    [
        (71.9, 80.0, "percent", "target", "8.1 points below target"),
        (81.0, 80.0, "percent", "England", "1 point above England"),
        (80.0, 80.0, "percent", "target", "level with target"),
        (12.0, 10.0, "days", "target", "2 days above target"),
        (1_234.0, 1_000.0, "number", "statistical neighbours", "234 above statistical neighbours"),
        (45.25, 50.0, "rate", "target", "4.8 below target"),
    ],
)
def test_distances_read_as_a_board_says_them(
    value: float, other: float, unit: Unit, against: str, words: str
) -> None:
    assert distance(value, other, unit, against) == words


def test_no_distance_without_both_figures() -> None:
    assert distance(None, 80.0, "percent", "target") is None
    assert distance(80.0, None, "percent", "England") is None
