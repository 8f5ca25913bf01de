"""An indicator's trend as a small SVG drawn on the server: the figures as a
line with points, the target, statistical neighbours and England as lines of
their own (each told apart by its dash as well as its colour, so the chart
reads in greyscale and to people who do not see colour).

No script, so it prints in the board pack as on screen. The chart is an image
with a title and a description that says what it shows in words; the figures
themselves are always in a table beside it, which is what a screen reader
reads (WCAG 1.1.1: the chart is not the only way to get the numbers).
The board pack's indicator section is built here too, charts and all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from projections.board import Board
from projections.indicators import Point, Reading, exceptions_first

if TYPE_CHECKING:
    from application.service import Tracker

WIDTH, HEIGHT, PAD = 320, 140, 28
LINES = (  # (field, label, colour, dash) — GOV.UK colours
    ("target", "Target", "#00703c", "6 4"),
    ("neighbours", "Statistical neighbours", "#505a5f", "2 3"),
    ("england", "England", "#1d70b8", "10 3 2 3"),
)


def trend_svg(reading: Reading, chart_id: str) -> Markup:
    """The chart for ``reading``; ``chart_id`` keeps ids unique on a page."""
    series = reading.series
    title = f"Trend of {reading.code}: {reading.title}"
    if not series:
        return Markup("")
    numbers = [p.value for p in series] + [
        v for p in series for v in (p.target, p.neighbours, p.england) if v is not None
    ]
    low, high = min(numbers), max(numbers)
    if high - low < 1e-9:
        low, high = low - 1, high + 1

    def x(i: int) -> float:
        step = (WIDTH - 2 * PAD) / max(len(series) - 1, 1)
        return PAD + i * step if len(series) > 1 else WIDTH / 2

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)

    parts = [
        f'<svg class="app-trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_description(reading))}</desc>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#b1b4b6"/>',
        _label(PAD - 4, y(high), f"{high:g}", "end"),
        _label(PAD - 4, y(low), f"{low:g}", "end"),
        _label(x(0), HEIGHT - 8, series[0].period.label, "start" if len(series) > 1 else "middle"),
    ]
    if len(series) > 1:
        parts.append(_label(x(len(series) - 1), HEIGHT - 8, series[-1].period.label, "end"))
    for name, _, colour, dash in LINES:
        points = [(x(i), y(v)) for i, p in enumerate(series) if (v := getattr(p, name)) is not None]
        if len(points) > 1:
            parts.append(_polyline(points, colour, dash, 1.5))
    parts.append(_polyline([(x(i), y(p.value)) for i, p in enumerate(series)], "#0b0c0c", "", 2.5))
    parts += [
        f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="3" fill="#0b0c0c"/>'
        for i, p in enumerate(series)
    ]
    parts.append("</svg>")
    return Markup("".join(parts))


DIRECTION_WORDS = {
    "better": "↑ Better",
    "worse": "↓ Worse",
    "same": "→ No change",
    None: "No earlier figure",
}


def indicators_in_pack(app: Tracker, plan: str, board: Board) -> dict[str, object]:
    """The board pack's indicators, as at the board's instant, exceptions first."""
    found = exceptions_first(app.indicators.readings(plan, board.as_at))
    return {
        "indicators": found,
        "indicator_charts": {r.code: trend_svg(r, f"pack-trend-{i}") for i, r in enumerate(found)},
        "indicator_directions": DIRECTION_WORDS,
    }


def moved_by(app: Tracker, plan: str, ref: str, board: Board) -> list[Reading]:
    """The indicators an item is meant to move, as at the board's instant."""
    found = app.indicators.readings(plan, board.as_at if board.historical else None)
    return [reading for reading in found if ref in reading.actions]


def legend(series: Sequence[Point]) -> list[tuple[str, str, str]]:
    """(label, colour, dash) of the lines a chart of ``series`` draws."""
    drawn = [("Figure", "#0b0c0c", "")]
    for name, label, colour, dash in LINES:
        if sum(getattr(p, name) is not None for p in series) > 1:
            drawn.append((label, colour, dash))
    return drawn


def _description(reading: Reading) -> str:
    first, last = reading.series[0], reading.series[-1]
    words = f"{len(reading.series)} figures from {first.period.label} ({first.value:g}) to "
    words += f"{last.period.label} ({last.value:g})"
    if last.target is not None:
        words += f"; the latest target is {last.target:g}"
    return words + ". The figures are in the table beside the chart."


def _polyline(points: list[tuple[float, float]], colour: str, dash: str, width: float) -> str:
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>'
    )


def _label(px: float, py: float, text: str, anchor: str) -> str:
    return (
        f'<text x="{px:.1f}" y="{py + 4:.1f}" font-size="11" text-anchor="{anchor}" '
        f'fill="#0b0c0c">{escape(text)}</text>'
    )
