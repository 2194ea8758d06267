"""A light English stemmer: enough to group "battery" with "batteries" and "ship" with "shipping"
(it only needs to group words; the themes show the words as written)."""

_VOWELS = "aeiou"


def _undouble(stem: str) -> str:
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" + _VOWELS:
        return stem[:-1]
    return stem


def stem(word: str) -> str:
    """The stem of a lowercase word."""
    if len(word) <= 3:
        return word
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "zes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5 and any(c in _VOWELS for c in word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4 and any(c in _VOWELS for c in word[:-2]):
        word = _undouble(word[:-2])
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # "price"/"priced" -> "pric", "service"/"serviced" -> "servic"
    return word
