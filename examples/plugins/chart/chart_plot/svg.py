"""Writing a chart layout as SVG text: axes, grid, bars or a line, labels, all text escaped."""

from __future__ import annotations

import re
from typing import List

from .layout import Layout

BAR_COLOR = "#4e79a7"
LINE_COLOR = "#e15759"
GRID_COLOR = "#e3e3e3"
AXIS_COLOR = "#333333"
TEXT_COLOR = "#222222"
FONT = "font-family=\"Helvetica, Arial, sans-serif\""

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text safe inside an XML element or a double- or single-quoted attribute."""
    text = _XML_INVALID.sub("", str(text))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = "%.2f" % value
    return text.rstrip("0").rstrip(".") if "." in text else text


def _value(value: float) -> str:
    return ("%.6g" % value) if value != int(value) else "%d" % value


def render_svg(layout: Layout) -> str:
    parts: List[str] = []
    add = parts.append
    add(
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" '
        'aria-labelledby="chart-title">' % (layout.width, layout.height, layout.width, layout.height)
    )
    add('<title id="chart-title">%s</title>' % escape(layout.title))
    add('<rect width="100%" height="100%" fill="#ffffff"/>')
    add(
        '<text x="%s" y="28" text-anchor="middle" font-size="18" font-weight="bold" fill="%s" %s>%s</text>'
        % (_n(layout.width / 2), TEXT_COLOR, FONT, escape(layout.title))
    )
    add('<g class="grid" stroke="%s" stroke-width="1">' % GRID_COLOR)
    for y, _ in layout.y_ticks:
        add('<line x1="%s" y1="%s" x2="%s" y2="%s"/>' % (_n(layout.left), _n(y), _n(layout.right), _n(y)))
    add("</g>")
    add('<g class="y-ticks" font-size="12" text-anchor="end" fill="%s" %s>' % (TEXT_COLOR, FONT))
    for y, label in layout.y_ticks:
        add('<text x="%s" y="%s">%s</text>' % (_n(layout.left - 8), _n(y + 4), escape(label)))
    add("</g>")

    if layout.kind == "bar":
        add('<g class="bars" fill="%s">' % BAR_COLOR)
        for bar in layout.bars:
            add(
                '<rect x="%s" y="%s" width="%s" height="%s"><title>%s: %s</title></rect>'
                % (_n(bar.x0), _n(bar.y0), _n(bar.x1 - bar.x0), _n(bar.y1 - bar.y0), escape(bar.label), _value(bar.value))
            )
        add("</g>")
    else:
        coordinates = " ".join("%s,%s" % (_n(p.x), _n(p.y)) for p in layout.points)
        add('<polyline class="line" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" points="%s"/>' % (LINE_COLOR, coordinates))
        add('<g class="points" fill="%s">' % LINE_COLOR)
        for point in layout.points:
            add(
                '<circle cx="%s" cy="%s" r="3.5"><title>%s: %s</title></circle>'
                % (_n(point.x), _n(point.y), escape(point.label), _value(point.value))
            )
        add("</g>")

    add('<g class="axes" stroke="%s" stroke-width="1.5">' % AXIS_COLOR)
    add('<line x1="%s" y1="%s" x2="%s" y2="%s"/>' % (_n(layout.left), _n(layout.top), _n(layout.left), _n(layout.bottom)))
    add('<line x1="%s" y1="%s" x2="%s" y2="%s"/>' % (_n(layout.left), _n(layout.baseline), _n(layout.right), _n(layout.baseline)))
    add("</g>")

    add('<g class="x-ticks" font-size="12" fill="%s" %s>' % (TEXT_COLOR, FONT))
    label_y = layout.bottom + 18
    for x, label in layout.x_ticks:
        if layout.rotate_x_labels:
            add(
                '<text x="%s" y="%s" text-anchor="end" transform="rotate(-40 %s %s)">%s</text>'
                % (_n(x), _n(label_y - 6), _n(x), _n(label_y - 6), escape(label))
            )
        else:
            add('<text x="%s" y="%s" text-anchor="middle">%s</text>' % (_n(x), _n(label_y), escape(label)))
    add("</g>")
    add(
        '<text class="x-title" x="%s" y="%s" text-anchor="middle" font-size="13" fill="%s" %s>%s</text>'
        % (_n((layout.left + layout.right) / 2), _n(layout.height - 10), TEXT_COLOR, FONT, escape(layout.x_title))
    )
    middle = (layout.top + layout.bottom) / 2
    add(
        '<text class="y-title" x="16" y="%s" text-anchor="middle" font-size="13" fill="%s" %s '
        'transform="rotate(-90 16 %s)">%s</text>'
        % (_n(middle), TEXT_COLOR, FONT, _n(middle), escape(layout.y_title))
    )
    add("</svg>")
    return "\n".join(parts) + "\n"
