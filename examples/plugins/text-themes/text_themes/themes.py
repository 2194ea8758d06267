"""Theme extraction: key phrases scored by TF-IDF across sentences, grouped into themes.

1. The text is split into sentences and words (lowercase, numbers dropped).
2. Candidate phrases are the runs of up to three words between stopwords and punctuation
   (the RAKE idea): "The battery life is short" gives "battery life" and "short".
3. Each word stem gets a TF-IDF weight across sentences: tf = occurrences in the text,
   idf = ln((1 + sentences) / (1 + sentences containing it)) + 1. A word that recurs scores
   higher; one that is everywhere gains less from each occurrence.
4. A phrase scores the mean weight of its words times (1 + ln(occurrences)).
5. Phrases are taken best first: a phrase sharing a word with an earlier theme joins the best
   such theme (its new words become that theme's keywords); otherwise it starts a new theme
   named after it. Every word belongs to one theme.
6. A theme's score is the summed weight of its words, divided by the best theme's (so the top
   theme scores 1); its keywords are its words as written, heaviest first.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Any, Dict, List, Tuple

from .stemmer import stem
from .stopwords import STOPWORDS

MAX_PHRASE_WORDS = 3
MAX_KEYWORDS = 6

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*\u2022]|\s*\d+[.)])")
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['\u2019\-][A-Za-z\u00c0-\u024f]+)*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")


def sentences_of(text: str) -> List[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part and part.strip()]


def phrases_of(sentence: str) -> List[List[str]]:
    """Candidate phrases of a sentence: runs of non-stopwords, at most three words each."""
    phrases: List[List[str]] = []
    run: List[str] = []

    def close() -> None:
        for start in range(0, len(run), MAX_PHRASE_WORDS):
            phrases.append(run[start : start + MAX_PHRASE_WORDS])
        run.clear()

    for token in _TOKEN.findall(sentence):
        word = token.lower().replace("\u2019", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if not word[0].isalpha() or word.replace("'", "") in STOPWORDS or word in STOPWORDS or len(word) < 2:
            close()
        else:
            run.append(word)
    close()
    return phrases


def extract_themes(text: str, top_n: int = 5) -> List[Dict[str, Any]]:
    """The ``top_n`` main themes of a text: [{theme, score, keywords}], best first."""
    if not isinstance(text, str):
        raise TypeError("text-themes: the text must be a string, got %s" % type(text).__name__)
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
        raise ValueError("text-themes: top_n must be a whole number of at least 1, got %r" % (top_n,))
    sentences = sentences_of(text)
    sentence_phrases = [phrases_of(sentence) for sentence in sentences]
    if not any(sentence_phrases):
        raise ValueError(
            "text-themes: the text has no words to find themes in (only stopwords, numbers or "
            "punctuation: %r); pass the text to analyse in --text or MARK1_INPUT" % text[:40]
        )

    tf: Counter = Counter()
    df: Counter = Counter()
    surfaces: Dict[str, Counter] = defaultdict(Counter)
    first_seen: Dict[str, int] = {}
    for phrases in sentence_phrases:
        stems_here = set()
        for phrase in phrases:
            for word in phrase:
                key = stem(word)
                tf[key] += 1
                stems_here.add(key)
                surfaces[key][word] += 1
                first_seen.setdefault(key, len(first_seen))
        df.update(stems_here)
    total = len(sentences)
    weight = {key: tf[key] * (math.log((1 + total) / (1 + df[key])) + 1) for key in tf}

    counts: Counter = Counter()
    written: Dict[Tuple[str, ...], List[str]] = {}
    order: Dict[Tuple[str, ...], int] = {}
    for phrases in sentence_phrases:
        for phrase in phrases:
            key = tuple(stem(word) for word in phrase)
            counts[key] += 1
            written.setdefault(key, phrase)
            order.setdefault(key, len(order))

    def phrase_score(key: Tuple[str, ...]) -> float:
        mean = sum(weight[s] for s in key) / len(key)
        return mean * (1 + math.log(counts[key]))

    ranked = sorted(counts, key=lambda key: (-phrase_score(key), order[key]))
    themes: List[Dict[str, Any]] = []
    owner: Dict[str, int] = {}
    for key in ranked:
        shared = [owner[s] for s in key if s in owner]
        if shared:
            # Words no theme has yet join the best theme this phrase touches.
            target = min(shared)
            for s in key:
                if s not in owner:
                    themes[target]["stems"].append(s)
                    owner[s] = target
            continue
        index = len(themes)
        themes.append({"label": " ".join(written[key]), "stems": list(dict.fromkeys(key))})
        for s in key:
            owner[s] = index

    def surface(key: str) -> str:
        return max(surfaces[key].items(), key=lambda item: (item[1], -list(surfaces[key]).index(item[0])))[0]

    scored = []
    for position, theme in enumerate(themes):
        stems = sorted(theme["stems"], key=lambda s: (-weight[s], first_seen[s]))
        scored.append(
            (sum(weight[s] for s in stems), position, theme["label"], [surface(s) for s in stems[:MAX_KEYWORDS]])
        )
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[0][0]
    return [
        {"theme": label, "score": round(total_weight / best, 3), "keywords": keywords}
        for total_weight, _, label, keywords in scored[:top_n]
    ]
