"""Loading the sentiment lexicon and the word lists that modify a term's weight."""

from __future__ import annotations

import os
from typing import Dict, Optional, Tuple

LEXICON_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lexicon.tsv")

#: Longest phrase (in tokens) the lexicon or the modifier lists hold.
MAX_PHRASE = 3

#: Words that flip the polarity of a sentiment term a few tokens after them ("not good").
NEGATORS = frozenset(
    """
    not no never none nobody nothing neither nor nowhere without hardly barely scarcely
    cannot cant dont doesnt didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt
    havent hasnt hadnt aint shant mustnt neednt mightnt
    """.split()
)

#: Factors of intensifiers (> 1) and dampeners (< 1) directly before a sentiment term.
MODIFIERS: Dict[Tuple[str, ...], float] = {
    ("very",): 1.3,
    ("really",): 1.3,
    ("so",): 1.2,
    ("too",): 1.2,
    ("extremely",): 1.5,
    ("incredibly",): 1.5,
    ("exceptionally",): 1.5,
    ("utterly",): 1.5,
    ("terribly",): 1.4,
    ("awfully",): 1.4,
    ("ridiculously",): 1.4,
    ("absolutely",): 1.4,
    ("insanely",): 1.4,
    ("remarkably",): 1.4,
    ("totally",): 1.3,
    ("completely",): 1.3,
    ("entirely",): 1.3,
    ("highly",): 1.3,
    ("super",): 1.3,
    ("truly",): 1.3,
    ("seriously",): 1.3,
    ("most",): 1.3,
    ("especially",): 1.2,
    ("particularly",): 1.2,
    ("more",): 1.1,
    ("quite",): 1.1,
    ("pretty",): 1.1,
    ("fairly",): 0.85,
    ("rather",): 0.85,
    ("somewhat",): 0.7,
    ("slightly",): 0.6,
    ("mildly",): 0.6,
    ("marginally",): 0.6,
    ("less",): 0.7,
    ("a", "bit"): 0.7,
    ("a", "little"): 0.7,
    ("kind", "of"): 0.7,
    ("sort", "of"): 0.7,
    ("a", "tad"): 0.7,
}

#: Words after which the rest of the sentence weighs more than what came before ("... but ...").
CONTRAST_AFTER = frozenset(["but", "however", "nevertheless", "nonetheless", "yet"])

#: Words that open a concessive clause, which weighs less than the main clause ("although ...").
CONCESSIVE = frozenset(["although", "though", "despite", "albeit"])

_cache: Optional[Dict[Tuple[str, ...], float]] = None


def parse_lexicon(text: str, source: str = "lexicon") -> Dict[Tuple[str, ...], float]:
    """Reads lexicon lines ``term<TAB>weight``; ``#`` starts a comment line.

    Raises ValueError naming the line when a line is malformed or a term is listed twice.
    """
    lexicon: Dict[Tuple[str, ...], float] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise ValueError(
                "%s line %d: expected 'term<TAB>weight', got %r" % (source, number, raw)
            )
        term, weight_text = parts[0].strip().lower(), parts[1].strip()
        try:
            weight = float(weight_text)
        except ValueError:
            raise ValueError(
                "%s line %d: the weight %r of %r is not a number" % (source, number, weight_text, term)
            ) from None
        if not -4.0 <= weight <= 4.0 or weight == 0:
            raise ValueError(
                "%s line %d: the weight of %r must be between -4 and 4 and not 0, got %s"
                % (source, number, term, weight_text)
            )
        key = tuple(term.split())
        if len(key) > MAX_PHRASE:
            raise ValueError(
                "%s line %d: %r has more than %d words" % (source, number, term, MAX_PHRASE)
            )
        if key in lexicon:
            raise ValueError("%s line %d: %r is listed twice" % (source, number, term))
        lexicon[key] = weight
    return lexicon


def load_lexicon() -> Dict[Tuple[str, ...], float]:
    """The bundled lexicon, read once per process."""
    global _cache
    if _cache is None:
        with open(LEXICON_PATH, encoding="utf-8") as handle:
            _cache = parse_lexicon(handle.read(), source=os.path.basename(LEXICON_PATH))
    return _cache
