"""portfolio.firestone: a small card-game engine with a functional core.

A Python re-implementation written for this site, not the original code: the original, Firestone,
was a Hearthstone clone in Clojure. Immutable state (frozen dataclasses and tuples, unchanged parts
shared), a pure :func:`step`, card effects as data, the random-number generator inside the state,
replay and a stable digest, two agents and a command line (``python -m portfolio.firestone``).

Examples
--------
>>> from portfolio.firestone import END_TURN, digest, legal_actions, new_game, replay, step
>>> state = new_game(seed=42)
>>> actions = []
>>> while not state.over and state.turn < 4:
...     action = legal_actions(state)[-1]
...     actions.append(action)
...     state = step(state, action)
>>> digest(replay(42, actions)) == digest(state)
True
"""

from __future__ import annotations

from portfolio.firestone.agents import AGENTS, Agent, evaluate, greedy_agent, random_agent
from portfolio.firestone.cards import CARD_LIST, CARDS, DEFAULT_DECK, Card, describe
from portfolio.firestone.engine import digest, legal_actions, new_game, replay, step, to_data
from portfolio.firestone.shell import GameRecord, SimulationReport, play_game, simulate
from portfolio.firestone.state import (
    END_TURN,
    Action,
    Attack,
    EndTurn,
    GameState,
    IllegalAction,
    Minion,
    PlayCard,
    Player,
    parse_action,
)

__all__ = [
    "AGENTS",
    "CARDS",
    "CARD_LIST",
    "DEFAULT_DECK",
    "END_TURN",
    "Action",
    "Agent",
    "Attack",
    "Card",
    "EndTurn",
    "GameRecord",
    "GameState",
    "IllegalAction",
    "Minion",
    "PlayCard",
    "Player",
    "SimulationReport",
    "describe",
    "digest",
    "evaluate",
    "greedy_agent",
    "legal_actions",
    "new_game",
    "parse_action",
    "play_game",
    "random_agent",
    "replay",
    "simulate",
    "step",
    "to_data",
]
