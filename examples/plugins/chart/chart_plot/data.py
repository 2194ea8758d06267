"""Reading the columns to plot from CSV text."""

from __future__ import annotations

import csv as csv_module
import difflib
import io
import re
from typing import List, Optional, Tuple

MISSING = frozenset(["", "na", "n/a", "null", "none", "nan", "-"])

_NUMBER = re.compile(r"^[-+]?[$\u20ac\u00a3\u00a5]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?%?$")


class ChartError(ValueError):
    """Bad input; the message says what was wrong and how to fix it."""


def fail(message: str) -> ChartError:
    return ChartError("chart: " + message)


def parse_number(text: str) -> Optional[float]:
    """A number as written in a CSV cell ("1,200", "$4.50", "12%", "-3e2"), or None."""
    cleaned = text.strip()
    if not _NUMBER.match(cleaned) or not re.search(r"\d", cleaned):
        return None
    return float(re.sub(r"[$\u20ac\u00a3\u00a5,%]", "", cleaned))


def read_csv(text: str) -> Tuple[List[str], List[List[str]]]:
    """Header and rows of CSV text, with every row as wide as the header."""
    if not isinstance(text, str):
        raise fail("`csv` must be CSV text, got %s" % type(text).__name__)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv_module.reader(io.StringIO(text, newline=""), strict=True)
    header: Optional[List[str]] = None
    rows: List[List[str]] = []
    try:
        for fields in reader:
            if not fields:
                continue
            if header is None:
                header = [name.strip() or "column_%d" % (i + 1) for i, name in enumerate(fields)]
                continue
            if len(fields) != len(header):
                raise fail(
                    "row %d (line %d) has %d fields, the header has %d; quote fields that contain "
                    "commas with double quotes" % (len(rows) + 2, reader.line_num, len(fields), len(header))
                )
            rows.append(fields)
    except csv_module.Error as error:
        raise fail("line %d: %s; check the quoting of that line" % (reader.line_num, error)) from None
    if header is None:
        raise fail('the CSV is empty; pass CSV text with a header row, e.g. "month,sales\\nJan,10"')
    return header, rows


def _column(header: List[str], name: str, role: str) -> int:
    if name in header:
        return header.index(name)
    close = difflib.get_close_matches(name, header, n=1)
    raise fail(
        "no column named %r for %s%s; the columns are: %s"
        % (name, role, " (did you mean %r?)" % close[0] if close else "", ", ".join(header))
    )


def select_series(
    header: List[str], rows: List[List[str]], x: Optional[str], y: Optional[str]
) -> Tuple[str, str, List[str], List[float]]:
    """The x labels and y values to plot. x defaults to the first column, y to the first other
    column whose present cells are all numbers. Rows with a missing y are skipped."""
    x_index = _column(header, x, "x") if x else 0
    if y:
        y_index = _column(header, y, "y")
    else:
        candidates = [
            i
            for i in range(len(header))
            if i != x_index
            and any(row[i].strip().lower() not in MISSING for row in rows)
            and all(row[i].strip().lower() in MISSING or parse_number(row[i]) is not None for row in rows)
        ]
        if not candidates:
            raise fail(
                "no numeric column to plot besides %r; name the column of values with y (columns: %s)"
                % (header[x_index], ", ".join(header))
            )
        y_index = candidates[0]
    labels: List[str] = []
    values: List[float] = []
    for number, row in enumerate(rows, start=2):
        cell = row[y_index]
        if cell.strip().lower() in MISSING:
            continue
        value = parse_number(cell)
        if value is None:
            raise fail(
                "row %d: %r in column %r is not a number; y must be a numeric column"
                % (number, cell, header[y_index])
            )
        labels.append(row[x_index].strip())
        values.append(value)
    if not values:
        raise fail("column %r has no values to plot" % header[y_index])
    return header[x_index], header[y_index], labels, values
