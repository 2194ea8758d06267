"""readability: Flesch reading ease, Flesch-Kincaid grade and the counts behind them."""

from .scores import level_of, readability
from .syllables import count_syllables
from .text import split_sentences, split_words

__all__ = ["count_syllables", "level_of", "readability", "split_sentences", "split_words"]
