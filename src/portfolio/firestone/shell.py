"""The imperative shell: running games between agents, timing them, and the text-mode game.

Everything with a side effect (the clock, standard input and output) lives here, around the
pure core in :mod:`portfolio.firestone.engine`.

Examples
--------
>>> from portfolio.firestone.agents import random_agent
>>> record = play_game((random_agent, random_agent), seed=1)
>>> record.final.over
True
>>> from portfolio.firestone.engine import digest, replay
>>> digest(replay(1, record.actions)) == digest(record.final)
True
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

# typing's alias, not collections.abc: the docs build resolves typing names offline.
from typing import Sequence, TextIO  # noqa: UP035

from portfolio.firestone.agents import AGENTS, Agent
from portfolio.firestone.cards import CARDS, describe
from portfolio.firestone.engine import digest, legal_actions, new_game, step
from portfolio.firestone.rng import derive
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
)

__all__ = [
    "HELP",
    "MAX_PLIES",
    "GameRecord",
    "SimulationReport",
    "play_game",
    "play_text",
    "render",
    "simulate",
]

MAX_PLIES = 20_000
"""A safety net (no game between sane agents comes near this many actions)."""


@dataclass(frozen=True, slots=True)
class GameRecord:
    """One finished game: its seed, every action taken, and the final state."""

    seed: int
    actions: tuple[Action, ...]
    final: GameState


def play_game(agents: tuple[Agent, Agent], seed: int) -> GameRecord:
    """Play one game to the end; agent ``i`` moves for player ``i``.

    Parameters
    ----------
    agents
        The two agents.
    seed
        Seeds the game (:func:`~portfolio.firestone.engine.new_game`) and, through
        :func:`~portfolio.firestone.rng.derive`, every agent decision.

    Returns
    -------
    ~portfolio.firestone.shell.GameRecord
        The seed, the actions and the final state.

    Raises
    ------
    RuntimeError
        If the game passes :data:`MAX_PLIES` actions (an agent that never ends its turn).

    Examples
    --------
    >>> from portfolio.firestone.agents import greedy_agent, random_agent
    >>> play_game((greedy_agent, random_agent), 0).final.winner in (0, 1, None)
    True
    """
    state = new_game(seed)
    actions: list[Action] = []
    while not state.over:
        if len(actions) >= MAX_PLIES:
            raise RuntimeError(f"game {seed} passed {MAX_PLIES} actions without ending")
        action = agents[state.active](state, derive(seed, len(actions), 1))
        state = step(state, action)
        actions.append(action)
    return GameRecord(seed, tuple(actions), state)


@dataclass(frozen=True, slots=True)
class SimulationReport:
    """What :func:`simulate` measured; :meth:`to_json_data` is what the CLI prints."""

    games: int
    seed: int
    agents: tuple[str, str]
    wins: tuple[int, int]
    draws: int
    average_turns: float
    average_actions: float
    seconds: float
    digest: str

    @property
    def games_per_second(self) -> float:
        """Games finished per wall-clock second."""
        return self.games / self.seconds if self.seconds > 0 else float("inf")

    def to_json_data(self) -> dict[str, object]:
        """The report as JSON-ready data, wins keyed by agent name.

        In a mirror match (the same agent twice) the one name holds every win: the agents swap
        seats each game, so the two positions are not told apart.

        Examples
        --------
        >>> report = SimulationReport(4, 0, ("random", "greedy"), (1, 2), 1, 9.0, 30.0, 0.5, "")
        >>> report.to_json_data()["wins"]
        {'random': 1, 'greedy': 2}
        >>> mirror = SimulationReport(4, 0, ("random", "random"), (1, 2), 1, 9.0, 30.0, 0.5, "")
        >>> mirror.to_json_data()["wins"]
        {'random': 3}
        """
        wins: dict[str, int] = {}
        for name, count in zip(self.agents, self.wins, strict=True):
            wins[name] = wins.get(name, 0) + count
        return {
            "games": self.games,
            "seed": self.seed,
            "agents": list(self.agents),
            "wins": wins,
            "draws": self.draws,
            "average_turns": round(self.average_turns, 3),
            "average_actions": round(self.average_actions, 3),
            "games_per_second": round(self.games_per_second, 1),
            "digest": self.digest,
        }


def simulate(
    games: int, seed: int, agents: Sequence[str] = ("random", "random")
) -> SimulationReport:
    """Play ``games`` games between two named agents, alternating who moves first.

    Game ``g`` uses the seed ``derive(seed, g)``; in odd games the second agent sits in the first
    seat. The digest is SHA-256 over the final states' digests in order, so the same arguments
    give the same digest in every run and process (the timing, of course, varies).

    Parameters
    ----------
    games
        How many games, at least 1.
    seed
        The root seed.
    agents
        Two names from :data:`~portfolio.firestone.agents.AGENTS` (a sequence, or one string
        with a comma as on the command line, ``"random,greedy"``).

    Returns
    -------
    ~portfolio.firestone.shell.SimulationReport
        Wins per agent, draws, averages, timing and the digest.

    Raises
    ------
    ValueError
        If ``games`` is not a positive int, ``seed`` is not an int or an agent name is unknown.

    Examples
    --------
    >>> report = simulate(4, seed=9, agents=("random", "greedy"))
    >>> sum(report.wins) + report.draws
    4
    >>> report.digest == simulate(4, seed=9, agents=("random", "greedy")).digest
    True
    """
    if not isinstance(games, int) or isinstance(games, bool) or games < 1:
        raise ValueError(f"games must be a positive int, got {games!r}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed must be an int, got {seed!r}")
    names = tuple(agents.split(",")) if isinstance(agents, str) else tuple(agents)
    if len(names) != 2 or any(name not in AGENTS for name in names):
        known = ", ".join(AGENTS)
        raise ValueError(f"agents must be two of {known}; got {agents!r}")
    wins = [0, 0]
    draws = turns = actions = 0
    hasher = hashlib.sha256()
    start = time.perf_counter()
    for g in range(games):
        seats = (0, 1) if g % 2 == 0 else (1, 0)
        record = play_game((AGENTS[names[seats[0]]], AGENTS[names[seats[1]]]), derive(seed, g))
        final = record.final
        if final.winner is None:
            draws += 1
        else:
            wins[seats[final.winner]] += 1
        turns += final.turn
        actions += len(record.actions)
        hasher.update(digest(final).encode())
    seconds = time.perf_counter() - start
    return SimulationReport(
        games=games,
        seed=seed,
        agents=(names[0], names[1]),
        wins=(wins[0], wins[1]),
        draws=draws,
        average_turns=turns / games,
        average_actions=actions / games,
        seconds=seconds,
        digest=hasher.hexdigest(),
    )


# -- the text-mode game ---------------------------------------------------------------

HELP = """\
Commands:
  play N [TARGET]     play card N from your hand (targets: see below)
  attack M TARGET     attack with your minion M (m1, m2, ... or just 1, 2, ...)
  end                 end your turn
  moves               list every legal move
  help                show this text
  quit                leave the game
Targets: f = the enemy hero (face), h = your hero, e1 e2 ... = enemy minions,
m1 m2 ... = your minions."""

YOU, OPPONENT = 0, 1


def _labels(state: GameState) -> dict[int, str]:
    """uid -> the label a person types, seen from player 0's side."""
    labels = {YOU: "h", OPPONENT: "f"}
    for prefix, player in (("m", YOU), ("e", OPPONENT)):
        for k, m in enumerate(state.players[player].board, start=1):
            labels[m.uid] = f"{prefix}{k}"
    return labels


def _minion_text(m: Minion) -> str:
    tags = [t for t, on in (("Taunt", m.taunt), ("Shield", m.divine_shield)) if on]
    extra = f" [{', '.join(tags)}]" if tags else ""
    return f"{m.card} {m.attack}/{m.health}{extra}"


def _hero_line(who: str, p: Player) -> str:
    return (
        f"{who:<18} health {p.health}  mana {p.mana}/{p.max_mana}"
        f"  hand {len(p.hand)}  deck {len(p.deck)}"
    )


def render(state: GameState, opponent: str = "greedy") -> str:
    """Draw the table as text, from player 0's side (the person).

    Examples
    --------
    >>> print(render(new_game(2)))  # doctest: +ELLIPSIS
    === Turn 1: your move ===
    Opponent (greedy)  health 30  mana 0/0  hand 4  deck 26
      (no minions)
      -------------------------------------------------------
      (no minions)
    You                health 30  mana 1/1  hand 4  deck 26
    Your hand:
      1. ...
    """
    me, opp = state.players[YOU], state.players[OPPONENT]
    title = "your move" if state.active == YOU else "opponent's move"
    if state.over:
        title = "game over"
    lines = [f"=== Turn {state.turn}: {title} ==="]
    lines.append(_hero_line(f"Opponent ({opponent})", opp))
    if opp.board:
        lines.extend(f"  e{k} {_minion_text(m)}" for k, m in enumerate(opp.board, start=1))
    else:
        lines.append("  (no minions)")
    lines.append("  " + "-" * 55)
    if me.board:
        for k, m in enumerate(me.board, start=1):
            ready = "ready" if m.can_attack and m.attack > 0 else "waiting"
            lines.append(f"  m{k} {_minion_text(m)} ({ready})")
    else:
        lines.append("  (no minions)")
    lines.append(_hero_line("You", me))
    lines.append("Your hand:")
    for k, name in enumerate(me.hand, start=1):
        lines.append(f"  {k}. {name}: {describe(CARDS[name])}")
    if not me.hand:
        lines.append("  (empty)")
    return "\n".join(lines)


def _say(state: GameState, action: Action, you: bool) -> str:
    """Describe an action in words, before it is applied (names refer to ``state``)."""
    names = {YOU: "your hero", OPPONENT: "the enemy hero" if you else "their hero"}
    for player in (YOU, OPPONENT):
        for m in state.players[player].board:
            names[m.uid] = m.card
    who, s = ("You", "") if you else ("Opponent", "s")
    if isinstance(action, EndTurn):
        return f"{who} end{s} the turn."
    if isinstance(action, PlayCard):
        card = state.players[state.active].hand[action.hand_index]
        aim = "" if action.target is None else f" on {names[action.target]}"
        return f"{who} play{s} {card}{aim}."
    return f"{who}: {names[action.attacker]} attacks {names[action.target]}."


def _parse_move(text: str, state: GameState) -> Action | str:
    """A typed move as an action, or an error message saying what is wrong."""
    words = text.lower().split()
    labels = {label: uid for uid, label in _labels(state).items()}
    mine = {label[1:]: uid for label, uid in labels.items() if label.startswith("m")}

    def target(word: str) -> int | str:
        uid = labels.get(word)
        if uid is None:
            return f"{word!r} is not a target: use f, h, e1.., m1.."
        return uid

    if words[0] == "end" and len(words) == 1:
        return END_TURN
    if words[0] == "play" and len(words) in (2, 3):
        cards = len(state.players[YOU].hand)
        number = int(words[1]) if words[1].isascii() and words[1].isdigit() else 0
        if not 1 <= number <= cards:
            return f"{words[1]!r} is not a card in your hand: use 1..{cards}"
        if len(words) == 2:
            return PlayCard(number - 1)
        aim = target(words[2])
        return aim if isinstance(aim, str) else PlayCard(number - 1, aim)
    if words[0] == "attack" and len(words) == 3:
        key = words[1].removeprefix("m")
        if not mine:
            return "you have no minions to attack with"
        if key not in mine:
            return f"{words[1]!r} is not one of your minions: use m1..m{len(mine)}"
        aim = target(words[2])
        return aim if isinstance(aim, str) else Attack(mine[key], aim)
    return f"unknown command {text!r}; type help"


def _human(state: GameState, action: Action) -> str:
    """An action in the notation a person types."""
    labels = _labels(state)
    if isinstance(action, EndTurn):
        return "end"
    if isinstance(action, PlayCard):
        aim = "" if action.target is None else f" {labels[action.target]}"
        return f"play {action.hand_index + 1}{aim}"
    return f"attack {labels[action.attacker]} {labels[action.target]}"


def play_text(
    stdin: TextIO,
    stdout: TextIO,
    seed: int = 0,
    opponent: str = "greedy",
    decks: tuple[Sequence[str], Sequence[str]] | None = None,
) -> int:
    """Run a text-mode game: the person (player 0) against an agent, moves read line by line.

    Illegal or unreadable moves print the reason and the game goes on; end of input leaves the
    game cleanly. Commands are read case-insensitively.

    Parameters
    ----------
    stdin, stdout
        Where moves come from and where the table is drawn.
    seed
        The game's seed.
    opponent
        A name from :data:`~portfolio.firestone.agents.AGENTS`.
    decks
        The two decks (the default deck for both if omitted).

    Returns
    -------
    int
        The process exit status: 0.

    Raises
    ------
    ValueError
        If ``opponent`` is not an agent name or ``seed`` is not an int.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> play_text(io.StringIO("play 99\\nquit\\n"), out, seed=2)
    0
    >>> "'99' is not a card in your hand" in out.getvalue()
    True
    """
    agent = AGENTS.get(opponent)
    if agent is None:
        raise ValueError(f"opponent must be one of {', '.join(AGENTS)}; got {opponent!r}")
    state = new_game(seed, decks)
    decisions = 0

    def show(text: str) -> None:
        print(text, file=stdout, flush=True)

    show(f"Firestone: you against the {opponent} agent (seed {seed}). Type help for commands.")
    show(render(state, opponent))
    while not state.over:
        if state.active == OPPONENT:
            action = agent(state, derive(seed, decisions, 2))
            decisions += 1
            show(_say(state, action, you=False))
            state = step(state, action)
            if isinstance(action, EndTurn) or state.over:
                show(render(state, opponent))
            continue
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            show("\nEnd of input: leaving the game.")
            return 0
        text = line.strip()
        command = text.lower()
        if not text:
            continue
        if command in ("quit", "exit"):
            show("Bye.")
            return 0
        if command == "help":
            show(HELP)
            continue
        if command == "moves":
            show("Legal moves: " + ", ".join(_human(state, a) for a in legal_actions(state)))
            continue
        move = _parse_move(text, state)
        if isinstance(move, str):
            show(f"Can't read that: {move}")
            continue
        try:
            after = step(state, move)
        except IllegalAction as error:
            show(f"Illegal move: {error}")
            continue
        show(_say(state, move, you=True))
        state = after
        if not isinstance(move, EndTurn):
            show(render(state, opponent))
    if state.winner is None:
        show("Draw: both heroes fell at once.")
    else:
        show("You win!" if state.winner == YOU else "You lose.")
    return 0
