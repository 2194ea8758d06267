import unittest

from readability_score import split_sentences, split_words


class SentenceTest(unittest.TestCase):
    def test_terminators(self):
        self.assertEqual(
            split_sentences("It rains. Does it? Yes! Fine"),
            ["It rains.", "Does it?", "Yes!", "Fine"],
        )

    def test_abbreviations_initials_and_numbers_do_not_end_sentences(self):
        text = "Mr. Smith paid 3.5 dollars at 5 p.m. on Monday. J. R. R. Tolkien wrote it."
        self.assertEqual(
            split_sentences(text),
            ["Mr. Smith paid 3.5 dollars at 5 p.m. on Monday.", "J. R. R. Tolkien wrote it."],
        )

    def test_quotes_ellipses_and_blank_lines(self):
        self.assertEqual(split_sentences('He said "Stop." Then he left.'), ['He said "Stop."', "Then he left."])
        self.assertEqual(split_sentences("Wait... What happened?"), ["Wait...", "What happened?"])
        self.assertEqual(split_sentences("A heading\n\nThe body text."), ["A heading", "The body text."])

    def test_punctuation_only_pieces_are_not_sentences(self):
        self.assertEqual(split_sentences("Hello. ... !"), ["Hello."])


class WordTest(unittest.TestCase):
    def test_words(self):
        self.assertEqual(
            split_words("Don't pay $1,200 (20%) for a well-known U.S. brand."),
            ["Don't", "pay", "1,200", "20%", "for", "a", "well-known", "U.S.", "brand"],
        )


if __name__ == "__main__":
    unittest.main()
