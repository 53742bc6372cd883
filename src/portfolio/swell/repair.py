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
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from heapq import heappop, heappush
from typing import Any, Generic, Literal, TypeVar

from portfolio.swell._charset import CharSet
from portfolio.swell._regex import Alt, Chars, Concat, RegexNode, Repeat
from portfolio.swell.core import ParseError, Parser, decode, run
from portfolio.swell.grammar import ALT, DESC, LIT, MANY, MAP, OPT, REGEX, SEPBY, SEQ, Program

__all__ = [
    "BracketBound",
    "CostModel",
    "Edit",
    "Repair",
    "RepairError",
    "StateBound",
    "TokenEdit",
    "repair",
]

T = TypeVar("T")
"""The type of a repaired value."""

EditKind = Literal["insert", "delete", "substitute", "rewrite"]


@dataclass(frozen=True)
class TokenEdit:
    """A multi-character edit a cost model offers: ``text[offset:offset + length]`` becomes
    ``replacement``.

    Token edits are how a grammar's cost model prices the ways real input breaks (a bare word
    to quote, a comment to drop) as one edit, instead of as many character edits. The search
    treats one like any other edit: it may apply it from any configuration at ``offset``, and
    the replacement must then be read by the grammar from there.

    Examples
    --------
    >>> TokenEdit(0, 4, "true", 0.25, "lower-cased a literal")
    TokenEdit(offset=0, length=4, replacement='true', cost=0.25, label='lower-cased a literal')
    """

    offset: int
    length: int
    replacement: str
    cost: float
    label: str = "rewrote"


@dataclass(frozen=True)
class BracketBound:
    r"""A lower bound on the cost still to pay, for the search's A*: brackets left to balance.

    For a configuration at offset ``pos`` whose open frames must still read ``F`` characters
    of ``closers`` (computed from the grammar, see ``Network.needs``), the bound is
    ``unit * max(0, excess[pos] - F, F + deficit[pos])``.

    The model that builds one promises, for its grammar: each closer read through a class
    within ``closers`` ends one open frame, and each opener read so opens one; ``excess[pos]``
    is at most the number of closers in ``text[pos:]`` that can be neither read as content
    for free nor matched by an opener of ``text[pos:]``; ``-deficit[pos]`` is at least the
    closers in ``text[pos:]`` minus its openers that cannot be skipped for free; and every
    edit that changes either count by one costs at least ``unit``. The JSON model's proof is
    in the design note. The search re-opens a configuration reached again more cheaply, so
    the bound needs to be admissible, not consistent.
    """

    closers: str
    excess: Sequence[int]
    deficit: Sequence[int]
    unit: float


@dataclass(frozen=True)
class StateBound:
    """A lower bound on the cost still to pay, by automaton state class and offset.

    ``table[state_class[state]][pos]`` must be at most the cost of any completion from a
    configuration in ``state`` at ``pos`` (whatever its stack). The JSON model computes one
    from a relaxation of its grammar to three states (outside a string, inside one, after a
    backslash); see the design note.
    """

    state_class: Sequence[int]
    table: Sequence[Sequence[float]]
    edits: Sequence[Sequence[float]] | None = None
    """Optionally, by class and offset, a lower bound on an edit's cost plus the cost still to
    pay after it (whatever the state it leads to); the search queues a configuration's edits
    at it instead of at the cheapest edit alone."""


@dataclass(frozen=True)
class CostModel:
    """The price of each edit; subclass it and override the methods for context-dependent costs.

    The cost methods must be pure functions of their arguments: the search memoises their
    answers per grammar and per model (models are frozen dataclasses, compared by value).

    The defaults are unit costs (Levenshtein distance) and no token edits. Every cost must be
    a finite number of at least :meth:`lower_bound`, which must be greater than 0: that keeps
    the search finite. The search checks what the methods return and raises ValueError
    otherwise.

    Three hooks make the costs depend on where an edit is: :meth:`contexts` labels each
    position of the input, the ``*_cost_at`` methods receive that label, and
    :meth:`token_edits` offers multi-character edits at chosen positions. A repair is minimal
    relative to all of them: no edit script built from these edits costs less.

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

    def contexts(self, text: str) -> Sequence[Hashable] | None:
        """A label for each position ``0..len(text)`` of ``text``, or None (all the same).

        The search passes ``labels[pos]`` to the ``*_cost_at`` methods for an edit at ``pos``
        (an insertion before ``text[pos]``, or a deletion or substitution of it). Use few
        distinct labels: the search caches costs per label. The default is None.
        """
        return None

    def insert_cost_at(self, char: str, context: Hashable) -> float:
        """The cost of inserting ``char`` at a position labelled ``context``."""
        return self.insert_cost(char)

    def delete_cost_at(self, char: str, context: Hashable) -> float:
        """The cost of deleting ``char`` at a position labelled ``context``."""
        return self.delete_cost(char)

    def substitute_cost_at(self, old: str, new: str, context: Hashable) -> float:
        """The cost of replacing ``old`` with ``new`` at a position labelled ``context``."""
        return self.substitute_cost(old, new)

    def token_edits(self, text: str) -> Iterable[TokenEdit]:
        """The multi-character edits the search may use on ``text`` (none by default).

        If the model also gives a :meth:`bracket_bound`, a token edit must never put more
        brackets of a kind into its replacement than it takes out of the text.
        """
        return ()

    def read_costs(self, text: str) -> Sequence[float] | None:
        """Per position, the cost of reading ``text[pos]`` through a *wide* class, or None.

        A wide class has more than 64 members, such as "any character but a quote" (a
        string's content). Charging for it is an error production in Aho and Peterson's sense:
        the grammar may swallow that character as free text, at a price. The JSON model uses it
        so that a string opened by an inserted quote pays for the brackets and commas it
        swallows. Costs must be finite and >= 0; the default (None) makes every read free.
        """
        return None

    def bracket_bound(self, text: str, edits: Sequence[TokenEdit]) -> BracketBound | None:
        """An admissible A* bound for ``text`` (None, the default: plain Dijkstra).

        Only a grammar's own cost model can supply one, because its soundness rests on facts
        about the grammar and the costs (see :class:`BracketBound`). ``edits`` are the token
        edits :meth:`token_edits` returned for ``text``.
        """
        return None

    def edit_floor(self, context: Hashable) -> float:
        """A lower bound on every character edit at a position labelled ``context``.

        The search waits until it has spent this much before it tries the edits out of a
        configuration, so a tighter floor saves work; the search checks every character edit
        against it. The default is :meth:`lower_bound`.
        """
        return self.lower_bound()

    def state_bound(self, text: str, edits: Sequence[TokenEdit], net: Network) -> StateBound | None:
        """An admissible A* bound by state and offset (None, the default: no bound).

        Like :meth:`bracket_bound`, only a grammar's own model can give one; ``net`` is the
        grammar's transition network.
        """
        return None

    def lower_bound(self) -> float:
        """A positive number no edit costs less than; the search relies on it.

        A subclass that overrides the methods above must keep this at or below every cost
        they return (the search checks, and raises ValueError if one is lower).
        """
        return min(self.insert, self.delete, self.substitute)


@dataclass(frozen=True)
class Edit:
    """One edit of a repair, at ``offset`` in the original text (``line``/``column`` from 1).

    ``kind`` is ``"insert"``, ``"delete"``, ``"substitute"`` or ``"rewrite"`` (a token edit of
    the cost model, which ``label`` describes).

    Examples
    --------
    >>> str(Edit("insert", 3, 1, 4, "", ","))
    "1:4: inserted ','"
    >>> str(Edit("rewrite", 9, 1, 10, "New York", '"New York"', "quoted a bare word"))
    '1:10: quoted a bare word: \\'New York\\' -> \\'"New York"\\''
    """

    kind: EditKind
    offset: int
    line: int
    column: int
    old: str
    new: str
    label: str = ""

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}"
        if self.kind == "insert":
            return f"{where}: inserted {self.new!r}"
        if self.kind == "delete":
            return f"{where}: deleted {self.old!r}"
        if self.kind == "rewrite":
            return f"{where}: {self.label or 'rewrote'}: {self.old!r} -> {self.new!r}"
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
    that handles parse errors handles this one too. ``limit`` says which bound stopped the
    search: ``"max_cost"`` (no repair that cheap exists) or ``"max_steps"`` (the work bound;
    a repair within ``max_cost`` may still exist).
    """

    def __init__(
        self,
        text: str,
        offset: int,
        expected: frozenset[str],
        *,
        reason: str | None = None,
        limit: Literal["max_cost", "max_steps"] = "max_cost",
    ) -> None:
        super().__init__(text, offset, expected, reason=reason)
        self.limit = limit


_MATCH, _INS, _DEL, _SUB, _TOK = range(5)
_MEMO_LIMIT = 1 << 20
_WIDE = 64
_USE_BOUND = True  # tests turn the A* bound off to compare with plain Dijkstra


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
        self._split: dict[tuple[int, str], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._needs: dict[str, list[int]] = {}
        self._cost_memos: dict[Hashable, tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]]] = {}

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

    def reads_split(self, state: int, char: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """:meth:`reads`, split into the targets of narrow and of wide (> 64 members) classes.

        Complexity: as :meth:`reads`.
        """
        key = (state, char)
        hit = self._split.get(key)
        if hit is None:
            if len(self._split) >= _MEMO_LIMIT:
                self._split.clear()
            edges = [(len(cs) > _WIDE, t) for _, cs, t in self.summary[state][0] if char in cs]
            hit = self._split[key] = (
                tuple(t for wide, t in edges if not wide),
                tuple(t for wide, t in edges if wide),
            )
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

    def cost_memo(self, model: Hashable) -> tuple[dict[Any, Any], dict[Any, Any], dict[Any, Any]]:
        """Three dicts in which the search memoises ``model``'s costs on this network.

        Kept for the last few models; each dict is cleared when it reaches ``_MEMO_LIMIT``.
        """
        memo = self._cost_memos.get(model)
        if memo is None:
            if len(self._cost_memos) >= 4:
                self._cost_memos.clear()
            memo = self._cost_memos[model] = ({}, {}, {})
        for table in memo:
            if len(table) >= _MEMO_LIMIT:
                table.clear()
        return memo

    def automata(self) -> dict[int, int]:
        """The start state of each automaton (one per called nonterminal), mapped to its final."""
        return dict(self._nt.values())

    def needs(self, closers: str) -> list[int]:
        """For each state, the fewest characters of ``closers`` a path to its automaton's end reads.

        Only edges whose whole class lies in ``closers`` count (a path may read a closer as
        string content instead, which counts 0); a call counts what its callee must read.
        Computed once per ``closers`` by a fixpoint over the network (the states number a few
        hundred for JSON). Complexity: O(I * (|Q| + E)) for I rounds, at most the longest
        chain of calls plus one.
        """
        hit = self._needs.get(closers)
        if hit is not None:
            return hit
        k = CharSet.of(closers)
        size = len(self.eps)
        big = 1 << 30
        need = [big] * size
        for f in self.finals:
            need[f] = 0
        changed = True
        while changed:
            changed = False
            for s in range(size):
                best = need[s]
                for t in self.eps[s]:
                    best = min(best, need[t])
                for cs, t in self.char_edges[s]:
                    inside = 0 < len(cs) <= len(k) and all(c in k for c in cs)
                    best = min(best, need[t] + inside)
                if s in self.calls:
                    callee, ret = self.calls[s]
                    best = min(best, need[callee] + need[ret])
                if best < need[s]:
                    need[s] = best
                    changed = True
        self._needs[closers] = need = [0 if v == big else v for v in need]
        return need

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
        kids = program.children[node]
        kind = program.kinds[node]
        data = program.payloads[node]
        if kind == LIT:
            for char in data:
                t = self._new()
                self.char_edges[s].append((CharSet.of(char), t))
                s = t
            return s
        if kind == REGEX:
            return self._regex(data[2], s)
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
            low, high = data
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
            for _ in range(max(data, 1) - 1):
                b = sep_item(b)
            return self._star(sep_item, b)

        return items(s) if data > 0 else self._optional(items, s)

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
    program = parser.compile()
    if program.rtn is None:
        program.rtn = Network(program)
    net: Network = program.rtn
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
        The edit costs; when None, the parser's own (see
        :meth:`~portfolio.swell.core.Parser.with_costs`), else unit costs.
    max_steps
        A bound on the configurations the search expands, so it never runs away on a long,
        badly broken input; default ``200_000 + 10 * len(text)``. Reading valid text costs
        about 1.3 expansions per character, so the default leaves room for the edits of a
        long document while bounding the work on a hopeless one.

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
    if cost_model is None:
        cost_model = parser.cost_model
    model = CostModel() if cost_model is None else cost_model
    if not isinstance(model, CostModel):
        raise TypeError(f"cost_model: expected a CostModel, got {type(model).__name__}")
    steps_allowed = 200_000 + 10 * len(source) if max_steps is None else max_steps
    if isinstance(steps_allowed, bool) or not isinstance(steps_allowed, int) or steps_allowed < 1:
        raise ValueError(f"max_steps: expected an int >= 1, got {max_steps!r}")
    program = parser.compile()
    ok, value, fail_pos, expected = run(program, source)
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
    floor = model.lower_bound()
    if isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 < floor < math.inf:
        raise ValueError(f"cost_model: lower_bound() returned {floor!r}; it must be finite and > 0")

    def checked(value: float, what: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            value_ok = False
        else:
            value_ok = floor <= value < math.inf
        if not value_ok:
            raise ValueError(
                f"cost_model: {what} returned {value!r}; costs must be finite and at least "
                f"lower_bound() = {floor!r}"
            )
        return value

    def at_least(value: float, what: str, ctx: Hashable) -> float:
        checked(value, what)
        low = floors.get(ctx)
        if low is None:
            low = floors[ctx] = max(checked(model.edit_floor(ctx), "edit_floor"), floor)
        if value < low:
            raise ValueError(
                f"cost_model: {what} returned {value!r}, below edit_floor({ctx!r}) = {low!r}"
            )
        return value

    labels = model.contexts(text)
    if labels is not None and len(labels) != n + 1:
        raise ValueError(
            f"cost_model: contexts() returned {len(labels)} labels for a text of {n} characters; "
            f"expected {n + 1}"
        )
    tokens_list = list(model.token_edits(text))
    tokens = _token_table(tokens_list, text, checked)
    absorb = model.read_costs(text)
    if absorb is not None:
        if len(absorb) < n or not all(0 <= a < math.inf for a in absorb):
            raise ValueError(
                f"cost_model: read_costs() must give a finite cost >= 0 for each of the {n} "
                "characters"
            )
        if not any(absorb):
            absorb = None
    bound = model.bracket_bound(text, tokens_list) if _USE_BOUND else None
    if bound is not None:
        if len(bound.excess) != n + 1 or len(bound.deficit) != n + 1:
            raise ValueError(f"cost_model: bracket_bound() must give {n + 1} entries per list")
        need = net.needs(bound.closers)
        excess, deficit, unit = bound.excess, bound.deficit, bound.unit
        if not 0 < unit < math.inf:
            raise ValueError(f"cost_model: bracket_bound() unit must be finite and > 0: {unit!r}")
    else:
        need = [0] * len(summary)
        excess = deficit = [0] * (n + 1)
        unit = 0.0
    sbound = model.state_bound(text, tokens_list, net) if _USE_BOUND else None
    if sbound is not None:
        sclass = sbound.state_class
        stable = sbound.table
        if len(sclass) != len(summary) or any(len(row) != n + 1 for row in stable):
            raise ValueError("cost_model: state_bound() has the wrong shape")
        unit = unit or 1e-300  # switch the bound on
    # Interned stacks: id 0 is empty; stack_ret[i], stack_up[i] are the top and the rest, and
    # stack_need[i] is what the frames still need to read of the closers (for the A* bound).
    stack_ret = [-1]
    stack_up = [-1]
    stack_ids: dict[tuple[int, int], int] = {}
    stack_need = [0]

    def intern(ret: int, up: int) -> int:
        top = (ret, up)
        sid = stack_ids.get(top)
        if sid is None:
            sid = stack_ids[top] = len(stack_ret)
            stack_ret.append(ret)
            stack_up.append(up)
            stack_need.append(need[ret] + stack_need[up])
        return sid

    # srow[state][pos]: the state bound, a row per network state (an all-zero row without one).
    zeros = [0.0] * (n + 1)
    srow = [stable[c] for c in sclass] if sbound is not None else [zeros] * len(summary)
    erow = (
        [sbound.edits[c] for c in sclass]
        if sbound is not None and sbound.edits is not None
        else [zeros] * len(summary)
    )

    def bound_at(pos: int, frames: int, state: int) -> float:
        m = excess[pos] - frames
        d = frames + deficit[pos]
        if d > m:
            m = d
        h = unit * m if m > 0 else 0.0
        t = srow[state][pos]
        return t if t > h else h

    reads = net.reads
    member = net.member
    # The cheapest insertion per (class, context), and so on, memoised on the network per cost
    # model (cost methods are pure functions of their arguments), so searches share them.
    insert_best, subst_best, delete_costs = net.cost_memo(model)
    best: dict[tuple[int, int, int], float] = {(0, net.start, 0): 0}
    start_h = bound_at(0, need[net.start], net.start)
    # Entries: (priority, -offset, sequence, offset, state, stack, edit trail, base, cost);
    # base is None for a configuration, or the cost of the configuration whose edits are
    # deferred. The priority is cost + the A* bound.
    heap: list[tuple[float, int, int, int, int, int, Any, float | None, float]] = [
        (start_h, 0, 0, 0, net.start, 0, None, None, 0)
    ]
    if start_h > limit:  # the A* bound alone proves that no repair is cheap enough
        heap.clear()
    candidates = net.candidates
    floors: dict[Hashable, float] = {}

    def cheapest_edit(pos: int) -> float:
        """A lower bound on every edit at ``pos`` (so deferred entries wait for it)."""
        ctx = labels[pos] if labels is not None else None
        low = floors.get(ctx)
        if low is None:
            low = floors[ctx] = max(checked(model.edit_floor(ctx), "edit_floor"), floor)
        for _length, _new, cost, _label in tokens.get(pos, ()):
            if cost < low:
                low = cost
        return low

    counter = 0
    steps = 0
    rejected = 0

    best_get = best.get

    def push(g: float, pos: int, state: int, stack: int, trail: Any) -> None:
        nonlocal counter
        if g > limit:
            return
        key = (pos, state, stack)
        old = best_get(key)
        if old is not None and old <= g:
            return
        if unit:
            frames = need[state] + stack_need[stack]
            m = excess[pos] - frames
            d = frames + deficit[pos]
            if d > m:
                m = d
            h = unit * m if m > 0 else 0.0
            t = srow[state][pos]
            f = g + (t if t > h else h)
            if f > limit:
                return
        else:
            f = g
        best[key] = g
        counter += 1
        heappush(heap, (f, -pos, counter, pos, state, stack, trail, None, g))

    def feed(state: int, stack: int, chars: str) -> set[tuple[int, int]]:
        """The configurations reached by reading ``chars`` from ``(state, stack)`` for free."""
        frontier = {(state, stack)}
        for char in chars:
            seen = set(frontier)
            todo = list(frontier)
            while todo:
                s, st = todo.pop()
                _c, calls, final = summary[s]
                nxt = [(callee, intern(ret, st)) for callee, ret in calls]
                if final and st:
                    nxt.append((stack_ret[st], stack_up[st]))
                for item in nxt:
                    if item not in seen:
                        seen.add(item)
                        todo.append(item)
            frontier = {(t, st) for s, st in seen for t in reads(s, char)}
            if not frontier:
                break
        return frontier

    while heap:
        _f, _, _, pos, state, stack, trail, base, g = heappop(heap)
        chars, calls, final = summary[state]
        char = text[pos] if pos < n else ""
        if base is not None:
            if best[(pos, state, stack)] < g:
                continue
            # A deferred entry: the edit moves out of a configuration already expanded,
            # queued at a lower bound of their cost so free moves always go first.
            ctx = labels[pos] if labels is not None else None
            if char:
                dk = (char, ctx)
                cost = delete_costs.get(dk)
                if cost is None:
                    cost = delete_costs[dk] = at_least(
                        model.delete_cost_at(char, ctx), "delete_cost", ctx
                    )
                push(g + cost, pos + 1, state, stack, (trail, pos, _DEL, char, ""))
            for csid, _cs, target in chars:
                if char and not member(csid, char):
                    mk = (csid, char, ctx)
                    if mk in subst_best:
                        sub = subst_best[mk]
                    else:
                        options = [
                            (
                                at_least(
                                    model.substitute_cost_at(char, c, ctx), "substitute_cost", ctx
                                ),
                                c,
                            )
                            for c in candidates[csid]
                            if c != char
                        ]
                        sub = subst_best[mk] = min(options, key=_cost) if options else None
                    if sub is not None:
                        push(g + sub[0], pos + 1, target, stack, (trail, pos, _SUB, char, sub[1]))
                ik = (csid, ctx)
                ins = insert_best.get(ik)
                if ins is None:
                    ins = insert_best[ik] = min(
                        (
                            (at_least(model.insert_cost_at(c, ctx), "insert_cost", ctx), c)
                            for c in candidates[csid]
                        ),
                        key=_cost,
                    )
                push(g + ins[0], pos, target, stack, (trail, pos, _INS, "", ins[1]))
            for length, replacement, cost, label in tokens.get(pos, ()):
                step = (trail, pos, _TOK, text[pos : pos + length], (replacement, label))
                if not replacement:
                    push(g + cost, pos + length, state, stack, step)
                    continue
                for st, sk in feed(state, stack, replacement):
                    push(g + cost, pos + length, st, sk, step)
            continue
        if best[(pos, state, stack)] < g:
            continue  # superseded by a cheaper entry for the same configuration
        steps += 1
        if steps > max_steps:
            raise RepairError(
                text,
                fail_pos,
                expected,
                reason=f"the repair search gave up after max_steps={max_steps} steps "
                f"(cost so far {_round(g)}); raise max_steps",
                limit="max_steps",
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
            push(g, pos, callee, intern(ret, stack), trail)
        if char:
            # Reading the next character is free: push inline (the hot path), no cost check.
            nxt = pos + 1
            if absorb is None:
                targets = reads(state, char)
            else:
                targets, wide = net.reads_split(state, char)
                if wide:
                    charge = absorb[pos]
                    for target in wide:
                        push(g + charge, nxt, target, stack, trail)
            for target in targets:
                key = (nxt, target, stack)
                old = best.get(key)
                if old is not None and old <= g:
                    continue
                f = g + bound_at(nxt, need[target] + stack_need[stack], target) if unit else g
                if f > limit:
                    continue
                best[key] = g
                counter += 1
                heappush(heap, (f, -nxt, counter, nxt, target, stack, trail, None, g))
        if (chars or char or pos in tokens) and g + floor <= limit:
            counter += 1
            # No edit's child costs less than g + the edit bound (see StateBound.edits).
            wait = cheapest_edit(pos)
            ahead = erow[state][pos]
            heappush(
                heap,
                (
                    g + (ahead if ahead > wait else wait),
                    -pos,
                    counter,
                    pos,
                    state,
                    stack,
                    trail,
                    g,
                    g,
                ),
            )
    reason = f"no repair costs at most {max_cost:g}"
    if rejected:
        reason += f" ({rejected} candidates were rejected by the strict parser)"
    wanted = sorted(expected)
    choices = wanted[0] if len(wanted) == 1 else "one of " + ", ".join(wanted)
    reason += f"; the strict parse expected {choices}"
    raise RepairError(text, fail_pos, expected, reason=reason, limit="max_cost")


def _round(cost: float) -> float:
    return round(cost, 6)


def _token_table(
    edits: list[TokenEdit], text: str, checked: Any
) -> dict[int, list[tuple[int, str, float, str]]]:
    """The model's token edits by offset, validated (each must change the text)."""
    table: dict[int, list[tuple[int, str, float, str]]] = {}
    n = len(text)
    for edit in edits:
        if not isinstance(edit, TokenEdit):
            raise TypeError(
                f"cost_model: token_edits() yielded {type(edit).__name__}, not a TokenEdit"
            )
        off, length, new = edit.offset, edit.length, edit.replacement
        if not (0 <= off <= n and length >= 0 and off + length <= n) or not isinstance(new, str):
            raise ValueError(f"cost_model: token edit {edit!r} is outside the text (length {n})")
        if text[off : off + length] == new:
            raise ValueError(f"cost_model: token edit {edit!r} does not change the text")
        cost = checked(edit.cost, "token_edits")
        table.setdefault(off, []).append((length, new, cost, edit.label))
    return table


def _cost(option: tuple[float, str]) -> float:
    return option[0]


def _finish(program: Program, text: str, trail: Any, cost: float) -> Repair[Any] | None:
    """Apply the edit trail to ``text``; return the Repair if the strict parser accepts it."""
    raw: list[tuple[int, int, str, Any]] = []
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
        line, column = _position(text, pos)
        if kind == _TOK:
            replacement, label = new
            pieces.append(replacement)
            at = pos + len(old)
            edits.append(Edit("rewrite", pos, line, column, old, replacement, label))
            continue
        pieces.append(new)
        at = pos + (kind != _INS)
        edits.append(Edit(names[kind], pos, line, column, old, new))
    pieces.append(text[at:])
    fixed = "".join(pieces)
    ok, value, _, _ = run(program, fixed)
    if not ok:
        return None
    return Repair(fixed, value, tuple(edits), cost)
