"""text-sentiment: lexicon-based sentiment analysis (see analyzer.py for how a text is scored)."""

from .analyzer import analyze, analyze_sentiment

__all__ = ["analyze", "analyze_sentiment"]
