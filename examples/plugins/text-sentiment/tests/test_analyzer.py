"""Behaviour of the sentiment analyzer. Expected numbers are worked out by hand from the weights in
lexicon.tsv and the factors documented in analyzer.py."""

import json
import unittest

from text_sentiment import analyze, analyze_sentiment
from text_sentiment.lexicon import load_lexicon, parse_lexicon


def contributions(text):
    return {term["term"]: term["contribution"] for term in analyze(text)["terms"]}


class DemoSentenceTest(unittest.TestCase):
    def test_great_product_but_expensive_is_mixed_leaning_negative(self):
        # great +3.0 before "but" counts 0.5 -> +1.5; expensive -1.5 after it counts 1.5 -> -2.25.
        # score = (1.5 - 2.25) / (1.5 + 2.25 + 2) = -0.1304; 1.5 >= half of 2.25, so "mixed".
        result = analyze("Great product but expensive")
        self.assertEqual(result["label"], "mixed")
        self.assertEqual(result["score"], -0.13)
        self.assertEqual(result["positive"], ["great"])
        self.assertEqual(result["negative"], ["expensive"])
        self.assertEqual(result["words"], 4)
        self.assertEqual(contributions("Great product but expensive"), {"great": 1.5, "expensive": -2.25})

    def test_capability_returns_both_declared_outputs(self):
        result = analyze_sentiment("Great product but expensive")
        self.assertEqual(set(result), {"sentiment", "label"})
        self.assertEqual(result["label"], result["sentiment"]["label"])
        self.assertEqual(set(result["sentiment"]), {"label", "score", "positive", "negative", "words", "terms"})
        json.dumps(result)  # the executor sends it as JSON


class PolarityTest(unittest.TestCase):
    def test_plain_positive_and_negative(self):
        self.assertEqual(analyze("The staff were friendly and helpful.")["label"], "positive")
        self.assertEqual(analyze("The update is buggy and the support is rude.")["label"], "negative")

    def test_score_formula(self):
        # good +2.0 alone: (2 - 0) / (2 + 0 + 2) = 0.5
        self.assertEqual(analyze("It is good.")["score"], 0.5)

    def test_text_without_sentiment_terms_is_neutral(self):
        result = analyze("The meeting starts at noon in room 4.")
        self.assertEqual(result["label"], "neutral")
        self.assertEqual(result["score"], 0)
        self.assertEqual(result["terms"], [])
        self.assertEqual(result["words"], 8)


class NegationTest(unittest.TestCase):
    def test_not_good_is_negative(self):
        # 2.0 * -0.7
        self.assertEqual(contributions("This is not good."), {"not good": -1.4})
        self.assertEqual(analyze("This is not good.")["label"], "negative")

    def test_not_bad_is_positive(self):
        self.assertEqual(contributions("Not bad at all"), {"not bad": 1.75})

    def test_contractions_and_distance(self):
        self.assertEqual(contributions("It isn't a good phone"), {"isn't ... good": -1.4})
        self.assertEqual(contributions("There were no problems at all"), {"no problems": 1.19})
        self.assertEqual(analyze("I was never disappointed")["label"], "positive")

    def test_negation_stops_at_a_comma(self):
        self.assertEqual(contributions("Not really, it was great"), {"great": 3.0})

    def test_not_only_does_not_negate(self):
        self.assertGreater(contributions("not only good but great")["good"], 0)


class ModifierTest(unittest.TestCase):
    def test_intensifier_multiplies(self):
        self.assertEqual(contributions("very good"), {"very good": 2.6})
        self.assertEqual(contributions("extremely bad"), {"extremely bad": -3.75})

    def test_dampener_softens(self):
        self.assertEqual(contributions("slightly bad"), {"slightly bad": -1.5})
        self.assertEqual(contributions("it was kind of slow"), {"kind of slow": -1.05})

    def test_negated_intensified(self):
        # 2.0 * 1.3 * -0.7
        self.assertEqual(contributions("not very good"), {"not very good": -1.82})

    def test_modifier_words_that_are_also_sentiment_words(self):
        self.assertEqual(contributions("pretty bad"), {"pretty bad": -2.75})
        self.assertEqual(contributions("a pretty dress"), {"pretty": 1.5})
        self.assertEqual(contributions("it performs terribly"), {"terribly": -3.2})
        self.assertEqual(contributions("what kind of product is this"), {})

    def test_exclamation_and_capitals(self):
        # good 2.0 * (1 + 0.1 * 2)
        self.assertEqual(contributions("good!!"), {"good": 2.4})
        # hate -3.1 * 1.2 for capitals within normal text
        self.assertEqual(contributions("I HATE this"), {"hate": -3.72})
        # all-capital text is not emphasis
        self.assertEqual(contributions("I HATE THIS"), {"hate": -3.1})


class ContrastTest(unittest.TestCase):
    def test_clause_after_but_weighs_more(self):
        # expensive -1.5 * 0.5, great 3.0 * 1.5: a clear positive, no longer mixed
        result = analyze("Expensive but great")
        self.assertEqual(contributions("Expensive but great"), {"expensive": -0.75, "great": 4.5})
        self.assertEqual(result["label"], "positive")
        self.assertEqual(result["score"], 0.517)

    def test_however_at_sentence_start_discounts_the_sentence_before(self):
        self.assertEqual(
            contributions("It's great. However, the battery is weak."),
            {"great": 1.5, "weak": -2.4},
        )

    def test_concessive_clause_weighs_less(self):
        self.assertEqual(
            contributions("Although it is expensive, the design is superb."),
            {"expensive": -0.75, "superb": 4.8},
        )
        self.assertEqual(
            contributions("The design is superb, although expensive."),
            {"superb": 4.8, "expensive": -0.75},
        )

    def test_yet_only_contrasts_after_a_comma(self):
        self.assertEqual(contributions("Not yet good"), {"not ... good": -1.4})
        self.assertEqual(contributions("Cheaply made, yet reliable"), {"cheaply": -0.7, "reliable": 3.15})


class LexiconTest(unittest.TestCase):
    def test_inflected_forms_find_their_base(self):
        self.assertEqual(contributions("I loved it"), {"loved": 3.0})
        self.assertEqual(contributions("she was happier"), {"happier": 2.6})
        self.assertEqual(contributions("the screens cracked"), {"cracked": -1.9})
        self.assertEqual(contributions("they were disappointing"), {"disappointing": -2.5})

    def test_phrases_match_as_one_term(self):
        self.assertEqual(contributions("a total waste of money"), {"waste of money": -3.1})

    def test_bundled_lexicon_is_balanced_and_sizeable(self):
        lexicon = load_lexicon()
        positive = [w for w in lexicon.values() if w > 0]
        negative = [w for w in lexicon.values() if w < 0]
        self.assertGreater(len(positive), 250)
        self.assertGreater(len(negative), 250)
        self.assertTrue(all(-4 <= w <= 4 for w in lexicon.values()))

    def test_parse_lexicon_reports_the_bad_line(self):
        with self.assertRaisesRegex(ValueError, "line 2: the weight 'high' of 'good' is not a number"):
            parse_lexicon("# comment\ngood\thigh\n")
        with self.assertRaisesRegex(ValueError, "line 3: 'bad' is listed twice"):
            parse_lexicon("bad\t-2\ngood\t2\nbad\t-1\n")
        with self.assertRaisesRegex(ValueError, "line 1: expected 'term<TAB>weight'"):
            parse_lexicon("good 2\n")
        with self.assertRaisesRegex(ValueError, "between -4 and 4"):
            parse_lexicon("good\t7\n")


class InputErrorTest(unittest.TestCase):
    def test_empty_text_is_rejected_with_a_fix(self):
        with self.assertRaisesRegex(ValueError, "no words to analyse.*`text`"):
            analyze_sentiment("   ...  ")

    def test_non_string_is_rejected(self):
        with self.assertRaisesRegex(TypeError, "`text` must be a string, got list"):
            analyze_sentiment(["good"])


if __name__ == "__main__":
    unittest.main()
