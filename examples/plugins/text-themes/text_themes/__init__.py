"""text-themes: keyword and theme extraction (see themes.py for the method)."""

from .stemmer import stem
from .themes import extract_themes, phrases_of, sentences_of

__all__ = ["extract_themes", "phrases_of", "sentences_of", "stem"]
