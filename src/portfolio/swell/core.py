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
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from portfolio.swell._charset import CharSet
from portfolio.swell._regex import first_and_nullable, parse_regex

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

# Node kinds, shared with the repair compiler.
LIT, REGEX, SEQ, ALT, MANY, OPT, SEPBY, MAP, DESC, LAZY = range(10)


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

    __slots__ = ("_children", "_costs", "_data", "_kind", "_name", "_program", "_rtn")

    def __init__(self, kind: int, children: tuple[Parser[Any], ...], data: Any = None) -> None:
        self._kind = kind
        self._children = children
        self._data = data
        self._name: str | None = None
        self._program: Program | None = None
        self._rtn: Any = None
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
    def _compile(self) -> Program:
        """Return this parser compiled for the strict machine (built once, then cached)."""
        if self._program is None:
            self._program = Program(self)
        return self._program

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
        return self._compile().parse(decode(text))  # type: ignore[no-any-return]

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
    ValueError: pattern: '(?=x)': a group extension (?...) at index 1 is not supported by SWELL ...
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


# -- compilation --------------------------------------------------------------------------------
def resolve(p: Parser[Any]) -> Parser[Any]:
    """Follow ``lazy`` parsers to the parser they stand for (calling each thunk once)."""
    seen: list[Parser[Any]] = []
    while p._kind == LAZY:
        if p._children:
            p = p._children[0]
            continue
        if any(q is p for q in seen):
            raise ValueError("lazy: a lazy parser resolves to itself")
        seen.append(p)
        target = p._data()
        if not isinstance(target, Parser):
            raise TypeError(f"lazy: the function returned {type(target).__name__}, not a Parser")
        p._children = (target,)
        p = target
    return p


def describe(p: Parser[Any]) -> str:
    """How a terminal appears in an expected set."""
    if p._name is not None:
        return p._name
    if p._kind == LIT:
        return repr(p._data) if p._data else "''"
    return "/" + str(p._data[0]) + "/"


class Program:
    """A grammar compiled for the strict machine: nodes numbered, FIRST sets and checks done.

    Built by ``Parser._compile``; it rejects left recursion (a parser that can reach itself
    without consuming input), which a top-down parser cannot run.
    """

    def __init__(self, root: Parser[Any]) -> None:
        nodes: list[Parser[Any]] = []
        index: dict[int, int] = {}
        root = resolve(root)
        todo = [root]
        while todo:
            p = todo.pop()
            if id(p) in index:
                continue
            index[id(p)] = len(nodes)
            nodes.append(p)
            todo.extend(resolve(c) for c in reversed(p._children))
        self.nodes = nodes
        self.index = index
        self.children: list[tuple[int, ...]] = [
            tuple(index[id(resolve(c))] for c in p._children) for p in nodes
        ]
        self.root = index[id(root)]
        # Nodes reached through lazy(): the only places a grammar can recur, so the repair
        # automaton calls them (a pushdown transition) and inlines everything else.
        self.called = {index[id(resolve(c))] for p in nodes for c in p._children if c._kind == LAZY}
        self._analyse()
        self.ops: list[tuple[Any, ...]] = [self._op(i) for i in range(len(nodes))]

    def _analyse(self) -> None:
        """FIRST sets, nullability and start descriptions by fixpoint; reject left recursion."""
        n = len(self.nodes)
        first = [CharSet() for _ in range(n)]
        nullable = [False] * n
        starts: list[frozenset[str]] = [frozenset() for _ in range(n)]
        changed = True
        while changed:
            changed = False
            for i, p in enumerate(self.nodes):
                f, nl, st = self._step(i, p, first, nullable, starts)
                if f != first[i] or nl != nullable[i] or st != starts[i]:
                    first[i], nullable[i], starts[i] = f, nl, st
                    changed = True
        self.first, self.nullable, self.starts = first, nullable, starts
        # Left recursion: a cycle among "may be entered at the same position" edges.
        left: list[list[int]] = [[] for _ in range(n)]
        for i, p in enumerate(self.nodes):
            kids = self.children[i]
            if p._kind == SEQ:
                for c in kids:
                    left[i].append(c)
                    if not nullable[c]:
                        break
            elif p._kind == SEPBY:
                left[i].append(kids[0])
                if nullable[kids[0]]:
                    left[i].append(kids[1])
            else:
                left[i].extend(kids)
        state = [0] * n  # 0 new, 1 on the path, 2 done
        for start in range(n):
            if state[start]:
                continue
            path = [(start, iter(left[start]))]
            state[start] = 1
            while path:
                node, it = path[-1]
                nxt = next(it, None)
                if nxt is None:
                    state[node] = 2
                    path.pop()
                elif state[nxt] == 1:
                    raise ValueError(
                        f"parser: the grammar is left-recursive ({self.nodes[nxt]!r} can reach "
                        "itself without consuming input); rewrite it with many() or sep_by()"
                    )
                elif state[nxt] == 0:
                    state[nxt] = 1
                    path.append((nxt, iter(left[nxt])))

    def _step(
        self,
        i: int,
        p: Parser[Any],
        first: list[CharSet],
        nullable: list[bool],
        starts: list[frozenset[str]],
    ) -> tuple[CharSet, bool, frozenset[str]]:
        kids = self.children[i]
        kind = p._kind
        if kind == LIT:
            s = p._data
            return (CharSet.of(s[:1]), not s, frozenset([describe(p)]))
        if kind == REGEX:
            f, nl = first_and_nullable(p._data[2])
            return f, nl, frozenset([describe(p)])
        if kind == DESC:
            c = kids[0]
            return first[c], nullable[c], frozenset([p._data])
        if kind in (SEQ, SEPBY):
            f, st, nl = CharSet(), frozenset[str](), True
            order = kids if kind == SEQ else kids[:1] + kids[1:]
            for c in order:
                f, st = f | first[c], st | starts[c]
                if not nullable[c]:
                    nl = False
                    break
            if kind == SEPBY:
                nl = nl or p._data == 0
            return f, nl, st
        if kind == ALT:
            f, st, nl = CharSet(), frozenset[str](), False
            for c in kids:
                f, st, nl = f | first[c], st | starts[c], nl or nullable[c]
            return f, nl, st
        c = kids[0]
        nl = nullable[c]
        if kind == OPT or (kind == MANY and p._data[0] == 0):
            nl = True
        return first[c], nl, starts[c]

    def _op(self, i: int) -> tuple[Any, ...]:
        p, kids = self.nodes[i], self.children[i]
        kind = p._kind
        if kind == LIT:
            return (LIT, p._data, len(p._data), (describe(p),))
        if kind == REGEX:
            return (REGEX, p._data[1].match, (describe(p),))
        if kind == SEQ:
            return (SEQ, kids, len(kids), p._data)
        if kind == ALT:
            return (ALT, kids, {}, self.starts[i])
        if kind == MANY:
            low, high = p._data
            return (MANY, kids[0], low, high if high is not None else -1)
        if kind == OPT:
            return (OPT, kids[0], p._data)
        if kind == SEPBY:
            return (SEPBY, kids[0], kids[1], p._data)
        if kind == MAP:
            return (MAP, kids[0], p._data)
        return (DESC, kids[0], p._data)

    def _candidates(self, op: tuple[Any, ...], char: str) -> tuple[int, ...]:
        """The alternatives of an ALT op that can start with ``char`` ('' = end of input)."""
        cache: dict[str, tuple[int, ...]] = op[2]
        out = tuple(c for c in op[1] if self.nullable[c] or (char != "" and char in self.first[c]))
        cache[char] = out
        return out

    def parse(self, text: str) -> Any:
        """Run the strict machine over ``text``; see :meth:`Parser.parse`."""
        ok, value, fail_pos, expected = self.run(text)
        if ok:
            return value
        raise ParseError(text, fail_pos, expected)

    def run(self, text: str) -> tuple[bool, Any, int, frozenset[str]]:
        """The machine: returns ``(ok, value, furthest failure offset, expected there)``.

        The cyclic garbage collector is paused while it runs: the machine allocates one small
        list per frame and creates no cycles, and a collection pass over a 100,000-frame stack
        at every threshold would make deep inputs quadratic.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._run(text)
        finally:
            if enabled:
                gc.enable()

    def _run(self, text: str) -> tuple[bool, Any, int, frozenset[str]]:
        ops = self.ops
        first = self.first
        nullable = self.nullable
        starts = self.starts
        n = len(text)
        stack: list[list[Any]] = []
        push = stack.append
        fail_pos = -1
        expected: list[Collection[str]] = []
        node = self.root
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
                        if pos >= fail_pos:
                            if pos > fail_pos:
                                fail_pos = pos
                                expected = []
                            expected.append(op[3])
                    break
                if kind == REGEX:
                    m = op[1](text, pos)
                    if m is not None:
                        value = m.group()
                        pos = m.end()
                        ok = True
                    else:
                        ok = False
                        if pos >= fail_pos:
                            if pos > fail_pos:
                                fail_pos = pos
                                expected = []
                            expected.append(op[2])
                    break
                if kind == SEQ:
                    push([node, 1, pos, []])
                    node = op[1][0]
                    continue
                if kind == ALT:
                    char = text[pos] if pos < n else ""
                    cands = op[2].get(char)
                    if cands is None:
                        cands = self._candidates(op, char)
                    if len(cands) < len(op[1]) and pos >= fail_pos:
                        if pos > fail_pos:
                            fail_pos = pos
                            expected = []
                        expected.append(op[3])
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
                    if pos >= fail_pos:
                        if pos > fail_pos:
                            fail_pos = pos
                            expected = []
                        expected.append(starts[child])
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
                        if pos >= fail_pos and (high < 0 or len(values) < high):
                            if pos > fail_pos:
                                fail_pos = pos
                                expected = []
                            expected.append(starts[op[1]])
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
                        if pos >= fail_pos:
                            if pos > fail_pos:
                                fail_pos = pos
                                expected = []
                            expected.append(starts[sep])
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
            if pos >= fail_pos:
                if pos > fail_pos:
                    fail_pos = pos
                    expected = []
                expected.append(("end of input",))
        return ok, value, fail_pos, frozenset(e for group in expected for e in group)


def check_parsers(parsers: Sequence[object], name: str) -> list[Parser[Any]]:
    """Validate a sequence of parsers, naming the offending argument."""
    return [_check_parser(p, f"{name}[{i}]") for i, p in enumerate(parsers)]
