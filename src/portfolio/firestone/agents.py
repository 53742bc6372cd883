"""Agents: pure functions from a state and a seed to an action.

An agent gets the state and a 64-bit seed (the shell derives a fresh one for every decision)
and returns one of :func:`~portfolio.firestone.engine.legal_actions`. Agents hold no state, so a
game between two agents is a pure function of its seed.

Examples
--------
>>> from portfolio.firestone.engine import legal_actions, new_game
>>> state = new_game(3)
>>> random_agent(state, 11) in legal_actions(state)
True
>>> greedy_agent(state, 0) in legal_actions(state)
True
"""

from __future__ import annotations

from types import MappingProxyType

# typing's aliases, not collections.abc: the docs build resolves typing names offline.
from typing import Callable, Mapping  # noqa: UP035

from portfolio.firestone.engine import legal_actions, step
from portfolio.firestone.rng import randbelow
from portfolio.firestone.state import END_TURN, Action, EndTurn, GameState, Minion

__all__ = ["AGENTS", "WIN_SCORE", "Agent", "evaluate", "greedy_agent", "random_agent"]

Agent = Callable[[GameState, int], Action]
"""The agent signature, ``agent(state, seed) -> action``."""

WIN_SCORE = 1_000_000.0
"""The evaluation of a won game (a lost one is its negation, a draw 0)."""


def random_agent(state: GameState, seed: int) -> Action:
    """Pick a legal action uniformly at random.

    Parameters
    ----------
    state
        A state whose game is not over.
    seed
        The randomness for this decision.

    Returns
    -------
    .EndTurn or .PlayCard or .Attack
        One of ``legal_actions(state)``.

    Raises
    ------
    ValueError
        If the game is over (there is nothing to choose).

    Examples
    --------
    >>> from portfolio.firestone.engine import new_game
    >>> random_agent(new_game(3), 5) == random_agent(new_game(3), 5)
    True
    """
    actions = legal_actions(state)
    if not actions:
        raise ValueError("state: the game is over, there is no action to choose")
    return actions[randbelow(seed, len(actions))[1]]


def evaluate(state: GameState, player: int) -> float:
    """Score a state from ``player``'s side: higher is better for them.

    Parameters
    ----------
    state
        Any state.
    player
        0 or 1.

    Returns
    -------
    float
        :data:`WIN_SCORE` for a win, its negation for a loss, 0 for a draw; otherwise the hero
        health difference plus each side's board (attack + health, with bonuses for Taunt and
        Divine Shield) and a little for cards in hand.

    Examples
    --------
    >>> from portfolio.firestone.engine import new_game
    >>> evaluate(new_game(3), 0) == -evaluate(new_game(3), 1)
    True
    """
    if state.over:
        if state.winner is None:
            return 0.0
        return WIN_SCORE if state.winner == player else -WIN_SCORE
    me = state.players[player]
    opp = state.players[1 - player]
    return (
        (me.health - opp.health)
        + 2.0 * (_board_value(me.board) - _board_value(opp.board))
        + 0.5 * (len(me.hand) - len(opp.hand))
    )


def _board_value(board: tuple[Minion, ...]) -> float:
    total = 0.0
    for m in board:
        total += m.attack + m.health + 2.0 * m.taunt + 1.5 * m.divine_shield
    return total


def greedy_agent(state: GameState, seed: int) -> Action:
    """Play the action whose immediate result evaluates best; end the turn when nothing helps.

    Every non-ending action is tried with :func:`~portfolio.firestone.engine.step` and scored
    with :func:`evaluate`; the best one is taken if it beats the current score, otherwise the
    agent ends its turn. Ties go to the earliest action, so the agent ignores ``seed``.

    Parameters
    ----------
    state
        A state whose game is not over.
    seed
        Unused (the agent is deterministic); present for the :data:`Agent` signature.

    Returns
    -------
    .EndTurn or .PlayCard or .Attack
        One of ``legal_actions(state)``.

    Raises
    ------
    ValueError
        If the game is over.

    Notes
    -----
    Complexity: one :func:`~portfolio.firestone.engine.step` per legal action.

    Examples
    --------
    >>> from portfolio.firestone.engine import new_game, step
    >>> from portfolio.firestone.state import PlayCard
    >>> state = new_game(1, (["Firebolt"] * 9, ["Ember Whelp"] * 9), shuffle_decks=False)
    >>> state = step(step(step(state, END_TURN), END_TURN), END_TURN)  # player 1 to move
    >>> state = step(step(state, PlayCard(0)), END_TURN)  # player 1 plays a whelp
    >>> state.players[0].mana
    3
    >>> str(greedy_agent(state, 0))  # killing the whelp (uid 2) scores above 4 face damage
    'play 0 @2'
    """
    actions = legal_actions(state)
    if not actions:
        raise ValueError("state: the game is over, there is no action to choose")
    me = state.active
    best: Action = END_TURN
    best_score = evaluate(state, me)
    for action in actions:
        if isinstance(action, EndTurn):
            continue
        score = evaluate(step(state, action), me)
        if score > best_score:
            best, best_score = action, score
    return best


AGENTS: Mapping[str, Agent] = MappingProxyType({"random": random_agent, "greedy": greedy_agent})
"""The agents by the names the command line uses."""
