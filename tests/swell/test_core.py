"""The combinators and the strict parser: values, errors, bytes, depth, and bad arguments."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.swell import (
    ParseError,
    Parser,
    alt,
    lazy,
    many,
    optional,
    regex,
    sep_by,
    seq,
    string,
)
from portfolio.swell._charset import CharSet
from portfolio.swell._regex import parse_regex

digit = regex("[0-9]")
ints = string("[") >> sep_by(regex("[0-9]+").map(int), string(",")) << string("]")
nested: Parser[Any] = lazy(lambda: alt(seq(string("("), nested, string(")")), string("x")))

STRICT_CASES = [
    (string("abc"), "abc", "abc"),
    (string(""), "", ""),
    (regex("a+b?"), "aaab", "aaab"),
    (seq(string("a"), digit, string("b")), "a7b", ["a", "7", "b"]),
    (alt(string("ab"), string("a")), "a", "a"),
    (alt(string("a"), string("b")), "b", "b"),
    (many(digit), "", []),
    (many(digit), "123", ["1", "2", "3"]),
    (many(digit, min=2, max=3), "12", ["1", "2"]),
    (optional(digit, "none"), "", "none"),
    (optional(digit), "5", "5"),
    (sep_by(digit, string(",")), "", []),
    (sep_by(digit, string(","), min=2), "1,2", ["1", "2"]),
    (ints, "[1,22,333]", [1, 22, 333]),
    (digit.map(int).map(lambda d: d * 2), "4", 8),
    (string("t").result(True), "t", True),
    (string("a") >> digit, "a1", "1"),
    (digit << string("a"), "1a", "1"),
    (string("a") | digit, "9", "9"),
    (nested, "((x))", ["(", ["(", "x", ")"], ")"]),
    (many(optional(string("a"))), "", [None]),  # type: ignore[arg-type]  # mixed value types
]

ERROR_CASES = [
    (string("abc"), "abd", 1, 1, {"'abc'"}, "'a'"),
    (ints, "[1,2,]", 1, 6, {"/[0-9]+/"}, "']'"),
    (ints, "[1 2]", 1, 3, {"','", "']'"}, "' '"),
    (ints, "[1]x", 1, 4, {"end of input"}, "'x'"),
    (seq(string("a\n"), string("b")), "a\nc", 2, 1, {"'b'"}, "'c'"),
    (many(digit, min=2), "1", 1, 2, {"/[0-9]/"}, "end of input"),
    (sep_by(digit, string(","), min=3), "1,2", 1, 4, {"','"}, "end of input"),
    (regex("[0-9]+", name="number"), "x", 1, 1, {"number"}, "'x'"),
    (seq(string("a"), digit.desc("a digit")), "ax", 1, 2, {"a digit"}, "'x'"),
]


class TestStrictParse:
    """Tests for `Parser.parse`."""

    @pytest.mark.parametrize(("parser", "text", "expected"), STRICT_CASES)
    def test_values(self, parser: Parser[Any], text: str, expected: Any) -> None:
        """Each combinator returns the value its docstring describes."""
        assert expected == parser.parse(text)

    @pytest.mark.parametrize(("parser", "text", "line", "column", "wanted", "found"), ERROR_CASES)
    def test_errors(
        self, parser: Parser[Any], text: str, line: int, column: int, wanted: set[str], found: str
    ) -> None:
        """A failure reports the furthest position, what was expected there and what was found."""
        with pytest.raises(ParseError) as info:
            parser.parse(text)
        assert (line, column, frozenset(wanted), found) == (
            info.value.line,
            info.value.column,
            info.value.expected,
            info.value.found,
        )

    def test_error_message(self) -> None:
        """The message names the line, the column, the expected set and what was found."""
        with pytest.raises(
            ParseError, match=r"^line 1, column 3: expected one of ',', '\]', found ' '$"
        ):
            ints.parse("[1 2]")

    def test_bytes_are_utf8(self) -> None:
        """Bytes are decoded as strict UTF-8 before parsing."""
        assert "é" == regex(".").parse("é".encode())

    def test_invalid_utf8_is_a_parse_error(self) -> None:
        """Invalid UTF-8 raises ParseError at the offending byte, not UnicodeDecodeError."""
        with pytest.raises(ParseError, match=r"column 3: invalid UTF-8 \(byte 0xc3\)") as info:
            regex(".*").parse(b"ab\xc3(")
        assert 2 == info.value.offset

    def test_deep_nesting(self) -> None:
        """100,000 levels of nesting parse without recursion."""
        depth = 100_000
        value = nested.parse("(" * depth + "x" + ")" * depth)
        levels = 0
        while isinstance(value, list):
            value, levels = value[1], levels + 1
        assert (depth, "x") == (levels, value)

    def test_deep_nesting_error(self) -> None:
        """An unclosed 100,000-deep input raises ParseError at the end, not RecursionError."""
        with pytest.raises(ParseError) as info:
            nested.parse("(" * 100_000)
        assert 100_000 == info.value.offset

    def test_left_recursion_rejected(self) -> None:
        """A left-recursive grammar is rejected when compiled, with a clear message."""
        expr: Parser[Any] = lazy(lambda: alt(seq(expr, string("+"), string("a")), string("a")))
        with pytest.raises(ValueError, match="left-recursive"):
            expr.parse("a")

    def test_nullable_many_terminates(self) -> None:
        """Repeating a parser that matches nothing stops instead of looping."""
        assert [""] == many(regex("a*")).parse("")

    def test_lazy_must_return_a_parser(self) -> None:
        """A lazy thunk that returns something else raises TypeError naming lazy."""
        with pytest.raises(TypeError, match="lazy: the function returned int"):
            lazy(lambda: 3).parse("")  # type: ignore[arg-type, return-value]

    @given(st.text(alphabet="[]0123456789, ", max_size=30))
    def test_agrees_with_a_regular_expression(self, text: str) -> None:
        """The list grammar accepts exactly what an equivalent regular expression accepts."""
        import re

        accepted = re.fullmatch(r"\[(?:[0-9]+(?:,[0-9]+)*)?\]", text) is not None
        try:
            ints.parse(text)
            parsed = True
        except ParseError:
            parsed = False
        assert accepted == parsed


def _parsy_cases() -> list[tuple[str, Parser[Any], Any, list[str]]]:
    import parsy as ps  # type: ignore[import-untyped]  # parsy ships no type hints

    p_nested = ps.forward_declaration()
    p_nested.become(ps.alt(ps.seq(ps.string("("), p_nested, ps.string(")")), ps.string("x")))
    d, pd, comma, pcomma = regex("[0-9]"), ps.regex("[0-9]"), string(","), ps.string(",")
    return [
        ("seq", seq(string("a"), d), ps.seq(ps.string("a"), pd), ["a1", "a", "a1b"]),
        ("alt", alt(string("a"), string("ab")), ps.alt(ps.string("a"), ps.string("ab")), ["ab"]),
        (
            "alt backtracks",
            alt(seq(string("a"), string("b")), seq(string("a"), string("c"))),
            ps.alt(ps.seq(ps.string("a"), ps.string("b")), ps.seq(ps.string("a"), ps.string("c"))),
            ["ab", "ac", "ad"],
        ),
        ("many", many(seq(string("a"), d)), ps.seq(ps.string("a"), pd).many(), ["", "a1a2", "a1a"]),
        ("times", many(d, min=2, max=3), pd.times(2, 3), ["1", "12", "123", "1234"]),
        ("optional", seq(optional(d), d), ps.seq(pd.optional(), pd), ["1", "12"]),
        ("sep_by", sep_by(d, comma), pd.sep_by(pcomma), ["", "1", "1,2", ",", "1,,2"]),
        (
            "sep_by trailing",
            seq(sep_by(d, comma), comma),
            ps.seq(pd.sep_by(pcomma), pcomma),
            ["1,"],
        ),
        ("map", regex("[0-9]+").map(int), ps.regex("[0-9]+").map(int), ["12"]),
        ("keep left", d << comma, pd << pcomma, ["1,"]),
        ("keep right", d >> comma, pd >> pcomma, ["1,"]),
        ("lazy", nested, p_nested, ["x", "((x))", "((x)"]),
    ]


class TestParsyAgreement:
    """The combinators give the values and accept the inputs that parsy's do."""

    def test_same_outcomes(self) -> None:
        """Every case: the same value as parsy, or a ParseError where parsy fails."""
        import parsy as ps

        def outcome(run: Any, error: type[Exception], text: str) -> tuple[str, Any]:
            try:
                return ("value", run(text))
            except error:
                return ("error", None)

        for name, ours, theirs, texts in _parsy_cases():
            for text in texts:
                assert outcome(theirs.parse, ps.ParseError, text) == outcome(
                    ours.parse, ParseError, text
                ), (name, text)


class TestArguments:
    """Bad arguments raise errors that name the argument."""

    @pytest.mark.parametrize(
        ("make", "error", "message"),
        [
            (lambda: string(3), TypeError, "s: expected str"),  # type: ignore[arg-type]  # on purpose
            (lambda: regex("a(b"), ValueError, "pattern: 'a\\(b' is not a valid"),
            (lambda: regex("^a"), ValueError, "the anchor"),
            (lambda: regex(r"(a)\1"), ValueError, "the escape"),
            (lambda: seq(), ValueError, "parsers: seq"),
            (lambda: alt(string("a"), "b"), TypeError, r"parsers\[1\]: expected a Parser"),  # type: ignore[arg-type]  # on purpose
            (lambda: many(digit, min=-1), ValueError, "min: expected"),
            (lambda: many(digit, min=2, max=1), ValueError, "max: expected"),
            (lambda: sep_by(digit, string(","), min=-2), ValueError, "min: expected"),
            (lambda: digit.map(3), TypeError, "fn: expected a callable"),  # type: ignore[arg-type]  # on purpose
            (lambda: digit.desc(""), ValueError, "name: expected"),
            (lambda: digit.parse(3), TypeError, "text: expected str or bytes"),  # type: ignore[arg-type]  # on purpose
        ],
    )
    def test_bad_argument(self, make: Any, error: type[Exception], message: str) -> None:
        """The error names the argument and what was wrong with it."""
        with pytest.raises(error, match=message):
            make()


class TestCharSet:
    """Tests for `CharSet` (an immutable set; `_check` after every construction)."""

    @given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40)), max_size=8))
    def test_matches_a_python_set(self, spans: list[tuple[int, int]]) -> None:
        """Membership, size and complement agree with a plain set of characters."""
        ranges = [(lo, lo + width) for lo, width in spans]
        cs = CharSet(ranges)
        cs._check()
        plain = {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}
        assert len(plain) == len(cs)
        assert sorted(plain) == cs.members()
        inverse = ~cs
        inverse._check()
        assert all((chr(c) in inverse) == (chr(c) not in plain) for c in range(400))

    def test_invalid_range(self) -> None:
        """A reversed or out-of-range pair is rejected, naming the argument."""
        with pytest.raises(ValueError, match="ranges: "):
            CharSet([(5, 2)])


class TestRegexSubset:
    """Tests for the regular-expression subset used by the repair automaton."""

    @pytest.mark.parametrize(
        ("pattern", "first", "nullable"),
        [
            ("a*", "a", True),
            ("[^a-y]", "z", False),
            (r"\d{2,3}", "7", False),
            ("(?:ab|c)?", "c", True),
        ],
    )
    def test_parse(self, pattern: str, first: str, nullable: bool) -> None:
        """Supported patterns parse; their first set and nullability are computed."""
        from portfolio.swell._regex import first_and_nullable

        chars, empty = first_and_nullable(parse_regex(pattern))
        assert (True, nullable) == (first in chars, empty)


class TestGrammarRepresentation:
    """`portfolio.swell.grammar`: kinds, payloads and ops agree, and repair reads only them."""

    def test_ops_follow_the_kinds(self) -> None:
        """Every node has a Kind; its op starts with that kind as an int; lazy is resolved."""
        from portfolio.swell.grammar import Kind
        from portfolio.swell.grammars.json import document

        program = document.compile()
        assert all(isinstance(k, Kind) for k in program.kinds)
        assert [int(k) for k in program.kinds] == [op[0] for op in program.ops]
        assert Kind.LAZY not in program.kinds
        for kind, payload, op in zip(program.kinds, program.payloads, program.ops, strict=True):
            if kind == Kind.LIT:
                assert (payload, len(payload)) == op[1:3]
            elif kind == Kind.MANY:
                assert (payload[0], -1 if payload[1] is None else payload[1]) == op[2:4]

    def test_repair_uses_no_private_parser_state(self) -> None:
        """The repair module reads the compiled program, never a Parser's private fields."""
        import inspect

        import portfolio.swell.grammars.json as json_grammar

        source = inspect.getsource(sys.modules["portfolio.swell.repair"])
        source += inspect.getsource(json_grammar)
        for private in ("._kind", "._data", "._children", "._compile", "._rtn", "._costs"):
            assert private not in source, private
