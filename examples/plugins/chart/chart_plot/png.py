"""Drawing a chart layout on an RGB raster and encoding it as PNG with zlib and struct."""

from __future__ import annotations

import struct
import zlib
from typing import Tuple

from .font import GLYPH_HEIGHT, GLYPH_WIDTH, glyph
from .layout import Layout

Color = Tuple[int, int, int]

WHITE: Color = (255, 255, 255)
BAR: Color = (0x4E, 0x79, 0xA7)
LINE: Color = (0xE1, 0x57, 0x59)
GRID: Color = (0xE3, 0xE3, 0xE3)
AXIS: Color = (0x33, 0x33, 0x33)
TEXT: Color = (0x22, 0x22, 0x22)

#: Pixels per font pixel of labels; glyphs are then 6x10 with 2 pixels between letters.
TEXT_SCALE = 2
CHAR_ADVANCE = (GLYPH_WIDTH + 1) * TEXT_SCALE


class Canvas:
    """An RGB image in memory, with the few drawing operations charts need."""

    def __init__(self, width: int, height: int, background: Color = WHITE) -> None:
        self.width = width
        self.height = height
        self.pixels = bytearray(bytes(background) * (width * height))

    def get(self, x: int, y: int) -> Color:
        offset = (y * self.width + x) * 3
        return self.pixels[offset], self.pixels[offset + 1], self.pixels[offset + 2]

    def fill_rect(self, x0: float, y0: float, x1: float, y1: float, color: Color) -> None:
        """Fills the pixels whose centres lie inside [x0, x1) x [y0, y1), clipped to the image."""
        left, right = max(0, int(round(min(x0, x1)))), min(self.width, int(round(max(x0, x1))))
        top, bottom = max(0, int(round(min(y0, y1)))), min(self.height, int(round(max(y0, y1))))
        if left >= right or top >= bottom:
            return
        row = bytes(color) * (right - left)
        for y in range(top, bottom):
            offset = (y * self.width + left) * 3
            self.pixels[offset : offset + len(row)] = row

    def line(self, x0: float, y0: float, x1: float, y1: float, color: Color, thickness: int = 1) -> None:
        """A straight line (Bresenham), ``thickness`` pixels wide."""
        ax, ay, bx, by = int(round(x0)), int(round(y0)), int(round(x1)), int(round(y1))
        dx, dy = abs(bx - ax), -abs(by - ay)
        sx, sy = (1 if ax < bx else -1), (1 if ay < by else -1)
        error = dx + dy
        half = thickness // 2
        while True:
            self.fill_rect(ax - half, ay - half, ax - half + thickness, ay - half + thickness, color)
            if ax == bx and ay == by:
                break
            double = 2 * error
            if double >= dy:
                error += dy
                ax += sx
            if double <= dx:
                error += dx
                ay += sy

    def text(self, x: float, y: float, text: str, color: Color, anchor: str = "start", scale: int = TEXT_SCALE) -> None:
        """Text whose top is at ``y``; ``anchor`` start, middle or end says where ``x`` is."""
        advance = (GLYPH_WIDTH + 1) * scale
        width = len(text) * advance - scale
        if anchor == "middle":
            x -= width / 2
        elif anchor == "end":
            x -= width
        for index, char in enumerate(text):
            origin = int(round(x)) + index * advance
            for row, cells in enumerate(glyph(char)):
                for column, on in enumerate(cells):
                    if on:
                        px, py = origin + column * scale, int(round(y)) + row * scale
                        self.fill_rect(px, py, px + scale, py + scale, color)

    def to_png(self) -> bytes:
        return encode_png(self.width, self.height, bytes(self.pixels))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(width: int, height: int, rgb: bytes) -> bytes:
    """A PNG file of 8-bit RGB pixels (rows top to bottom, no filtering)."""
    if len(rgb) != width * height * 3:
        raise ValueError("expected %d bytes of RGB pixels, got %d" % (width * height * 3, len(rgb)))
    stride = width * 3
    raw = b"".join(b"\x00" + rgb[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def render_png(layout: Layout) -> bytes:
    canvas = Canvas(layout.width, layout.height)
    glyph_height = GLYPH_HEIGHT * TEXT_SCALE
    canvas.text(layout.width / 2, 14, layout.title, TEXT, anchor="middle", scale=3)
    for y, label in layout.y_ticks:
        canvas.line(layout.left, y, layout.right, y, GRID)
        canvas.text(layout.left - 8, y - glyph_height / 2, label, TEXT, anchor="end")
    if layout.kind == "bar":
        for bar in layout.bars:
            canvas.fill_rect(bar.x0, bar.y0, bar.x1, bar.y1, BAR)
    else:
        for a, b in zip(layout.points, layout.points[1:]):
            canvas.line(a.x, a.y, b.x, b.y, LINE, thickness=3)
        for point in layout.points:
            canvas.fill_rect(point.x - 3, point.y - 3, point.x + 4, point.y + 4, LINE)
    canvas.line(layout.left, layout.top, layout.left, layout.bottom, AXIS, thickness=2)
    canvas.line(layout.left, layout.baseline, layout.right, layout.baseline, AXIS, thickness=2)
    for x, label in layout.x_ticks:
        canvas.line(x, layout.bottom, x, layout.bottom + 4, AXIS)
        canvas.text(x, layout.bottom + 10, label, TEXT, anchor="middle")
    canvas.text((layout.left + layout.right) / 2, layout.height - 22, layout.x_title, TEXT, anchor="middle")
    canvas.text(8, layout.top - 22, layout.y_title, TEXT)
    return canvas.to_png()
