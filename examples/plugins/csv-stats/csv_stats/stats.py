"""Per-column statistics of a CSV table."""

from __future__ import annotations

import csv as csv_module
import difflib
import io
import json
import math
import statistics
from typing import Any, Dict, List, Optional, Sequence, Union

from .numbers import Number, is_missing, parse_number


class CsvStatsError(ValueError):
    """Bad input; the message says what was wrong and how to fix it."""


def _fail(message: str) -> "CsvStatsError":
    return CsvStatsError("csv-stats: " + message)


def _clean(value: float) -> Number:
    """Keeps 10 significant digits, which rounds away float noise (0.30000000000000004 -> 0.3),
    and gives whole numbers as ints."""
    rounded = float("%.10g" % value)
    return int(rounded) if rounded.is_integer() and abs(rounded) < 2**53 else rounded


def read_table(text: str, delimiter: str = ","):
    """The header and rows of CSV text (RFC 4180 quoting), checking every row's width."""
    if not isinstance(text, str):
        raise _fail("`csv` must be CSV text, got %s" % type(text).__name__)
    if text.startswith("\ufeff"):
        text = text[1:]
    if delimiter == "auto":
        try:
            delimiter = csv_module.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t|").delimiter
        except csv_module.Error:
            delimiter = ","
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n":
        raise _fail(
            '`delimiter` must be one character other than a quote or a line break, or "auto"; got %r'
            % (delimiter,)
        )
    reader = csv_module.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: List[List[str]] = []
    header: Optional[List[str]] = None
    record = 0
    try:
        for fields in reader:
            if not fields:
                continue  # blank line
            record += 1
            if header is None:
                header = [name.strip() or "column_%d" % (i + 1) for i, name in enumerate(fields)]
                continue
            if len(fields) != len(header):
                raise _fail(
                    "row %d (line %d) has %d fields, the header has %d; %s"
                    % (
                        record,
                        reader.line_num,
                        len(fields),
                        len(header),
                        "quote fields that contain %r with double quotes" % delimiter
                        if len(fields) > len(header)
                        else "add the missing fields (empty ones are fine: a,,c)",
                    )
                )
            rows.append(fields)
    except csv_module.Error as error:
        if "unexpected end of data" in str(error):
            raise _fail(
                "a quoted field is still open at the end of the text (line %d); end it with a "
                "double quote, and write quotes inside it twice (\"\")" % reader.line_num
            ) from None
        raise _fail(
            "line %d: %s; a field with quotes must be enclosed in double quotes with inner quotes doubled (\"\")"
            % (reader.line_num, error)
        ) from None
    if header is None:
        raise _fail("the CSV is empty; pass CSV text with a header row, e.g. \"name,price\\nTea,3.5\"")
    seen: Dict[str, int] = {}
    for index, name in enumerate(header):
        if name in seen:
            raise _fail(
                "the header has the column %r twice (columns %d and %d); rename one"
                % (name, seen[name] + 1, index + 1)
            )
        seen[name] = index
    return header, rows


def column_stats(values: Sequence[str]) -> Dict[str, Any]:
    """Statistics of one column's cells.

    ``type`` is "number" when every present cell is a number, "text" otherwise, "empty" when no
    cell is present. For numbers: mean, median, min, max, sum and stdev (sample standard deviation,
    null under two values). For text: min and max in alphabetical order (chronological for ISO
    dates); mean, median, sum and stdev are null.
    """
    present = [value.strip() for value in values if not is_missing(value)]
    numbers = [parse_number(value) for value in present]
    numeric = bool(present) and all(number is not None for number in numbers)
    result: Dict[str, Any] = {
        "type": "number" if numeric else ("text" if present else "empty"),
        "count": len(present),
        "missing": len(values) - len(present),
        "distinct": len(set(numbers)) if numeric else len(set(present)),
        "mean": None,
        "median": None,
        "min": None,
        "max": None,
        "sum": None,
        "stdev": None,
    }
    if numeric:
        data = [number for number in numbers if number is not None]
        if any(isinstance(n, float) and not math.isfinite(n) for n in data):
            raise _fail("a number is too large to compute with")
        result.update(
            mean=_clean(statistics.fmean(data)),
            median=_clean(statistics.median(data)),
            min=_clean(min(data)),
            max=_clean(max(data)),
            sum=_clean(math.fsum(data)),
            stdev=_clean(statistics.stdev(data)) if len(data) > 1 else None,
        )
    elif present:
        result.update(min=min(present), max=max(present))
    return result


def _select(header: List[str], columns: Union[None, str, Sequence[str]]) -> List[str]:
    if columns is None or columns == [] or columns == "":
        return list(header)
    if isinstance(columns, str):
        text = columns.strip()
        if text.startswith("["):
            try:
                columns = json.loads(text)
            except ValueError:
                raise _fail("`columns` is not a valid JSON list: %s" % text) from None
        else:
            columns = [name.strip() for name in text.split(",")]
    if not isinstance(columns, (list, tuple)) or not all(isinstance(c, str) for c in columns):
        raise _fail('`columns` must be a list of column names, e.g. ["price", "quantity"]')
    for name in columns:
        if name not in header:
            close = difflib.get_close_matches(name, header, n=1)
            raise _fail(
                "no column named %r%s; the columns are: %s"
                % (name, " (did you mean %r?)" % close[0] if close else "", ", ".join(header))
            )
    return list(dict.fromkeys(columns))


def csv_stats(csv: str, columns: Union[None, str, Sequence[str]] = None, delimiter: str = ",") -> Dict[str, Any]:
    """Mark-1 capability ``csv-stats``: statistics of each column, or of the named ``columns``."""
    header, rows = read_table(csv, delimiter)
    selected = _select(header, columns)
    stats = {}
    for name in selected:
        index = header.index(name)
        stats[name] = column_stats([row[index] for row in rows])
    return {"stats": stats}
