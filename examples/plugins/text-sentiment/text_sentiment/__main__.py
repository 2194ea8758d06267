"""Command line for trying the analyzer: python3 -m text_sentiment "Great product but expensive"."""

import json
import sys

from .analyzer import analyze


def main(argv):
    text = " ".join(argv) if argv else sys.stdin.read()
    try:
        result = analyze(text)
    except (TypeError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
