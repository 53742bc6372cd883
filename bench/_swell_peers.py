"""Peer JSON parsers for bench/swell.py: parsy (its documentation's JSON example), lark LALR."""

from __future__ import annotations

from typing import Any

import parsy
from lark import Lark, Transformer, v_args

__all__ = ["lark_json", "parsy_json"]

# -- parsy: the JSON parser from parsy's documentation, with RFC 8259 numbers and strings -----
_ws = parsy.regex(r"[ \t\n\r]*")


def _lexeme(p: parsy.Parser) -> parsy.Parser:
    return p << _ws


_lbrace, _rbrace = _lexeme(parsy.string("{")), _lexeme(parsy.string("}"))
_lbrack, _rbrack = _lexeme(parsy.string("[")), _lexeme(parsy.string("]"))
_colon, _comma = _lexeme(parsy.string(":")), _lexeme(parsy.string(","))
_true = _lexeme(parsy.string("true")).result(True)
_false = _lexeme(parsy.string("false")).result(False)
_null = _lexeme(parsy.string("null")).result(None)
_number = _lexeme(parsy.regex(r"-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?")).map(
    lambda s: float(s) if any(c in s for c in ".eE") else int(s)
)
_escapes = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_string_part = parsy.regex(r'[^"\\\x00-\x1f]+')
_string_esc = parsy.string("\\") >> (
    parsy.string("\\")
    | parsy.string("/")
    | parsy.string('"')
    | parsy.char_from("bfnrt").map(lambda c: _escapes[c])
    | parsy.regex(r"u[0-9a-fA-F]{4}").map(lambda s: chr(int(s[1:], 16)))
)
_quoted = _lexeme(
    parsy.string('"') >> (_string_part | _string_esc).many().concat() << parsy.string('"')
)


@parsy.generate
def _array() -> Any:
    yield _lbrack
    items = yield _value.sep_by(_comma)
    yield _rbrack
    return items


@parsy.generate
def _object() -> Any:
    yield _lbrace
    pairs = yield parsy.seq(_quoted << _colon, _value).sep_by(_comma)
    yield _rbrace
    return dict(pairs)


_value = _quoted | _number | _object | _array | _true | _false | _null
parsy_json = _ws >> _value

# -- lark: the LALR JSON grammar from lark's tutorial ------------------------------------------
_GRAMMAR = r"""
?value: dict | list | string | SIGNED_NUMBER -> number
      | "true" -> true | "false" -> false | "null" -> null
list : "[" [value ("," value)*] "]"
dict : "{" [pair ("," pair)*] "}"
pair : string ":" value
string : ESCAPED_STRING
%import common.ESCAPED_STRING
%import common.SIGNED_NUMBER
%import common.WS
%ignore WS
"""


class _ToPython(Transformer[Any, Any]):
    @v_args(inline=True)
    def string(self, s: str) -> str:
        return s[1:-1]

    @v_args(inline=True)
    def number(self, n: str) -> float:
        return float(n)

    def list(self, items: list[Any]) -> list[Any]:
        return [] if items == [None] else list(items)

    def pair(self, kv: list[Any]) -> tuple[Any, Any]:
        return kv[0], kv[1]

    def dict(self, pairs: list[Any]) -> dict[Any, Any]:
        return {} if pairs == [None] else dict(pairs)

    def true(self, _: Any) -> bool:
        return True

    def false(self, _: Any) -> bool:
        return False

    def null(self, _: Any) -> None:
        return None


lark_json = Lark(_GRAMMAR, start="value", parser="lalr", transformer=_ToPython())
