"""Reading numbers as people write them in CSV files."""

from __future__ import annotations

import re
from typing import Optional, Union

Number = Union[int, float]

#: Cells that mean "no value" (compared after trimming, ignoring case).
MISSING = frozenset(["", "na", "n/a", "null", "none", "nan", "-"])

_NUMBER = re.compile(
    r"""^
    (?P<sign>[-+]?)
    (?P<currency>[$\u20ac\u00a3\u00a5]?)
    (?P<digits>\d{1,3}(?:,\d{3})+|\d+)?
    (?P<fraction>\.\d+)?
    (?P<exponent>[eE][-+]?\d+)?
    (?P<percent>%?)
    $""",
    re.VERBOSE,
)


def is_missing(text: str) -> bool:
    return text.strip().lower() in MISSING


def parse_number(text: str) -> Optional[Number]:
    """The number a cell holds, or None when it is not one.

    Accepts a sign, a leading currency symbol ($ EUR GBP JPY), thousands separators in groups of
    three ("1,234.5"), a decimal part, an exponent, and a trailing % (kept as written: "12%" is 12).
    Integers stay ints. "007" is 7; "1,23" and "12abc" are not numbers.
    """
    match = _NUMBER.match(text.strip())
    if not match or not (match.group("digits") or match.group("fraction")):
        return None
    body = (match.group("digits") or "0").replace(",", "") + (match.group("fraction") or "")
    body += match.group("exponent") or ""
    negative = match.group("sign") == "-"
    if match.group("fraction") is None and match.group("exponent") is None:
        value: Number = int(body)
    else:
        value = float(body)
    return -value if negative else value
