"""Command line of the chart plugin: draws a CSV column as a bar or line chart into
MARK1_OUTPUT_DIR and prints {"chart": "<file name>"}.

Options not given on the command line are read from the JSON in MARK1_INPUT (csv, x, y, kind,
format, title), which Mark-1 sets for every call.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, List, Optional

from chart_plot import create_chart


class InputError(Exception):
    """Bad input: the message says what was wrong and how to fix it."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chart",
        description="Draw one CSV column against another as an SVG or PNG bar or line chart.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--csv", help="the CSV text, header row first")
    source.add_argument("--csv-file", metavar="PATH", help="a CSV file to read instead")
    parser.add_argument("--x", help="column of the labels / x values (default: the first column)")
    parser.add_argument("--y", help="column of the values (default: the first other numeric column)")
    parser.add_argument("--kind", choices=["bar", "line"], help="bar (default) or line")
    parser.add_argument("--format", choices=["svg", "png"], help="svg (default) or png")
    parser.add_argument("--title", help='chart title (default: "<y> by <x>")')
    parser.add_argument("--width", type=int, default=640, help="pixels (default 640)")
    parser.add_argument("--height", type=int, default=400, help="pixels (default 400)")
    parser.add_argument("--output-dir", help="where to write chart.svg/png (default: MARK1_OUTPUT_DIR)")
    return parser


def mark1_inputs() -> Dict[str, Any]:
    raw = os.environ.get("MARK1_INPUT")
    if raw is None:
        return {}
    try:
        inputs = json.loads(raw)
    except ValueError as error:
        raise InputError("MARK1_INPUT is not valid JSON (%s)" % error) from None
    if not isinstance(inputs, dict):
        raise InputError('MARK1_INPUT must be a JSON object such as {"csv": "..."}')
    return inputs


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        inputs = mark1_inputs()
        if args.csv is not None:
            csv_text = args.csv
        elif args.csv_file is not None:
            try:
                with open(args.csv_file, encoding="utf-8", newline="") as handle:
                    csv_text = handle.read()
            except OSError as error:
                raise InputError("cannot read --csv-file %s: %s" % (args.csv_file, error.strerror)) from None
        elif "csv" in inputs:
            csv_text = inputs["csv"]
        else:
            raise InputError('no CSV given; pass --csv TEXT, --csv-file PATH, or {"csv": ...} in MARK1_INPUT')

        def option(name: str, default: Optional[str] = None) -> Optional[str]:
            value = getattr(args, name)
            if value is None:
                value = inputs.get(name)
            if value is not None and not isinstance(value, str):
                raise InputError("%s must be a string, got %r" % (name, value))
            return value if value is not None else default

        result = create_chart(
            csv_text,
            x=option("x"),
            y=option("y"),
            kind=option("kind", "bar") or "bar",
            format=option("format", "svg") or "svg",
            title=option("title"),
            output_dir=args.output_dir,
            width=args.width,
            height=args.height,
        )
    except (InputError, ValueError, OSError) as error:
        message = str(error)
        if not message.startswith("chart:"):
            message = "chart: " + message
        print(message, file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
