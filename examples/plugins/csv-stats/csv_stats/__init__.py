"""csv-stats: per-column statistics of CSV text, with numbers detected per column."""

from .numbers import is_missing, parse_number
from .stats import CsvStatsError, column_stats, csv_stats, read_table

__all__ = ["CsvStatsError", "column_stats", "csv_stats", "is_missing", "parse_number", "read_table"]
