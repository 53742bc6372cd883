"""Parser combinators and the strict parser: an explicit-stack machine, so depth never recurses.

A grammar is a graph of :class:`Parser` objects built with :func:`string`, :func:`regex`,
:func:`seq`, :func:`alt`, :func:`many`, :func:`optional`, :func:`sep_by` and :func:`lazy`, and
transformed with :meth:`Parser.map`. :meth:`Parser.parse` runs it as a PEG (ordered choice,
greedy repetition, like parsy) on a heap-allocated stack; :meth:`Parser.repair` searches for a
minimum-cost edit (see :mod:`portfolio.swell.repair`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from portfolio.swell._regex import parse_regex
from portfolio.swell.grammar import (
    ALT,
    DESC,
    LAZY,
    LIT,
    MANY,
    MAP,
    OPT,
    REGEX,
    SEPBY,
    SEQ,
    Kind,
    Program,
)

if TYPE_CHECKING:
    from portfolio.swell.repair import CostModel, Repair

__all__ = [
    "ParseError",
    "Parser",
    "alt",
    "lazy",
    "many",
    "optional",
    "regex",
    "sep_by",
    "seq",
    "string",
]

T = TypeVar("T")
"""The type of a parser's value."""
U = TypeVar("U")
"""The type of a transformed value."""


class ParseError(ValueError):
    """The input is not in the grammar's language (or is not valid UTF-8).

    Attributes
    ----------
    offset
        Index in the text (in the bytes, for a decoding error) of the furthest failure.
    line, column
        The same position, both counted from 1.
    expected
        Descriptions of what would have been accepted there.
    found
        What was there instead (a ``repr`` of the character, or ``end of input``).

    Examples
    --------
    >>> try:
    ...     string("a").parse("b")
    ... except ParseError as err:
    ...     print(err)
    line 1, column 1: expected 'a', found 'b'
    """

    def __init__(
        self, text: str, offset: int, expected: frozenset[str], *, reason: str | None = None
    ) -> None:
        self.offset = offset
        self.line = text.count("\n", 0, offset) + 1
        self.column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        self.expected = expected
        self.found = repr(text[offset]) if offset < len(text) else "end of input"
        if reason is None:
            choices = sorted(expected)
            wanted = choices[0] if len(choices) == 1 else "one of " + ", ".join(choices)
            reason = f"expected {wanted}, found {self.found}"
        self.reason = reason
        super().__init__(f"line {self.line}, column {self.column}: {reason}")


class Parser(Generic[T]):
    """A parser for values of type ``T``; build one with the module's combinator functions.

    Operators: ``a | b`` is :func:`alt`, ``a >> b`` keeps ``b``'s value, ``a << b`` keeps ``a``'s.

    Examples
    --------
    >>> number = regex(r"[0-9]+").map(int)
    >>> pair = seq(number << string(","), number)
    >>> pair.parse("12,34")
    [12, 34]
    >>> pair.repair("12;34").text
    '12,34'
    """

    __slots__ = ("_children", "_costs", "_data", "_kind", "_name", "_program")

    def __init__(self, kind: int, children: tuple[Parser[Any], ...], data: Any = None) -> None:
        self._kind = Kind(kind)
        self._children = children
        self._data = data  # the payload: its layout per kind is in portfolio.swell.grammar
        self._name: str | None = None
        self._program: Program | None = None
        self._costs: CostModel | None = None

    # -- combinator methods ------------------------------------------------------------------
    def map(self, fn: Callable[[T], U]) -> Parser[U]:
        """Return a parser whose value is ``fn`` applied to this parser's value."""
        if not callable(fn):
            raise TypeError(f"fn: expected a callable, got {type(fn).__name__}")
        return Parser(MAP, (self,), fn)

    def result(self, value: U) -> Parser[U]:
        """Return a parser that matches like this one and always returns ``value``."""
        return self.map(lambda _: value)

    def desc(self, name: str) -> Parser[T]:
        """Return this parser, reported as ``name`` in the expected set of a ParseError."""
        if not isinstance(name, str) or not name:
            raise ValueError(f"name: expected a non-empty string, got {name!r}")
        out: Parser[T] = Parser(DESC, (self,), name)
        return out

    def with_costs(self, cost_model: CostModel) -> Parser[T]:
        """Return this parser with ``cost_model`` as the default cost model of :meth:`repair`.

        A grammar ships the costs that suit its input this way (the JSON grammar's
        ``document`` carries :class:`~portfolio.swell.grammars.json.JSONCostModel`); a
        ``cost_model`` passed to :meth:`repair` still overrides it.

        Examples
        --------
        >>> from portfolio.swell import CostModel
        >>> digits = regex("[0-9]+")
        >>> digits.repair("1x2").text
        '12'
        >>> digits.with_costs(CostModel(delete=5)).repair("1x2").text
        '102'
        """
        from portfolio.swell.repair import CostModel

        if not isinstance(cost_model, CostModel):
            raise TypeError(f"cost_model: expected a CostModel, got {type(cost_model).__name__}")
        out: Parser[T] = Parser(self._kind, self._children, self._data)
        out._name = self._name
        out._costs = cost_model
        return out

    def many(self) -> Parser[list[T]]:
        """Zero or more repetitions; see :func:`many`."""
        return many(self)

    def optional(self, default: U | None = None) -> Parser[T | U | None]:
        """Zero or one occurrence; see :func:`optional`."""
        return optional(self, default)

    def sep_by(self, sep: Parser[Any], *, min: int = 0) -> Parser[list[T]]:
        """Occurrences separated by ``sep``; see :func:`sep_by`."""
        return sep_by(self, sep, min=min)

    def __or__(self, other: Parser[U]) -> Parser[T | U]:
        return alt(self, other)

    def __rshift__(self, other: Parser[U]) -> Parser[U]:
        return Parser(SEQ, (_check_parser(self, "self"), _check_parser(other, "other")), 1)

    def __lshift__(self, other: Parser[Any]) -> Parser[T]:
        return Parser(SEQ, (_check_parser(self, "self"), _check_parser(other, "other")), 0)

    def __repr__(self) -> str:
        names = {LIT: "string", REGEX: "regex", SEQ: "seq", ALT: "alt", MANY: "many"}
        names |= {OPT: "optional", SEPBY: "sep_by", MAP: "map", DESC: "desc", LAZY: "lazy"}
        if self._kind == LIT:
            return f"string({self._data!r})"
        if self._kind == REGEX:
            return f"regex({self._data[0]!r})"
        return f"<{names[self._kind]} parser>"

    # -- running -----------------------------------------------------------------------------
    def compile(self) -> Program:
        """Return this parser's grammar, compiled (built once, then cached).

        Raises ValueError for a left-recursive grammar.

        Examples
        --------
        >>> program = seq(string("a"), regex("[0-9]")).compile()
        >>> [kind.name for kind in program.kinds]
        ['SEQ', 'LIT', 'REGEX']
        """
        if self._program is None:
            self._program = Program(self)
        return self._program

    @property
    def cost_model(self) -> CostModel | None:
        """The default cost model of :meth:`repair` (see :meth:`with_costs`), or None."""
        return self._costs

    def parse(self, text: str | bytes) -> T:
        """Parse the whole of ``text`` strictly and return its value.

        ``bytes`` are decoded as strict UTF-8 first; invalid UTF-8 raises :class:`ParseError`
        at the offending byte. Nesting depth is bounded only by memory: the machine keeps its
        stack on the heap.

        Raises
        ------
        ParseError
            With the line, column and expected set of the furthest failure.

        Examples
        --------
        >>> regex("[a-z]+").parse(b"abc")
        'abc'
        >>> regex("[a-z]+").parse(b"ab\\xff")
        Traceback (most recent call last):
        ...
        portfolio.swell.core.ParseError: line 1, column 3: invalid UTF-8 (byte 0xff)
        """
        source = decode(text)
        ok, value, fail_pos, expected = run(self.compile(), source)
        if not ok:
            raise ParseError(source, fail_pos, expected)
        return value  # type: ignore[no-any-return]

    def repair(
        self,
        text: str | bytes,
        *,
        max_cost: float = 10,
        cost_model: CostModel | None = None,
        max_steps: int | None = None,
    ) -> Repair[T]:
        """Return a minimum-cost repair of ``text``; see :func:`portfolio.swell.repair.repair`."""
        from portfolio.swell.repair import repair

        return repair(self, text, max_cost=max_cost, cost_model=cost_model, max_steps=max_steps)


def decode(text: str | bytes) -> str:
    """Return ``text``, decoding bytes as strict UTF-8 (a ParseError names the bad byte)."""
    if isinstance(text, str):
        return text
    if not isinstance(text, bytes | bytearray | memoryview):
        raise TypeError(f"text: expected str or bytes, got {type(text).__name__}")
    data = bytes(text)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        prefix = data[: err.start].decode("utf-8")
        rest = "\ufffd" + data[err.end :].decode("utf-8", errors="replace")
        raise ParseError(
            prefix + rest,
            len(prefix),
            frozenset(),
            reason=f"invalid UTF-8 (byte 0x{data[err.start]:02x})",
        ) from None


def _check_parser(p: object, name: str) -> Parser[Any]:
    if not isinstance(p, Parser):
        raise TypeError(f"{name}: expected a Parser, got {type(p).__name__}")
    return p


# -- the combinators ----------------------------------------------------------------------------
def string(s: str) -> Parser[str]:
    """Match the exact string ``s`` and return it.

    Examples
    --------
    >>> string("null").parse("null")
    'null'
    """
    if not isinstance(s, str):
        raise TypeError(f"s: expected str, got {type(s).__name__}")
    return Parser(LIT, (), s)


def regex(pattern: str, *, name: str | None = None) -> Parser[str]:
    """Match ``pattern`` (a regular expression in the subset of ``parse_regex``); return the text.

    The strict parser uses ``re.compile`` with ``re.ASCII`` (``\\d`` means ``[0-9]``) and,
    like parsy, takes the match the ``re`` module finds without backtracking into it; ``name`` is
    how the
    terminal appears in error messages (by default, the pattern between slashes).

    Examples
    --------
    >>> regex(r"-?\\d+", name="integer").parse("-42")
    '-42'
    >>> regex(r"(?=x)")
    Traceback (most recent call last):
    ...
    ValueError: pattern: '(?=x)': a group extension (?...) at index 1 is not supported by ...
    """
    if not isinstance(pattern, str):
        raise TypeError(f"pattern: expected str, got {type(pattern).__name__}")
    try:
        compiled = re.compile(pattern, re.ASCII)
    except re.error as err:
        raise ValueError(f"pattern: {pattern!r} is not a valid regular expression: {err}") from None
    tree = parse_regex(pattern)
    p: Parser[str] = Parser(REGEX, (), (pattern, compiled, tree))
    p._name = name
    return p


def seq(*parsers: Parser[Any]) -> Parser[list[Any]]:
    """Match the parsers one after another; the value is the list of their values (as in parsy).

    Examples
    --------
    >>> seq(string("a"), regex("[0-9]")).parse("a1")
    ['a', '1']
    """
    if not parsers:
        raise ValueError("parsers: seq() needs at least one parser")
    return Parser(SEQ, tuple(_check_parser(p, f"parsers[{i}]") for i, p in enumerate(parsers)), -1)


def alt(*parsers: Parser[Any]) -> Parser[Any]:
    """Ordered choice: the value of the first parser that succeeds.

    Examples
    --------
    >>> alt(string("ab"), string("a")).parse("a")
    'a'
    """
    if not parsers:
        raise ValueError("parsers: alt() needs at least one parser")
    return Parser(ALT, tuple(_check_parser(p, f"parsers[{i}]") for i, p in enumerate(parsers)))


def many(parser: Parser[T], *, min: int = 0, max: int | None = None) -> Parser[list[T]]:
    """Greedy repetition, between ``min`` and ``max`` times (``max`` None: unbounded).

    Examples
    --------
    >>> many(string("ab"), min=1).parse("abab")
    ['ab', 'ab']
    """
    _check_parser(parser, "parser")
    if not isinstance(min, int) or min < 0:
        raise ValueError(f"min: expected an int >= 0, got {min!r}")
    if max is not None and (not isinstance(max, int) or max < min):
        raise ValueError(f"max: expected None or an int >= min ({min}), got {max!r}")
    return Parser(MANY, (parser,), (min, max))


def optional(parser: Parser[T], default: U | None = None) -> Parser[T | U | None]:
    """Match ``parser`` or nothing; the value is ``default`` when it did not match.

    Examples
    --------
    >>> optional(string("-"), "+").parse("")
    '+'
    """
    return Parser(OPT, (_check_parser(parser, "parser"),), default)


def sep_by(parser: Parser[T], sep: Parser[Any], *, min: int = 0) -> Parser[list[T]]:
    """At least ``min`` occurrences of ``parser`` separated by ``sep``; the value lists them.

    Examples
    --------
    >>> sep_by(regex("[0-9]"), string(",")).parse("1,2,3")
    ['1', '2', '3']
    """
    if not isinstance(min, int) or min < 0:
        raise ValueError(f"min: expected an int >= 0, got {min!r}")
    return Parser(SEPBY, (_check_parser(parser, "parser"), _check_parser(sep, "sep")), min)


def lazy(fn: Callable[[], Parser[T]]) -> Parser[T]:
    """A parser defined later: ``fn()`` is called once, when the grammar is first compiled.

    This is how a grammar refers to itself (recursion).

    Examples
    --------
    >>> nested = lazy(lambda: alt(seq(string("("), nested, string(")")), string("x")))
    >>> nested.parse("((x))")
    ['(', ['(', 'x', ')'], ')']
    """
    if not callable(fn):
        raise TypeError(f"fn: expected a callable, got {type(fn).__name__}")
    return Parser(LAZY, (), fn)


# -- the strict machine ----------------------------------------------------------------------
def run(program: Program, text: str) -> tuple[bool, Any, int, frozenset[str]]:
    """Run the strict machine: returns ``(ok, value, furthest failure offset, expected there)``.

    The cyclic garbage collector is paused while it runs: the machine allocates one small list
    per frame and creates no cycles, and a collection pass over a 100,000-frame stack at every
    threshold would make deep inputs quadratic.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(program, text)
    finally:
        if enabled:
            gc.enable()


def _run(program: Program, text: str) -> tuple[bool, Any, int, frozenset[str]]:
    ops = program.ops
    first = program.first
    nullable = program.nullable
    starts = program.starts
    n = len(text)
    stack: list[list[Any]] = []
    push = stack.append
    fail_pos = -1
    expected: list[Collection[str]] = []

    def note(at: int, what: Collection[str]) -> None:
        """Record a failure at ``at``: only the furthest offset's expectations are kept."""
        nonlocal fail_pos, expected
        if at > fail_pos:
            fail_pos = at
            expected = [what]
        elif at == fail_pos:
            expected.append(what)

    node = program.root
    pos = 0
    value: Any = None
    ok = False
    while True:
        # Descend until a terminal (or an empty repetition) produces a result.
        while True:
            op = ops[node]
            kind = op[0]
            if kind == LIT:
                if text.startswith(op[1], pos):
                    value = op[1]
                    pos += op[2]
                    ok = True
                else:
                    ok = False
                    note(pos, op[3])
                break
            if kind == REGEX:
                m = op[1](text, pos)
                if m is not None:
                    value = m.group()
                    pos = m.end()
                    ok = True
                else:
                    ok = False
                    note(pos, op[2])
                break
            if kind == SEQ:
                push([node, 1, pos, []])
                node = op[1][0]
                continue
            if kind == ALT:
                char = text[pos] if pos < n else ""
                cands = op[2].get(char)
                if cands is None:
                    cands = program.candidates(op, char)
                if len(cands) < len(op[1]):
                    note(pos, op[3])
                if not cands:
                    ok = False
                    break
                if len(cands) == 1:  # the alternative's result is the choice's result
                    node = cands[0]
                    continue
                push([node, cands, 1, pos])
                node = cands[0]
                continue
            if kind in (MANY, SEPBY):
                child = op[1]
                if nullable[child] or (pos < n and text[pos] in first[child]):
                    push([node, [], pos, 0])
                    node = child
                    continue
                note(pos, starts[child])
                need = op[2] if kind == MANY else op[3]
                ok = need == 0
                value = []
                break
            if kind == OPT:
                push([node, pos])
                node = op[1]
                continue
            if kind == MAP:
                push([node])
                node = op[1]
                continue
            # DESC
            push([node, pos, fail_pos, expected])
            expected = list(expected)
            node = op[1]
        # Ascend: hand the result to the frames until one asks for another parse.
        descend = False
        while stack:
            frame = stack[-1]
            op = ops[frame[0]]
            kind = op[0]
            if kind == SEQ:
                if ok:
                    values = frame[3]
                    values.append(value)
                    i = frame[1]
                    if i < op[2]:
                        frame[1] = i + 1
                        node = op[1][i]
                        descend = True
                        break
                    stack.pop()
                    value = values if op[3] < 0 else values[op[3]]
                else:
                    stack.pop()
            elif kind == MAP:
                stack.pop()
                if ok:
                    value = op[2](value)
            elif kind == ALT:
                if ok:
                    stack.pop()
                else:
                    cands = frame[1]
                    i = frame[2]
                    if i < len(cands):
                        frame[2] = i + 1
                        pos = frame[3]
                        node = cands[i]
                        descend = True
                        break
                    stack.pop()
            elif kind == MANY:
                values = frame[1]
                high = op[3]
                if ok and pos != frame[2]:
                    values.append(value)
                    frame[2] = pos
                    if (high < 0 or len(values) < high) and (
                        nullable[op[1]] or (pos < n and text[pos] in first[op[1]])
                    ):
                        node = op[1]
                        descend = True
                        break
                    if high < 0 or len(values) < high:
                        note(pos, starts[op[1]])
                elif ok:  # matched nothing: count it once and stop (no infinite loop)
                    values.append(value)
                stack.pop()
                pos = frame[2]
                ok = len(values) >= op[2]
                value = values
            elif kind == SEPBY:
                values = frame[1]
                phase = frame[3]  # 0: an item, 1: a separator
                if ok and phase == 0:
                    values.append(value)
                    frame[2] = pos
                    sep = op[2]
                    if nullable[sep] or (pos < n and text[pos] in first[sep]):
                        frame[3] = 1
                        node = sep
                        descend = True
                        break
                    note(pos, starts[sep])
                elif ok:  # a separator: now an item must follow
                    frame[3] = 0
                    node = op[1]
                    descend = True
                    break
                stack.pop()
                pos = frame[2]
                ok = len(values) >= op[3]
                value = values
            elif kind == OPT:
                stack.pop()
                if not ok:
                    pos = frame[1]
                    value = op[2]
                    ok = True
            else:  # DESC: failures at its start are reported by its name
                stack.pop()
                start, saved_pos, saved = frame[1], frame[2], frame[3]
                if fail_pos == start:
                    expected = [*(saved if saved_pos == start else ()), (op[2],)]
                elif fail_pos < start:
                    expected = saved
        if not descend:
            break
    if ok and pos != n:
        ok = False
        note(pos, ("end of input",))
    return ok, value, fail_pos, frozenset(e for group in expected for e in group)
