"""Minimum-cost repair: table-driven cases, brute-force minimality, cost models, bounds, fuzzing."""

from __future__ import annotations

import gc
import heapq
import itertools
import sys
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.swell import (
    CostModel,
    Edit,
    ParseError,
    Parser,
    Repair,
    RepairError,
    alt,
    lazy,
    many,
    regex,
    repair,
    sep_by,
    seq,
    string,
)
from portfolio.swell.repair import Network, TokenEdit, network

# The small grammar of the brute-force check: sums of 'a' and parenthesised sums.
term: Parser[Any] = lazy(lambda: alt(string("a"), seq(string("("), expr, string(")"))))
expr: Parser[Any] = seq(term, many(seq(string("+"), term)))
ALPHABET = "a+()"
ints = string("[") >> sep_by(regex("[0-9]+").map(int), string(",")) << string("]")


@cache
def accepts(text: str) -> bool:
    """Membership in the small grammar (by the strict parser, checked separately below)."""
    try:
        expr.parse(text)
    except ParseError:
        return False
    return True


def neighbours(text: str, alphabet: str) -> set[tuple[str, str]]:
    """Every string one edit away, with the kind of edit."""
    out: set[tuple[str, str]] = set()
    for i in range(len(text) + 1):
        for c in alphabet:
            out.add(("insert", text[:i] + c + text[i:]))
    for i in range(len(text)):
        out.add(("delete", text[:i] + text[i + 1 :]))
        for c in alphabet:
            if c != text[i]:
                out.add(("substitute", text[:i] + c + text[i + 1 :]))
    return out


def brute_force(text: str, costs: dict[str, float], budget: float) -> float | None:
    """The cheapest edit script (by uniform-cost search over strings) up to ``budget``."""
    alphabet = "".join(sorted(set(ALPHABET) | set(text)))
    best = {text: 0.0}
    heap = [(0.0, text)]
    while heap:
        cost, s = heapq.heappop(heap)
        if cost > best[s]:
            continue
        if accepts(s):
            return cost
        for kind, t in neighbours(s, alphabet):
            c = cost + costs[kind]
            if c <= budget + 1e-9 and c < best.get(t, float("inf")):
                best[t] = c
                heapq.heappush(heap, (c, t))
    return None


def apply(text: str, edits: tuple[Edit, ...]) -> str:
    """Apply an edit script (offsets in the original text) independently of the library."""
    out, at = [], 0
    for e in edits:
        out.append(text[at : e.offset])
        out.append(e.new)
        at = e.offset + (len(e.old) if e.kind == "rewrite" else e.kind != "insert")
    out.append(text[at:])
    return "".join(out)


class Weighted(CostModel):
    """Deletions cost 2, substitutions 1.5, insertions 1."""

    def delete_cost(self, char: str) -> float:
        return 2

    def substitute_cost(self, old: str, new: str) -> float:
        return 1.5


UNIT = {"insert": 1.0, "delete": 1.0, "substitute": 1.0}
WEIGHTED = {"insert": 1.0, "delete": 2.0, "substitute": 1.5}
SHORT = ["".join(p) for n in range(4) for p in itertools.product(ALPHABET, repeat=n)]


def check_minimal(text: str, model: CostModel, costs: dict[str, float]) -> None:
    expected = brute_force(text, costs, 3)
    try:
        fixed = repair(expr, text, max_cost=3, cost_model=model)
    except RepairError:
        assert expected is None, text
        return
    assert expected == fixed.cost, text
    assert fixed.text == apply(text, fixed.edits)
    assert fixed.cost == sum(costs[e.kind] for e in fixed.edits)
    assert accepts(fixed.text)


class TestMinimality:
    """The repair cost equals the brute-force minimum over all edit scripts up to cost 3."""

    def test_small_grammar_matches_its_language(self) -> None:
        """The strict parser agrees with a hand-written recogniser of the small grammar."""

        def recognise(s: str) -> bool:  # sum := term ('+' term)*, term := 'a' | '(' sum ')'
            pos = 0

            def term() -> bool:
                nonlocal pos
                if s[pos : pos + 1] == "a":
                    pos += 1
                    return True
                if s[pos : pos + 1] == "(":
                    pos += 1
                    if not total() or s[pos : pos + 1] != ")":
                        return False
                    pos += 1
                    return True
                return False

            def total() -> bool:
                nonlocal pos
                if not term():
                    return False
                while s[pos : pos + 1] == "+":
                    pos += 1
                    if not term():
                        return False
                return True

            return total() and pos == len(s)

        words = ["".join(p) for n in range(7) for p in itertools.product(ALPHABET, repeat=n)]
        assert [recognise(w) for w in words] == [accepts(w) for w in words]

    @pytest.mark.parametrize("text", SHORT)
    def test_unit_costs_short_inputs(self, text: str) -> None:
        """Every input of length <= 3 over the grammar's alphabet: unit-cost minimum."""
        check_minimal(text, CostModel(), UNIT)

    @settings(max_examples=15)
    @given(st.text(alphabet=ALPHABET + "b", min_size=4, max_size=5))
    def test_unit_costs_random_inputs(self, text: str) -> None:
        """Random inputs of length 4-5, with a character outside the grammar: unit-cost minimum."""
        check_minimal(text, CostModel(), UNIT)

    @settings(max_examples=25)
    @given(st.text(alphabet=ALPHABET + "b", max_size=4))
    def test_weighted_costs(self, text: str) -> None:
        """A pluggable cost model (insert 1, delete 2, substitute 1.5): its minimum is found."""
        check_minimal(text, Weighted(), WEIGHTED)


REPAIR_CASES = [
    ("[1,2,3]", "[1,2,3]", 0, []),
    ("[1,2 3]", "[1,23]", 1, ["1:5: deleted ' '"]),  # at a tie: delete, substitute, insert
    ("[1,2,]", "[1,2,0]", 1, ["1:6: inserted '0'"]),  # ties go to the latest edit
    ("[1,2,,]", "[1,2,0]", 1, ["1:6: replaced ',' with '0'"]),
    ("[1,2", "[1,2]", 1, ["1:5: inserted ']'"]),
    ("1,2]", "[1,2]", 1, ["1:1: inserted '['"]),
    ("[1;2]", "[12]", 1, ["1:3: deleted ';'"]),
    ("[1;;2]", "[12]", 2, ["1:3: deleted ';'", "1:4: deleted ';'"]),
    ("", "[]", 2, ["1:1: inserted '['", "1:1: inserted ']'"]),
]


class TestRepair:
    """Tests for `repair` on a small list grammar."""

    @pytest.mark.parametrize(("text", "fixed", "cost", "edits"), REPAIR_CASES)
    def test_cases(self, text: str, fixed: str, cost: int, edits: list[str]) -> None:
        """The repaired text, its cost and the edit script, in `line:col: ...` form."""
        result = ints.repair(text)
        assert (fixed, cost, edits) == (result.text, result.cost, [str(e) for e in result.edits])
        assert ints.parse(fixed) == result.value

    def test_valid_input_is_unchanged(self) -> None:
        """Valid input comes back at cost 0 with its parsed value."""
        assert Repair("[7]", [7], (), 0) == ints.repair("[7]")

    def test_deterministic(self) -> None:
        """The same input always gives the same repair."""
        first = ints.repair("[1 2 3 4")
        assert all(first == ints.repair("[1 2 3 4") for _ in range(5))

    def test_max_cost(self) -> None:
        """No repair within max_cost raises RepairError, which is a ParseError."""
        with pytest.raises(RepairError, match="no repair costs at most 2") as info:
            ints.repair("[[[[", max_cost=2)
        assert isinstance(info.value, ParseError)
        assert (1, 2) == (info.value.line, info.value.column)

    def test_max_steps(self) -> None:
        """The search gives up after max_steps expansions with a clear error."""
        with pytest.raises(RepairError, match="max_steps=50"):
            ints.repair("[1" + " x" * 30, max_cost=100, max_steps=50)

    def test_pathological_input_is_bounded(self) -> None:
        """A long, badly broken input with a huge budget stops at the work bound, not a hang."""
        with pytest.raises(RepairError, match="max_steps=2000 "):
            ints.repair("][" * 200, max_cost=1000, max_steps=2_000)

    def test_cheaper_deletions_change_the_repair(self) -> None:
        """The cost model decides: with cheap deletions the stray character is deleted."""

        class CheapDelete(CostModel):
            def delete_cost(self, char: str) -> float:
                return 0.5

            def lower_bound(self) -> float:
                return 0.5

        assert ["1:3: deleted 'x'"] == [
            str(e) for e in ints.repair("[1x]", cost_model=CheapDelete()).edits
        ]
        costly = CostModel(delete=5)
        assert "[1]" != ints.repair("[1x]", cost_model=costly).text

    def test_cost_below_lower_bound_rejected(self) -> None:
        """A cost model returning less than its lower bound is reported, naming cost_model."""

        class Broken(CostModel):
            def insert_cost(self, char: str) -> float:
                return 0

        with pytest.raises(ValueError, match="cost_model: insert_cost returned 0"):
            ints.repair("[1", cost_model=Broken())

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"max_cost": -1}, "max_cost: expected a number >= 0"),
            ({"max_steps": 0}, "max_steps: expected an int >= 1"),
            ({"cost_model": "unit"}, "cost_model: expected a CostModel"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, Any], message: str) -> None:
        """Bad arguments raise errors naming the argument."""
        with pytest.raises((ValueError, TypeError), match=message):
            ints.repair("[1", **kwargs)

    def test_cost_model_validates(self) -> None:
        """Costs must be finite and positive."""
        with pytest.raises(ValueError, match="delete: costs must be finite and > 0"):
            CostModel(delete=float("inf"))

    def test_deep_repair(self) -> None:
        """Repair of a deeply nested input runs without recursion."""
        depth = 5_000
        fixed = repair(expr, "(" * depth + "a" + ")" * (depth - 1), max_cost=1)
        assert ["1:10001: inserted ')'"] == [str(e) for e in fixed.edits]


class TestNetworkMemo:
    """Tests for the memoised transitions of `Network` and the paused garbage collector."""

    def test_reads_match_the_edges(self) -> None:
        """`reads` gives exactly the targets whose character class holds the character."""
        net = network(ints)
        for state, (chars, _calls, _final) in enumerate(net.summary):
            for char in "[]0,9x ":
                expected = tuple(t for _, cs, t in chars if char in cs)
                assert expected == net.reads(state, char)
                assert expected == net.reads(state, char)  # the memoised answer
                for csid, cs, _t in chars:
                    assert (char in cs) == net.member(csid, char)

    def test_memo_is_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A full memo is cleared, not grown, and answers stay correct after clearing."""
        # The package re-exports the function `repair` under the module's name.
        monkeypatch.setattr(sys.modules["portfolio.swell.repair"], "_MEMO_LIMIT", 4)
        net = Network(ints.compile())
        for char in "0123456789":
            for state in range(len(net.summary)):
                net.reads(state, char)
        assert 4 >= len(net._reads)
        assert ["1:5: inserted ']'"] == [str(e) for e in repair(ints, "[1,2").edits]

    @pytest.mark.parametrize("enabled", [True, False])
    def test_gc_state_restored(self, enabled: bool) -> None:
        """The search pauses the garbage collector and restores its state, even on an error."""
        was = gc.isenabled()
        try:
            gc.enable() if enabled else gc.disable()
            repair(ints, "[1 2]")
            assert enabled == gc.isenabled()
            with pytest.raises(RepairError):
                repair(ints, "[[[[", max_cost=2)
            assert enabled == gc.isenabled()
        finally:
            gc.enable() if was else gc.disable()


# -- token edits and context-dependent costs: brute force over edit scripts -----------------------
class Rich(CostModel):
    """Contexts, token edits and costs that differ by character, on the small grammar.

    The context of a position is whether it follows a '+'. Deleting an 'a' costs 2 (1 after a
    '+'), inserting '(' or ')' 0.75, anything else 1; substitutions cost 1.5. Token edits:
    'b' becomes 'a' (0.5), '[' ... ']' becomes '(' ... ')' (0.5), and 'bb' is dropped (0.25).
    """

    def contexts(self, text: str) -> list[bool]:
        return [p > 0 and text[p - 1] == "+" for p in range(len(text) + 1)]

    def insert_cost_at(self, char: str, context: object) -> float:
        return 0.75 if char in "()" else 1

    def delete_cost_at(self, char: str, context: object) -> float:
        return (1 if context else 2) if char == "a" else 1

    def substitute_cost_at(self, old: str, new: str, context: object) -> float:
        return 1.5

    def token_edits(self, text: str) -> list[TokenEdit]:
        out = [TokenEdit(i, 1, "a", 0.5, "b to a") for i, c in enumerate(text) if c == "b"]
        out += [
            TokenEdit(i, 2, "", 0.25, "drop bb")
            for i in range(len(text) - 1)
            if text[i : i + 2] == "bb"
        ]
        for i, c in enumerate(text):
            j = text.find("]", i)
            if c == "[" and j > i:
                inner = text[i + 1 : j]
                out.append(TokenEdit(i, j - i + 1, "(" + inner + ")", 0.5, "brackets"))
        return out

    def lower_bound(self) -> float:
        return 0.25


RICH_ALPHABET = "a+()b[]"


def brute_force_scripts(text: str, model: CostModel, budget: float) -> float | None:
    """The cheapest edit script by uniform-cost search over (offset, output) pairs.

    Independent of the library's search: every script is a sequence of keeping, inserting,
    deleting or substituting a character, or applying a token edit, left to right over the
    original text, priced by the model with the context of the original offset.
    """
    labels = model.contexts(text)
    assert labels is not None
    tokens: dict[int, list[TokenEdit]] = {}
    for e in model.token_edits(text):
        tokens.setdefault(e.offset, []).append(e)
    alphabet = ALPHABET
    start = (0, "")
    best = {start: 0.0}
    heap = [(0.0, start)]
    n = len(text)
    while heap:
        cost, (i, out) = heapq.heappop(heap)
        if cost > best[(i, out)]:
            continue
        if i == n and accepts(out):
            return cost
        moves: list[tuple[float, tuple[int, str]]] = []
        if len(out) < n + 4:
            moves += [(model.insert_cost_at(c, labels[i]), (i, out + c)) for c in alphabet]
        if i < n:
            c = text[i]
            moves.append((0.0, (i + 1, out + c)))
            moves.append((model.delete_cost_at(c, labels[i]), (i + 1, out)))
            moves += [
                (model.substitute_cost_at(c, d, labels[i]), (i + 1, out + d))
                for d in alphabet
                if d != c
            ]
        moves += [(e.cost, (i + e.length, out + e.replacement)) for e in tokens.get(i, ())]
        for step, node in moves:
            c2 = cost + step
            if c2 <= budget + 1e-9 and c2 < best.get(node, float("inf")):
                best[node] = c2
                heapq.heappush(heap, (c2, node))
    return None


class TestTokenEditMinimality:
    """With contexts and token edits, the repair still costs the brute-force minimum."""

    @settings(max_examples=60, deadline=None)
    @given(st.text(alphabet=RICH_ALPHABET, max_size=5))
    def test_rich_model(self, text: str) -> None:
        """Random inputs over an alphabet the token edits act on: minimum over all scripts."""
        model = Rich()
        expected = brute_force_scripts(text, model, 3)
        try:
            fixed = repair(expr, text, max_cost=3, cost_model=model)
        except RepairError:
            assert expected is None, text
            return
        assert expected == pytest.approx(fixed.cost), text
        assert fixed.text == apply(text, fixed.edits)
        assert accepts(fixed.text)

    @pytest.mark.parametrize(
        ("text", "fixed", "cost"),
        [("b+a", "a+a", 0.5), ("[a+a]", "(a+a)", 0.5), ("abb", "a", 0.25), ("a+", "a", 1)],
    )
    def test_rich_cases(self, text: str, fixed: str, cost: float) -> None:
        """Token edits and the context of a deletion decide the repair."""
        result = repair(expr, text, max_cost=3, cost_model=Rich())
        assert (fixed, cost) == (result.text, result.cost)

    def test_rewrite_edit_is_reported(self) -> None:
        """A token edit appears in the script as a rewrite, with its label."""
        edits = repair(expr, "[a]", cost_model=Rich()).edits
        assert [("rewrite", "[a]", "(a)", "brackets")] == [
            (e.kind, e.old, e.new, e.label) for e in edits
        ]
        assert "1:1: brackets: '[a]' -> '(a)'" == str(edits[0])

    @pytest.mark.parametrize(
        ("edit", "message"),
        [
            (TokenEdit(0, 9, "a", 1), "outside the text"),
            (TokenEdit(0, 1, "b", 1), "does not change the text"),
            (TokenEdit(0, 1, "a", 0.1), "below|at least lower_bound"),
        ],
    )
    def test_bad_token_edits(self, edit: TokenEdit, message: str) -> None:
        """A token edit outside the text, one that changes nothing, or one cheaper than the
        model's lower bound is a ValueError naming the cost model."""

        class Bad(CostModel):
            def token_edits(self, text: str) -> list[TokenEdit]:
                return [edit]

        with pytest.raises(ValueError, match=f"cost_model: .*({message})"):
            repair(expr, "b+", cost_model=Bad())
