"""Theme extraction. Weights are worked out by hand from the method in themes.py:
weight = tf * (ln((1 + sentences) / (1 + df)) + 1)."""

import math
import unittest

from text_themes import extract_themes, phrases_of, sentences_of, stem

REVIEW = "Battery life is short. The battery died fast. Shipping was quick."


class PhraseTest(unittest.TestCase):
    def test_phrases_are_runs_between_stopwords_and_punctuation(self):
        self.assertEqual(phrases_of("The battery life is short, sadly"), [["battery", "life"], ["short"], ["sadly"]])

    def test_long_runs_are_cut_into_three_word_phrases(self):
        self.assertEqual(
            phrases_of("red green blue yellow purple"),
            [["red", "green", "blue"], ["yellow", "purple"]],
        )

    def test_numbers_possessives_and_contractions(self):
        # a number ends a phrase like a stopword does
        self.assertEqual(phrases_of("The app's 2 new screens don't load"), [["app"], ["new", "screens"], ["load"]])

    def test_sentences(self):
        self.assertEqual(sentences_of("One here. Two there!\n\nThree"), ["One here.", "Two there!", "Three"])
        self.assertEqual(sentences_of("Notes:\n- first\n- second"), ["Notes:", "- first", "- second"])


class StemTest(unittest.TestCase):
    def test_groups_inflections(self):
        self.assertEqual(stem("batteries"), stem("battery"))
        self.assertEqual(stem("shipping"), stem("ship"))
        self.assertEqual(stem("prices"), stem("price"))
        self.assertEqual(stem("priced"), stem("price"))
        self.assertEqual(stem("boxes"), stem("box"))
        self.assertEqual(stem("answered"), stem("answer"))
        self.assertNotEqual(stem("bus"), stem("bu"))
        self.assertEqual(stem("status"), "status")


class ThemeTest(unittest.TestCase):
    def test_demo_text(self):
        # One sentence: every word weighs 1. "great product" (mean 1) comes first by position.
        self.assertEqual(
            extract_themes("Great product but expensive"),
            [
                {"theme": "great product", "score": 1.0, "keywords": ["great", "product"]},
                {"theme": "expensive", "score": 0.5, "keywords": ["expensive"]},
            ],
        )

    def test_shared_words_group_phrases_into_one_theme(self):
        # battery: tf 2, df 2 of 3 sentences -> 2 * (ln(4/3) + 1) = 2.5754; other words 1 * (ln 2 + 1) = 1.6931.
        # "battery life" (mean 2.1343) beats "battery died fast" (mean 1.9872), which then joins it.
        # Theme weight 2.5754 + 3 * 1.6931 = 7.6548; "short" 1.6931 / 7.6548 = 0.221.
        themes = extract_themes(REVIEW)
        self.assertEqual(themes[0], {"theme": "battery life", "score": 1.0, "keywords": ["battery", "life", "died", "fast"]})
        self.assertEqual([t["theme"] for t in themes[1:]], ["short", "shipping", "quick"])
        battery = 2 * (math.log(4 / 3) + 1)
        other = math.log(2) + 1
        self.assertEqual(themes[1]["score"], round(other / (battery + 3 * other), 3))

    def test_top_n_limits_the_list(self):
        self.assertEqual(len(extract_themes(REVIEW, top_n=2)), 2)
        self.assertEqual(len(extract_themes(REVIEW, top_n=50)), 4)

    def test_recurring_topics_rank_first(self):
        text = (
            "The delivery was late again. Delivery drivers left the parcel outside. "
            "The app looks nice. Late delivery is the main problem with this delivery service."
        )
        themes = extract_themes(text, top_n=3)
        self.assertIn("delivery", themes[0]["keywords"])
        self.assertEqual(themes[0]["score"], 1.0)
        self.assertTrue(all(a["score"] >= b["score"] for a, b in zip(themes, themes[1:])))

    def test_every_keyword_belongs_to_one_theme(self):
        text = (
            "Customer service was slow to respond. The service team never answered my emails. "
            "Customer support should answer emails faster."
        )
        keywords = [word for theme in extract_themes(text, top_n=20) for word in theme["keywords"]]
        self.assertEqual(len(keywords), len(set(keywords)))

    def test_bad_input(self):
        with self.assertRaisesRegex(ValueError, "no words to find themes in"):
            extract_themes("It is what it is. 42!")
        with self.assertRaisesRegex(ValueError, "top_n must be a whole number of at least 1, got 0"):
            extract_themes(REVIEW, top_n=0)
        with self.assertRaisesRegex(ValueError, "got True"):
            extract_themes(REVIEW, top_n=True)
        with self.assertRaisesRegex(TypeError, "must be a string"):
            extract_themes(None)


if __name__ == "__main__":
    unittest.main()
