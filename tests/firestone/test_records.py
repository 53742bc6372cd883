"""Tests for how records are built: keyword-only, rebuilt in one place, ``over``/``winner`` kept."""

from __future__ import annotations

import ast
import copy
import dataclasses
import inspect
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import portfolio.firestone
from portfolio.firestone import END_TURN, Attack, GameState, Minion, PlayCard, Player, step
from portfolio.firestone import engine as E
from portfolio.firestone.state import _slot_init
from tests.firestone.tables import minion, side, table

RECORDS = (Minion, Player, GameState)
PACKAGE = Path(portfolio.firestone.__file__).parent
SURGERY = "# -- record surgery"


def distinct_values(cls: type) -> dict[str, object]:
    """A value for every field, each a different object, so a swapped store shows."""
    return {f.name: (i, f.name) for i, f in enumerate(dataclasses.fields(cls))}


class TestKeywordOnly:
    """The records take keyword arguments only, and store each where it belongs."""

    @pytest.mark.parametrize("cls", RECORDS)
    def test_positional_construction_is_refused(self, cls: type) -> None:
        """Passing fields by position raises TypeError, so two int fields cannot be swapped."""
        values = list(distinct_values(cls).values())
        with pytest.raises(TypeError, match="positional argument"):
            cls(*values)

    @pytest.mark.parametrize("cls", RECORDS)
    def test_every_field_round_trips(self, cls: type) -> None:
        """Each keyword lands in its own field (no swap in the generated __init__)."""
        values = distinct_values(cls)
        record = cls(**values)
        assert values == {name: getattr(record, name) for name in values}

    @pytest.mark.parametrize("cls", RECORDS)
    def test_signature_matches_the_fields(self, cls: type) -> None:
        """__init__ has exactly the fields, keyword-only, with the fields' defaults."""
        params = list(inspect.signature(cls).parameters.values())
        fields = dataclasses.fields(cls)
        assert [f.name for f in fields] == [p.name for p in params]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
        defaults = [inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
                    for f in fields]  # fmt: skip
        assert defaults == [p.default for p in params]

    @pytest.mark.parametrize("cls", RECORDS)
    def test_missing_and_unknown_fields_are_refused(self, cls: type) -> None:
        """Leaving out a required field, or naming one that does not exist, raises TypeError."""
        values = distinct_values(cls)
        first = next(iter(values))
        with pytest.raises(TypeError, match=first):
            cls(**{k: v for k, v in values.items() if k != first})
        with pytest.raises(TypeError, match="colour"):
            cls(**values, colour=1)

    def test_records_stay_frozen_and_value_like(self) -> None:
        """Frozen, equal by value, hashable, copyable, picklable and replace-able as before."""
        state = table(side(board=[minion(2, "Kiln Guard")], hand=["Spark"]), side())
        with pytest.raises(dataclasses.FrozenInstanceError):
            state.turn = 6  # type: ignore[misc]
        with pytest.raises(dataclasses.FrozenInstanceError):
            state.players[0].board[0].health = 9  # type: ignore[misc]
        assert state == copy.deepcopy(state) == pickle.loads(pickle.dumps(state))
        assert hash(state) == hash(copy.deepcopy(state))
        later = dataclasses.replace(state, turn=6)
        assert (6, state.players, state.rng) == (later.turn, later.players, later.rng)

    @pytest.mark.parametrize(
        ("decorator", "message"),
        [
            (dataclasses.dataclass(frozen=True, kw_only=True), "frozen, slotted"),
            (dataclasses.dataclass(slots=True, kw_only=True), "frozen, slotted"),
            (dataclasses.dataclass(frozen=True, slots=True), "keyword-only"),
        ],
    )
    def test_slot_init_refuses_other_dataclasses(
        self, decorator: Callable[[type], type], message: str
    ) -> None:
        """The fast __init__ is only for frozen, slotted, keyword-only dataclasses."""

        class Point:
            x: int
            y: int = 0

        with pytest.raises(TypeError, match=message):
            _slot_init(decorator(Point))


def record_calls() -> list[tuple[Path, ast.Call, str]]:
    """Every call of a record class in the package, with the function it sits in."""
    names = {cls.__name__ for cls in RECORDS}
    found: list[tuple[Path, ast.Call, str]] = []

    def visit(node: ast.AST, path: Path, where: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            where = node.name
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            found.append((path, node, where))
        for child in ast.iter_child_nodes(node):
            visit(child, path, where)

    for path in sorted(PACKAGE.glob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), path, "<module>")
    return found


def surgery_lines() -> range:
    """The line numbers of engine.py's record-surgery section (to the next section header)."""
    lines = (PACKAGE / "engine.py").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines, 1) if line.startswith(SURGERY))
    end = next(i for i, line in enumerate(lines, 1) if i > start and line.startswith("# -- "))
    return range(start, end)


class TestRecordSurgery:
    """Every record is built in engine.py's record-surgery section, as its comment says."""

    def test_constructions_are_found(self) -> None:
        """The scan sees the engine's builders (so an empty scan cannot pass the tests below)."""
        kinds = {node.func.id for _, node, _ in record_calls()}  # type: ignore[attr-defined]
        assert {"Minion", "Player", "GameState"} == kinds

    def test_every_construction_is_in_the_section(self) -> None:
        """No module builds a record outside the section the comment names."""
        section = surgery_lines()
        outside = [
            f"{path.name}:{node.lineno} in {func}"
            for path, node, func in record_calls()
            if path.name != "engine.py" or node.lineno not in section
        ]
        assert [] == outside

    def test_every_construction_names_every_field(self) -> None:
        """Each construction passes all fields by keyword (no positional, no ** unpacking)."""
        for path, node, func in record_calls():
            cls = getattr(portfolio.firestone, node.func.id)  # type: ignore[attr-defined]
            where = f"{path.name}:{node.lineno} in {func}"
            assert [] == node.args, where
            names = [k.arg for k in node.keywords]
            assert [f.name for f in dataclasses.fields(cls)] == names, where

    def test_only_ended_sets_over(self) -> None:
        """Every GameState construction copies over and winner, except the opening and _ended."""
        for path, node, func in record_calls():
            if node.func.id != "GameState":  # type: ignore[attr-defined]
                continue
            given = {k.arg: ast.unparse(k.value) for k in node.keywords}
            where = f"{path.name}:{node.lineno} in {func}"
            if func == "_opening_state":
                assert ("False", "None") == (given["over"], given["winner"]), where
            elif func == "_ended":
                assert ("True", "winner") == (given["over"], given["winner"]), where
            else:
                assert ("state.over", "state.winner") == (given["over"], given["winner"]), where


def finished() -> GameState:
    """A game player 0 has won (player 1's hero is at 0), with cards and minions on both sides."""
    me = side(
        board=[minion(2, "Tinder Fox"), minion(4, "Smelter Golem", ready=False)],
        hand=["Spark", "Ember Whelp", "Cooling Salve"],
        health=12,
    )
    them = side(board=[minion(3, "Kiln Guard")], deck=[], health=0, fatigue=2)
    return table(me, them, over=True, winner=0)


def hurt(state: GameState) -> GameState:
    """Mark the Smelter Golem as dead (health 0), to be resolved by _resolve_deaths."""
    return E._update_minion(state, 4, E._hurter(3))


# Every internal transition that rebuilds the state, applied to a finished game.
TRANSITIONS: dict[str, Callable[[GameState], GameState]] = {
    "_with_player": lambda s: E._with_player(s, 0, E._with_health(s.players[0], 11)),
    "_with_players": lambda s: E._with_players(s, (s.players[1], s.players[0])),
    "_with_rng": lambda s: E._with_rng(s, 99),
    "_with_next_uid": lambda s: E._with_next_uid(s, 50),
    "_turn_passed": E._turn_passed,
    "_start_turn": E._start_turn,
    "_draw (card)": lambda s: E._draw(s, 0),
    "_draw (fatigue)": lambda s: E._draw(s, 1),
    "_summon": lambda s: E._summon(s, 0, "Slag Mite"),
    "_damage (hero)": lambda s: E._damage(s, 0, 2),
    "_damage (minion)": lambda s: E._damage(s, 3, 1),
    "_heal (hero)": lambda s: E._heal(s, 0, 5),
    "_update_minion (buff)": lambda s: E._update_minion(s, 2, E._buffer(1, 1)),
    "_resolve_deaths (with a Deathrattle)": lambda s: E._resolve_deaths(hurt(s)),
    "_resolve_targets (random)": lambda s: E._resolve_targets(
        s, E.Target.RANDOM_ENEMY, 0, None, None
    )[0],
    "_play (spell)": lambda s: E._play(s, PlayCard(0, target=3)),
    "_play (minion)": lambda s: E._play(s, PlayCard(1)),
    "_attack": lambda s: E._attack(s, Attack(2, 3)),
}


class TestOverAndWinnerSurvive:
    """No rebuild silently resets over or winner."""

    @pytest.mark.parametrize("name", list(TRANSITIONS))
    def test_internal_transition_keeps_the_outcome(self, name: str) -> None:
        """Each transition applied to a won game changes the game but keeps over and winner."""
        before = finished()
        after = TRANSITIONS[name](before)
        assert after != before, "the transition must change something for the test to mean it"
        assert (True, 0) == (after.over, after.winner)

    def test_draw_outcome_kept(self) -> None:
        """A drawn game (winner None) stays a draw through a rebuild."""
        drawn = table(side(health=0), side(health=-1), over=True, winner=None)
        after = E._with_rng(E._turn_passed(drawn), 5)
        assert (True, None) == (after.over, after.winner)

    def test_effects_after_the_killing_blow(self) -> None:
        """A hero killed by the first of three random hits still takes the other two.

        Scatter Sparks hits a random enemy three times; with no enemy minion, each hit is the
        hero. The state is rebuilt four more times after the first hit (the generator moves and
        the hero is hit again), and the step still ends the game.
        """
        state = table(side(hand=["Scatter Sparks"]), side(health=1))
        after = step(state, PlayCard(0))
        after._check()
        assert (True, 0, -2) == (after.over, after.winner, after.players[1].health)

    def test_deathrattle_goes_on_after_a_summon(self) -> None:
        """Phoenix Ember's Deathrattle summons a Reborn Cinder, then kills the enemy hero."""
        phoenix = minion(2, "Phoenix Ember", health=1)
        state = table(side(board=[phoenix]), side(board=[minion(3, "Spark Imp")], health=3))
        after = step(state, Attack(2, 3))
        after._check()
        assert (True, 0) == (after.over, after.winner)
        assert ["Reborn Cinder"] == [m.card for m in after.players[0].board]

    @pytest.mark.parametrize(
        ("name", "me", "them", "action", "outcome"),
        [
            ("spell", side(hand=["Firebolt"]), side(health=4), PlayCard(0, target=1), 0),
            (
                "Battlecry",
                side(hand=["Flint Archer"]),
                side(health=1),
                PlayCard(0, target=1),
                0,
            ),
            ("attack", side(board=[minion(2, "Spark Imp")]), side(health=3), Attack(2, 1), 0),
            ("fatigue at the turn's start", side(deck=[]), side(deck=[], health=1), END_TURN, 0),
            (
                "Deathrattle on both heroes",
                side(board=[minion(3, "Phoenix Ember", health=1)], health=2),
                side(board=[minion(2, "Tinder Fox")], health=3),
                Attack(3, 2),
                None,
            ),
        ],
    )
    def test_every_kind_of_ending_step(
        self, name: str, me: Player, them: Player, action: object, outcome: int | None
    ) -> None:
        """Whichever kind of step ends the game, the result says over with the right winner.

        The finished state then keeps it: no action is legal, and a replay-style rebuild of the
        same state (every field through the constructor) gives an equal state.
        """
        after = step(table(me, them), action)  # type: ignore[arg-type]
        after._check()
        assert (True, outcome) == (after.over, after.winner), name
        assert () == E.legal_actions(after)
        assert after == dataclasses.replace(after)
