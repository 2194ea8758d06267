import unittest

from csv_stats import is_missing, parse_number


class ParseNumberTest(unittest.TestCase):
    def test_plain_numbers(self):
        self.assertEqual(parse_number("42"), 42)
        self.assertIsInstance(parse_number("42"), int)
        self.assertEqual(parse_number("-3.25"), -3.25)
        self.assertEqual(parse_number("+7"), 7)
        self.assertEqual(parse_number(".5"), 0.5)
        self.assertEqual(parse_number("1e3"), 1000.0)
        self.assertEqual(parse_number(" 12 "), 12)
        self.assertEqual(parse_number("007"), 7)

    def test_written_forms(self):
        self.assertEqual(parse_number("1,234"), 1234)
        self.assertEqual(parse_number("1,234,567.5"), 1234567.5)
        self.assertEqual(parse_number("$4.99"), 4.99)
        self.assertEqual(parse_number("-\u20ac3"), -3)
        self.assertEqual(parse_number("12%"), 12)

    def test_not_numbers(self):
        for text in ["", "abc", "12abc", "1,23", "1,2345", "1.2.3", "--1", "$", "%", "e5", "1 000"]:
            self.assertIsNone(parse_number(text), text)


class MissingTest(unittest.TestCase):
    def test_missing_markers(self):
        for text in ["", "  ", "NA", "n/a", "null", "None", "NaN", "-"]:
            self.assertTrue(is_missing(text), text)
        for text in ["0", "none of them", "x"]:
            self.assertFalse(is_missing(text), text)


if __name__ == "__main__":
    unittest.main()
