"""Axis ranges with round tick values (1, 2 or 5 times a power of ten)."""

from __future__ import annotations

import math
from typing import List, Tuple


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A round step that cuts ``span`` into about ``target_ticks`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, target_ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power * 1.0000001:
            return factor * power
    return 10 * power


def nice_range(low: float, high: float, include_zero: bool, target_ticks: int = 5) -> Tuple[float, float, List[float]]:
    """An axis range covering [low, high] (and 0 when asked) that starts and ends on round ticks."""
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        pad = abs(low) * 0.5 or 1.0
        low, high = (low - pad, high + pad) if not include_zero else (min(low, 0.0), max(high, 0.0) or 1.0)
        if low == high:
            high = low + 1.0
    step = nice_step(high - low, target_ticks)
    start = math.floor(low / step + 1e-9) * step
    end = math.ceil(high / step - 1e-9) * step
    ticks = []
    count = int(round((end - start) / step))
    for index in range(count + 1):
        ticks.append(round(start + index * step, 10))
    return start, end, ticks


def decimals_for(step: float) -> int:
    """How many decimals show every multiple of ``step`` exactly (2.5 needs 1, 0.25 needs 2)."""
    for decimals in range(7):
        if abs(round(step, decimals) - step) < 1e-9 * max(1.0, abs(step)):
            return decimals
    return 6


def format_tick(value: float, step: float) -> str:
    """A tick label with the decimals the step needs; from 10,000 up, thousands are separated by
    commas (so years stay "2020")."""
    if value == 0:
        value = 0.0  # never "-0"
    separator = "," if abs(value) >= 10000 else ""
    return "{:{}.{}f}".format(value, separator, decimals_for(step))
