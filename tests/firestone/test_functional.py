"""Tests for the functional core: purity, structural sharing, replay and the digest."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from portfolio.firestone import (
    END_TURN,
    Action,
    Attack,
    GameState,
    IllegalAction,
    PlayCard,
    digest,
    greedy_agent,
    legal_actions,
    new_game,
    parse_action,
    play_game,
    random_agent,
    replay,
    step,
)
from portfolio.firestone.rng import derive
from tests.firestone.tables import minion, side, table


class FirestoneMachine(RuleBasedStateMachine):
    """Drive random legal (and illegal) actions; check the invariants after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.state = new_game(0)
        self.seed = 0
        self.actions: list[Action] = []

    @initialize(seed=st.integers(min_value=0, max_value=2**64 - 1), warmup=st.integers(0, 150))
    def start(self, seed: int, warmup: int) -> None:
        """Start a game and fast-forward it with random play, checking every state on the way."""
        self.seed = seed
        self.state = new_game(seed)
        self.state._check()
        for ply in range(warmup):
            if self.state.over:
                break
            self.apply(random_agent(self.state, derive(seed, ply)))

    def apply(self, action: Action) -> None:
        before = digest(self.state)
        after = step(self.state, action)
        assert before == digest(self.state), "step mutated its input"
        after._check()
        self.actions.append(action)
        self.state = after

    @precondition(lambda self: not self.state.over)
    @rule(data=st.data())
    def legal(self, data: st.DataObject) -> None:
        """Any legal action is accepted."""
        self.apply(data.draw(st.sampled_from(legal_actions(self.state))))

    @rule(
        action=st.one_of(
            st.builds(PlayCard, st.integers(-1, 11), st.none() | st.integers(-1, 40)),
            st.builds(Attack, st.integers(-1, 40), st.integers(-1, 40)),
        )
    )
    def arbitrary(self, action: Action) -> None:
        """An arbitrary action is accepted exactly when it is legal, and refused with a reason."""
        before = digest(self.state)
        if action in legal_actions(self.state):
            self.apply(action)
            return
        with pytest.raises(IllegalAction, match=r"\w+"):
            step(self.state, action)
        assert before == digest(self.state)

    @invariant()
    def replays(self) -> None:
        """Replaying the recorded actions from the seed reaches the same digest."""
        if len(self.actions) % 25 == 0:
            assert digest(self.state) == digest(replay(self.seed, self.actions))


FirestoneMachine.TestCase.settings = settings(
    max_examples=50, stateful_step_count=50, deadline=None
)
TestFirestoneMachine = FirestoneMachine.TestCase


def _parts(state: GameState) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for i, p in enumerate(state.players):
        out.extend(
            (f"{i}.{name}", getattr(p, name)) for name in ("deck", "hand", "board", "graveyard")
        )
        out.extend((f"{i}.minion{m.uid}", m) for m in p.board)
        out.append((f"{i}", p))
    return out


class TestSharing:
    """Tests that steps share every unchanged part of the state instead of copying it."""

    def test_equal_parts_are_the_same_objects(self) -> None:
        """Over whole random games, any player, deck, hand, board or minion that a step leaves
        equal is the very same object afterwards."""
        for game in range(4):
            state = new_game(game)
            ply = 0
            while not state.over:
                after = step(state, random_agent(state, derive(game, ply)))
                old = dict(_parts(state))
                for key, value in _parts(after):
                    if key in old and old[key] == value:
                        assert old[key] is value, (key, ply)
                state, ply = after, ply + 1

    def test_spell_to_face_touches_one_path(self) -> None:
        """A spell at the enemy hero rebuilds two players but shares both boards and decks."""
        state = table(
            side(board=[minion(2, "Spark Imp")], hand=["Spark"]),
            side(board=[minion(3, "Kiln Guard")]),
        )
        after = step(state, PlayCard(0, target=1))
        for before_p, after_p in zip(state.players, after.players, strict=True):
            assert before_p.board is after_p.board
            assert before_p.deck is after_p.deck
        assert state.players[1].hand is after.players[1].hand

    def test_attack_shares_bystanders(self) -> None:
        """An attack rebuilds the two fighters and shares every other minion."""
        mine = [minion(2, "Crucible Titan"), minion(4, "Ember Whelp")]
        theirs = [minion(3, "Kiln Guard"), minion(5, "Bastion Warden")]
        state = table(side(board=mine), side(board=theirs))
        after = step(state, Attack(2, 3))  # the guard dies, the titan survives
        assert [6, 2] == [m.health for m in after.players[0].board]
        assert state.players[0].board[1] is after.players[0].board[1]
        assert state.players[1].board[1] is after.players[1].board[0]
        assert state.players[0].hand is after.players[0].hand

    def test_end_turn_shares_the_waiting_player(self) -> None:
        """Ending the turn leaves the player who ended it untouched (the same object)."""
        state = new_game(4)
        after = step(state, END_TURN)
        assert state.players[0] is after.players[0]


class TestReplay:
    """Tests for replay and the digest."""

    def test_replay_reaches_the_recorded_state(self) -> None:
        """Replaying a recorded game from its seed gives the identical final state and digest."""
        record = play_game((random_agent, random_agent), seed=77)
        again = replay(77, record.actions)
        assert record.final == again
        assert digest(record.final) == digest(again)

    def test_action_notation_round_trips(self) -> None:
        """Every action of a recorded game survives str() and parse_action()."""
        record = play_game((random_agent, random_agent), seed=78)
        assert list(record.actions) == [parse_action(str(a)) for a in record.actions]

    @pytest.mark.parametrize("text", [None, 3, b"end"])
    def test_parse_action_refuses_non_text(self, text: object) -> None:
        """parse_action raises ValueError naming the argument for anything but a string."""
        with pytest.raises(ValueError, match="text must be a str"):
            parse_action(text)  # type: ignore[arg-type]

    def test_digest_is_stable_across_processes(self) -> None:
        """Processes with different hash seeds compute the same digest for the same game."""
        code = (
            "import json; from portfolio.firestone import *; "
            "r = play_game((random_agent, greedy_agent), 5); "
            "print(json.dumps([digest(r.final), [str(a) for a in r.actions]]))"
        )
        outputs = []
        for hash_seed in ("1", "2"):
            env = {**os.environ, "PYTHONHASHSEED": hash_seed}
            proc = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
            )
            outputs.append(json.loads(proc.stdout))
        assert outputs[0] == outputs[1]
        here = play_game((random_agent, greedy_agent), 5)
        assert outputs[0][0] == digest(here.final)

    def test_digest_sees_every_change(self) -> None:
        """States differing only in the generator state or a minion's flag digest differently."""
        state = table(side(board=[minion(2, "Spark Imp")]), side())
        other_rng = table(side(board=[minion(2, "Spark Imp")]), side(), rng=1)
        asleep = table(side(board=[minion(2, "Spark Imp", ready=False)]), side())
        assert len({digest(state), digest(other_rng), digest(asleep)}) == 3
