r"""Minimum-cost repair: a best-first search over the configurations of a pushdown automaton.

The grammar is read as a context-free grammar over characters (``alt`` is union, ``many`` is
Kleene repetition, every terminal is a small automaton) and compiled to a recursive transition
network: one automaton per ``lazy`` target, whose ``call`` edges push a return state. A search
configuration is ``(offset in the input, automaton state, stack)``. Reading the next input
character costs 0; inserting, deleting or substituting one costs what the :class:`CostModel`
says (always positive). Dijkstra's algorithm then pops configurations in order of cost, so the
first accepting configuration at the end of the input is a cheapest repair.

The prior work (full references in :func:`repair`): Aho and Peterson's minimum-distance
error-correcting parser (1972), Swierstra and Duponcheel's error-correcting combinator parsers
(1996), and CPCT+ (Diekmann and Tratt, 2020).
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass
from heapq import heappop, heappush
from typing import Any, Generic, Literal, TypeVar

from portfolio.swell._charset import CharSet
from portfolio.swell._regex import Alt, Chars, Concat, RegexNode, Repeat
from portfolio.swell.core import (
    ALT,
    DESC,
    LIT,
    MANY,
    MAP,
    OPT,
    REGEX,
    SEPBY,
    SEQ,
    ParseError,
    Parser,
    Program,
    decode,
)

__all__ = ["CostModel", "Edit", "Repair", "RepairError", "repair"]

T = TypeVar("T")
"""The type of a repaired value."""

EditKind = Literal["insert", "delete", "substitute"]


@dataclass(frozen=True)
class CostModel:
    """The price of each edit; subclass it and override the methods for context-dependent costs.

    The defaults are unit costs (Levenshtein distance). Every cost must be a finite number
    greater than 0, which is what keeps the search finite; the search checks what the methods
    return and raises ValueError otherwise.

    Parameters
    ----------
    insert, delete, substitute
        The cost of inserting, deleting and substituting one character.

    Examples
    --------
    >>> CostModel().insert_cost(",")
    1
    >>> class NoDeletes(CostModel):
    ...     def delete_cost(self, char: str) -> float:
    ...         return 100
    >>> CostModel(insert=0)
    Traceback (most recent call last):
    ...
    ValueError: insert: costs must be finite and > 0, got 0
    """

    insert: float = 1
    delete: float = 1
    substitute: float = 1

    def __post_init__(self) -> None:
        for name in ("insert", "delete", "substitute"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not (0 < value < math.inf):
                raise ValueError(f"{name}: costs must be finite and > 0, got {value!r}")

    def insert_cost(self, char: str) -> float:
        """The cost of inserting ``char``."""
        return self.insert

    def delete_cost(self, char: str) -> float:
        """The cost of deleting ``char``."""
        return self.delete

    def substitute_cost(self, old: str, new: str) -> float:
        """The cost of replacing ``old`` with ``new`` (never called with ``old == new``)."""
        return self.substitute

    def lower_bound(self) -> float:
        """A positive number no edit costs less than; the search relies on it.

        A subclass that overrides the methods above must keep this at or below every cost
        they return (the search checks, and raises ValueError if one is lower).
        """
        return min(self.insert, self.delete, self.substitute)


@dataclass(frozen=True)
class Edit:
    """One edit of a repair, at ``offset`` in the original text (``line``/``column`` from 1).

    Examples
    --------
    >>> str(Edit("insert", 3, 1, 4, "", ","))
    "1:4: inserted ','"
    """

    kind: EditKind
    offset: int
    line: int
    column: int
    old: str
    new: str

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}"
        if self.kind == "insert":
            return f"{where}: inserted {self.new!r}"
        if self.kind == "delete":
            return f"{where}: deleted {self.old!r}"
        return f"{where}: replaced {self.old!r} with {self.new!r}"


@dataclass(frozen=True)
class Repair(Generic[T]):
    """A repaired text, its value, the edit script that produced it and its total cost."""

    text: str
    value: T
    edits: tuple[Edit, ...]
    cost: float


class RepairError(ParseError):
    """No repair within ``max_cost`` exists, or the search hit its ``max_steps`` work bound.

    It is a :class:`~portfolio.swell.core.ParseError` (at the strict parser's failure), so code
    that handles parse errors handles this one too.
    """


_MATCH, _INS, _DEL, _SUB = range(4)
_MEMO_LIMIT = 1 << 20


class Network:
    """The grammar as a recursive transition network over characters.

    For each state, ``summary[state]`` lists, over its epsilon closure: the character edges
    ``(charset id, CharSet, target)``, the calls ``(callee start, return state)``, and whether
    the closure holds its automaton's final state.

    The transitions on input characters are memoised here, shared by every search on the
    grammar: :meth:`reads` and :meth:`member` compute each answer once.
    """

    def __init__(self, program: Program) -> None:
        self.program = program
        self.char_edges: list[list[tuple[CharSet, int]]] = []
        self.eps: list[list[int]] = []
        self.calls: dict[int, tuple[int, int]] = {}
        self.finals: set[int] = set()
        self._nt: dict[int, tuple[int, int]] = {}
        self._todo: list[int] = []
        start, _final = self._nonterminal(program.root)
        while self._todo:
            node = self._todo.pop()
            body_start, body_final = self._nt[node]
            self.eps[self._build(node, body_start, top=True)].append(body_final)
        self.start = start
        self.charset_ids: dict[CharSet, int] = {}
        self.summary = [self._summarise(s) for s in range(len(self.eps))]
        self.charsets = list(self.charset_ids)  # in id order
        self.candidates: list[tuple[str, ...]] = [cs.candidates() for cs in self.charsets]
        self._reads: dict[tuple[int, str], tuple[int, ...]] = {}
        self._member: dict[tuple[int, str], bool] = {}

    def reads(self, state: int, char: str) -> tuple[int, ...]:
        """The targets of the character edges out of ``state``'s closure that ``char`` matches.

        Complexity: O(1) once memoised; the first call for a pair costs
        O(e log r) for e edges of at most r ranges each. The memo holds at most
        ``_MEMO_LIMIT`` pairs and is cleared when full, so adversarial input cannot grow it
        without bound.
        """
        key = (state, char)
        hit = self._reads.get(key)
        if hit is None:
            if len(self._reads) >= _MEMO_LIMIT:
                self._reads.clear()
            hit = self._reads[key] = tuple(t for _, cs, t in self.summary[state][0] if char in cs)
        return hit

    def member(self, csid: int, char: str) -> bool:
        """Whether ``char`` is in the character class ``csid``. Complexity: O(1) once memoised."""
        key = (csid, char)
        hit = self._member.get(key)
        if hit is None:
            if len(self._member) >= _MEMO_LIMIT:
                self._member.clear()
            hit = self._member[key] = char in self.charsets[csid]
        return hit

    def _new(self) -> int:
        self.char_edges.append([])
        self.eps.append([])
        return len(self.eps) - 1

    def _nonterminal(self, node: int) -> tuple[int, int]:
        if node not in self._nt:
            self._nt[node] = (self._new(), self._new())
            self.finals.add(self._nt[node][1])
            self._todo.append(node)
        return self._nt[node]

    def _build(self, node: int, s: int, *, top: bool = False) -> int:
        """Add the fragment for ``node`` starting at ``s``; return its end state.

        Edges are only ever added *out of* ``s`` (never into it), so a caller may go on
        adding edges out of the returned state without changing the fragment's language.
        """
        program = self.program
        if not top and node in program.called:
            callee = self._nonterminal(node)[0]
            c, r = self._new(), self._new()
            self.eps[s].append(c)
            self.calls[c] = (callee, r)
            return r
        p = program.nodes[node]
        kids = program.children[node]
        kind = p._kind
        if kind == LIT:
            for char in p._data:
                t = self._new()
                self.char_edges[s].append((CharSet.of(char), t))
                s = t
            return s
        if kind == REGEX:
            return self._regex(p._data[2], s)
        if kind == SEQ:
            for c in kids:
                s = self._build(c, s)
            return s
        if kind == ALT:
            j = self._new()
            for c in kids:
                self.eps[self._build(c, s)].append(j)
            return j
        if kind in (MAP, DESC):
            return self._build(kids[0], s)
        if kind == OPT:
            return self._optional(lambda b: self._build(kids[0], b), s)
        if kind == MANY:
            low, high = p._data
            for _ in range(low):
                s = self._build(kids[0], s)
            if high is None:
                return self._star(lambda b: self._build(kids[0], b), s)
            for _ in range(high - low):
                s = self._optional(lambda b: self._build(kids[0], b), s)
            return s
        assert kind == SEPBY
        item, sep = kids

        def sep_item(b: int) -> int:
            return self._build(item, self._build(sep, b))

        def items(b: int) -> int:
            b = self._build(item, b)
            for _ in range(max(p._data, 1) - 1):
                b = sep_item(b)
            return self._star(sep_item, b)

        return items(s) if p._data > 0 else self._optional(items, s)

    def _optional(self, body: Any, s: int) -> int:
        j = self._new()
        self.eps[s].append(j)
        self.eps[body(s)].append(j)
        return j

    def _star(self, body: Any, s: int) -> int:
        loop, b = self._new(), self._new()
        self.eps[s].append(loop)
        self.eps[loop].append(b)
        self.eps[body(b)].append(loop)
        return loop

    def _regex(self, tree: RegexNode, s: int) -> int:
        if isinstance(tree, Chars):
            t = self._new()
            self.char_edges[s].append((tree.chars, t))
            return t
        if isinstance(tree, Concat):
            for item in tree.items:
                s = self._regex(item, s)
            return s
        if isinstance(tree, Alt):
            j = self._new()
            for option in tree.options:
                self.eps[self._regex(option, s)].append(j)
            return j
        assert isinstance(tree, Repeat)
        item = tree.item
        for _ in range(tree.low):
            s = self._regex(item, s)
        if tree.high is None:
            return self._star(lambda b: self._regex(item, b), s)
        for _ in range(tree.high - tree.low):
            s = self._optional(lambda b: self._regex(item, b), s)
        return s

    def _summarise(
        self, state: int
    ) -> tuple[tuple[tuple[int, CharSet, int], ...], tuple[tuple[int, int], ...], bool]:
        seen = {state}
        order = [state]
        for q in order:
            for t in self.eps[q]:
                if t not in seen:
                    seen.add(t)
                    order.append(t)
        chars: list[tuple[int, CharSet, int]] = []
        calls: list[tuple[int, int]] = []
        final = False
        for q in order:
            for cs, t in self.char_edges[q]:
                csid = self.charset_ids.setdefault(cs, len(self.charset_ids))
                chars.append((csid, cs, t))
            if q in self.calls:
                calls.append(self.calls[q])
            final = final or q in self.finals
        # Tie-breaking: at equal cost and offset, narrower classes (punctuation) come first.
        chars.sort(key=lambda edge: len(edge[1]))
        return tuple(chars), tuple(calls), final


def network(parser: Parser[Any]) -> Network:
    """Return the transition network of ``parser`` (built once, then cached on the parser)."""
    if parser._rtn is None:
        parser._rtn = Network(parser._compile())
    net: Network = parser._rtn
    return net


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def repair(
    parser: Parser[T],
    text: str | bytes,
    *,
    max_cost: float = 10,
    cost_model: CostModel | None = None,
    max_steps: int | None = None,
) -> Repair[T]:
    r"""Return a repair of ``text`` of minimum total cost under ``cost_model``.

    Text that already parses comes back unchanged, at cost 0. Otherwise a best-first (Dijkstra)
    search runs over ``(offset, automaton state, stack)`` configurations (see the module
    notes); the first accepting configuration it pops is a cheapest repair. Each candidate is
    then checked with the strict parser, which also computes ``value``.

    Ties between repairs of equal cost are broken deterministically: among configurations of
    equal cost the search expands the one furthest into the input first, then the one found
    first. In effect, edits are placed as late as possible: where the strict parser stopped.

    Parameters
    ----------
    parser
        The grammar.
    text
        The input; ``bytes`` are decoded as strict UTF-8 (a ParseError otherwise).
    max_cost
        The most a repair may cost; cheaper repairs are always preferred.
    cost_model
        The edit costs; unit costs when None.
    max_steps
        A bound on the configurations the search expands, so it never runs away on a long,
        badly broken input; default ``200_000 + 2 * len(text)``. Reading valid text costs
        about 1.3 expansions per character, so the default leaves room for the edits of a
        long document while a hopeless one (100,000 unclosed brackets) fails in seconds and
        a few hundred megabytes, not minutes and gigabytes.

    Returns
    -------
    Repair
        ``.text``, ``.value`` (the strict parse of ``.text``), ``.edits`` and ``.cost``.

    Raises
    ------
    RepairError
        If no repair costs at most ``max_cost``, or the search expanded ``max_steps``
        configurations without finding one.
    ValueError
        If an argument is out of range, or a cost model method returns a cost that is not
        finite and > 0.

    Notes
    -----
    Minimality: every edit script of cost :math:`c` that turns the input into a string of the
    grammar's context-free language is a path of cost :math:`c` from the start configuration
    to an accepting one, and Dijkstra's algorithm pops configurations in nondecreasing cost,
    so no cheaper repair exists than the one returned. An inserted or substituted character is
    chosen among the candidates of its character class: all members for small classes, so
    the minimum is exact over all edit
    scripts; for large classes only the cheapest candidate is tried, which changes nothing
    under unit costs. The strict parser is a PEG: on grammars where it accepts exactly the
    context-free language (the bundled ones), the result is the minimum over strict parses.

    With :math:`n` input characters and edit budget :math:`k`, the configurations within cost
    :math:`k` of the start number :math:`O(n \cdot |Q| \cdot S_k)` for :math:`|Q|` states and
    :math:`S_k` stacks reachable with :math:`k` edits; ``max_steps`` bounds the work.

    References
    ----------
    .. [1] A. V. Aho and T. G. Peterson, "A minimum distance error-correcting parser for
       context-free languages", SIAM J. Computing 1(4), 305-312, 1972. DOI 10.1137/0201022.
    .. [2] S. D. Swierstra and L. Duponcheel, "Deterministic, error-correcting combinator
       parsers", Advanced Functional Programming, LNCS 1129, 184-207, 1996.
    .. [3] L. Diekmann and L. Tratt, "Don't panic! Better, fewer, syntax errors for LR parsers",
       ECOOP 2020, LIPIcs 166, 6:1-6:32. DOI 10.4230/LIPIcs.ECOOP.2020.6.

    Examples
    --------
    >>> from portfolio.swell import regex, sep_by, string
    >>> numbers = string("[") >> sep_by(regex("[0-9]+").map(int), string(",")) << string("]")
    >>> fixed = repair(numbers, "[1,2,,3]")
    >>> fixed.text, fixed.value, fixed.cost
    ('[1,2,3]', [1, 2, 3], 1)
    >>> [str(e) for e in fixed.edits]
    ["1:6: deleted ','"]
    >>> repair(numbers, "[[[[", max_cost=2)
    Traceback (most recent call last):
    ...
    portfolio.swell.repair.RepairError: line 1, column 2: no repair costs at most 2; ...
    """
    if not isinstance(parser, Parser):
        raise TypeError(f"parser: expected a Parser, got {type(parser).__name__}")
    source = decode(text)
    if isinstance(max_cost, bool) or not isinstance(max_cost, int | float) or not max_cost >= 0:
        raise ValueError(f"max_cost: expected a number >= 0, got {max_cost!r}")
    model = CostModel() if cost_model is None else cost_model
    if not isinstance(model, CostModel):
        raise TypeError(f"cost_model: expected a CostModel, got {type(model).__name__}")
    steps_allowed = 200_000 + 2 * len(source) if max_steps is None else max_steps
    if isinstance(steps_allowed, bool) or not isinstance(steps_allowed, int) or steps_allowed < 1:
        raise ValueError(f"max_steps: expected an int >= 1, got {max_steps!r}")
    program = parser._compile()
    ok, value, fail_pos, expected = program.run(source)
    if ok:
        return Repair(source, value, (), 0)
    # The search allocates many small acyclic tuples (heap entries, edit trails); a full
    # collection of the cyclic garbage collector in the middle of it costs tens of
    # milliseconds and frees nothing, so it is paused, as in the strict parser.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _search(parser, source, fail_pos, expected, model, max_cost, steps_allowed)
    finally:
        if enabled:
            gc.enable()


def _search(
    parser: Parser[T],
    text: str,
    fail_pos: int,
    expected: frozenset[str],
    model: CostModel,
    max_cost: float,
    max_steps: int,
) -> Repair[T]:
    net = network(parser)
    program = net.program
    summary = net.summary
    n = len(text)
    limit = max_cost + 1e-9 * max(1.0, max_cost)
    # Interned stacks: id 0 is empty; stack_ret[i], stack_up[i] are the top and the rest.
    stack_ret = [-1]
    stack_up = [-1]
    stack_ids: dict[tuple[int, int], int] = {}
    reads = net.reads
    member = net.member
    insert_best: dict[int, tuple[float, str]] = {}
    subst_best: dict[tuple[int, str], tuple[float, str] | None] = {}
    delete_costs: dict[str, float] = {}
    best: dict[tuple[int, int, int], float] = {(0, net.start, 0): 0}
    closed: set[tuple[int, int, int]] = set()
    # Entries: (priority, -offset, sequence, offset, state, stack, edit trail, base); base is
    # None for a configuration, or the cost of the configuration whose edits are deferred.
    heap: list[tuple[float, int, int, int, int, int, Any, float | None]] = [
        (0, 0, 0, 0, net.start, 0, None, None)
    ]
    candidates = net.candidates
    floor = model.lower_bound()
    if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 < floor < math.inf:
        raise ValueError(f"cost_model: lower_bound() returned {floor!r}; it must be finite and > 0")

    def checked(value: float, what: str) -> float:
        if not isinstance(value, int | float) or not (floor <= value < math.inf):
            raise ValueError(
                f"cost_model: {what} returned {value!r}; costs must be finite and at least "
                f"lower_bound() = {floor!r}"
            )
        return value

    counter = 0
    steps = 0
    rejected = 0

    def push(g: float, pos: int, state: int, stack: int, trail: Any) -> None:
        nonlocal counter
        if g > limit:
            return
        key = (pos, state, stack)
        if key in closed:
            return
        old = best.get(key)
        if old is not None and old <= g:
            return
        best[key] = g
        counter += 1
        heappush(heap, (g, -pos, counter, pos, state, stack, trail, None))

    while heap:
        g, _, _, pos, state, stack, trail, base = heappop(heap)
        chars, calls, final = summary[state]
        char = text[pos] if pos < n else ""
        if base is not None:
            g = base
            # A deferred entry: the edit moves out of a configuration already expanded,
            # queued at a lower bound of their cost so free moves always go first.
            if char:
                cost = delete_costs.get(char)
                if cost is None:
                    cost = delete_costs[char] = checked(model.delete_cost(char), "delete_cost")
                push(g + cost, pos + 1, state, stack, (trail, pos, _DEL, char, ""))
            for csid, _cs, target in chars:
                if char and not member(csid, char):
                    mk = (csid, char)
                    if mk in subst_best:
                        sub = subst_best[mk]
                    else:
                        options = [
                            (checked(model.substitute_cost(char, c), "substitute_cost"), c)
                            for c in candidates[csid]
                            if c != char
                        ]
                        sub = subst_best[mk] = min(options, key=_cost) if options else None
                    if sub is not None:
                        push(g + sub[0], pos + 1, target, stack, (trail, pos, _SUB, char, sub[1]))
                ins = insert_best.get(csid)
                if ins is None:
                    ins = insert_best[csid] = min(
                        (
                            (checked(model.insert_cost(c), "insert_cost"), c)
                            for c in candidates[csid]
                        ),
                        key=_cost,
                    )
                push(g + ins[0], pos, target, stack, (trail, pos, _INS, "", ins[1]))
            continue
        key = (pos, state, stack)
        if key in closed:
            continue
        closed.add(key)
        steps += 1
        if steps > max_steps:
            raise RepairError(
                text,
                fail_pos,
                expected,
                reason=f"the repair search gave up after max_steps={max_steps} steps "
                f"(cost so far {g}); raise max_steps or max_cost",
            )
        if final:
            if stack:
                push(g, pos, stack_ret[stack], stack_up[stack], trail)
            elif pos == n:
                result = _finish(program, text, trail, g)
                if result is not None:
                    return result
                rejected += 1
        for callee, ret in calls:
            top = (ret, stack)
            sid = stack_ids.get(top)
            if sid is None:
                sid = stack_ids[top] = len(stack_ret)
                stack_ret.append(ret)
                stack_up.append(stack)
            push(g, pos, callee, sid, trail)
        if char:
            # Reading the next character is free: push inline (the hot path), no cost check.
            nxt = pos + 1
            for target in reads(state, char):
                key = (nxt, target, stack)
                if key in closed:
                    continue
                old = best.get(key)
                if old is not None and old <= g:
                    continue
                best[key] = g
                counter += 1
                heappush(heap, (g, -nxt, counter, nxt, target, stack, trail, None))
        if (chars or char) and g + floor <= limit:
            counter += 1
            heappush(heap, (g + floor, -pos, counter, pos, state, stack, trail, g))
    reason = f"no repair costs at most {max_cost}"
    if rejected:
        reason += f" ({rejected} candidates were rejected by the strict parser)"
    wanted = sorted(expected)
    choices = wanted[0] if len(wanted) == 1 else "one of " + ", ".join(wanted)
    reason += f"; the strict parse expected {choices}"
    raise RepairError(text, fail_pos, expected, reason=reason)


def _cost(option: tuple[float, str]) -> float:
    return option[0]


def _finish(program: Program, text: str, trail: Any, cost: float) -> Repair[Any] | None:
    """Apply the edit trail to ``text``; return the Repair if the strict parser accepts it."""
    raw: list[tuple[int, int, str, str]] = []
    while trail is not None:
        trail, pos, kind, old, new = trail
        raw.append((pos, kind, old, new))
    raw.reverse()
    pieces: list[str] = []
    at = 0
    edits: list[Edit] = []
    names: dict[int, EditKind] = {_INS: "insert", _DEL: "delete", _SUB: "substitute"}
    for pos, kind, old, new in raw:
        pieces.append(text[at:pos])
        pieces.append(new)
        at = pos + (kind != _INS)
        line, column = _position(text, pos)
        edits.append(Edit(names[kind], pos, line, column, old, new))
    pieces.append(text[at:])
    fixed = "".join(pieces)
    ok, value, _, _ = program.run(fixed)
    if not ok:
        return None
    return Repair(fixed, value, tuple(edits), cost)
