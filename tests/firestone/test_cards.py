"""Tests for the card set defined as data."""

from __future__ import annotations

from portfolio.firestone.cards import (
    CARD_LIST,
    CARDS,
    DEFAULT_DECK,
    Draw,
    Kind,
    Summon,
    Target,
    TargetRule,
    describe,
)


class TestCardSet:
    """Tests for `CARD_LIST`, `CARDS`, `DEFAULT_DECK` and `describe`."""

    def test_at_least_twenty_collectible_cards(self) -> None:
        """The set has at least 20 collectible cards, with unique names."""
        assert len([c for c in CARD_LIST if c.collectible]) >= 20
        assert len(CARD_LIST) == len(CARDS)

    def test_cards_are_well_formed(self) -> None:
        """Costs are 0..10, minions have positive health, spells have no stats but have text."""
        for card in CARD_LIST:
            assert 0 <= card.cost <= 10, card.name
            if card.kind is Kind.MINION:
                assert card.health > 0, card.name
                assert card.attack >= 0, card.name
            else:
                assert (0, 0) == (card.attack, card.health), card.name
                assert card.on_play, card.name
                assert not card.deathrattle, card.name

    def test_chosen_effects_need_a_target_rule(self) -> None:
        """A card whose text hits the chosen target declares what it may target, and vice versa."""
        for card in CARD_LIST:
            aims = any(
                getattr(e, "target", None) is Target.CHOSEN for e in card.on_play + card.deathrattle
            )
            assert aims == (card.target is not TargetRule.NONE), card.name
            assert not any(getattr(e, "target", None) is Target.CHOSEN for e in card.deathrattle)

    def test_summons_name_real_tokens(self) -> None:
        """Summon effects name existing minion cards, and counts are positive."""
        for card in CARD_LIST:
            for effect in card.on_play + card.deathrattle:
                if isinstance(effect, Summon | Draw):
                    assert effect.count > 0, card.name
                if isinstance(effect, Summon):
                    assert CARDS[effect.card].kind is Kind.MINION, card.name

    def test_default_deck_is_thirty_collectible_cards(self) -> None:
        """The default deck has 30 cards, all collectible."""
        assert 30 == len(DEFAULT_DECK)
        assert all(CARDS[name].collectible for name in DEFAULT_DECK)

    def test_describe_reads_the_data(self) -> None:
        """Card text is rendered from the effect records."""
        assert "2-mana 2/1 minion. Battlecry: deal 1 damage to a character." == describe(
            CARDS["Flint Archer"]
        )
        assert "3-mana 2/2 minion. Taunt, Divine Shield." == describe(CARDS["Gilded Paladin"])
        assert "1-mana spell: give a friendly minion Divine Shield, draw a card." == describe(
            CARDS["Ward"]
        )
