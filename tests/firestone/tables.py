"""Scripted positions for the rules tests: build a state with exactly the cards asked for."""

from __future__ import annotations

from collections.abc import Sequence

from portfolio.firestone import CARDS, GameState, Minion, Player


def minion(uid: int, card: str, *, ready: bool = True, **changes: int | bool) -> Minion:
    """A minion of ``card`` with its printed stats (``changes`` override them), awake by default."""
    c = CARDS[card]
    base: dict[str, int | bool] = {
        "attack": c.attack,
        "health": c.health,
        "max_health": c.health,
        "taunt": "taunt" in c.keywords,
        "divine_shield": "divine shield" in c.keywords,
    }
    base.update(changes)
    return Minion(
        uid=uid,
        card=card,
        attack=int(base["attack"]),
        health=int(base["health"]),
        max_health=int(base["max_health"]),
        taunt=bool(base["taunt"]),
        divine_shield=bool(base["divine_shield"]),
        can_attack=ready,
    )


def side(
    *,
    board: Sequence[Minion] = (),
    hand: Sequence[str] = (),
    deck: Sequence[str] = ("Ember Whelp",) * 5,
    graveyard: Sequence[str] = (),
    health: int = 30,
    mana: int = 10,
    fatigue: int = 0,
) -> Player:
    """One player; the card total is computed so the conservation invariant holds."""
    real = sum(CARDS[m.card].collectible for m in board)
    total = len(deck) + len(hand) + real + len(graveyard)
    return Player(
        health=health,
        mana=mana,
        max_mana=mana,
        fatigue=fatigue,
        deck=tuple(deck),
        hand=tuple(hand),
        board=tuple(board),
        graveyard=tuple(graveyard),
        cards=total,
    )


def table(
    me: Player,
    them: Player,
    *,
    active: int = 0,
    rng: int = 12345,
    over: bool = False,
    winner: int | None = None,
) -> GameState:
    """A state with ``me`` as player 0, ``them`` as player 1 and ``active`` to move on turn 5.

    ``over`` and ``winner`` describe a finished game; they must agree with the heroes' health.
    """
    uids = [m.uid for p in (me, them) for m in p.board]
    state = GameState(
        players=(me, them),
        active=active,
        turn=5,
        rng=rng,
        next_uid=max(uids, default=1) + 1,
        over=over,
        winner=winner,
    )
    state._check()
    return state
