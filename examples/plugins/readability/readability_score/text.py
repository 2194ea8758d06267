"""Splitting text into sentences and words for readability formulas."""

from __future__ import annotations

import re
from typing import List

#: Dotted abbreviations ("p.m.", "U.S."), numbers ("3.5", "1,200", "20%"), and words with inner
#: apostrophes and hyphens ("don't", "well-known").
WORD = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|\d+(?:[.,:]\d+)*%?"
    r"|[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019\-][A-Za-z0-9\u00c0-\u024f]+)*"
)
ABBREVIATION_WORD = re.compile(r"^(?:[A-Za-z]\.){2,}$")

#: Abbreviations whose period does not end a sentence (compared lowercase, without the period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt vs etc e.g i.e a.m p.m u.s u.k inc ltd co corp no fig figs
    approx dept est jan feb mar apr jun jul aug sep sept oct nov dec al gen col lt sgt rev vol
    """.split()
)

_TERMINATOR = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _ends_sentence(text: str, match: "re.Match[str]") -> bool:
    rest = text[match.end() :]
    if not rest.strip():
        return True
    if not rest[0].isspace():
        return False  # 3.5, e.g.x, example.com
    if "!" in match.group(0) or "?" in match.group(0):
        return True
    if match.group(0).startswith(".."):
        return rest.lstrip()[0].isupper()
    before = re.search(r"([A-Za-z.]+)$", text[: match.start()])
    if before and before.group(1).lower().rstrip(".") in ABBREVIATIONS:
        return False
    if before and len(before.group(1)) == 1 and before.group(1).isupper():
        return False  # an initial: "J. Smith"
    following = rest.lstrip()[0]
    return following.isupper() or following.isdigit() or not following.isalpha()


def split_sentences(text: str) -> List[str]:
    """Sentences of a text: ends at ``.``, ``!`` or ``?`` (not after abbreviations, initials or
    inside numbers) and at blank lines. Only pieces with at least one word count."""
    sentences: List[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        start = 0
        for match in _TERMINATOR.finditer(paragraph):
            if _ends_sentence(paragraph, match):
                sentences.append(paragraph[start : match.end()].strip())
                start = match.end()
        sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if WORD.search(sentence)]


def split_words(text: str) -> List[str]:
    """Words: see WORD."""
    return WORD.findall(text)
