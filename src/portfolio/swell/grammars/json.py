r"""A strict RFC 8259 JSON grammar, and a command line that repairs JSON files.

:data:`document` is the top-level parser: ``document.parse(text)`` returns the same value as
``json.loads`` for valid JSON (objects are dicts, the last duplicate key wins, integers are
``int``, other numbers ``float``), and ``document.repair(text)`` returns a minimum-cost
:class:`~portfolio.swell.repair.Repair`.

Bytes are decoded as strict UTF-8 (RFC 8259 section 8.1); a byte-order mark is not whitespace,
so it is rejected. Nesting depth is limited only by memory.

Command line::

    python -m portfolio.swell.grammars.json repair FILE

prints the repaired JSON (UTF-8) on stdout and the edits on stderr, one per line
(``line:col: inserted ','``), and exits 0 if the file was valid, 1 if it was repaired and 2 if
it could not be (no repair within ``--max-cost``, not UTF-8, or the file cannot be read: missing,
a directory). An empty file is not valid JSON; its cheapest repair inserts a ``0``.

Examples
--------
>>> document.parse('{"a": [1, 2.5, true, null]}')
{'a': [1, 2.5, True, None]}
>>> fixed = document.repair('{"a": [1, 2.5 true, null]}')
>>> fixed.text
'{"a": [1, 2.5 ,true, null]}'
>>> [str(edit) for edit in fixed.edits]
["1:15: inserted ','"]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from portfolio.swell.core import ParseError, Parser, alt, lazy, regex, sep_by, seq, string
from portfolio.swell.repair import RepairError

__all__ = ["document", "loads", "main", "value"]

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(
    r"\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})|u(....)|(.))"
)


def _unescape(match: re.Match[str]) -> str:
    high, low, code, char = match.groups()
    if high is not None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    if code is not None:
        return chr(int(code, 16))
    return _ESCAPES[char]


def _string(token: str) -> str:
    body = token[1:-1]
    return _ESCAPE.sub(_unescape, body) if "\\" in body else body


def _number(token: str) -> int | float:
    if "." in token or "e" in token or "E" in token:
        return float(token)
    try:
        return int(token)
    except ValueError:  # more digits than int() converts by default
        return float(token)


_ws = regex(r"[ \t\n\r]*", name="whitespace")


def _token(s: str) -> Parser[str]:
    return string(s) << _ws


_STRING = r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"

_string_token = regex(_STRING, name="string").map(_string) << _ws
_number_token = regex(_NUMBER, name="number").map(_number) << _ws

value: Parser[Any] = lazy(
    lambda: alt(
        _object,
        _array,
        _string_token,
        _number_token,
        _token("true").result(True),
        _token("false").result(False),
        _token("null").result(None),
    )
)
"""One JSON value and the whitespace after it (the grammar's recursive nonterminal)."""

_pair: Parser[list[Any]] = seq(_string_token << _token(":"), value)
_object: Parser[dict[str, Any]] = (_token("{") >> sep_by(_pair, _token(",")) << _token("}")).map(
    dict
)
_array: Parser[list[Any]] = _token("[") >> sep_by(value, _token(",")) << _token("]")

document: Parser[Any] = _ws >> value
"""The whole text, as optional whitespace then one JSON value (with its trailing space)."""


def loads(text: str | bytes) -> Any:
    """Parse a JSON document strictly, like ``json.loads`` (raises ParseError).

    Examples
    --------
    >>> loads(b'[1, "\\\\u00e9"]')
    [1, 'é']
    """
    return document.parse(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 valid, 1 repaired, 2 not repairable)."""
    cli = argparse.ArgumentParser(
        prog="python -m portfolio.swell.grammars.json",
        description="Repair a JSON file with a minimum number of character edits.",
    )
    commands = cli.add_subparsers(dest="command", required=True)
    fix = commands.add_parser("repair", help="print the repaired JSON; the edits go to stderr")
    fix.add_argument("file", type=Path, help="the JSON file (UTF-8), or - for standard input")
    fix.add_argument("--max-cost", type=float, default=10, help="the most edits to try (10)")
    args = cli.parse_args(argv)
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as err:  # missing, a directory, unreadable
        print(f"{args.file}: cannot read the file: {err.strerror or err}", file=sys.stderr)
        return 2
    try:
        result = document.repair(data, max_cost=args.max_cost)
    except RepairError as err:
        print(f"{args.file}:{err}", file=sys.stderr)
        return 2
    except ParseError as err:  # not UTF-8
        print(f"{args.file}:{err}", file=sys.stderr)
        return 2
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(result.text)
    else:  # UTF-8 like the input, whatever the terminal's encoding
        sys.stdout.flush()
        out.write(result.text.encode("utf-8", errors="surrogatepass"))
        out.flush()
    for edit in result.edits:
        print(edit, file=sys.stderr)
    return 1 if result.edits else 0


if __name__ == "__main__":
    sys.exit(main())
