"""The card set, as data: cards, keywords and the effects their text is made of.

A card is a frozen record; its Battlecry, spell text and Deathrattle are tuples of effect
records (:class:`Damage`, :class:`Heal`, :class:`Buff`, ...) that the engine interprets. Adding a
card means adding a line to :data:`CARD_LIST`, never a new code path.

Examples
--------
>>> CARDS["Flint Archer"]
Card(name='Flint Archer', cost=2, kind=<Kind.MINION: 'minion'>, attack=2, health=1, ...)
>>> describe(CARDS["Flint Archer"])
'2-mana 2/1 minion. Battlecry: deal 1 damage to a character.'
>>> len([c for c in CARD_LIST if c.collectible]) >= 20
True
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

# typing's alias, not collections.abc: the docs build resolves typing names offline.
from typing import Mapping  # noqa: UP035

__all__ = [
    "CARDS",
    "CARD_LIST",
    "DEFAULT_DECK",
    "Buff",
    "Card",
    "Damage",
    "Draw",
    "Effect",
    "GiveKeyword",
    "Heal",
    "Keyword",
    "Kind",
    "Summon",
    "Target",
    "TargetRule",
    "describe",
]


class Kind(StrEnum):
    """What a card becomes when played."""

    MINION = "minion"
    SPELL = "spell"


class Keyword(StrEnum):
    """Minion keywords the rules know about."""

    CHARGE = "charge"
    """Can attack on the turn it is played (no summoning sickness)."""
    TAUNT = "taunt"
    """Enemies must attack a Taunt minion before any other character."""
    DIVINE_SHIELD = "divine shield"
    """The first damage the minion would take is absorbed, and the shield is lost."""


class TargetRule(StrEnum):
    """Which characters a card may be aimed at when it is played (its *chosen* target)."""

    NONE = "none"
    ANY = "any character"
    ENEMY = "enemy character"
    MINION = "minion"
    ENEMY_MINION = "enemy minion"
    FRIENDLY_MINION = "friendly minion"


class Target(StrEnum):
    """Which characters one effect touches, relative to the card's owner."""

    CHOSEN = "the chosen target"
    SELF = "this minion"
    OWN_HERO = "your hero"
    ENEMY_HERO = "the enemy hero"
    FRIENDLY_MINIONS = "your minions"
    OTHER_FRIENDLY_MINIONS = "your other minions"
    ENEMY_MINIONS = "all enemy minions"
    ALL_MINIONS = "all minions"
    OTHER_MINIONS = "all other minions"
    ALL_ENEMIES = "all enemies"
    RANDOM_ENEMY = "a random enemy"
    RANDOM_ENEMY_MINION = "a random enemy minion"


@dataclass(frozen=True, slots=True)
class Damage:
    """Deal ``amount`` damage to ``target``."""

    amount: int
    target: Target


@dataclass(frozen=True, slots=True)
class Heal:
    """Restore up to ``amount`` health to ``target`` (never above its maximum)."""

    amount: int
    target: Target


@dataclass(frozen=True, slots=True)
class Buff:
    """Give ``target`` +``attack``/+``health`` (health raises the maximum too)."""

    attack: int
    health: int
    target: Target


@dataclass(frozen=True, slots=True)
class GiveKeyword:
    """Give ``target`` a keyword, ``Keyword.TAUNT`` or ``Keyword.DIVINE_SHIELD``."""

    keyword: Keyword
    target: Target


@dataclass(frozen=True, slots=True)
class Draw:
    """The owner draws ``count`` cards."""

    count: int


@dataclass(frozen=True, slots=True)
class Summon:
    """Summon ``count`` copies of the card named ``card`` for the owner, while there is room."""

    card: str
    count: int = 1


Effect = Damage | Heal | Buff | GiveKeyword | Draw | Summon
"""One step of a card's text; the engine's interpreter handles each kind."""


@dataclass(frozen=True, slots=True)
class Card:
    """A card definition: pure data, shared by every copy of the card in every game.

    Parameters
    ----------
    name : str
        The card's name, which is also its identifier in decks, hands and graveyards.
    cost : int
        Mana cost, 0 to 10.
    kind : Kind
        ``Kind.MINION`` or ``Kind.SPELL``.
    attack, health : int
        A minion's stats (0 for spells).
    keywords : frozenset of Keyword
        A minion's keywords.
    on_play : tuple
        Effects (:data:`Effect` records) when played: a minion's Battlecry, or a spell's whole text.
    deathrattle : tuple
        Effects when the minion dies.
    target : TargetRule
        What the card may be aimed at; effects aimed at ``Target.CHOSEN`` hit that character.
    collectible : bool
        ``False`` for tokens, which only effects create; tokens are not cards in anyone's
        collection and vanish when they die.
    """

    name: str
    cost: int
    kind: Kind
    attack: int = 0
    health: int = 0
    keywords: frozenset[Keyword] = frozenset()
    on_play: tuple[Effect, ...] = ()
    deathrattle: tuple[Effect, ...] = ()
    target: TargetRule = TargetRule.NONE
    collectible: bool = True


def _minion(
    name: str,
    cost: int,
    attack: int,
    health: int,
    *keywords: Keyword,
    on_play: tuple[Effect, ...] = (),
    deathrattle: tuple[Effect, ...] = (),
    target: TargetRule = TargetRule.NONE,
    collectible: bool = True,
) -> Card:
    return Card(
        name,
        cost,
        Kind.MINION,
        attack,
        health,
        frozenset(keywords),
        on_play,
        deathrattle,
        target,
        collectible,
    )


def _spell(name: str, cost: int, *effects: Effect, target: TargetRule = TargetRule.NONE) -> Card:
    return Card(name, cost, Kind.SPELL, on_play=effects, target=target)


_T = Target
_K = Keyword
_R = TargetRule

CARD_LIST: tuple[Card, ...] = (
    # Minions, by cost.
    _minion("Ember Whelp", 1, 1, 2),
    _minion("Cinder Scout", 1, 1, 1, _K.CHARGE),
    _minion("Lantern Squire", 1, 1, 1, _K.DIVINE_SHIELD),
    _minion("Kiln Guard", 2, 1, 3, _K.TAUNT),
    _minion("Spark Imp", 2, 3, 2),
    _minion("Flint Archer", 2, 2, 1, on_play=(Damage(1, _T.CHOSEN),), target=_R.ANY),
    _minion("Hearth Medic", 2, 2, 2, on_play=(Heal(3, _T.CHOSEN),), target=_R.ANY),
    _minion("Tinder Fox", 2, 2, 1, deathrattle=(Damage(2, _T.RANDOM_ENEMY),)),
    _minion("Smelter Golem", 3, 3, 3, deathrattle=(Summon("Slag Mite", 2),)),
    _minion("Bastion Warden", 3, 2, 4, _K.TAUNT),
    _minion(
        "Tempering Smith",
        3,
        3,
        2,
        on_play=(Buff(1, 1, _T.CHOSEN),),
        target=_R.FRIENDLY_MINION,
    ),
    _minion("Forge Raider", 3, 3, 1, _K.CHARGE),
    _minion("Gilded Paladin", 3, 2, 2, _K.DIVINE_SHIELD, _K.TAUNT),
    _minion("Quench Elemental", 4, 3, 5, _K.TAUNT),
    _minion("Anvil Brute", 4, 5, 4),
    _minion("Bellwright", 4, 3, 3, on_play=(Buff(1, 1, _T.OTHER_FRIENDLY_MINIONS),)),
    _minion("Magma Hound", 5, 4, 4, _K.CHARGE),
    _minion("Crucible Titan", 6, 6, 7),
    _minion("Blast Furnace", 7, 6, 6, on_play=(Damage(2, _T.OTHER_MINIONS),)),
    _minion(
        "Phoenix Ember",
        8,
        6,
        6,
        _K.TAUNT,
        deathrattle=(Summon("Reborn Cinder"), Damage(3, _T.ENEMY_HERO)),
    ),
    # Spells.
    _spell("Spark", 1, Damage(2, _T.CHOSEN), target=_R.ANY),
    _spell("Temper", 1, Buff(1, 2, _T.CHOSEN), target=_R.FRIENDLY_MINION),
    _spell("Ward", 1, GiveKeyword(_K.DIVINE_SHIELD, _T.CHOSEN), Draw(1), target=_R.FRIENDLY_MINION),
    _spell("Stoke the Coals", 2, Draw(2)),
    _spell("Cooling Salve", 2, Heal(6, _T.CHOSEN), target=_R.ANY),
    _spell("Scatter Sparks", 2, *(Damage(1, _T.RANDOM_ENEMY),) * 3),
    _spell("Firebolt", 3, Damage(4, _T.CHOSEN), target=_R.ANY),
    _spell("Ember Rain", 4, Damage(2, _T.ENEMY_MINIONS)),
    _spell("Quench", 4, Damage(5, _T.CHOSEN), Heal(3, _T.OWN_HERO), target=_R.ENEMY_MINION),
    _spell("Meltdown", 6, Damage(4, _T.ALL_MINIONS)),
    # Tokens: made by effects only.
    _minion("Slag Mite", 1, 1, 1, collectible=False),
    _minion("Reborn Cinder", 4, 4, 4, _K.TAUNT, collectible=False),
)
"""Every card in display order (30 collectible cards and 2 tokens).

:meta hide-value:
"""

CARDS: Mapping[str, Card] = MappingProxyType({card.name: card for card in CARD_LIST})
"""The card set, by name (read-only).

:meta hide-value:
"""

DEFAULT_DECK: tuple[str, ...] = tuple(card.name for card in CARD_LIST if card.collectible)
"""The deck both players use unless told otherwise (every collectible card once, 30 cards)."""


def _describe_effect(effect: Effect) -> str:
    match effect:
        case Damage(amount, target):
            return f"deal {amount} damage to {_target_text(target)}"
        case Heal(amount, target):
            return f"restore {amount} health to {_target_text(target)}"
        case Buff(attack, health, target):
            return f"give {_target_text(target)} +{attack}/+{health}"
        case GiveKeyword(keyword, target):
            return f"give {_target_text(target)} {keyword.value.title()}"
        case Draw(count):
            return "draw a card" if count == 1 else f"draw {count} cards"
        case Summon(card, count):
            made = CARDS[card]
            stats = f"{made.attack}/{made.health} {card}"
            return f"summon a {stats}" if count == 1 else f"summon {count} {stats}s"


_CHOSEN_TEXT = {
    TargetRule.ANY: "a character",
    TargetRule.ENEMY: "an enemy character",
    TargetRule.MINION: "a minion",
    TargetRule.ENEMY_MINION: "an enemy minion",
    TargetRule.FRIENDLY_MINION: "a friendly minion",
}


def _target_text(target: Target) -> str:
    return "{chosen}" if target is Target.CHOSEN else target.value


def describe(card: Card) -> str:
    """Render a card's text from its data.

    Parameters
    ----------
    card
        The card to describe.

    Returns
    -------
    str
        One line: cost, stats, keywords, then the effects in order.

    Examples
    --------
    >>> describe(CARDS["Smelter Golem"])
    '3-mana 3/3 minion. Deathrattle: summon 2 1/1 Slag Mites.'
    >>> describe(CARDS["Scatter Sparks"])
    '2-mana spell: deal 1 damage to a random enemy, 3 times.'
    >>> describe(CARDS["Quench"])
    '4-mana spell: deal 5 damage to an enemy minion, restore 3 health to your hero.'
    """
    chosen = _CHOSEN_TEXT.get(card.target, "")

    def effects(items: tuple[Effect, ...]) -> str:
        texts: list[str] = []
        i = 0
        while i < len(items):
            run = 1
            while i + run < len(items) and items[i + run] == items[i]:
                run += 1
            text = _describe_effect(items[i])
            texts.append(text if run == 1 else f"{text}, {run} times")
            i += run
        return ", ".join(texts).replace("{chosen}", chosen)

    if card.kind is Kind.SPELL:
        return f"{card.cost}-mana spell: {effects(card.on_play)}."
    parts = [f"{card.cost}-mana {card.attack}/{card.health} minion."]
    order = (Keyword.CHARGE, Keyword.TAUNT, Keyword.DIVINE_SHIELD)
    keywords = [k.value.title() for k in order if k in card.keywords]
    if keywords:
        parts.append(", ".join(keywords) + ".")
    if card.on_play:
        parts.append(f"Battlecry: {effects(card.on_play)}.")
    if card.deathrattle:
        parts.append(f"Deathrattle: {effects(card.deathrattle)}.")
    return " ".join(parts)
