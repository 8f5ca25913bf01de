"""The trend chart's geometry: bars stacked from red at the bottom, scaled to
the largest total, and the dates slanted when the meetings crowd the chart."""

from __future__ import annotations

from datetime import date

from projections.board import Totals
from projections.trend import Trend, TrendPoint
from web.trend_chart import CROWDED, chart


def point(day: int, **counts: int) -> TrendPoint:
    totals = Totals(items=sum(counts.values()), **counts)
    return TrendPoint(date=date(2010, 1, day), title="Board", totals=totals)


def test_bars_stack_red_first_and_scale_to_the_largest_total() -> None:
    drawn = chart(Trend(plan="pl", meetings=[point(5, red=2, green=2), point(19, red=1, blue=7)]))
    first, second = drawn.bars
    assert [s.rag for s in first.segments] == ["red", "amber", "grey", "green", "blue"]
    red = first.segments[0]
    assert red.y + red.height == drawn.baseline  # red sits on the axis
    assert sum(s.height for s in second.segments) == drawn.baseline - 16  # the tallest fills it
    assert sum(s.height for s in first.segments) == (drawn.baseline - 16) / 2
    assert first.label == "5 Jan 2010" and drawn.top_count == 8 and not drawn.slanted


def test_crowded_dates_are_slanted() -> None:
    many = Trend(plan="pl", meetings=[point(day, grey=1) for day in range(1, CROWDED + 2)])
    assert chart(many).slanted
    assert not chart(Trend(plan="pl", meetings=many.meetings[:CROWDED])).slanted
