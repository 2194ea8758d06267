"""Command line of the text-themes plugin: prints {"themes": [...]} as one JSON object.

The text comes from --text or --file, top_n from --top-n; whatever is not given on the command
line is read from the JSON in MARK1_INPUT ("text", "top_n"), which Mark-1 sets for every call,
and the text from standard input as a last resort.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Dict, List, Optional

from text_themes import extract_themes

DEFAULT_TOP_N = 5


class InputError(Exception):
    """Bad input: the message says what was wrong and how to fix it."""


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number, got %r" % text) from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1, got %d" % value)
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="text-themes",
        description="The main themes of a text (key phrases grouped by shared words, scored by "
        "TF-IDF across sentences), printed as one JSON object.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--text", help="the text to analyse")
    source.add_argument("--file", metavar="PATH", help="a UTF-8 text file to analyse")
    parser.add_argument("--top-n", type=positive_int, help="how many themes (default %d)" % DEFAULT_TOP_N)
    parser.add_argument("--pretty", action="store_true", help="indent the JSON output")
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
        raise InputError('MARK1_INPUT must be a JSON object such as {"text": "...", "top_n": 5}')
    return inputs


def resolve(args: argparse.Namespace):
    inputs = mark1_inputs()
    if args.text is not None:
        text = args.text
    elif args.file is not None:
        try:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise InputError("cannot read --file %s: %s" % (args.file, error.strerror)) from None
        except UnicodeDecodeError:
            raise InputError("--file %s is not UTF-8 text" % args.file) from None
    elif "text" in inputs:
        text = inputs["text"]
        if not isinstance(text, str):
            raise InputError('"text" in MARK1_INPUT must be a string')
    elif not sys.stdin.isatty() and "MARK1_INPUT" not in os.environ:
        text = sys.stdin.read()
    else:
        raise InputError("no text given; pass --text TEXT, --file PATH, or {\"text\": ...} in MARK1_INPUT")
    top_n = args.top_n
    if top_n is None:
        top_n = inputs.get("top_n", DEFAULT_TOP_N)
        if top_n is None:
            top_n = DEFAULT_TOP_N
        if isinstance(top_n, str) and top_n.strip().isdigit():
            top_n = int(top_n)
        if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
            raise InputError('"top_n" in MARK1_INPUT must be a whole number of at least 1, got %r' % (top_n,))
    return text, top_n


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        text, top_n = resolve(args)
        themes = extract_themes(text, top_n)
    except (InputError, ValueError, TypeError) as error:
        message = str(error)
        if not message.startswith("text-themes:"):
            message = "text-themes: " + message
        print(message, file=sys.stderr)
        return 1
    print(json.dumps({"themes": themes}, indent=2 if args.pretty else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
