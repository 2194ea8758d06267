"""Column statistics, with expected values worked out by hand."""

import json
import unittest

from csv_stats import CsvStatsError, column_stats, csv_stats

SALES = (
    "item,price,qty,sold_on\n"
    "Tea,3,2,2024-01-05\n"
    "Cake,5,,2024-02-01\n"
    'Pie,4,1,"2023-12-31"\n'
)


class ColumnStatsTest(unittest.TestCase):
    def test_textbook_sample(self):
        # 2 4 4 4 5 5 7 9: mean 5, median 4.5, squared deviations sum to 32, sample variance 32/7
        stats = column_stats(["2", "4", "4", "4", "5", "5", "7", "9"])
        self.assertEqual(stats["type"], "number")
        self.assertEqual((stats["count"], stats["missing"], stats["distinct"]), (8, 0, 5))
        self.assertEqual((stats["mean"], stats["median"], stats["min"], stats["max"], stats["sum"]), (5, 4.5, 2, 9, 40))
        self.assertAlmostEqual(stats["stdev"], (32 / 7) ** 0.5, places=9)

    def test_missing_cells_are_counted_not_used(self):
        stats = column_stats(["10", "", "NA", "20", " "])
        self.assertEqual((stats["count"], stats["missing"], stats["mean"]), (2, 3, 15))

    def test_one_value_has_no_stdev(self):
        self.assertIsNone(column_stats(["3"])["stdev"])

    def test_float_noise_is_rounded_away(self):
        self.assertEqual(column_stats(["0.1", "0.2"])["sum"], 0.3)

    def test_equal_numbers_written_differently_are_one_distinct_value(self):
        self.assertEqual(column_stats(["1", "1.0", "1,000", "1000"])["distinct"], 2)

    def test_a_single_word_makes_a_text_column(self):
        stats = column_stats(["1", "2", "three"])
        self.assertEqual(stats["type"], "text")
        self.assertIsNone(stats["mean"])
        self.assertEqual((stats["min"], stats["max"]), ("1", "three"))

    def test_empty_column(self):
        stats = column_stats(["", "NA"])
        self.assertEqual(stats["type"], "empty")
        self.assertEqual((stats["count"], stats["missing"], stats["distinct"]), (0, 2, 0))


class CsvStatsTest(unittest.TestCase):
    def test_every_column(self):
        stats = csv_stats(SALES)["stats"]
        self.assertEqual(list(stats), ["item", "price", "qty", "sold_on"])
        self.assertEqual(
            stats["price"],
            {"type": "number", "count": 3, "missing": 0, "distinct": 3, "mean": 4, "median": 4,
             "min": 3, "max": 5, "sum": 12, "stdev": 1},
        )
        self.assertEqual((stats["qty"]["count"], stats["qty"]["missing"], stats["qty"]["mean"]), (2, 1, 1.5))
        self.assertEqual((stats["sold_on"]["min"], stats["sold_on"]["max"]), ("2023-12-31", "2024-02-01"))
        json.dumps(stats)

    def test_columns_filter_and_order(self):
        self.assertEqual(list(csv_stats(SALES, columns=["qty", "price"])["stats"]), ["qty", "price"])
        self.assertEqual(list(csv_stats(SALES, columns="qty, price")["stats"]), ["qty", "price"])
        self.assertEqual(list(csv_stats(SALES, columns='["item"]')["stats"]), ["item"])
        self.assertEqual(list(csv_stats(SALES, columns=[])["stats"]), ["item", "price", "qty", "sold_on"])

    def test_quoted_fields_and_other_delimiters(self):
        stats = csv_stats('name;amount\n"Smith; J";"1,500"\nLee;500\n', delimiter=";")["stats"]
        self.assertEqual(stats["amount"]["sum"], 2000)
        self.assertEqual(stats["name"]["min"], "Lee")
        auto = csv_stats("a\tb\n1\t2\n3\t4\n", delimiter="auto")["stats"]
        self.assertEqual(auto["b"]["mean"], 3)

    def test_crlf_bom_and_blank_lines(self):
        stats = csv_stats("\ufeffx\r\n1\r\n\r\n3\r\n")["stats"]
        self.assertEqual((stats["x"]["count"], stats["x"]["mean"]), (2, 2))

    def test_header_only(self):
        self.assertEqual(csv_stats("a,b\n")["stats"]["a"]["type"], "empty")


class ErrorTest(unittest.TestCase):
    def assertFails(self, pattern, *args, **kwargs):
        with self.assertRaisesRegex(CsvStatsError, pattern):
            csv_stats(*args, **kwargs)

    def test_row_width(self):
        self.assertFails(
            r"^csv-stats: row 3 \(line 3\) has 4 fields, the header has 3; quote fields that contain ','",
            "a,b,c\n1,2,3\n1,2,3,4\n",
        )
        self.assertFails(r"row 2 \(line 2\) has 2 fields, the header has 3; add the missing fields", "a,b,c\n1,2\n")

    def test_unknown_column_suggests_the_closest(self):
        self.assertFails(r"no column named 'prce' \(did you mean 'price'\?\); the columns are: item, price, qty, sold_on",
                         SALES, columns=["prce"])

    def test_bad_quotes(self):
        self.assertFails(r"line 2: ',' expected after '\"'", 'a,b\n"x"y,2\n')
        self.assertFails(r"a quoted field is still open at the end of the text", 'a,b\n"x,2\n')

    def test_bad_inputs(self):
        self.assertFails("the CSV is empty", "")
        self.assertFails("`csv` must be CSV text, got list", [["a"]])
        self.assertFails("the header has the column 'a' twice \\(columns 1 and 3\\)", "a,b,a\n1,2,3\n")
        self.assertFails("`columns` must be a list of column names", SALES, columns=[1])
        self.assertFails("`delimiter` must be one character", SALES, delimiter=";;")


if __name__ == "__main__":
    unittest.main()
