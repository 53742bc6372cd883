"""Tests for the agents and the simulation driver."""

from __future__ import annotations

import pytest

from portfolio.firestone import (
    END_TURN,
    PlayCard,
    evaluate,
    greedy_agent,
    legal_actions,
    new_game,
    play_game,
    random_agent,
    simulate,
    step,
)
from portfolio.firestone.agents import WIN_SCORE
from portfolio.firestone.rng import derive
from tests.firestone.tables import minion, side, table


class TestAgents:
    """Tests for `random_agent`, `greedy_agent` and `evaluate`."""

    def test_agents_choose_legal_actions(self) -> None:
        """Both agents only ever return legal actions, through whole games."""
        for agents in ((random_agent, greedy_agent), (greedy_agent, random_agent)):
            state, ply = new_game(3), 0
            while not state.over:
                action = agents[state.active](state, derive(3, ply))
                assert action in legal_actions(state)
                state, ply = step(state, action), ply + 1

    def test_random_agent_uses_its_seed(self) -> None:
        """Different seeds pick different actions, the same seed the same action."""
        state = table(side(hand=["Spark", "Firebolt", "Ember Whelp"]), side())
        picks = {random_agent(state, seed) for seed in range(100)}
        assert set(legal_actions(state)) == picks
        assert random_agent(state, 5) == random_agent(state, 5)

    def test_greedy_takes_lethal(self) -> None:
        """Greedy plays the spell that wins the game over anything else."""
        state = table(side(hand=["Ember Whelp", "Firebolt"]), side(health=4))
        assert PlayCard(1, target=1) == greedy_agent(state, 0)

    def test_greedy_ends_turn_when_nothing_helps(self) -> None:
        """With no playable card and no attacker, greedy ends its turn."""
        state = table(side(hand=["Crucible Titan"], mana=2), side())
        assert END_TURN == greedy_agent(state, 0)

    def test_evaluate_scores_wins_and_losses(self) -> None:
        """A won game scores WIN_SCORE for the winner and its negation for the loser."""
        state = table(side(hand=["Firebolt"]), side(health=4))
        won = step(state, PlayCard(0, target=1))
        assert (WIN_SCORE, -WIN_SCORE) == (evaluate(won, 0), evaluate(won, 1))

    def test_evaluate_prefers_a_bigger_board(self) -> None:
        """More minions on your side is better for you."""
        small = table(side(board=[minion(2, "Ember Whelp")]), side())
        big = table(side(board=[minion(2, "Ember Whelp"), minion(3, "Anvil Brute")]), side())
        assert evaluate(big, 0) > evaluate(small, 0)

    def test_agents_refuse_finished_games(self) -> None:
        """Asking an agent to move in a finished game is a clear error."""
        won = step(table(side(hand=["Firebolt"]), side(health=4)), PlayCard(0, target=1))
        for agent in (random_agent, greedy_agent):
            with pytest.raises(ValueError, match="state: the game is over"):
                agent(won, 0)


class TestSimulate:
    """Tests for `play_game` and `simulate`."""

    def test_greedy_beats_random(self) -> None:
        """Over 20 games, alternating seats, greedy wins at least 18."""
        report = simulate(20, seed=2, agents=("greedy", "random"))
        assert report.wins[0] >= 18, report

    def test_random_mirror_is_balanced(self) -> None:
        """Random against random: each seat wins some of 40 games, and the counts add up."""
        report = simulate(40, seed=2)
        assert 40 == sum(report.wins) + report.draws
        assert min(report.wins) >= 10, report

    def test_same_arguments_same_digest(self) -> None:
        """The digest depends only on the arguments; a different seed changes it."""
        a = simulate(6, seed=8, agents=("random", "greedy"))
        b = simulate(6, seed=8, agents=("random", "greedy"))
        c = simulate(6, seed=9, agents=("random", "greedy"))
        assert a.digest == b.digest
        assert a.digest != c.digest
        assert (a.wins, a.draws, a.average_turns) == (b.wins, b.draws, b.average_turns)

    def test_games_end(self) -> None:
        """Every simulated game ends with a result."""
        record = play_game((random_agent, random_agent), seed=123)
        assert record.final.over
        assert len(record.actions) > 0

    @pytest.mark.parametrize(
        ("games", "agents", "message"),
        [
            (0, ("random", "random"), "games must be a positive int"),
            (3, ("random", "smart"), "agents must be two of random, greedy"),
            (-2, ("random", "random"), "games must be a positive int, got -2"),
            (True, ("random", "random"), "games must be a positive int, got True"),
            (2, "random,smart", "agents must be two of random, greedy; got 'random,smart'"),
            (2, ("random",), r"agents must be two of random, greedy; got \('random',\)"),
        ],
    )
    def test_bad_arguments(self, games: int, agents: tuple[str, str], message: str) -> None:
        """Bad arguments are rejected with a message naming the argument."""
        with pytest.raises(ValueError, match=message):
            simulate(games, 0, agents)

    def test_bad_seed(self) -> None:
        """A seed that is not an int is rejected naming the argument."""
        with pytest.raises(ValueError, match="seed must be an int, got '7'"):
            simulate(2, "7")  # type: ignore[arg-type]

    def test_agents_as_command_line_text(self) -> None:
        """``"random,greedy"`` names the same two agents as the tuple form."""
        text = simulate(2, seed=4, agents="random,greedy")
        pair = simulate(2, seed=4, agents=("random", "greedy"))
        assert (pair.agents, pair.digest) == (text.agents, text.digest)
