"""Small SVG charts drawn on the server: they need no JavaScript, look the same in the browser
and in the PDF (WeasyPrint draws inline SVG), and cost well under a millisecond each.

Why our own code and not a chart library: docs/decisions/0007-charts-as-inline-svg.md.

Every chart is readable without colour: each series has its own marker shape, a legend in words,
and its values printed beside the points; the page also keeps the numbers in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Drawing units; the SVG scales to the width of its box (a 360 px phone shows it 1:1).
WIDTH = 360
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 30, 30
FONT = 11
#: The page's Thai font stack (qinfo.css), spelled out: WeasyPrint's SVG text does not inherit it.
FONT_FAMILY = "Sarabun, &quot;Noto Sans Thai&quot;, Loma, Garuda, Tahoma, sans-serif"

#: Colours and marker shapes of the series, in order (shape first: colour is not needed).
STYLES = (("#0f5c73", "circle"), ("#c0561b", "square"), ("#6b4fbb", "diamond"))

_ids = count(1)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str = ""


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point]


@dataclass(frozen=True)
class Band:
    """A shaded horizontal range, e.g. the normal range of a z-score."""

    low: float
    high: float
    label: str = ""
    colour: str = "#e3f4ea"


@dataclass(frozen=True)
class Axis:
    low: float
    high: float
    ticks: Sequence[tuple[float, str]] = field(default_factory=tuple)
    title: str = ""


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{_fmt(x - 3.5)}" y="{_fmt(y - 3.5)}" width="7" height="7" fill="{colour}"/>'
        )
    if shape == "diamond":
        corners = ((x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y))
        points = " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in corners)
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.8" fill="{colour}"/>'


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    x: Axis,
    y: Axis,
    bands: Sequence[Band] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> SafeString:
    """An inline SVG line chart; all text is escaped here, so the result is safe to print."""
    inner_w = width - LEFT - RIGHT
    inner_h = height - TOP - BOTTOM
    x_span = (x.high - x.low) or 1.0
    y_span = (y.high - y.low) or 1.0

    def px(value: float) -> float:
        return LEFT + (value - x.low) / x_span * inner_w

    def py(value: float) -> float:
        clipped = min(max(value, y.low), y.high)
        return TOP + (y.high - clipped) / y_span * inner_h

    ident = f"chart-{next(_ids)}"
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}" font-family="{FONT_FAMILY}">',
        f'<title id="{ident}">{escape(title)}</title>',
    ]
    for band in bands:
        top, bottom = py(band.high), py(band.low)
        out.append(
            f'<rect x="{LEFT}" y="{_fmt(top)}" width="{inner_w}" height="{_fmt(bottom - top)}" '
            f'fill="{band.colour}"/>'
        )
        if band.label:
            out.append(
                f'<text x="{width - RIGHT - 3}" y="{_fmt(top + FONT)}" text-anchor="end" '
                f'fill="#5d6678">{escape(band.label)}</text>'
            )
    for value, text in y.ticks:
        at = _fmt(py(value))
        out.append(
            f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{at}" y2="{at}" stroke="#dfe3ea"/>'
            f'<text x="{LEFT - 4}" y="{_fmt(py(value) + 4)}" text-anchor="end" '
            f'fill="#5d6678">{escape(text)}</text>'
        )
    for value, text in x.ticks:
        at = _fmt(px(value))
        out.append(
            f'<line x1="{at}" x2="{at}" y1="{TOP + inner_h}" y2="{TOP + inner_h + 4}" '
            f'stroke="#5d6678"/><text x="{at}" y="{TOP + inner_h + 15}" text-anchor="middle" '
            f'fill="#5d6678">{escape(text)}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + inner_h}" y2="{TOP + inner_h}" '
        f'stroke="#5d6678"/>'
    )
    if x.title:
        out.append(
            f'<text x="{width - RIGHT}" y="{height - 2}" text-anchor="end" '
            f'fill="#5d6678">{escape(x.title)}</text>'
        )
    legend_x = float(LEFT)
    for (colour, shape), each in zip(STYLES, series, strict=False):
        points = [(px(p.x), py(p.y), p.label) for p in each.points]
        if len(points) > 1:
            path = " ".join(f"{_fmt(a)},{_fmt(b)}" for a, b, _ in points)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for a, b, label in points:
            out.append(_marker(shape, a, b, colour))
            if label:
                out.append(
                    f'<text x="{_fmt(a)}" y="{_fmt(b - 7)}" text-anchor="middle" '
                    f'fill="{colour}" font-weight="bold">{escape(label)}</text>'
                )
        if len(series) > 1 or y.title:
            out.append(_marker(shape, legend_x + 4, 12, colour))
            out.append(
                f'<text x="{_fmt(legend_x + 12)}" y="16" fill="#1d2433">{escape(each.name)}</text>'
            )
            legend_x += 20 + 6.5 * len(each.name)
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above went through escape()
