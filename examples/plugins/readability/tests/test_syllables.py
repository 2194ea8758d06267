"""Syllable counts checked against a dictionary's hyphenation, word by word."""

import unittest

from readability_score import count_syllables

DICTIONARY = {
    # plain vowel groups
    "cat": 1, "great": 1, "product": 2, "expensive": 3, "computer": 3, "elephant": 3,
    "university": 5, "education": 4, "communication": 5, "happy": 2, "day": 1,
    # silent e, and consonant + le
    "make": 1, "whole": 1, "table": 2, "little": 2, "simple": 2, "vegetable": 4, "people": 2,
    # -es / -ed endings
    "makes": 1, "smiles": 1, "boxes": 2, "wishes": 2, "pages": 2, "places": 2, "uses": 2,
    "jumped": 1, "loved": 1, "wanted": 2, "needed": 2, "hundred": 2, "handled": 2, "freed": 1,
    "studied": 2, "tried": 1,
    # silent e before a suffix
    "lovely": 2, "statement": 2, "careful": 2, "homeless": 2,
    # vowel pairs spoken as two syllables, and the ones that are not
    "piano": 3, "radio": 3, "video": 3, "idea": 3, "medium": 3, "actual": 3, "curious": 3,
    "obvious": 3, "nation": 2, "religion": 3, "special": 2, "gracious": 2, "gorgeous": 2,
    "onion": 2, "million": 2, "happier": 3, "going": 2, "seeing": 2, "playing": 2,
    # consonant y and qu, -gue
    "yes": 1, "yellow": 2, "you": 1, "quick": 1, "quality": 3, "league": 1, "dialogue": 3,
    # exceptions list
    "business": 2, "every": 2, "science": 2, "recipe": 3, "rhythm": 2, "create": 2,
}


class SyllableTest(unittest.TestCase):
    def test_dictionary_words(self):
        wrong = {word: count_syllables(word) for word, expected in DICTIONARY.items()
                 if count_syllables(word) != expected}
        self.assertEqual(wrong, {}, "words counted differently from the dictionary")

    def test_case_apostrophes_and_hyphens(self):
        self.assertEqual(count_syllables("GREAT"), 1)
        self.assertEqual(count_syllables("don't"), 1)
        self.assertEqual(count_syllables("they\u2019re"), 1)
        self.assertEqual(count_syllables("well-known"), 2)
        self.assertEqual(count_syllables("mother-in-law"), 4)

    def test_every_word_has_a_syllable(self):
        self.assertEqual(count_syllables("the"), 1)
        self.assertEqual(count_syllables("shh"), 1)
        self.assertEqual(count_syllables("--"), 0)


if __name__ == "__main__":
    unittest.main()
