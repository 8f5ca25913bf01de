"""The trend chart's geometry: one stacked bar per board meeting, its RAG
totals from the bottom up (red, amber, grey, green, verified), drawn as a
server-rendered SVG by ``templates/_trend.html`` for the board and the pack.

Why the numbers are worked out here: the template only places rectangles, so
the same chart prints in the PDF pack (no script), and the test can read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from projections.trend import Trend, TrendPoint

WIDTH, HEIGHT = 480, 260
TOP, BOTTOM, LEFT = 16, 40, 40  # room for the scale on the left, dates below
CROWDED = 5  # more meetings than this: their dates are slanted, with more room below
SLANTED_BOTTOM = 90
ORDER = ("red", "amber", "grey", "green", "blue")  # worst at the bottom
COLOURS = {
    "red": "#d4351c",
    "amber": "#f47738",
    "grey": "#b1b4b6",
    "green": "#00703c",
    "blue": "#1d70b8",
}


@dataclass(frozen=True)
class Segment:
    rag: str
    count: int
    y: float
    height: float
    colour: str


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    left: int
    top_count: int
    bars: list[Bar]
    slanted: bool  # the dates below the bars are slanted to fit


def chart(trend: Trend) -> Chart:
    """Bars scaled to the largest total; each segment a RAG's count."""
    points: list[TrendPoint] = trend.meetings
    most = max((p.totals.items for p in points), default=0) or 1
    slanted = len(points) > CROWDED
    bottom = SLANTED_BOTTOM if slanted else BOTTOM
    plot = HEIGHT - TOP - bottom
    slot = (WIDTH - LEFT) / max(len(points), 1)
    width = min(slot * 0.6, 80)
    bars = []
    for index, point in enumerate(points):
        y = float(HEIGHT - bottom)
        segments = []
        for rag in ORDER:
            count: int = getattr(point.totals, rag)
            height = plot * count / most
            y -= height
            segments.append(Segment(rag, count, round(y, 1), round(height, 1), COLOURS[rag]))
        x = LEFT + slot * index + (slot - width) / 2
        bars.append(Bar(round(x, 1), round(width, 1), f"{point.date:%-d %b %Y}", segments))
    return Chart(WIDTH, HEIGHT, HEIGHT - bottom, LEFT, most, bars, slanted)
