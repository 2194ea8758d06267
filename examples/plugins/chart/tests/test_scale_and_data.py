import unittest

from chart_plot import ChartError, format_tick, nice_range, parse_number, read_csv, select_series


class ScaleTest(unittest.TestCase):
    def test_bar_ranges_include_zero_and_end_on_round_ticks(self):
        self.assertEqual(nice_range(3, 5, include_zero=True), (0, 5, [0, 1, 2, 3, 4, 5]))
        low, high, ticks = nice_range(-3, 7, include_zero=True)
        self.assertEqual((low, high), (-4, 8))
        self.assertEqual(ticks, [-4, -2, 0, 2, 4, 6, 8])

    def test_line_ranges_hug_the_data(self):
        self.assertEqual(nice_range(12, 98, include_zero=False)[2], [0, 20, 40, 60, 80, 100])
        self.assertEqual(nice_range(14.1, 15.0, include_zero=False)[:2], (14.0, 15.0))

    def test_flat_data_gets_a_range(self):
        low, high, _ = nice_range(5, 5, include_zero=False)
        self.assertLess(low, 5)
        self.assertGreater(high, 5)
        self.assertEqual(nice_range(0, 0, include_zero=True)[:2], (0, 1))

    def test_tick_labels(self):
        self.assertEqual(format_tick(2.5, 2.5), "2.5")
        self.assertEqual(format_tick(0.25, 0.05), "0.25")
        self.assertEqual(format_tick(2020, 5), "2020")
        self.assertEqual(format_tick(12500, 2500), "12,500")
        self.assertEqual(format_tick(-0.0, 1), "0")


class DataTest(unittest.TestCase):
    def test_numbers_as_written(self):
        self.assertEqual(parse_number("1,200"), 1200)
        self.assertEqual(parse_number("$4.50"), 4.5)
        self.assertEqual(parse_number("-3e2"), -300)
        self.assertEqual(parse_number("12%"), 12)
        self.assertIsNone(parse_number("12 apples"))
        self.assertIsNone(parse_number(""))

    def test_default_columns(self):
        header, rows = read_csv("region,code,sales,notes\nNorth,N1,10,x\nSouth,S2,20,y\n")
        self.assertEqual(select_series(header, rows, None, None), ("region", "sales", ["North", "South"], [10, 20]))

    def test_missing_values_are_skipped(self):
        header, rows = read_csv("m,v\nJan,1\nFeb,\nMar,NA\nApr,4\n")
        self.assertEqual(select_series(header, rows, "m", "v")[2:], (["Jan", "Apr"], [1, 4]))

    def test_errors(self):
        header, rows = read_csv("month,sales\nJan,10\nFeb,lots\n")
        with self.assertRaisesRegex(ChartError, r"row 3: 'lots' in column 'sales' is not a number"):
            select_series(header, rows, "month", "sales")
        with self.assertRaisesRegex(ChartError, r"no column named 'sale' for y \(did you mean 'sales'\?\)"):
            select_series(header, rows, "month", "sale")
        with self.assertRaisesRegex(ChartError, "no numeric column to plot besides 'month'"):
            select_series(*read_csv("month,note\nJan,ok\n"), None, None)
        with self.assertRaisesRegex(ChartError, r"row 3 \(line 3\) has 3 fields, the header has 2"):
            read_csv("a,b\n1,2\n1,2,3\n")
        with self.assertRaisesRegex(ChartError, "the CSV is empty"):
            read_csv("\n")
        with self.assertRaisesRegex(ChartError, "has no values to plot"):
            select_series(*read_csv("a,b\nx,\n"), "a", "b")


if __name__ == "__main__":
    unittest.main()
