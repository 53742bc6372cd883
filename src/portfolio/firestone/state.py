"""The game's values: minions, players, the game state and the actions, all immutable.

Every record is a frozen, slotted dataclass and every collection a tuple, so a state can be
shared freely: a transition builds new records only along the path it changes and reuses
(by reference) everything else. :class:`Minion`, :class:`Player` and :class:`GameState` are
keyword-only: a construction names every field, so two fields of the same type (``mana`` and
``max_mana``, ``attack`` and ``health``) cannot be swapped by position. The engine rebuilds
them only in its record helpers (:mod:`portfolio.firestone.engine`, "record surgery").

Characters are named by small integers (*uids*): ``0`` and ``1`` are the two heroes, and every
minion gets the next free uid when it is summoned, so uids also record play order.

Examples
--------
>>> Attack(attacker=5, target=1)
Attack(attacker=5, target=1)
>>> Minion(uid=2, card="Spark Imp", attack=3, health=2, max_health=2).health
2
>>> Minion(2, "Spark Imp", 3, 2, 2)
Traceback (most recent call last):
...
TypeError: Minion.__init__() takes 1 positional argument but 6 were given
>>> str(PlayCard(2, target=1)), str(END_TURN)
('play 2 @1', 'end')
>>> parse_action("attack 5 @1")
Attack(attacker=5, target=1)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from portfolio.firestone.cards import CARDS

__all__ = [
    "BOARD_LIMIT",
    "END_TURN",
    "HAND_LIMIT",
    "HERO_HEALTH",
    "MANA_LIMIT",
    "Action",
    "Attack",
    "EndTurn",
    "GameState",
    "IllegalAction",
    "Minion",
    "PlayCard",
    "Player",
    "parse_action",
]

HERO_HEALTH = 30
"""Each hero's starting and maximum health."""
MANA_LIMIT = 10
"""Mana crystals grow by one a turn up to this many."""
HAND_LIMIT = 10
"""A card drawn into a full hand is burned (it goes straight to the graveyard)."""
BOARD_LIMIT = 7
"""At most this many minions per side."""


class IllegalAction(ValueError):
    """An action the rules do not allow in this state; the message says why."""


_R = TypeVar("_R")


def _slot_init(cls: type[_R]) -> type[_R]:
    """Give a frozen, slotted, keyword-only dataclass an ``__init__`` that writes slots directly.

    The ``__init__`` that ``dataclass(frozen=True)`` generates stores each field through
    ``object.__setattr__``, which costs as much as the rest of a small record's construction
    together; the engine builds several records per step. This one takes the same keyword-only
    arguments with the same defaults and stores each through the slot's own descriptor, which
    skips the attribute lookup. Equality, hashing, ``repr``, pickling, ``copy`` and
    :func:`dataclasses.replace` are the dataclass's own and unchanged. Tests check that every
    field round-trips and that the signature matches the fields.

    Complexity: O(fields) once per class, at import.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} must be a frozen, slotted dataclass")
    if hasattr(cls, "__post_init__") or not all(f.kw_only and f.init for f in fields):
        raise TypeError(f"{cls.__name__}: every field must be keyword-only, with no __post_init__")
    env: dict[str, Any] = {}
    signature = []
    for f in fields:
        if f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: default factories are not supported")
        env[f"_set_{f.name}"] = getattr(cls, f.name).__set__
        if f.default is dataclasses.MISSING:
            signature.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            signature.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"        _set_{f.name}(self, {f.name})\n" for f in fields)
    source = (
        f"def make({', '.join(env)}):\n"
        f"    def __init__(self, *, {', '.join(signature)}):\n{body}"
        "    return __init__\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)  # the source is built from the field names only
    init = namespace["make"](**env)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": "None"}
    init.__doc__ = cls.__init__.__doc__
    type.__setattr__(cls, "__init__", init)
    return cls


@_slot_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Minion:
    """A minion on the board.

    Parameters
    ----------
    uid : int
        The minion's identity for this game (``>= 2``; larger means played later).
    card : str
        The name of the card it came from.
    attack, health, max_health : int
        Current stats; ``health <= 0`` only between damage and death resolution.
    taunt, divine_shield : bool
        Keywords that can change during play.
    can_attack : bool
        ``True`` when it is awake (no summoning sickness, or Charge) and has not attacked
        this turn.
    """

    uid: int
    card: str
    attack: int
    health: int
    max_health: int
    taunt: bool = False
    divine_shield: bool = False
    can_attack: bool = False


@_slot_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Player:
    """One side of the table.

    Parameters
    ----------
    health : int
        The hero's health.
    mana, max_mana : int
        Mana left this turn and mana crystals.
    fatigue : int
        Damage the next draw from an empty deck deals (it grows by one each time).
    deck : tuple of str
        Card names, top card first.
    hand : tuple of str
        Card names in the order drawn.
    board : tuple of Minion
        Minions, left to right.
    graveyard : tuple of str
        Card names that have been played, died or were burned, oldest first (tokens vanish).
    cards : int
        The number of cards the player started with; deck, hand, board (without tokens) and
        graveyard always add up to it.
    """

    health: int
    mana: int
    max_mana: int
    fatigue: int
    deck: tuple[str, ...]
    hand: tuple[str, ...]
    board: tuple[Minion, ...]
    graveyard: tuple[str, ...]
    cards: int


@_slot_init
@dataclass(frozen=True, slots=True, kw_only=True)
class GameState:
    """A whole game at one instant, including its random-number generator.

    Parameters
    ----------
    players : tuple of Player
        The two players; player 0 moves first.
    active : int
        Index of the player to move.
    turn : int
        Turn number, starting at 1 and growing at every end of turn.
    rng : int
        SplitMix64 state (:mod:`portfolio.firestone.rng`): randomness is part of the value.
    next_uid : int
        The uid the next summoned minion gets.
    over : bool
        Whether the game has ended.
    winner : int or None
        Index of the winner, or ``None`` while playing or after a draw.
    """

    players: tuple[Player, Player]
    active: int
    turn: int
    rng: int
    next_uid: int
    over: bool = False
    winner: int | None = None

    def _check(self) -> None:
        """Assert the rules' invariants; tests call it after every step.

        Complexity: O(size of the state).
        """
        assert self.active in (0, 1), self.active
        assert self.turn >= 1
        uids: set[int] = set()
        for player in self.players:
            assert len(player.board) <= BOARD_LIMIT, len(player.board)
            assert len(player.hand) <= HAND_LIMIT, len(player.hand)
            assert 0 <= player.mana <= player.max_mana <= MANA_LIMIT, (player.mana, player.max_mana)
            assert player.health <= HERO_HEALTH
            assert player.fatigue >= 0
            real = 0
            for minion in player.board:
                assert minion.health > 0, minion
                assert minion.health <= minion.max_health, minion
                assert minion.attack >= 0, minion
                assert 2 <= minion.uid < self.next_uid, minion
                assert minion.uid not in uids, minion
                uids.add(minion.uid)
                real += CARDS[minion.card].collectible
            total = len(player.deck) + len(player.hand) + real + len(player.graveyard)
            assert total == player.cards, (total, player.cards)
        dead = [p.health <= 0 for p in self.players]
        assert self.over == any(dead), (self.over, dead)
        if self.over:
            expected = None if all(dead) else dead.index(False)
            assert self.winner == expected, (self.winner, expected)
        else:
            assert self.winner is None


@dataclass(frozen=True, slots=True)
class EndTurn:
    """End the active player's turn."""

    def __str__(self) -> str:
        return "end"


@dataclass(frozen=True, slots=True)
class PlayCard:
    """Play the card at ``hand_index`` (0-based), aimed at ``target`` if it takes one."""

    hand_index: int
    target: int | None = None

    def __str__(self) -> str:
        aim = "" if self.target is None else f" @{self.target}"
        return f"play {self.hand_index}{aim}"


@dataclass(frozen=True, slots=True)
class Attack:
    """Attack the character ``target`` with the active player's minion ``attacker`` (uids)."""

    attacker: int
    target: int

    def __str__(self) -> str:
        return f"attack {self.attacker} @{self.target}"


Action = EndTurn | PlayCard | Attack
"""Everything a player can do."""

END_TURN = EndTurn()
"""The one :class:`EndTurn` value."""


def parse_action(text: str) -> Action:
    """Parse the compact notation ``str(action)`` produces (used by replay logs).

    Parameters
    ----------
    text
        ``"end"``, ``"play <hand index> [@<target uid>]"`` or
        ``"attack <attacker uid> @<target uid>"``.

    Returns
    -------
    .EndTurn or .PlayCard or .Attack
        The action.

    Raises
    ------
    ValueError
        If ``text`` is not a string in that notation.

    Examples
    --------
    >>> parse_action("play 0"), parse_action("play 3 @0"), parse_action("end")
    (PlayCard(hand_index=0, target=None), PlayCard(hand_index=3, target=0), EndTurn())
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {text!r}")
    words = text.split()
    try:
        match words:
            case ["end"]:
                return END_TURN
            case ["play", index]:
                return PlayCard(int(index))
            case ["play", index, aim] if aim.startswith("@"):
                return PlayCard(int(index), int(aim[1:]))
            case ["attack", attacker, aim] if aim.startswith("@"):
                return Attack(int(attacker), int(aim[1:]))
    except ValueError:
        pass
    raise ValueError(
        f"text: {text!r} is not an action (expected 'end', 'play I [@T]' or 'attack A @T')"
    )
