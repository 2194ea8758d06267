"""Making a chart file from CSV text."""

from __future__ import annotations

import os
from typing import Dict, Optional

from .data import fail, read_csv, select_series
from .layout import KINDS, layout_chart
from .png import CHAR_ADVANCE, render_png
from .svg import render_svg

FORMATS = ("svg", "png")


def create_chart(
    csv: str,
    x: Optional[str] = None,
    y: Optional[str] = None,
    kind: str = "bar",
    format: str = "svg",
    title: Optional[str] = None,
    output_dir: Optional[str] = None,
    width: int = 640,
    height: int = 400,
) -> Dict[str, str]:
    """Draws column ``y`` against column ``x`` of the CSV as a bar or line chart and writes
    ``chart.svg`` or ``chart.png`` into ``output_dir`` (MARK1_OUTPUT_DIR, else the current
    directory). Returns ``{"chart": <file name relative to the output dir>}``."""
    if kind not in KINDS:
        raise fail("kind must be %s, got %r" % (" or ".join(KINDS), kind))
    if format not in FORMATS:
        raise fail("format must be %s, got %r" % (" or ".join(FORMATS), format))
    if not (200 <= width <= 4000 and 150 <= height <= 4000):
        raise fail("width must be 200..4000 and height 150..4000 pixels, got %dx%d" % (width, height))
    header, rows = read_csv(csv)
    x_title, y_title, labels, values = select_series(header, rows, x or None, y or None)
    if format == "svg":
        layout = layout_chart(kind, x_title, y_title, labels, values, title or None, width, height)
        content = render_svg(layout).encode("utf-8")
    else:
        layout = layout_chart(
            kind, x_title, y_title, labels, values, title or None, width, height,
            char_width=CHAR_ADVANCE, max_label=12, rotate_allowed=False,
        )
        content = render_png(layout)
    directory = output_dir or os.environ.get("MARK1_OUTPUT_DIR") or os.getcwd()
    if not os.path.isdir(directory):
        raise fail("the output directory %s does not exist; create it or set MARK1_OUTPUT_DIR" % directory)
    name = "chart." + format
    with open(os.path.join(directory, name), "wb") as handle:
        handle.write(content)
    return {"chart": name}
