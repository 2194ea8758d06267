"""Readability scores. Expected values are worked out by hand from the Flesch formulas:
reading ease = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words,
grade = 0.39 * words/sentences + 11.8 * syllables/words - 15.59."""

import unittest

from readability_score import level_of, readability


class ScoreTest(unittest.TestCase):
    def test_demo_text(self):
        # great(1) product(2) but(1) expensive(3): 1 sentence, 4 words, 7 syllables.
        # ease = 206.835 - 4.06 - 148.05 = 54.725; grade = 1.56 + 20.65 - 15.59 = 6.62
        self.assertEqual(
            readability("Great product but expensive"),
            {
                "flesch_reading_ease": 54.73,
                "flesch_kincaid_grade": 6.62,
                "sentences": 1,
                "words": 4,
                "syllables": 7,
                "level": "fairly difficult (10th to 12th grade, high school)",
            },
        )

    def test_short_simple_sentences(self):
        # 2 sentences, 9 words, 10 syllables (happy = 2):
        # ease = 206.835 - 4.5675 - 94.0 = 108.2675; grade = 1.755 + 13.111 - 15.59 = -0.724
        result = readability("The cat sat on the mat. It was happy.")
        self.assertEqual((result["sentences"], result["words"], result["syllables"]), (2, 9, 10))
        self.assertEqual(result["flesch_reading_ease"], 108.27)
        self.assertEqual(result["flesch_kincaid_grade"], -0.72)
        self.assertTrue(result["level"].startswith("very easy"))

    def test_long_words_read_harder(self):
        easy = readability("We went home. The dog ran fast. It was fun.")
        hard = readability(
            "Institutional considerations necessitate comprehensive organizational restructuring."
        )
        self.assertGreater(easy["flesch_reading_ease"], 90)
        self.assertLess(hard["flesch_reading_ease"], 0)
        self.assertGreater(hard["flesch_kincaid_grade"], 12)
        self.assertEqual(hard["level"], "very difficult (college graduate)")

    def test_text_without_terminator_is_one_sentence(self):
        self.assertEqual(readability("no punctuation at all here")["sentences"], 1)

    def test_numbers_count_as_words(self):
        # "It costs 250 dollars": 4 words, syllables 1 + 1 + 3 (three digits) + 2 = 7
        self.assertEqual(readability("It costs 250 dollars")["syllables"], 7)

    def test_levels(self):
        self.assertEqual(level_of(95), "very easy (5th grade, about age 11)")
        self.assertEqual(level_of(80), "easy (6th grade, conversational English)")
        self.assertEqual(level_of(65), "plain English (8th to 9th grade)")
        self.assertEqual(level_of(29.99), "very difficult (college graduate)")

    def test_no_words_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "no words"):
            readability(" ?! ")
        with self.assertRaisesRegex(TypeError, "must be a string"):
            readability(42)


if __name__ == "__main__":
    unittest.main()
