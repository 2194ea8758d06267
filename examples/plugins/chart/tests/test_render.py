"""The drawn charts, checked by reading them back: SVG with an XML parser, PNG with a reader
written for the tests (tests/png_reader.py)."""

import os
import tempfile
import unittest
import xml.etree.ElementTree as ET

from chart_plot import Canvas, create_chart, encode_png, escape, layout_chart, render_png, render_svg
from png_reader import read_png

SVG = "{http://www.w3.org/2000/svg}"
SALES = "month,sales\nJan,10\nFeb,25\nMar,-5\n"


class LayoutTest(unittest.TestCase):
    def test_bar_geometry(self):
        # Values 10, 25, -5 -> axis -10..30 over pixels 328 (bottom) .. 48 (top): 7 px per unit.
        layout = layout_chart("bar", "month", "sales", ["Jan", "Feb", "Mar"], [10, 25, -5])
        self.assertEqual(layout.baseline, 258)  # 328 - 10 * 7
        jan, feb, mar = layout.bars
        self.assertEqual((jan.y0, jan.y1), (188, 258))
        self.assertEqual((feb.y0, feb.y1), (83, 258))
        self.assertEqual((mar.y0, mar.y1), (258, 293))  # a negative bar hangs below the baseline
        self.assertEqual([label for _, label in layout.y_ticks], ["-10", "0", "10", "20", "30"])
        self.assertEqual(layout.title, "sales by month")

    def test_numeric_x_on_a_line_is_placed_by_value(self):
        layout = layout_chart("line", "year", "t", ["2010", "2000", "2005"], [3, 1, 2])
        xs = [point.x for point in layout.points]
        self.assertEqual([point.label for point in layout.points], ["2000", "2005", "2010"])
        self.assertAlmostEqual(xs[1] - xs[0], xs[2] - xs[1])

    def test_crowded_labels_are_rotated_then_thinned(self):
        labels = ["Category number %d" % i for i in range(60)]
        layout = layout_chart("bar", "c", "v", labels, list(range(60)))
        self.assertTrue(layout.rotate_x_labels)
        self.assertLess(len(layout.x_ticks), 60)
        self.assertTrue(all(len(label) <= 18 for _, label in layout.x_ticks))
        flat = layout_chart("bar", "c", "v", labels, list(range(60)), rotate_allowed=False)
        self.assertFalse(flat.rotate_x_labels)
        self.assertLess(len(flat.x_ticks), len(layout.x_ticks))


class SvgTest(unittest.TestCase):
    def test_bar_chart_is_valid_svg_with_one_bar_per_row(self):
        layout = layout_chart("bar", "month", "sales", ["Jan", "Feb", "Mar"], [10, 25, -5])
        root = ET.fromstring(render_svg(layout))
        self.assertEqual(root.tag, SVG + "svg")
        bars = root.findall(".//%sg[@class='bars']/%srect" % (SVG, SVG))
        self.assertEqual([float(bar.get("height")) for bar in bars], [70, 175, 35])
        self.assertEqual([bar.find(SVG + "title").text for bar in bars], ["Jan: 10", "Feb: 25", "Mar: -5"])

    def test_text_is_escaped(self):
        layout = layout_chart("line", "a<b", 'say "x"', ["R&D", "<script>"], [1, 2], title="Q&A <1>")
        text = render_svg(layout)
        self.assertNotIn("<script>", text)
        root = ET.fromstring(text)
        self.assertEqual(root.find(SVG + "title").text, "Q&A <1>")
        labels = [t.text for t in root.findall(".//%sg[@class='x-ticks']/%stext" % (SVG, SVG))]
        self.assertEqual(labels, ["R&D", "<script>"])
        self.assertEqual(escape("a'b\x01"), "a&#39;b")

    def test_line_chart_has_a_polyline_through_every_point(self):
        layout = layout_chart("line", "m", "v", ["a", "b", "c", "d"], [1, 3, 2, 4])
        root = ET.fromstring(render_svg(layout))
        polyline = root.find(".//%spolyline" % SVG)
        self.assertEqual(len(polyline.get("points").split()), 4)
        self.assertEqual(len(root.findall(".//%scircle" % SVG)), 4)


class PngTest(unittest.TestCase):
    def test_encoder_round_trip(self):
        pixels = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
        width, height, rows = read_png(encode_png(2, 2, pixels))
        self.assertEqual((width, height), (2, 2))
        self.assertEqual(rows, [[(255, 0, 0), (0, 255, 0)], [(0, 0, 255), (10, 20, 30)]])
        with self.assertRaisesRegex(ValueError, "expected 12 bytes"):
            encode_png(2, 2, pixels[:-1])

    def test_canvas_clips_and_draws_lines(self):
        canvas = Canvas(10, 10)
        canvas.fill_rect(-5, -5, 3, 3, (1, 2, 3))
        self.assertEqual(canvas.get(0, 0), (1, 2, 3))
        self.assertEqual(canvas.get(3, 3), (255, 255, 255))
        canvas.line(0, 9, 9, 0, (9, 9, 9))
        self.assertTrue(all(canvas.get(i, 9 - i) == (9, 9, 9) for i in range(10)))

    def test_bar_pixels(self):
        layout = layout_chart("bar", "month", "sales", ["Jan", "Feb", "Mar"], [10, 25, -5], char_width=8, rotate_allowed=False)
        width, height, rows = read_png(render_png(layout))
        self.assertEqual((width, height), (640, 400))
        bar_color = (0x4E, 0x79, 0xA7)
        for bar in layout.bars:
            center_x, center_y = int((bar.x0 + bar.x1) / 2), int((bar.y0 + bar.y1) / 2)
            self.assertEqual(rows[center_y][center_x], bar_color)
        gap_x = int((layout.bars[0].x1 + layout.bars[1].x0) / 2)
        self.assertEqual(rows[150][gap_x], (255, 255, 255))  # between bars, above the grid
        self.assertEqual(rows[int(layout.baseline)][int(layout.right) - 2], (0x33, 0x33, 0x33))

    def test_line_pixels(self):
        layout = layout_chart("line", "m", "v", ["a", "b"], [1, 2], rotate_allowed=False)
        _, _, rows = read_png(render_png(layout))
        first, second = layout.points
        middle = (int((first.x + second.x) / 2), int(round((first.y + second.y) / 2)))
        self.assertEqual(rows[middle[1]][middle[0]], (0xE1, 0x57, 0x59))


class CreateChartTest(unittest.TestCase):
    def test_writes_the_file_and_returns_its_relative_name(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertEqual(create_chart(SALES, output_dir=out), {"chart": "chart.svg"})
            ET.parse(os.path.join(out, "chart.svg"))
            self.assertEqual(create_chart(SALES, kind="line", format="png", output_dir=out), {"chart": "chart.png"})
            with open(os.path.join(out, "chart.png"), "rb") as handle:
                self.assertEqual(read_png(handle.read())[:2], (640, 400))

    def test_bad_options(self):
        with self.assertRaisesRegex(ValueError, "kind must be bar or line, got 'pie'"):
            create_chart(SALES, kind="pie", output_dir=tempfile.gettempdir())
        with self.assertRaisesRegex(ValueError, "format must be svg or png, got 'jpg'"):
            create_chart(SALES, format="jpg", output_dir=tempfile.gettempdir())
        with self.assertRaisesRegex(ValueError, "the output directory /nonexistent/x does not exist"):
            create_chart(SALES, output_dir="/nonexistent/x")


if __name__ == "__main__":
    unittest.main()
