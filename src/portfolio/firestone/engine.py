"""The rules: a pure transition function over immutable game states.

:func:`step` takes a state and an action and returns the next state; it never mutates its input,
never reads a clock or a global generator, and builds new records only along the path it
changes, so everything else in the new state *is* (by identity) the old state's. An illegal
action raises :class:`~portfolio.firestone.state.IllegalAction` saying why.

Examples
--------
>>> state = new_game(seed=7)
>>> state.turn, state.active, len(state.players[0].hand), len(state.players[1].hand)
(1, 0, 4, 4)
>>> after = step(state, END_TURN)
>>> after.active, after.players[1].max_mana
(1, 1)
>>> after.players[0] is state.players[0]  # the side that did not change is shared
True
>>> digest(replay(7, [END_TURN])) == digest(after)
True
"""

from __future__ import annotations

import hashlib
import json
from functools import cache, reduce

# typing's aliases, not collections.abc: the docs build resolves typing names offline.
from typing import Callable, Iterable, Sequence  # noqa: UP035

from portfolio.firestone.cards import (
    CARDS,
    DEFAULT_DECK,
    Buff,
    Damage,
    Draw,
    Effect,
    Heal,
    Keyword,
    Kind,
    Summon,
    Target,
    TargetRule,
)
from portfolio.firestone.rng import derive, randbelow, shuffle
from portfolio.firestone.state import (
    BOARD_LIMIT,
    END_TURN,
    HAND_LIMIT,
    HERO_HEALTH,
    MANA_LIMIT,
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
    "DIGEST_VERSION",
    "digest",
    "legal_actions",
    "new_game",
    "replay",
    "step",
    "to_data",
]

DIGEST_VERSION = "firestone/1"
"""Prefix of the canonical encoding that :func:`digest` hashes (bump it if the encoding changes)."""


# -- construction ------------------------------------------------------------


def new_game(
    seed: int,
    decks: tuple[Sequence[str], Sequence[str]] | None = None,
    *,
    shuffle_decks: bool = True,
) -> GameState:
    """Start a game: shuffle, draw the opening hands and begin player 0's first turn.

    Player 0 draws 3 cards and player 1 draws 4; then player 0's turn starts (one mana crystal
    and a draw).

    Parameters
    ----------
    seed
        Any integer; the whole game (shuffles and random effects) follows from it.
    decks
        Two lists of card names, top card first after shuffling; both players get
        :data:`~portfolio.firestone.cards.DEFAULT_DECK` if omitted.
    shuffle_decks
        ``False`` keeps the decks in the given order (handy for scripted tests).

    Returns
    -------
    ~portfolio.firestone.state.GameState
        The state before player 0's first action.

    Raises
    ------
    ValueError
        If ``seed`` is not an int or a deck names a card that does not exist or is a token.

    Examples
    --------
    >>> state = new_game(1, (["Spark"] * 5, ["Ember Whelp"] * 5), shuffle_decks=False)
    >>> state.players[0].hand, state.players[0].deck
    (('Spark', 'Spark', 'Spark', 'Spark'), ('Spark',))
    """
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed must be an int, got {seed!r}")
    chosen = (DEFAULT_DECK, DEFAULT_DECK) if decks is None else decks
    if len(chosen) != 2:
        raise ValueError(f"decks must hold two decks, got {len(chosen)}")
    rng = derive(seed)
    players: list[Player] = []
    for i, deck in enumerate(chosen):
        for name in deck:
            card = CARDS.get(name)
            if card is None or not card.collectible:
                raise ValueError(f"decks[{i}]: {name!r} is not a collectible card")
        cards = tuple(deck)
        if shuffle_decks:
            rng, cards = shuffle(rng, cards)
        players.append(_new_player(cards))
    state = _opening_state((players[0], players[1]), rng)
    for i, count in ((0, 3), (1, 4)):
        for _ in range(count):
            state = _draw(state, i)
    return _outcome(_start_turn(state))


def replay(
    seed: int,
    actions: Iterable[Action],
    decks: tuple[Sequence[str], Sequence[str]] | None = None,
    *,
    shuffle_decks: bool = True,
) -> GameState:
    """Rebuild a game from its seed and its actions: ``reduce(step, actions, new_game(seed))``.

    Parameters
    ----------
    seed, decks, shuffle_decks
        As for :func:`new_game`.
    actions
        The actions in order.

    Returns
    -------
    ~portfolio.firestone.state.GameState
        The state after the last action.

    Raises
    ------
    IllegalAction
        If an action is illegal where it occurs.

    Examples
    --------
    >>> replay(3, [END_TURN, END_TURN]).turn
    3
    """
    return reduce(step, actions, new_game(seed, decks, shuffle_decks=shuffle_decks))


# -- queries -----------------------------------------------------------------


def legal_actions(state: GameState) -> tuple[Action, ...]:
    """Every action :func:`step` accepts in ``state``, end of turn first.

    Cards are listed by hand index (two copies of a card give two actions); a card that takes a
    target is listed once per valid target.

    Parameters
    ----------
    state
        The current state.

    Returns
    -------
    tuple
        :data:`~portfolio.firestone.state.Action` values; empty once the game is over.

    Notes
    -----
    Complexity: O(hand × targets + attackers × targets), at most a few hundred actions.

    Examples
    --------
    >>> state = new_game(1, (["Spark"] * 5, ["Ember Whelp"] * 5), shuffle_decks=False)
    >>> [str(a) for a in legal_actions(state)][:4]
    ['end', 'play 0 @0', 'play 0 @1', 'play 1 @0']
    """
    if state.over:
        return ()
    me_i = state.active
    me = state.players[me_i]
    opp = state.players[1 - me_i]
    actions: list[Action] = [END_TURN]
    board_full = len(me.board) >= BOARD_LIMIT
    mana = me.mana
    for i, name in enumerate(me.hand):
        card = CARDS[name]
        if card.cost > mana or (board_full and card.kind is Kind.MINION):
            continue
        if card.target is TargetRule.NONE:
            actions.append(PlayCard(i))
            continue
        targets = _valid_targets(state, card.target)
        if targets:
            actions.extend([_play_action(i, t) for t in targets])
        elif card.kind is Kind.MINION:
            actions.append(PlayCard(i))
    attackers = [m.uid for m in me.board if m.can_attack and m.attack > 0]
    if attackers:
        taunts = [m.uid for m in opp.board if m.taunt]
        victims = taunts or [1 - me_i, *[m.uid for m in opp.board]]
        actions.extend([_attack_action(a, t) for a in attackers for t in victims])
    return tuple(actions)


# Actions are immutable values, so equal ones can be one shared object: listing legal actions
# then costs a dictionary lookup per action instead of a construction (uids stay small).
_play_action = cache(PlayCard)
_attack_action = cache(Attack)


def _valid_targets(state: GameState, rule: TargetRule) -> tuple[int, ...]:
    me_i = state.active
    mine = tuple(m.uid for m in state.players[me_i].board)
    theirs = tuple(m.uid for m in state.players[1 - me_i].board)
    if rule is TargetRule.ANY:
        return (me_i, 1 - me_i, *mine, *theirs)
    if rule is TargetRule.ENEMY:
        return (1 - me_i, *theirs)
    if rule is TargetRule.MINION:
        return (*mine, *theirs)
    if rule is TargetRule.ENEMY_MINION:
        return theirs
    if rule is TargetRule.FRIENDLY_MINION:
        return mine
    return ()


# -- the transition function --------------------------------------------------


def step(state: GameState, action: Action) -> GameState:
    """Apply one action and return the next state; the input is never modified.

    After a card or an attack, deaths resolve in play order (oldest minion first), their
    Deathrattles fire in that order, and any deaths those cause resolve in turn. The game ends
    when a hero's health reaches 0 (both at once is a draw).

    Parameters
    ----------
    state
        The current state.
    action
        One of :func:`legal_actions` (``state``).

    Returns
    -------
    ~portfolio.firestone.state.GameState
        The next state, sharing every unchanged player, board, hand and minion with ``state``.

    Raises
    ------
    IllegalAction
        If the rules forbid ``action`` here; the message names the reason.

    Notes
    -----
    Complexity: O(board + hand) records rebuilt per action, plus the effects' targets.

    Examples
    --------
    >>> state = new_game(1, (["Spark"] * 5, ["Ember Whelp"] * 5), shuffle_decks=False)
    >>> step(state, PlayCard(0, target=1)).players[1].health
    28
    >>> step(state, Attack(attacker=2, target=1))
    Traceback (most recent call last):
    ...
    portfolio.firestone.state.IllegalAction: 2 is not one of your minions
    """
    if state.over:
        raise IllegalAction("the game is over")
    if isinstance(action, EndTurn):
        return _outcome(_start_turn(_turn_passed(state)))
    if isinstance(action, PlayCard):
        if not (_is_uid(action.hand_index) and (action.target is None or _is_uid(action.target))):
            raise IllegalAction(_malformed(action, "hand_index", "target"))
        return _outcome(_resolve_deaths(_play(state, action)))
    if isinstance(action, Attack):
        if not (_is_uid(action.attacker) and _is_uid(action.target)):
            raise IllegalAction(_malformed(action, "attacker", "target"))
        return _outcome(_resolve_deaths(_attack(state, action)))
    raise IllegalAction(f"{action!r} is not an action (expected EndTurn, PlayCard or Attack)")


def _is_uid(value: object) -> bool:
    """Whether ``value`` can be a hand index or a character uid: an int, but not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def _malformed(action: PlayCard | Attack, *fields: str) -> str:
    """Say which field of a malformed action is not an int (a play's target may be ``None``)."""
    for field in fields:
        value = getattr(action, field)
        optional = isinstance(action, PlayCard) and field == "target"
        if not (_is_uid(value) or (optional and value is None)):
            kind = "an int or None" if optional else "an int"
            return f"{type(action).__name__}.{field} must be {kind}, got {value!r}"
    raise AssertionError(action)  # pragma: no cover - only called for malformed actions


def _start_turn(state: GameState) -> GameState:
    i = state.active
    p = state.players[i]
    crystals = min(MANA_LIMIT, p.max_mana + 1)
    board = p.board
    for m in board:
        if not m.can_attack:
            board = tuple([m if m.can_attack else _awake(m, True) for m in board])
            break
    return _draw(_with_player(state, i, _with_crystals(p, crystals, board)), i)


def _play(state: GameState, action: PlayCard) -> GameState:
    me_i = state.active
    me = state.players[me_i]
    index = action.hand_index
    if not 0 <= index < len(me.hand):
        raise IllegalAction(f"hand index {index!r} is out of range: your hand has {len(me.hand)}")
    name = me.hand[index]
    card = CARDS[name]
    if card.cost > me.mana:
        raise IllegalAction(f"{name} costs {card.cost} mana but you have {me.mana}")
    if card.kind is Kind.MINION and len(me.board) >= BOARD_LIMIT:
        raise IllegalAction(f"{name} has no room: your board is full ({BOARD_LIMIT} minions)")
    chosen = action.target
    rule = card.target
    if rule is TargetRule.NONE:
        if chosen is not None:
            raise IllegalAction(f"{name} takes no target")
    else:
        valid = _valid_targets(state, rule)
        if chosen is None:
            if valid or card.kind is Kind.SPELL:
                none = "" if valid else ", and there is none"
                raise IllegalAction(f"{name} needs a target ({rule.value}){none}")
        elif chosen not in valid:
            raise IllegalAction(f"{chosen!r} is not a valid target for {name} ({rule.value})")
    hand = me.hand[:index] + me.hand[index + 1 :]
    source: int | None = None
    board, graveyard = me.board, me.graveyard
    if card.kind is Kind.MINION:
        source = state.next_uid
        board = (*board, _new_minion(source, name))
        state = _with_next_uid(state, source + 1)
    else:
        graveyard = (*graveyard, name)
    state = _with_player(state, me_i, _with_played(me, me.mana - card.cost, hand, board, graveyard))
    for effect in card.on_play:
        state = _apply(state, effect, me_i, source, chosen)
    return state


def _attack(state: GameState, action: Attack) -> GameState:
    me_i = state.active
    opp_i = 1 - me_i
    me = state.players[me_i]
    opp = state.players[opp_i]
    uid = action.attacker
    attacker = next((m for m in me.board if m.uid == uid), None)
    if attacker is None:
        raise IllegalAction(f"{uid!r} is not one of your minions")
    if attacker.attack <= 0:
        raise IllegalAction(f"{attacker.card} ({uid}) has no attack")
    if not attacker.can_attack:
        raise IllegalAction(
            f"{attacker.card} ({uid}) cannot attack now: it has summoning sickness (it was "
            "played this turn and has no Charge) or has already attacked this turn"
        )
    target = action.target
    if target == opp_i:
        defender: Minion | None = None
    else:
        defender = next((m for m in opp.board if m.uid == target), None)
        if defender is None:
            raise IllegalAction(f"{target!r} is not an enemy character")
    if not (defender is not None and defender.taunt):
        taunts = [f"{m.card} ({m.uid})" for m in opp.board if m.taunt]
        if taunts:
            raise IllegalAction(f"a Taunt minion is in the way: attack {' or '.join(taunts)}")
    strike = 0 if defender is None else defender.attack
    board = tuple([_awake(m, False) if m is attacker else m for m in me.board])
    state = _with_player(state, me_i, _with_board(me, board))
    state = _damage(state, target, attacker.attack)
    return _damage(state, uid, strike)


# -- effects -------------------------------------------------------------------


def _apply(
    state: GameState, effect: Effect, owner: int, source: int | None, chosen: int | None
) -> GameState:
    """Interpret one effect record for ``owner``'s card (``source`` is its minion, if any)."""
    if isinstance(effect, Draw):
        for _ in range(effect.count):
            state = _draw(state, owner)
        return state
    if isinstance(effect, Summon):
        for _ in range(effect.count):
            state = _summon(state, owner, effect.card)
        return state
    state, targets = _resolve_targets(state, effect.target, owner, source, chosen)
    for uid in targets:
        if isinstance(effect, Damage):
            state = _damage(state, uid, effect.amount)
        elif isinstance(effect, Heal):
            state = _heal(state, uid, effect.amount)
        elif isinstance(effect, Buff):
            state = _update_minion(state, uid, _buffer(effect.attack, effect.health))
        else:
            state = _update_minion(state, uid, _giver(effect.keyword))
    return state


def _resolve_targets(
    state: GameState, target: Target, owner: int, source: int | None, chosen: int | None
) -> tuple[GameState, tuple[int, ...]]:
    enemy = 1 - owner
    mine = state.players[owner].board
    theirs = state.players[enemy].board
    if target is Target.CHOSEN:
        return state, (() if chosen is None else (chosen,))
    if target is Target.SELF:
        return state, (() if source is None else (source,))
    if target is Target.OWN_HERO:
        return state, (owner,)
    if target is Target.ENEMY_HERO:
        return state, (enemy,)
    if target is Target.FRIENDLY_MINIONS:
        return state, tuple(m.uid for m in mine)
    if target is Target.OTHER_FRIENDLY_MINIONS:
        return state, tuple(m.uid for m in mine if m.uid != source)
    if target is Target.ENEMY_MINIONS:
        return state, tuple(m.uid for m in theirs)
    if target is Target.ALL_MINIONS:
        return state, tuple(sorted(m.uid for m in (*mine, *theirs)))
    if target is Target.OTHER_MINIONS:
        return state, tuple(sorted(m.uid for m in (*mine, *theirs) if m.uid != source))
    if target is Target.ALL_ENEMIES:
        return state, (enemy, *(m.uid for m in theirs))
    # Random targets: only characters still alive, drawn with the state's own generator.
    pool = [m.uid for m in theirs if m.health > 0]
    if target is Target.RANDOM_ENEMY:
        pool.insert(0, enemy)
    if not pool:
        return state, ()
    rng, pick = randbelow(state.rng, len(pool))
    return _with_rng(state, rng), (pool[pick],)


def _damage(state: GameState, uid: int, amount: int) -> GameState:
    if amount <= 0:
        return state
    if uid < 2:
        p = state.players[uid]
        return _with_player(state, uid, _with_health(p, p.health - amount))
    return _update_minion(state, uid, _hurter(amount))


def _heal(state: GameState, uid: int, amount: int) -> GameState:
    if uid < 2:
        p = state.players[uid]
        health = min(HERO_HEALTH, p.health + amount)
        return state if health == p.health else _with_player(state, uid, _with_health(p, health))

    def heal(m: Minion) -> Minion:
        health = min(m.max_health, m.health + amount)
        return m if health == m.health else _with_stats(m, m.attack, health, m.max_health)

    return _update_minion(state, uid, heal)


def _hurter(amount: int) -> _MinionFn:
    def hurt(m: Minion) -> Minion:
        if m.divine_shield:
            return _with_flags(m, m.taunt, False, m.can_attack)
        return _with_stats(m, m.attack, m.health - amount, m.max_health)

    return hurt


def _buffer(attack: int, health: int) -> _MinionFn:
    def buff(m: Minion) -> Minion:
        return _with_stats(m, m.attack + attack, m.health + health, m.max_health + health)

    return buff


def _giver(keyword: Keyword) -> _MinionFn:
    taunt = keyword is Keyword.TAUNT
    shield = keyword is Keyword.DIVINE_SHIELD

    def give(m: Minion) -> Minion:
        if (taunt and m.taunt) or (shield and m.divine_shield):
            return m
        return _with_flags(m, m.taunt or taunt, m.divine_shield or shield, m.can_attack)

    return give


def _draw(state: GameState, i: int) -> GameState:
    p = state.players[i]
    health, fatigue, deck, hand, graveyard = p.health, p.fatigue, p.deck, p.hand, p.graveyard
    if not deck:
        fatigue += 1
        health -= fatigue
    elif len(hand) >= HAND_LIMIT:  # burned
        deck, graveyard = deck[1:], (*graveyard, deck[0])
    else:
        deck, hand = deck[1:], (*hand, deck[0])
    return _with_player(state, i, _with_drawn(p, health, fatigue, deck, hand, graveyard))


def _summon(state: GameState, owner: int, name: str) -> GameState:
    p = state.players[owner]
    if len(p.board) >= BOARD_LIMIT:
        return state
    uid = state.next_uid
    p = _with_board(p, (*p.board, _new_minion(uid, name)))
    return _with_player(_with_next_uid(state, uid + 1), owner, p)


def _resolve_deaths(state: GameState) -> GameState:
    """Remove dead minions oldest first, then fire their Deathrattles; repeat until none die."""
    while True:
        for m in (*state.players[0].board, *state.players[1].board):
            if m.health <= 0:
                break
        else:  # nobody died: the common case, answered without building anything
            return state
        dead: list[tuple[int, int, str]] = []
        players = list(state.players)
        for owner, p in enumerate(players):
            fallen = [m for m in p.board if m.health <= 0]
            if fallen:
                dead.extend((m.uid, owner, m.card) for m in fallen)
                names = tuple(m.card for m in fallen if CARDS[m.card].collectible)
                players[owner] = _with_board(
                    p,
                    tuple([m for m in p.board if m.health > 0]),
                    p.graveyard + names if names else p.graveyard,
                )
        if not dead:
            return state
        state = _with_players(state, (players[0], players[1]))
        if len(dead) > 1:
            dead.sort()
        for _, owner, name in dead:
            for effect in CARDS[name].deathrattle:
                state = _apply(state, effect, owner, None, None)


def _outcome(state: GameState) -> GameState:
    dead0 = state.players[0].health <= 0
    dead1 = state.players[1].health <= 0
    if not (dead0 or dead1):
        return state
    return _ended(state, None if dead0 and dead1 else (1 if dead0 else 0))


# -- record surgery ------------------------------------------------------------------
#
# The only places GameState, Player and Minion records are built: every construction in the
# package is in this section (tests/firestone/test_records.py checks the source). The records
# are keyword-only, so each construction names every field. Each helper changes the fields its
# name says and copies every other field from its input; in particular ``over`` and ``winner``
# are copied by every GameState helper except _ended, the one place a game is declared over.
# The helpers call the constructors directly rather than ``dataclasses.replace``, which gathers
# every field by name on each call and is slower; these run several times per step. The records'
# __init__ comes from state._slot_init, which keeps keyword construction as cheap as the
# positional construction it replaced (bench/firestone.py measures the whole engine).

_MinionFn = Callable[[Minion], Minion]


def _opening_state(players: tuple[Player, Player], rng: int) -> GameState:
    """The one builder of a fresh state: turn 1, player 0 to move, uids from 2 for minions."""
    return GameState(
        players=players, active=0, turn=1, rng=rng, next_uid=2, over=False, winner=None
    )


def _new_player(deck: tuple[str, ...]) -> Player:
    """The one builder of a fresh player: full health, no mana yet, everything in ``deck``."""
    return Player(
        health=HERO_HEALTH, mana=0, max_mana=0, fatigue=0, deck=deck, hand=(), board=(),
        graveyard=(), cards=len(deck),
    )  # fmt: skip


def _with_players(state: GameState, players: tuple[Player, Player]) -> GameState:
    return GameState(
        players=players, active=state.active, turn=state.turn, rng=state.rng,
        next_uid=state.next_uid, over=state.over, winner=state.winner,
    )  # fmt: skip


def _with_player(state: GameState, i: int, p: Player) -> GameState:
    # The commonest rebuild: built here rather than through _with_players, saving a call.
    return GameState(
        players=(p, state.players[1]) if i == 0 else (state.players[0], p), active=state.active,
        turn=state.turn, rng=state.rng, next_uid=state.next_uid, over=state.over,
        winner=state.winner,
    )  # fmt: skip


def _with_rng(state: GameState, rng: int) -> GameState:
    return GameState(
        players=state.players, active=state.active, turn=state.turn, rng=rng,
        next_uid=state.next_uid, over=state.over, winner=state.winner,
    )  # fmt: skip


def _with_next_uid(state: GameState, next_uid: int) -> GameState:
    return GameState(
        players=state.players, active=state.active, turn=state.turn, rng=state.rng,
        next_uid=next_uid, over=state.over, winner=state.winner,
    )  # fmt: skip


def _turn_passed(state: GameState) -> GameState:
    """The other player to move, on the next turn number."""
    return GameState(
        players=state.players, active=1 - state.active, turn=state.turn + 1, rng=state.rng,
        next_uid=state.next_uid, over=state.over, winner=state.winner,
    )  # fmt: skip


def _ended(state: GameState, winner: int | None) -> GameState:
    """The game over, won by ``winner`` (``None``: a draw): the only helper that sets ``over``."""
    return GameState(
        players=state.players, active=state.active, turn=state.turn, rng=state.rng,
        next_uid=state.next_uid, over=True, winner=winner,
    )  # fmt: skip


def _with_health(p: Player, health: int) -> Player:
    return Player(
        health=health, mana=p.mana, max_mana=p.max_mana, fatigue=p.fatigue, deck=p.deck,
        hand=p.hand, board=p.board, graveyard=p.graveyard, cards=p.cards,
    )  # fmt: skip


def _with_board(
    p: Player, board: tuple[Minion, ...], graveyard: tuple[str, ...] | None = None
) -> Player:
    return Player(
        health=p.health, mana=p.mana, max_mana=p.max_mana, fatigue=p.fatigue, deck=p.deck,
        hand=p.hand, board=board, graveyard=p.graveyard if graveyard is None else graveyard,
        cards=p.cards,
    )  # fmt: skip


def _with_crystals(p: Player, crystals: int, board: tuple[Minion, ...]) -> Player:
    """A turn's start: ``crystals`` mana crystals, all full, and the board woken up."""
    return Player(
        health=p.health, mana=crystals, max_mana=crystals, fatigue=p.fatigue, deck=p.deck,
        hand=p.hand, board=board, graveyard=p.graveyard, cards=p.cards,
    )  # fmt: skip


def _with_drawn(
    p: Player,
    health: int,
    fatigue: int,
    deck: tuple[str, ...],
    hand: tuple[str, ...],
    graveyard: tuple[str, ...],
) -> Player:
    """After a draw: a card moved to the hand or burned, or fatigue taken."""
    return Player(
        health=health, mana=p.mana, max_mana=p.max_mana, fatigue=fatigue, deck=deck, hand=hand,
        board=p.board, graveyard=graveyard, cards=p.cards,
    )  # fmt: skip


def _with_played(
    p: Player,
    mana: int,
    hand: tuple[str, ...],
    board: tuple[Minion, ...],
    graveyard: tuple[str, ...],
) -> Player:
    """After a card left the hand: mana spent, and the card on the board or in the graveyard."""
    return Player(
        health=p.health, mana=mana, max_mana=p.max_mana, fatigue=p.fatigue, deck=p.deck,
        hand=hand, board=board, graveyard=graveyard, cards=p.cards,
    )  # fmt: skip


def _new_minion(uid: int, name: str) -> Minion:
    """The one builder of a fresh minion of card ``name``: printed stats, awake only with Charge."""
    card = CARDS[name]
    keywords = card.keywords
    return Minion(
        uid=uid,
        card=name,
        attack=card.attack,
        health=card.health,
        max_health=card.health,
        taunt=Keyword.TAUNT in keywords,
        divine_shield=Keyword.DIVINE_SHIELD in keywords,
        can_attack=Keyword.CHARGE in keywords,
    )


def _with_stats(m: Minion, attack: int, health: int, max_health: int) -> Minion:
    return Minion(
        uid=m.uid, card=m.card, attack=attack, health=health, max_health=max_health,
        taunt=m.taunt, divine_shield=m.divine_shield, can_attack=m.can_attack,
    )  # fmt: skip


def _with_flags(m: Minion, taunt: bool, divine_shield: bool, can_attack: bool) -> Minion:
    return Minion(
        uid=m.uid, card=m.card, attack=m.attack, health=m.health, max_health=m.max_health,
        taunt=taunt, divine_shield=divine_shield, can_attack=can_attack,
    )  # fmt: skip


def _awake(m: Minion, can_attack: bool) -> Minion:
    return _with_flags(m, m.taunt, m.divine_shield, can_attack)


def _update_minion(state: GameState, uid: int, fn: _MinionFn) -> GameState:
    for owner in (0, 1):
        p = state.players[owner]
        board = p.board
        for index, m in enumerate(board):
            if m.uid == uid:
                new = fn(m)
                if new is m:
                    return state
                board = (*board[:index], new, *board[index + 1 :])
                return _with_player(state, owner, _with_board(p, board))
    return state


# -- digest ----------------------------------------------------------------------


def to_data(state: GameState) -> dict[str, object]:
    """The state as plain JSON-ready data (the canonical form :func:`digest` hashes).

    Parameters
    ----------
    state
        Any state.

    Returns
    -------
    dict
        Nested dicts, lists, strings, integers, booleans and ``None`` only.

    Examples
    --------
    >>> data = to_data(new_game(0))
    >>> sorted(data)
    ['active', 'next_uid', 'over', 'players', 'rng', 'turn', 'winner']
    >>> data["players"][0]["health"]
    30
    """

    def minion(m: Minion) -> list[object]:
        return [m.uid, m.card, m.attack, m.health, m.max_health, m.taunt, m.divine_shield,
                m.can_attack]  # fmt: skip

    def player(p: Player) -> dict[str, object]:
        return {
            "health": p.health,
            "mana": p.mana,
            "max_mana": p.max_mana,
            "fatigue": p.fatigue,
            "deck": list(p.deck),
            "hand": list(p.hand),
            "board": [minion(m) for m in p.board],
            "graveyard": list(p.graveyard),
            "cards": p.cards,
        }

    return {
        "players": [player(p) for p in state.players],
        "active": state.active,
        "turn": state.turn,
        "rng": state.rng,
        "next_uid": state.next_uid,
        "over": state.over,
        "winner": state.winner,
    }


def digest(state: GameState) -> str:
    """A stable hash of the whole state: SHA-256 over a canonical JSON encoding.

    The same state gives the same digest in every process and on every machine (it never uses
    Python's per-process salted ``hash()``).

    Parameters
    ----------
    state
        Any state.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> digest(new_game(5)) == digest(new_game(5))
    True
    >>> digest(new_game(5)) == digest(new_game(6))
    False
    """
    text = json.dumps(to_data(state), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{DIGEST_VERSION}\n{text}".encode()).hexdigest()
