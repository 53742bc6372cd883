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
it could not be (no repair within ``--max-cost``, the search stopped at ``--max-steps``, not
UTF-8, or the file cannot be read: missing, a directory). An empty file is not valid JSON; its
cheapest repair inserts a ``0``.

Examples
--------
>>> document.parse('{"a": [1, 2.5, true, null]}')
{'a': [1, 2.5, True, None]}
>>> fixed = document.repair('{"a": [1, 2.5 true, null]}')
>>> fixed.text
'{"a": [1, 2.5, true, null]}'
>>> [str(edit) for edit in fixed.edits]
["1:14: inserted ','"]
>>> document.repair("{name: 'Ada', born: 1815, // year\n  'tags': ['math',],}").value
{'name': 'Ada', 'born': 1815, 'tags': ['math']}
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from portfolio.swell.core import ParseError, Parser, alt, lazy, regex, sep_by, seq, string
from portfolio.swell.repair import (
    BracketBound,
    CostModel,
    Network,
    RepairError,
    StateBound,
    TokenEdit,
)

__all__ = ["JSONCostModel", "document", "loads", "main", "value"]

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


# -- the cost model of real-world broken JSON --------------------------------------------------
_DIGITS = frozenset("0123456789")
_NUMBER_CHARS = frozenset("0123456789.eE+-")
_WORD = r"""[^\s{}\[\],:"]"""
_LEXER = re.compile(
    r"""(?P<dq>"(?:[^"\\]|\\.)*(?:"|\Z))"""
    r"""|(?P<sq>'(?:[^'\\\n]|\\.)*')"""
    r"""|(?P<line>(?://|\#)[^\n]*)"""
    r"""|(?P<block>/\*.*?(?:\*/|\Z))"""
    rf"""|(?P<run>[A-Za-z_$]{_WORD}*(?: (?!//|/\*|\#)[A-Za-z_$]{_WORD}*)*)"""
    r"""|(?P<other>.)""",
    re.S,
)
_LOOSE_SINGLE = re.compile(r"""'((?:[^\\\n]|\\.)*?)'(?=[ \t]*(?:[,:}\]\n]|\Z))""")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\Z)', re.S)
_STRUCTURE = re.compile(r"[{}\[\],:]")
_BRACKETS = re.compile(r"[{}\[\]]")
_CURLY = re.compile(
    '[\u201c\u201d\u2018\u2019`]([^\u201c\u201d\u2018\u2019`"\n]*)[\u201c\u201d\u2018\u2019`]'
)
_BAD_ESCAPE = re.compile(r'(?<!\\)(?:\\\\)*\\([^"\\/bfnrtu\n])')
_PYTHON = {
    "undefined": "null",
    "True": "true",
    "False": "false",
    "None": "null",
    "TRUE": "true",
    "FALSE": "false",
    "NULL": "null",
}
_LITERAL_PREFIXES = frozenset(w[:i] for w in ("true", "false", "null") for i in range(1, 5))
_FENCE_ONLY = re.compile(r"```[A-Za-z0-9_-]*")


# The relaxation of the grammar used by JSONCostModel.state_bound: five states.
_V, _A, _T, _I, _E = range(5)  # expect a value, after a value, in a number, in a string, "\"
# Then one state per proper prefix of a literal ("t", "tr", ..., "nul").
_LITERAL_STATES = {
    p: 5 + i for i, p in enumerate(sorted(_LITERAL_PREFIXES - {"true", "false", "null"}))
}
_K = 5 + len(_LITERAL_STATES)
_PREFIX_OF = {v: k for k, v in _LITERAL_STATES.items()}
_SPACE = frozenset(" \t\r\n")
_NUMBER_TOKEN = frozenset("0123456789+-.eE")


def _step(state: int, c: str) -> int:
    """The relaxation's move on ``c`` from ``state``, or -1 if it cannot read ``c``."""
    if state == _I:
        return _A if c == '"' else _E if c == "\\" else -1 if c < " " else _I
    if state == _E:
        return -1 if c < " " else _I
    if state >= 5:  # inside a literal: only its next letter
        word = _PREFIX_OF[state] + c
        if word in ("true", "false", "null"):
            return _A
        return _LITERAL_STATES.get(word, -1)
    if c in _SPACE:
        return _V if state == _V else _A
    if c in "]}":
        return _A
    if state == _V:
        if c in "{[":
            return _V
        if c == '"':
            return _I
        if c in "tfn":
            return _LITERAL_STATES[c]
        return _T if c in "-0123456789" else -1
    if c in ",:":
        return _V
    return _T if state == _T and c in _NUMBER_TOKEN else -1


def _walk(state: int, chars: str) -> int:
    """The relaxation's state after reading ``chars`` from ``state``, or -1."""
    for c in chars:
        state = _step(state, c)
        if state < 0:
            return -1
    return state


_PROBES = [chr(c) for c in range(128)] + ["\u00e9", "\u2028"]


@lru_cache(maxsize=8)
def _string_states(net: Network) -> list[int]:
    """Each network state's state in the relaxation: one that simulates it.

    ``r`` simulates state ``q`` if every move of the network from ``q`` (an epsilon move, a
    call, a return, or reading any character of an edge's class) is matched by ``r`` reading
    the same character into a state that simulates the network's target, and if ``q`` ends
    the document only where ``r`` may (A or T). The greatest such relation is found by
    removing pairs until none breaks the rule; characters are probed by one representative
    of each kind the relaxation tells apart (ASCII and two others). T can do all that A can,
    so both may simulate a state; the most specific is kept.
    """
    size = len(net.eps)
    sim = [set(range(_K)) for _ in range(size)]
    automata = net.automata()
    sim[automata[net.start]] &= {_A, _T}
    returns: dict[int, list[int]] = {}
    for callee, ret in net.calls.values():
        returns.setdefault(automata[callee], []).append(ret)
    edges = [
        [(t, [c for c in _PROBES if c in cs]) for cs, t in net.char_edges[q]] for q in range(size)
    ]
    changed = True
    while changed:
        changed = False
        for q in range(size):
            keep = set()
            for r in sim[q]:
                ok = all(r in sim[t] for t in net.eps[q])
                if ok and q in net.calls:
                    ok = r in sim[net.calls[q][0]]
                if ok:
                    ok = all(r in sim[ret] for ret in returns.get(q, ()))
                if ok:
                    for t, probes in edges[q]:
                        for c in probes:
                            nxt = _step(r, c)
                            if nxt < 0 or nxt not in sim[t]:
                                ok = False
                                break
                        if not ok:
                            break
                if ok:
                    keep.add(r)
            if keep != sim[q]:
                sim[q] = keep
                changed = True
    classes = []
    for q in range(size):
        choice = next((r for r in (_I, _E, *range(5, _K), _V, _A, _T) if r in sim[q]), None)
        if choice is None:
            raise AssertionError(f"JSON network state {q} has no state of the relaxation")
        classes.append(choice)
    return classes


@lru_cache(maxsize=4)
def _contexts(text: str) -> list[int]:
    """See JSONCostModel.contexts (cached: the search and its bounds share it)."""
    n = len(text)
    digit = [c in _DIGITS for c in text]
    digit.append(False)
    digit.append(False)
    end = len(text.rstrip(" \t\r\n"))
    out = [0] * (n + 1)
    prev_digit = prev_space = False
    for p in range(n + 1):
        out[p] = (
            prev_digit
            | digit[p] << 1
            | digit[p + 1] << 2
            | prev_space << 3
            | (p >= end) << 4
            | (p < n and text[p] in " \t\r\n") << 5
            | (p > 0 and text[p - 1] in "eE") << 6
        )
        if p < n:
            prev_digit = digit[p]
            prev_space = text[p] in " \t\r\n"
    return out


@lru_cache(maxsize=4)
def _read_costs(text: str) -> list[float]:
    """See JSONCostModel.read_costs (cached: the search and its bounds share it)."""
    costs = [0.0] * len(text)
    inside = bytearray(len(text))
    for m in _STRINGS.finditer(text):
        if m.end() > m.start() + 1 and text[m.end() - 1] == '"':  # not cut off by the end
            inside[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in _STRUCTURE.finditer(text):
        p = m.start()
        if not inside[p]:
            costs[p] = 0.5 if m.group() in "{}[]" else 0.25
    return costs


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _mangled_literal(word: str) -> bool:
    """Whether ``word`` is ``true``, ``false`` or ``null`` with one character lost (``alse``),
    put in or swapped (``nulZ``, ``nu$l``, ``_null``): a broken literal, not a word."""
    for lit in ("true", "false", "null"):
        if len(word) == len(lit) - 1 and _subsequence(word, lit):
            return True
        if len(word) == len(lit) + 1 and any(
            word[:i] + word[i + 1 :] == lit for i in range(len(word))
        ):
            return True
        if len(word) == len(lit) and sum(a != b for a, b in zip(word, lit, strict=True)) == 1:
            return True
    return False


def _requote(text: str, start: int, tok: float) -> TokenEdit | None:
    """The edit that double-quotes a single-quoted string opening at ``start``, if one does."""
    loose = _LOOSE_SINGLE.match(text, start)
    if loose is None:
        return None
    span = loose.end() - start
    return TokenEdit(start, span, _dq(loose.group(1)), tok, "double-quoted a single-quoted string")


def _dq(content: str) -> str:
    """``content`` (the inside of a single-quoted or bare string) as a JSON string token."""
    out = []
    i = 0
    while i < len(content):
        c = content[i]
        if c == "\\" and i + 1 < len(content):
            nxt = content[i + 1]
            out.append("'" if nxt == "'" else c + nxt)
            i += 2
            continue
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c < " ":
            out.append(_CONTROL.get(c, f"\\u{ord(c):04x}"))
        else:
            out.append(c)
        i += 1
    return '"' + "".join(out) + '"'


_CONTROL = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class JSONCostModel(CostModel):
    """The costs of :data:`document`'s repairs: how JSON written by people and LLMs breaks.

    Character edits keep content: inserting punctuation costs 1 (a closing ``]`` or ``}``
    0.5), but deleting or overwriting a letter or digit costs 2.5, and so does any edit that
    would change a number (a digit, ``.``, ``e``, ``+`` or ``-`` put next to a digit, or
    taken from between two digits). Token edits price the usual breakages at
    ``token`` (0.25) each:

    - quote a bare word or a run of words (``New York`` → ``"New York"``);
    - turn a single-quoted string into a double-quoted one;
    - map Python's ``True``/``False``/``None`` (and ``TRUE``, ``FALSE``, ``NULL``, and
      JavaScript's ``undefined``) to ``true``/``false``/``null``;
    - drop a ``//``, ``/* */`` or ``#`` comment, or a trailing comma;
    - escape an inner quote (``"say "hi""``), a raw control character or a lone backslash in a
      string, or drop the backslash of ``\\'``;
    - insert ``null`` for a missing value (after ``:``, or at the end of a truncated text).

    A bare word that is a literal with one character lost (``alse``), put in or swapped
    (``nulZ``) costs 7 token edits to quote, so that fixing the literal wins. A bare word that
    begins ``true``, ``false`` or ``null`` (``tr``) costs 5 token edits to
    quote, so that two insertions that complete it are cheaper. Dropping leading prose (up to
    the first ``{`` or ``[``) or trailing prose (after the last ``}`` or ``]``, when it holds no
    ``"...":``) costs ``prose`` (0.5); a markdown code fence around the document is dropped at
    ``token``. Completing a truncated text is ordinary insertion at its end (``"``, ``]``,
    ``}``, the rest of a literal).

    Which positions are inside a string is decided by a lenient lexer over the input; it only
    decides where token edits are offered. The repair is minimal relative to these costs.

    Parameters
    ----------
    token
        The cost of one token edit.
    prose
        The cost of dropping the text before or after the JSON value.

    Examples
    --------
    >>> document.repair('{"city": New York}').text
    '{"city": "New York"}'
    >>> document.repair("{'ok': True, /* note */ 'n': [1 2],}").value
    {'ok': True, 'n': [1, 2]}
    """

    token: float = 0.25
    prose: float = 0.5

    def lower_bound(self) -> float:
        """The cheapest edit: a token edit (0.25 by default)."""
        return min(self.token, self.prose, 0.5)

    def bracket_bound(self, text: str, edits: Sequence[TokenEdit]) -> BracketBound:
        """Brackets left to balance: a bracket is *soft* if the lenient lexer puts it inside
        a double-quoted string or a token edit covers it, *hard* otherwise.

        ``excess[p]`` is the most that the hard closers of ``text[p:]`` outnumber its openers
        (hard or soft) in a prefix; ``deficit[p]`` is its hard openers minus all its closers.
        ``unit`` is 0.5: absorbing a hard bracket into a string (its read cost), inserting a
        closer, and every other edit that adds or removes a bracket cost at least that.
        """
        n = len(text)
        soft = bytearray(n)
        for m in _STRINGS.finditer(text):
            soft[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        for e in edits:
            soft[e.offset : e.offset + e.length] = b"\x01" * e.length
        excess = [0] * (n + 1)
        deficit = [0] * (n + 1)
        run_excess = run_deficit = 0
        p = n
        for m in reversed(list(_BRACKETS.finditer(text))):
            q = m.start()
            for i in range(q + 1, p):
                excess[i] = run_excess
                deficit[i] = run_deficit
            c = m.group()
            if c in "]}":
                run_deficit -= 1
                if not soft[q]:
                    run_excess += 1
            else:
                run_excess = max(0, run_excess - 1)
                if not soft[q]:
                    run_deficit += 1
            excess[q] = run_excess
            deficit[q] = run_deficit
            p = q
        for i in range(0, p):
            excess[i] = run_excess
            deficit[i] = run_deficit
        return BracketBound("]}", excess, deficit, 0.5)

    def contexts(self, text: str) -> list[int]:
        """A bit set per position ``p``: 1 if ``text[p-1]`` is a digit, 2 if ``text[p]`` is,
        4 if ``text[p+1]`` is, 8 if ``text[p-1]`` is whitespace, 16 if only whitespace follows,
        32 if ``text[p]`` is whitespace, 64 if ``text[p-1]`` is ``e`` or ``E``.
        """
        return _contexts(text)

    def edit_floor(self, context: Hashable) -> float:
        """Every character edit costs at least 1, or 0.5 at the end of the text."""
        assert isinstance(context, int)
        return 0.5 if context & 16 else 1

    def state_bound(self, text: str, edits: Sequence[TokenEdit], net: Network) -> StateBound:
        """The cost still to pay in a five-state relaxation of the grammar (see the design
        note): expecting a value (V), after a value (A), in a number or literal (T), in a
        string (I), just after a backslash in one (E).

        Each state reads only some characters: after a value, only whitespace, a comma, a
        colon or a closing bracket; in a string, anything but a control character, and a quote
        ends it. Reading a bracket, comma or colon inside a string costs what
        :meth:`read_costs` says. An insertion costs at least :meth:`edit_floor`; a deletion or
        substitution of ``c`` at least what deleting ``c`` costs (a substitution costs the
        dearer of deleting and inserting); a token edit costs its cost and must be readable
        from the state; after any edit the relaxation may continue from any state (which lets
        the search queue a configuration's edits at its bound). The text must end after a
        value. A
        backward pass computes the cheapest way to the end from each offset and state; each
        network state is mapped to a relaxation state that simulates it, so no run of the real
        grammar beats the pass's value.
        """
        n = len(text)
        labels = self.contexts(text)
        absorb = self.read_costs(text)
        floor_of = {x: self.edit_floor(x) for x in set(labels)}
        floors = [floor_of[x] for x in labels]
        walks: dict[str, tuple[int, ...]] = {}
        by_offset: dict[int, list[tuple[int, tuple[int, ...], float]]] = {}
        for ed in edits:
            new = ed.replacement
            if new not in walks:
                walks[new] = tuple(_walk(k, new) for k in range(_K))
            by_offset.setdefault(ed.offset, []).append((ed.length, walks[new], ed.cost))
        inf = float("inf")
        k_all = range(_K)
        end_floor = floors[n]
        # table[pos][state], with one more entry (infinite) that unreadable moves point to
        last = [0.0 if k in (_A, _T) else end_floor for k in k_all] + [inf]
        table: list[list[float]] = [last] * (n + 1)
        etable: list[Any] = [None] * (n + 1)  # the edit bound: a number, or a row where tokens
        etable[n] = end_floor
        moves: dict[str, tuple[int, ...]] = {}
        drop: dict[tuple[str, int], float] = {}
        for pos in range(n - 1, -1, -1):
            c = text[pos]
            step = moves.get(c)
            if step is None:
                step = moves[c] = tuple(t if t >= 0 else _K for t in map(_step, k_all, [c] * _K))
            nxt = table[pos + 1]
            f = floors[pos]
            dk = (c, labels[pos])
            gone = drop.get(dk)
            if gone is None:  # a substitution never costs less than deleting (see the notes)
                gone = drop[dk] = self.delete_cost_at(c, labels[pos])
            edit = gone + min(nxt)
            row = [nxt[t] for t in step]
            row.append(inf)
            if absorb[pos]:
                row[_I] += absorb[pos]
            ops = by_offset.get(pos)
            if ops is None:
                low = min(row)
                low = edit if edit < f + low else f + low
                row = [x if x < low else low for x in row]
                row[_K] = inf
                table[pos] = row
                etable[pos] = low
                continue
            # A token edit must be readable from the state and go on from the state it reads
            # into; the edit bound relaxes that (any state after any edit) for the search's
            # deferred entries.
            tok_any = [inf] * _K
            for length, after, cost in ops:
                if length:
                    end = pos + length
                    ahead = table[end]
                    anywhere = cost + min(ahead)
                    for k in k_all:
                        if after[k] >= 0:
                            value = cost + ahead[after[k]]
                            if value < row[k]:
                                row[k] = value
                            if anywhere < tok_any[k]:
                                tok_any[k] = anywhere
            low = min(row)
            low = edit if edit < f + low else f + low
            row = [x if x < low else low for x in row]
            row[_K] = inf
            for length, after, cost in ops:
                if not length:  # an insertion: from one state to another at this offset
                    for k in k_all:
                        if after[k] >= 0:
                            row[k] = min(row[k], cost + row[after[k]])
            best_here = min(row)
            char_edit = min(edit, f + best_here)
            for length, after, cost in ops:
                if not length:
                    for k in k_all:
                        if after[k] >= 0:
                            tok_any[k] = min(tok_any[k], cost + best_here)
            table[pos] = row
            etable[pos] = [min(char_edit, x) for x in tok_any]
        rows = [list(col) for col in zip(*table, strict=True)][:_K]
        edit_rows = [[e[k] if isinstance(e, list) else e for e in etable] for k in k_all]
        classes = _string_states(net)
        return StateBound(classes, rows, edit_rows)

    def insert_cost_at(self, char: str, context: Hashable) -> float:
        """Insertions: 1 for punctuation or a letter, 1.5 for a digit or an opening bracket, 0.5
        for anything at the end of the text (truncation), 2.5 for one that changes a number;
        0.05 more after whitespace (before it, for a quote), so that a comma goes right after
        the item it follows and a quote right next to the word it opens or closes."""
        assert isinstance(context, int)
        if char in _NUMBER_CHARS and context & 3:
            return 2.5
        cost = 0.5 if context & 16 else 1.5 if char in _DIGITS or char in "[{" else 1
        if char == '"':
            return cost + 0.05 if context & 32 else cost
        return cost + 0.05 if context & 8 else cost

    def delete_cost_at(self, char: str, context: Hashable) -> float:
        """Deletions: 2.5 for anything whose deletion changes a number (a digit next to a digit,
        a character between two digits, a point or exponent next to one), 1.5 for a letter, a
        digit or an opening bracket, 1.2 for a closing bracket or a quote, 1 otherwise."""
        assert isinstance(context, int)
        # (A "+" that is not an exponent's is not JSON: deleting it changes no number.)
        number = context & 5 == 5 or (char in _NUMBER_CHARS and context & 5)
        if number and (char != "+" or context & 64):
            return 2.5
        if char.isalnum() or char in "{[":
            return 1.5
        return 1.2 if char in '}]"' else 1

    def substitute_cost_at(self, old: str, new: str, context: Hashable) -> float:
        """Substitutions: 2.5 to put a number character next to a digit; otherwise the dearer
        of deleting ``old`` and inserting ``new`` mid-text, plus 0.1 to overwrite whitespace
        (an insertion next to it keeps the layout)."""
        assert isinstance(context, int)
        if new in _NUMBER_CHARS and context & 5:
            return 2.5
        cost = max(self.delete_cost_at(old, context), self.insert_cost_at(new, context & 7))
        return cost + 0.1 if old in " \t\r\n" else cost

    def read_costs(self, text: str) -> list[float]:
        """Reading a bracket (0.5), a comma or a colon (0.25) as string content costs, unless
        the lenient lexer saw it inside a double-quoted string of the input (one that the end
        of the text does not cut off)."""
        return _read_costs(text)

    def token_edits(self, text: str) -> list[TokenEdit]:
        """The token edits described in the class notes, found by one lenient lexer pass."""
        tok, out = self.token, []
        for m in _LEXER.finditer(text):
            kind, start, end = m.lastgroup, m.start(), m.end()
            if kind == "dq":
                for i in range(start + 1, end):
                    c = text[i]
                    if c < " " and text[i - 1] != "\\":
                        escaped = _CONTROL.get(c, f"\\u{ord(c):04x}")
                        out.append(TokenEdit(i, 1, escaped, tok, "escaped a control character"))
                for m2 in _BAD_ESCAPE.finditer(text, start + 1, max(start + 1, end - 1)):
                    i = m2.start(1) - 1  # the lone backslash
                    if m2.group(1) == "'":  # \' is not JSON: the quote needs no escape
                        out.append(TokenEdit(i, 2, "'", tok, "unescaped a single quote"))
                    else:  # a lone backslash (a Windows path): escape it
                        out.append(TokenEdit(i, 1, "\\\\", tok, "escaped a backslash"))
            elif kind == "sq":
                out.append(
                    TokenEdit(
                        start,
                        end - start,
                        _dq(text[start + 1 : end - 1]),
                        tok,
                        "double-quoted a single-quoted string",
                    )
                )
                loose = _requote(text, start, tok)
                if loose is not None and loose.offset + loose.length != end:
                    out.append(loose)
            elif kind in ("line", "block"):
                out.append(TokenEdit(start, end - start, "", tok, "dropped a comment"))
            elif kind == "run":
                word = m.group()
                if word in _PYTHON:
                    out.append(
                        TokenEdit(start, end - start, _PYTHON[word], tok, "lower-cased a literal")
                    )
                    continue
                if start and (text[start - 1].isalnum() or text[start - 1] in "_$"):
                    continue
                for w in re.finditer(r"\S+", word):
                    piece = word[: w.end()]
                    if piece in ("true", "false", "null") or piece in _PYTHON:
                        continue
                    if piece.endswith("'") and piece.count("'") % 2:
                        continue
                    # A prefix of a literal is more likely cut short (``tr`` at the end of a
                    # truncated text): quoting it costs 5 token edits, so completing it by up
                    # to two insertions wins, and a lone ``f`` still becomes "f", not 0.
                    cost = 5 * tok if piece in _LITERAL_PREFIXES else tok
                    if _mangled_literal(piece):
                        cost = 7 * tok
                    out.append(TokenEdit(start, w.end(), _dq(piece), cost, "quoted a bare word"))
            elif m.group() == "'":
                loose = _requote(text, start, tok)
                if loose is not None:
                    out.append(loose)
        for m in _CURLY.finditer(text):
            label = "straightened a typographic quote"
            out.append(TokenEdit(m.start(), m.end() - m.start(), _dq(m.group(1)), tok, label))
        out.extend(self._quotes_commas_values(text, tok))
        out.extend(self._prose(text))
        return out

    @staticmethod
    def _quotes_commas_values(text: str, tok: float) -> list[TokenEdit]:
        out = []
        n = len(text)
        space = " \t\r\n"
        for m in re.finditer('"', text):
            i = m.start()
            j = i - 1
            while j >= 0 and text[j] in space:
                j -= 1
            k = i + 1
            while k < n and text[k] in space:
                k += 1
            # A quote between two words is inner; one next to another across a space is not.
            if j < 0 or k >= n or text[j] in "{[,:\\" or text[k] in ",:}]":
                continue
            if (text[j] == '"' and j < i - 1) or (text[k] == '"' and k > i + 1):
                continue
            # ... and a string must be open: an earlier quote on the line, no structure between.
            line_start = text.rfind("\n", 0, i) + 1
            opener = text.rfind('"', line_start, i)
            if opener < 0 or any(c in text[opener:i] for c in ",:{}[]"):
                continue
            out.append(TokenEdit(i, 1, '\\"', 2 * tok, "escaped an inner quote"))
        out.extend(
            TokenEdit(m.start(), 1, "", tok, "dropped a trailing comma")
            for m in re.finditer(r",(?=\s*(?:[}\]]|\Z))", text)
        )
        out.extend(
            TokenEdit(m.end(), 0, "null", 2 * tok, "inserted a missing value")
            for m in re.finditer(r":(\s*)(?=[,}]|\Z)", text)
        )
        if n and not re.search(r":\s*\Z", text):
            out.append(TokenEdit(n, 0, "null", 2 * tok, "inserted a missing value"))
        return out

    def _prose(self, text: str) -> list[TokenEdit]:
        out = []
        n = len(text)
        first = re.search(r"[{\[]", text)
        if first is not None and text[: first.start()].strip():
            head = text[: first.start()].strip()
            cost = self.token if _FENCE_ONLY.fullmatch(head) else self.prose
            out.append(TokenEdit(0, first.start(), "", cost, "dropped the text before the JSON"))
        last = max(text.rfind("}"), text.rfind("]")) + 1
        tail = text[last:] if last else ""
        if tail.strip():
            if tail.strip() == "```":
                out.append(TokenEdit(last, n - last, "", self.token, "dropped a code fence"))
            elif not re.search(r'"\s*:', tail) and not tail.lstrip().startswith(","):
                out.append(
                    TokenEdit(last, n - last, "", self.prose, "dropped the text after the JSON")
                )
        return out


document: Parser[Any] = (_ws >> value).with_costs(JSONCostModel())
"""The whole text, as optional whitespace then one JSON value (with its trailing space).

Its :meth:`~portfolio.swell.core.Parser.repair` uses :class:`JSONCostModel` unless given
another cost model.
"""


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
        description="Repair a JSON file with a minimum-cost edit (see JSONCostModel).",
    )
    commands = cli.add_subparsers(dest="command", required=True)
    fix = commands.add_parser("repair", help="print the repaired JSON; the edits go to stderr")
    fix.add_argument("file", type=Path, help="the JSON file (UTF-8), or - for standard input")
    fix.add_argument(
        "--max-cost", type=float, default=10, help="the most a repair may cost (default 10)"
    )
    fix.add_argument(
        "--max-steps",
        type=int,
        default=None,
        help="the most search steps (default 200,000 + 10 per character)",
    )
    args = cli.parse_args(argv)
    if args.max_cost < 0:
        cli.error(f"--max-cost: expected a number >= 0, got {args.max_cost}")
    if args.max_steps is not None and args.max_steps < 1:
        cli.error(f"--max-steps: expected an int >= 1, got {args.max_steps}")
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as err:  # missing, a directory, unreadable
        print(f"{args.file}: cannot read the file: {err.strerror or err}", file=sys.stderr)
        return 2
    try:
        result = document.repair(data, max_cost=args.max_cost, max_steps=args.max_steps)
    except RepairError as err:
        # The API's wording names keyword arguments; here the options have dashes.
        reason = err.reason.replace("raise max_steps", "raise --max-steps")
        reason = reason.replace("max_steps=", "--max-steps=")
        if err.limit == "max_cost":
            reason += "; raise --max-cost to allow costlier repairs"
        print(f"{args.file}:{err.line}:{err.column}: {reason}", file=sys.stderr)
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
