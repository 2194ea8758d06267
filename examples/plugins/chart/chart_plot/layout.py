"""Where everything of a chart goes, in pixels; the SVG and PNG writers only draw it."""

from __future__ import annotations

import math
from typing import List, NamedTuple, Optional, Tuple

from .data import parse_number
from .scale import format_tick, nice_range

KINDS = ("bar", "line")


class Bar(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    label: str
    value: float


class Point(NamedTuple):
    x: float
    y: float
    label: str
    value: float


class Layout(NamedTuple):
    kind: str
    width: int
    height: int
    title: str
    x_title: str
    y_title: str
    left: float
    top: float
    right: float
    bottom: float
    baseline: float
    y_ticks: List[Tuple[float, str]]
    x_ticks: List[Tuple[float, str]]
    rotate_x_labels: bool
    bars: List[Bar]
    points: List[Point]


def shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: max(1, limit - 1)] + "\u2026"


def layout_chart(
    kind: str,
    x_title: str,
    y_title: str,
    labels: List[str],
    values: List[float],
    title: Optional[str] = None,
    width: int = 640,
    height: int = 400,
    char_width: float = 7.0,
    max_label: int = 18,
    rotate_allowed: bool = True,
) -> Layout:
    """Positions of a bar or line chart of ``values`` labelled by ``labels``.

    Bars start at zero (the value axis always includes 0). A line chart whose x labels are all
    numbers places points by value (sorted); otherwise points are evenly spaced in row order.
    ``char_width`` is the advance of one label character, to decide how many labels fit; labels
    too wide for their slot are turned 40 degrees when ``rotate_allowed``, and only every k-th
    label is shown when they still do not fit.
    """
    if kind not in KINDS:
        raise ValueError("chart: kind must be bar or line, got %r" % (kind,))
    left, right = 72.0, width - 24.0
    top, bottom = 48.0, height - 72.0
    low, high, ticks = nice_range(min(values), max(values), include_zero=(kind == "bar"))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0

    def to_y(value: float) -> float:
        return bottom - (value - low) / (high - low) * (bottom - top)

    y_ticks = [(to_y(tick), format_tick(tick, step)) for tick in ticks]
    widest = max(len(label) for _, label in y_ticks)
    left = max(left, 16.0 + char_width * widest + 12.0)
    baseline = to_y(0.0) if low <= 0.0 <= high else bottom

    count = len(values)
    band = (right - left) / count
    shown = [shorten(label, max_label) for label in labels]
    bars: List[Bar] = []
    points: List[Point] = []
    x_ticks: List[Tuple[float, str]] = []
    numeric_x = kind == "line" and count > 1 and all(parse_number(label) is not None for label in labels)
    if numeric_x:
        xs = [parse_number(label) for label in labels]
        x_low, x_high, x_tick_values = nice_range(min(xs), max(xs), include_zero=False)  # type: ignore[arg-type]
        x_step = x_tick_values[1] - x_tick_values[0] if len(x_tick_values) > 1 else 1.0

        def to_x(value: float) -> float:
            return left + (value - x_low) / (x_high - x_low) * (right - left)

        order = sorted(range(count), key=lambda i: xs[i])  # type: ignore[index, arg-type, return-value]
        points = [Point(to_x(xs[i]), to_y(values[i]), labels[i], values[i]) for i in order]  # type: ignore[arg-type]
        x_ticks = [(to_x(tick), format_tick(tick, x_step)) for tick in x_tick_values]
        rotate = False
    else:
        centers = [left + band * (index + 0.5) for index in range(count)]
        if kind == "bar":
            bar_width = band * 0.7
            for center, label, value in zip(centers, labels, values):
                y = to_y(value)
                bars.append(Bar(center - bar_width / 2, min(y, baseline), center + bar_width / 2, max(y, baseline), label, value))
        else:
            points = [Point(center, to_y(value), label, value) for center, label, value in zip(centers, labels, values)]
        longest = max(len(label) for label in shown) * char_width
        rotate = rotate_allowed and longest > band * 0.9
        # Rotated labels need about a line height each; straight ones their own width.
        needed = (char_width * 2.0) if rotate else longest + char_width
        every = max(1, int(math.ceil(needed / band)))
        x_ticks = [(centers[i], shown[i]) for i in range(0, count, every)]
    return Layout(
        kind=kind,
        width=width,
        height=height,
        title=title if title is not None else "%s by %s" % (y_title, x_title),
        x_title=x_title,
        y_title=y_title,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        baseline=baseline,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        rotate_x_labels=rotate,
        bars=bars,
        points=points,
    )
