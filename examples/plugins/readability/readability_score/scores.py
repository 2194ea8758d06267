"""Flesch reading ease and Flesch-Kincaid grade level."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .syllables import count_syllables
from .text import ABBREVIATION_WORD, split_sentences, split_words

#: Flesch's reading-ease bands: (lowest score, level in plain words).
LEVELS: List[Tuple[float, str]] = [
    (90.0, "very easy (5th grade, about age 11)"),
    (80.0, "easy (6th grade, conversational English)"),
    (70.0, "fairly easy (7th grade)"),
    (60.0, "plain English (8th to 9th grade)"),
    (50.0, "fairly difficult (10th to 12th grade, high school)"),
    (30.0, "difficult (college)"),
    (float("-inf"), "very difficult (college graduate)"),
]


def word_syllables(word: str) -> int:
    """Syllables of a word. A number counts one per digit and a dotted abbreviation ("p.m.") one
    per letter: rough spoken lengths."""
    if ABBREVIATION_WORD.match(word):
        return sum(1 for char in word if char.isalpha())
    digits = sum(1 for char in word if char.isdigit())
    if digits and not any(char.isalpha() for char in word):
        return max(1, digits)
    return max(1, count_syllables(word))


def level_of(reading_ease: float) -> str:
    """The plain-words level of a Flesch reading-ease score."""
    for lowest, level in LEVELS:
        if reading_ease >= lowest:
            return level
    return LEVELS[-1][1]


def readability(text: str) -> Dict[str, Any]:
    """Readability of a text.

    Flesch reading ease = 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / words):
    100 and above is very easy, below 30 very hard (the score is not clamped to 0..100).
    Flesch-Kincaid grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59: the US
    school grade that can read the text. Both are rounded to 2 decimals.
    Raises ValueError when the text has no words.
    """
    if not isinstance(text, str):
        raise TypeError("readability: the text must be a string, got %s" % type(text).__name__)
    words = split_words(text)
    if not words:
        raise ValueError(
            "readability: the text has no words (got %r); pass the text to measure with --text "
            "or as {\"text\": ...} in MARK1_INPUT" % text[:40]
        )
    sentences = max(1, len(split_sentences(text)))
    syllables = sum(word_syllables(word) for word in words)
    words_per_sentence = len(words) / sentences
    syllables_per_word = syllables / len(words)
    reading_ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    return {
        "flesch_reading_ease": round(reading_ease, 2),
        "flesch_kincaid_grade": round(grade, 2),
        "sentences": sentences,
        "words": len(words),
        "syllables": syllables,
        "level": level_of(reading_ease),
    }
