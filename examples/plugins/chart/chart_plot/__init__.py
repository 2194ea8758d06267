"""chart: CSV to an SVG or PNG bar or line chart, drawn without any plotting library."""

from .data import ChartError, parse_number, read_csv, select_series
from .layout import layout_chart
from .png import Canvas, encode_png, render_png
from .render import create_chart
from .scale import format_tick, nice_range
from .svg import escape, render_svg

__all__ = [
    "Canvas",
    "ChartError",
    "create_chart",
    "encode_png",
    "escape",
    "format_tick",
    "layout_chart",
    "nice_range",
    "parse_number",
    "read_csv",
    "render_png",
    "render_svg",
    "select_series",
]
