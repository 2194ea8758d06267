"""Lexicon-based sentiment analysis with negation, intensifiers and contrast.

How a text is scored:

1. The text is split into sentences (``.``, ``!``, ``?`` and line breaks) and tokens.
2. Each sentiment term from the lexicon (``lexicon.tsv``, weights -4..+4, phrases of up to three
   words, inflected forms found from their base form) gets its weight, then:

   - intensifiers and dampeners right before it multiply it ("very good" 2.0 x 1.3);
   - a negator up to three tokens before it in the same clause flips it and softens it by 0.7
     ("not good" = -1.4, "not bad" = +1.75);
   - contrast: after "but" / "however" / "yet" / "nevertheless" the rest of the sentence weighs
     1.5 and what came before 0.5 (a sentence starting with "However," does the same to the
     sentence before it); a concessive clause ("although ...", "though ...", "despite ...")
     weighs 0.5 and the main clause 1.5;
   - "!" at the end of a sentence adds 10% per mark (at most 3), and a word in capitals within
     normal text adds 20%.

3. The positive contributions sum to P and the negative ones to N (as a positive number); the
   score is ``(P - N) / (P + N + 2)``, between -1 and 1 (the 2 keeps one mild word from reading as
   certainty).
4. The label is ``neutral`` when no sentiment term was found; ``mixed`` when both kinds were found
   and the weaker side is at least half the stronger; otherwise ``positive`` (score >= 0.1),
   ``negative`` (score <= -0.1) or ``neutral``.

So "Great product but expensive" is ``mixed`` with a slightly negative score (-0.13): "great"
(+3.0) stands before "but" and counts half, "expensive" (-1.5) after it counts 1.5 times.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from .lexicon import (
    CONCESSIVE,
    CONTRAST_AFTER,
    MAX_PHRASE,
    MODIFIERS,
    NEGATORS,
    load_lexicon,
)

NEGATION_FACTOR = -0.7
NEGATION_WINDOW = 3
BEFORE_CONTRAST = 0.5
AFTER_CONTRAST = 1.5
EXCLAMATION_STEP = 0.1
CAPS_FACTOR = 1.2
SMOOTHING = 2.0
MIXED_RATIO = 0.5
LABEL_THRESHOLD = 0.1

_TOKEN = re.compile(
    r"(?P<emoticon>[:;]-?[()dp](?![a-z0-9]))"
    r"|(?P<word>[a-z0-9]+(?:['\u2019\-][a-z0-9]+)*)"
    r"|(?P<punct>[.!?,;:\n])",
    re.IGNORECASE,
)
_SENTENCE_END = frozenset([".", "!", "?", "\n"])
_TERMINATORS = frozenset([".", "!", "?"])
_CLAUSE_BREAK = frozenset([",", ";", ":"])

# Not treated as negation: "not only ... but also", "no doubt".
_NOT_NEGATING = frozenset([("not", "only"), ("no", "doubt"), ("not", "just")])


class Token:
    __slots__ = ("raw", "norm", "kind")

    def __init__(self, raw: str, norm: str, kind: str) -> None:
        self.raw = raw
        self.norm = norm
        self.kind = kind


def tokenize(text: str) -> List[Token]:
    """Words (lowercased, apostrophes dropped: "isn't" -> "isnt"), emoticons and punctuation."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        raw = match.group(0)
        if kind == "word":
            norm = raw.lower().replace("'", "").replace("\u2019", "")
        else:
            norm = raw.lower()
        tokens.append(Token(raw, norm, kind))
    return tokens


def split_sentences(tokens: List[Token]) -> List[List[Token]]:
    sentences: List[List[Token]] = []
    current: List[Token] = []
    for index, token in enumerate(tokens):
        current.append(token)
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.norm in _SENTENCE_END and (following is None or following.norm not in _TERMINATORS):
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return [sentence for sentence in sentences if any(t.kind != "punct" for t in sentence)]


def _candidates(word: str) -> List[str]:
    """The word, then base forms it may be inflected from (loved -> love, happier -> happy)."""
    forms = [word]
    if len(word) <= 4 or not word.isalpha():
        return forms

    def doubled(stem: str) -> List[str]:
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
            return [stem[:-1]]
        return []

    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    if word.endswith("ied"):
        forms.append(word[:-3] + "y")
    if word.endswith("ed"):
        stem = word[:-2]
        forms += [stem, stem + "e"] + doubled(stem)
    if word.endswith("ing"):
        stem = word[:-3]
        forms += [stem, stem + "e"] + doubled(stem)
    if word.endswith("ily"):
        forms.append(word[:-3] + "y")
    if word.endswith("bly"):
        forms.append(word[:-1] + "e")
    if word.endswith("ly"):
        forms.append(word[:-2])
    if word.endswith("iest"):
        forms.append(word[:-4] + "y")
    if word.endswith("ier"):
        forms.append(word[:-3] + "y")
    if word.endswith("est"):
        stem = word[:-3]
        forms += [stem, stem + "e"] + doubled(stem)
    if word.endswith("er"):
        stem = word[:-2]
        forms += [stem, stem + "e"] + doubled(stem)
    return forms


def _lookup(words: List[str], start: int, lexicon: Dict[Tuple[str, ...], float]):
    """The longest lexicon term starting at ``start``: (length, weight) or None."""
    for length in range(min(MAX_PHRASE, len(words) - start), 0, -1):
        phrase = tuple(words[start : start + length])
        if phrase in lexicon:
            return length, lexicon[phrase]
        if length == 1:
            for form in _candidates(phrase[0])[1:]:
                if (form,) in lexicon:
                    return 1, lexicon[(form,)]
    return None


def _modifier_at(words: List[str], start: int) -> Optional[Tuple[int, float]]:
    for length in (2, 1):
        phrase = tuple(words[start : start + length])
        if len(phrase) == length and phrase in MODIFIERS:
            return length, MODIFIERS[phrase]
    return None


def _is_contrast(words: List[str], index: int) -> bool:
    word = words[index]
    if word not in CONTRAST_AFTER:
        return False
    # "yet" contrasts after a comma or "and" ("cheap, yet reliable"), not in "not yet" or "yet another".
    return word != "yet" or (index > 0 and words[index - 1] in (",", "and", ";"))


def _clause_weights(words: List[str]) -> List[float]:
    """Weight of each token of one sentence from contrast and concessive words."""
    weights = [1.0] * len(words)
    contrast = None
    for index in range(1, len(words)):
        if _is_contrast(words, index):
            contrast = index
    if contrast is not None:
        for index in range(len(words)):
            if index < contrast:
                weights[index] *= BEFORE_CONTRAST
            elif index > contrast:
                weights[index] *= AFTER_CONTRAST
    for index, word in enumerate(words):
        if word not in CONCESSIVE:
            continue
        if word == "though" and index > 0 and words[index - 1] == "as":
            continue  # "as though" compares, it does not concede
        opener = index == 0 or (index == 1 and words[0] in ("even", "and"))
        end = next((i for i in range(index + 1, len(words)) if words[i] in _CLAUSE_BREAK), None)
        if opener:
            if end is None:
                break  # no main clause to weigh against
            for i in range(len(words)):
                weights[i] *= BEFORE_CONTRAST if i < end else AFTER_CONTRAST
        else:
            stop = end if end is not None else len(words)
            for i in range(len(words)):
                if i < index:
                    weights[i] *= AFTER_CONTRAST
                elif i < stop:
                    weights[i] *= BEFORE_CONTRAST
        break
    return weights


def _negated(words: List[str], start: int) -> Optional[int]:
    """The position of the negator governing the term at ``start``, if one is within the window."""
    index = start - 1
    seen = 0
    while index >= 0 and seen < NEGATION_WINDOW:
        word = words[index]
        if word in _CLAUSE_BREAK or word in CONCESSIVE or _is_contrast(words, index):
            return None
        if word in NEGATORS:
            following = words[index + 1] if index + 1 < len(words) else ""
            if (word, following) in _NOT_NEGATING:
                return None
            return index
        index -= 1
        seen += 1
    return None


def _score_sentence(
    sentence: List[Token],
    sentence_factor: float,
    lexicon: Dict[Tuple[str, ...], float],
    shouting_is_normal: bool,
) -> List[Dict[str, Any]]:
    words = [token.norm for token in sentence]
    weights = _clause_weights(words)
    exclamations = sum(1 for token in sentence if token.norm == "!")
    emphasis = 1.0 + EXCLAMATION_STEP * min(exclamations, 3)
    terms: List[Dict[str, Any]] = []
    index = 0
    while index < len(words):
        modifier = _modifier_at(words, index)
        if modifier is not None:
            length, _factor = modifier
            following = _lookup(words, index + length, lexicon)
            alone = _lookup(words[index : index + 1], 0, lexicon)
            if length > 1 or following is not None or alone is None:
                index += length
                continue
        found = _lookup(words, index, lexicon)
        if found is None:
            index += 1
            continue
        length, weight = found
        value = weight
        # Intensifiers and dampeners directly in front, possibly chained ("really very good").
        back = index
        prefix: List[str] = []
        while back > 0:
            before = None
            for size in (2, 1):
                if back - size >= 0 and tuple(words[back - size : back]) in MODIFIERS:
                    before = size
                    break
            if before is None:
                break
            value *= MODIFIERS[tuple(words[back - before : back])]
            prefix = words[back - before : back] + prefix
            back -= before
        negator = _negated(words, back)
        if negator is not None:
            value *= NEGATION_FACTOR
            gap = ["..."] if negator < back - 1 else []
            prefix = [sentence[negator].raw.lower()] + gap + prefix
        raw = sentence[index : index + length]
        if not shouting_is_normal and any(t.raw.isupper() and len(t.raw) > 1 for t in raw):
            value *= CAPS_FACTOR
        value *= weights[index] * emphasis * sentence_factor
        terms.append(
            {
                "term": " ".join(prefix + [t.raw.lower() for t in raw]),
                "weight": weight,
                "contribution": round(value, 3),
            }
        )
        index += length
    return terms


def analyze(text: str) -> Dict[str, Any]:
    """The sentiment of a text: label, score, the positive and negative terms, word count, terms."""
    if not isinstance(text, str):
        raise TypeError(
            "text-sentiment: `text` must be a string, got %s; pass the text itself"
            % type(text).__name__
        )
    tokens = tokenize(text)
    words = sum(1 for token in tokens if token.kind == "word")
    if words == 0 and not any(token.kind == "emoticon" for token in tokens):
        raise ValueError(
            "text-sentiment: the text has no words to analyse (got %r); pass the text in `text`"
            % text[:40]
        )
    lexicon = load_lexicon()
    letters = [c for c in text if c.isalpha()]
    shouting_is_normal = bool(letters) and all(c.isupper() for c in letters)
    sentences = split_sentences(tokens)
    factors = [1.0] * len(sentences)
    for number, sentence in enumerate(sentences):
        first = next((t.norm for t in sentence if t.kind != "punct"), "")
        if number > 0 and first in CONTRAST_AFTER:
            factors[number - 1] *= BEFORE_CONTRAST
            factors[number] *= AFTER_CONTRAST
    terms: List[Dict[str, Any]] = []
    for sentence, factor in zip(sentences, factors):
        terms.extend(_score_sentence(sentence, factor, lexicon, shouting_is_normal))
    positive_total = sum(t["contribution"] for t in terms if t["contribution"] > 0)
    negative_total = -sum(t["contribution"] for t in terms if t["contribution"] < 0)
    score = (positive_total - negative_total) / (positive_total + negative_total + SMOOTHING)
    label = _label(positive_total, negative_total, score)
    return {
        "label": label,
        "score": round(score, 3),
        "positive": [t["term"] for t in terms if t["contribution"] > 0],
        "negative": [t["term"] for t in terms if t["contribution"] < 0],
        "words": words,
        "terms": terms,
    }


def _label(positive_total: float, negative_total: float, score: float) -> str:
    if positive_total == 0 and negative_total == 0:
        return "neutral"
    weaker, stronger = sorted((positive_total, negative_total))
    if weaker > 0 and weaker >= MIXED_RATIO * stronger:
        return "mixed"
    if score >= LABEL_THRESHOLD:
        return "positive"
    if score <= -LABEL_THRESHOLD:
        return "negative"
    return "neutral"


def analyze_sentiment(text: str) -> Dict[str, Any]:
    """Mark-1 capability ``analyze-sentiment``: the ``sentiment`` object and its ``label``."""
    sentiment = analyze(text)
    return {"sentiment": sentiment, "label": sentiment["label"]}
