"""Command line of the readability plugin: prints one JSON object with the readability of a text.

The text comes from --text, --file, or (without either) the "text" of the JSON in MARK1_INPUT,
which Mark-1 sets for every call; standard input is read when neither is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional

from readability_score import readability


class InputError(Exception):
    """Bad input: the message says what was wrong and how to fix it."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readability",
        description="Flesch reading ease, Flesch-Kincaid grade, and sentence/word/syllable counts "
        "of a text, printed as one JSON object.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--text", help="the text to measure")
    source.add_argument("--file", metavar="PATH", help="a UTF-8 text file to measure")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON output")
    return parser


def read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return args.text
    if args.file is not None:
        try:
            with open(args.file, encoding="utf-8") as handle:
                return handle.read()
        except OSError as error:
            raise InputError("cannot read --file %s: %s" % (args.file, error.strerror)) from None
        except UnicodeDecodeError:
            raise InputError("--file %s is not UTF-8 text" % args.file) from None
    raw = os.environ.get("MARK1_INPUT")
    if raw is not None:
        try:
            inputs = json.loads(raw)
        except ValueError as error:
            raise InputError("MARK1_INPUT is not valid JSON (%s)" % error) from None
        if not isinstance(inputs, dict) or "text" not in inputs:
            raise InputError('MARK1_INPUT has no "text"; expected {"text": "..."}')
        if not isinstance(inputs["text"], str):
            raise InputError('"text" in MARK1_INPUT must be a string')
        return inputs["text"]
    if not sys.stdin.isatty():
        return sys.stdin.read()
    raise InputError("no text given; pass --text TEXT, --file PATH, or pipe the text on stdin")


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result = readability(read_text(args))
    except (InputError, ValueError, TypeError) as error:
        message = str(error)
        if not message.startswith("readability:"):
            message = "readability: " + message
        print(message, file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2 if args.pretty else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
