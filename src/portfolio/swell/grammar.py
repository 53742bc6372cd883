"""The grammar representation: node kinds, their payloads, and the compiled program.

A grammar is a graph of :class:`~portfolio.swell.core.Parser` nodes. Each node has a
:class:`Kind`, child nodes and one payload, whose layout depends on the kind. :class:`Program`
numbers the nodes reachable from a root (following ``lazy`` nodes to their targets), computes
FIRST sets, nullability and start descriptions by fixpoint, rejects left recursion, and builds
the table of *ops* the strict machine (:func:`portfolio.swell.core.run`) runs. The repair search
(:mod:`portfolio.swell.repair`) reads the same program: its ``kinds``, ``payloads`` and
``children`` per node.

Payloads and ops, per kind (``kids`` are the children's node numbers; the payload is
``Program.payloads[i]``, the op ``Program.ops[i]``):

- ``LIT``: payload the string ``s``; op ``(LIT, s, len(s), (description,))``.
- ``REGEX``: payload ``(pattern, compiled re, regex syntax tree)``; op
  ``(REGEX, compiled.match, (description,))``.
- ``SEQ``: payload the index of the kept value, or -1 for the list of all;
  op ``(SEQ, kids, len(kids), kept)``.
- ``ALT``: payload None; op ``(ALT, kids, {char: candidate kids}, start descriptions)``.
- ``MANY``: payload ``(low, high or None)``; op ``(MANY, kid, low, high or -1)``.
- ``OPT``: payload the default value; op ``(OPT, kid, default)``.
- ``SEPBY``: payload the minimum number of items; op ``(SEPBY, item, separator, minimum)``.
- ``MAP``: payload the function; op ``(MAP, kid, function)``.
- ``DESC``: payload the description; op ``(DESC, kid, description)``.
- ``LAZY``: payload the function that returns the target; resolved away, never an op.

An op's first field is the kind as a plain ``int`` (the hot loop compares ints).
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from portfolio.swell._charset import CharSet
from portfolio.swell._regex import first_and_nullable

if TYPE_CHECKING:
    from portfolio.swell.core import Parser

__all__ = ["Kind", "Program", "describe", "resolve"]


class Kind(IntEnum):
    """The kind of a grammar node (see the module's table for each kind's payload)."""

    LIT = 0
    REGEX = 1
    SEQ = 2
    ALT = 3
    MANY = 4
    OPT = 5
    SEPBY = 6
    MAP = 7
    DESC = 8
    LAZY = 9


# Plain ints for the hot loops (an IntEnum compares more slowly).
LIT, REGEX, SEQ, ALT, MANY, OPT, SEPBY, MAP, DESC, LAZY = (int(k) for k in Kind)


def resolve(p: Parser[Any]) -> Parser[Any]:
    """Follow ``lazy`` parsers to the parser they stand for (calling each thunk once)."""
    from portfolio.swell.core import Parser  # the builder's type, for the check below

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
        #: Each node's kind, payload and error-message name, read once from its parser.
        self.kinds: list[Kind] = [Kind(p._kind) for p in nodes]
        self.payloads: list[Any] = [p._data for p in nodes]
        #: The repair search's transition network for this program (built on first repair).
        self.rtn: Any = None
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

    def candidates(self, op: tuple[Any, ...], char: str) -> tuple[int, ...]:
        """The alternatives of an ALT op that can start with ``char`` ('' = end of input)."""
        cache: dict[str, tuple[int, ...]] = op[2]
        out = tuple(c for c in op[1] if self.nullable[c] or (char != "" and char in self.first[c]))
        cache[char] = out
        return out
