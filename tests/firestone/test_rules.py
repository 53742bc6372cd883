"""Tests for the rules: turns, mana, drawing, combat, keywords, effects, deaths and the outcome."""

from __future__ import annotations

import pytest

from portfolio.firestone import (
    END_TURN,
    Action,
    Attack,
    GameState,
    IllegalAction,
    PlayCard,
    legal_actions,
    new_game,
    step,
)
from tests.firestone.tables import minion, side, table


def checked(state: GameState, *actions: Action) -> GameState:
    """Apply actions one by one, checking the invariants after each."""
    for action in actions:
        state = step(state, action)
        state._check()
    return state


class TestTurns:
    """Tests for mana, drawing, fatigue and the hand and board limits."""

    def test_mana_grows_to_ten(self) -> None:
        """Player 0's mana crystals go 1, 2, ... 10 and stay at 10, refilled each turn."""
        state, seen = new_game(1), []
        for _ in range(12):
            seen.append((state.players[0].mana, state.players[0].max_mana))
            state = checked(state, END_TURN, END_TURN)
        assert [(n, n) for n in [*range(1, 11), 10, 10]] == seen

    def test_opening_hands_and_turn_draw(self) -> None:
        """Player 0 opens with 3 cards and draws a 4th; player 1 opens with 4 and draws a 5th."""
        state = new_game(1)
        assert (4, 4) == (len(state.players[0].hand), len(state.players[1].hand))
        assert 5 == len(step(state, END_TURN).players[1].hand)

    def test_fatigue_grows(self) -> None:
        """Drawing from an empty deck deals 1, then 2, then 3 damage."""
        state = new_game(1, (["Spark"] * 4, ["Spark"] * 4), shuffle_decks=False)
        assert (30, 0) == (state.players[0].health, len(state.players[0].deck))
        healths = []
        for _ in range(3):
            state = checked(state, END_TURN, END_TURN)
            healths.append(state.players[0].health)
        assert [29, 27, 24] == healths

    def test_full_hand_burns_the_draw(self) -> None:
        """A card drawn into a 10-card hand goes to the graveyard."""
        me = side(hand=["Spark"] * 10, deck=["Firebolt", "Meltdown"])
        state = table(me, side(), active=1)
        after = checked(state, END_TURN)
        assert ("Spark",) * 10 == after.players[0].hand
        assert ("Firebolt",) == after.players[0].graveyard
        assert ("Meltdown",) == after.players[0].deck

    def test_board_holds_seven(self) -> None:
        """With 7 minions no minion card is playable, and Summon effects stop at 7."""
        board = [minion(uid, "Ember Whelp") for uid in range(2, 9)]
        state = table(side(board=board, hand=["Spark Imp", "Spark"]), side())
        playable = {a.hand_index for a in legal_actions(state) if isinstance(a, PlayCard)}
        assert {1} == playable
        with pytest.raises(IllegalAction, match="board is full"):
            step(state, PlayCard(0))
        golem = minion(9, "Smelter Golem", health=1)
        state = table(side(board=[*board[:6], golem]), side(hand=["Spark"]), active=1)
        after = checked(state, PlayCard(0, target=9))  # the golem dies: room for one Slag Mite
        assert ["Ember Whelp"] * 6 + ["Slag Mite"] == [m.card for m in after.players[0].board]


class TestCombat:
    """Tests for attacking, summoning sickness, Charge, Taunt and Divine Shield."""

    def test_summoning_sickness(self) -> None:
        """A minion cannot attack the turn it is played, but can on its owner's next turn."""
        state = table(side(hand=["Spark Imp"]), side())
        state = checked(state, PlayCard(0))
        uid = state.players[0].board[0].uid
        assert not any(isinstance(a, Attack) for a in legal_actions(state))
        with pytest.raises(IllegalAction, match="cannot attack now: it has summoning sickness"):
            step(state, Attack(uid, 1))
        state = checked(state, END_TURN, END_TURN, Attack(uid, 1))
        assert 27 == state.players[1].health

    def test_charge_attacks_at_once(self) -> None:
        """A Charge minion can attack the turn it is played, once."""
        state = checked(table(side(hand=["Forge Raider"]), side()), PlayCard(0))
        uid = state.players[0].board[0].uid
        state = checked(state, Attack(uid, 1))
        assert 27 == state.players[1].health
        with pytest.raises(IllegalAction, match="already attacked"):
            step(state, Attack(uid, 1))

    def test_taunt_must_be_attacked_first(self) -> None:
        """With a Taunt minion in play, attacks may only target Taunt minions."""
        them = side(board=[minion(3, "Kiln Guard"), minion(4, "Spark Imp")])
        state = table(side(board=[minion(2, "Anvil Brute")]), them)
        attacks = [a for a in legal_actions(state) if isinstance(a, Attack)]
        assert [Attack(2, 3)] == attacks
        for target in (1, 4):
            with pytest.raises(
                IllegalAction, match=r"Taunt minion is in the way.*Kiln Guard \(3\)"
            ):
                step(state, Attack(2, target))

    def test_combat_damage_is_mutual(self) -> None:
        """Attacker and defender damage each other; the dead go to their owners' graveyards."""
        state = table(side(board=[minion(2, "Spark Imp")]), side(board=[minion(3, "Anvil Brute")]))
        after = checked(state, Attack(2, 3))
        assert () == after.players[0].board
        assert ("Spark Imp",) == after.players[0].graveyard
        assert (5, 1) == (after.players[1].board[0].attack, after.players[1].board[0].health)

    def test_divine_shield_absorbs_one_hit(self) -> None:
        """The first hit on a shielded minion only removes the shield; the next one hurts."""
        squire = minion(3, "Lantern Squire")
        me = side(board=[minion(2, "Crucible Titan"), minion(4, "Ember Whelp")])
        state = table(me, side(board=[squire]))
        after = checked(state, Attack(2, 3))
        hit = after.players[1].board[0]
        assert (False, 1) == (hit.divine_shield, hit.health)
        assert 6 == after.players[0].board[0].health  # the squire struck back for 1
        after = checked(after, Attack(4, 3))
        assert () == after.players[1].board

    def test_heroes_do_not_strike_back(self) -> None:
        """Attacking a hero costs the attacker nothing."""
        after = checked(table(side(board=[minion(2, "Spark Imp")]), side()), Attack(2, 1))
        assert 2 == after.players[0].board[0].health


class TestEffects:
    """Tests for Battlecries, spells and Deathrattles expressed as data."""

    def test_battlecry_hits_the_chosen_target(self) -> None:
        """Flint Archer's Battlecry deals 1 damage to the chosen character."""
        state = table(side(hand=["Flint Archer"]), side(board=[minion(2, "Cinder Scout")]))
        after = checked(state, PlayCard(0, target=2))
        assert () == after.players[1].board
        assert ("Cinder Scout",) == after.players[1].graveyard

    def test_battlecry_without_targets_fizzles(self) -> None:
        """A minion whose Battlecry has no valid target can still be played, without target."""
        state = table(side(hand=["Tempering Smith"]), side())
        assert PlayCard(0) in legal_actions(state)
        after = checked(state, PlayCard(0))
        assert (3, 2) == (after.players[0].board[0].attack, after.players[0].board[0].health)

    def test_buffs_raise_maximum_health(self) -> None:
        """Bellwright gives the other friendly minions +1/+1, raising their maximum health."""
        state = table(side(board=[minion(2, "Ember Whelp", health=1)], hand=["Bellwright"]), side())
        after = checked(state, PlayCard(0))
        whelp, bell = after.players[0].board
        assert (2, 2, 3) == (whelp.attack, whelp.health, whelp.max_health)
        assert (3, 3) == (bell.attack, bell.health)

    def test_healing_stops_at_maximum(self) -> None:
        """Healing never raises health above the maximum (30 for heroes)."""
        state = table(side(hand=["Cooling Salve", "Cooling Salve"], health=27), side())
        after = checked(state, PlayCard(0, target=0))
        assert 30 == after.players[0].health

    def test_area_damage_and_deathrattle_summons(self) -> None:
        """Meltdown kills both Smelter Golems; each Deathrattle summons two 1/1 Slag Mites."""
        state = table(
            side(board=[minion(3, "Smelter Golem")], hand=["Meltdown"]),
            side(board=[minion(2, "Smelter Golem")]),
        )
        after = checked(state, PlayCard(0))
        assert ["Slag Mite"] * 2 == [m.card for m in after.players[0].board]
        assert ["Slag Mite"] * 2 == [m.card for m in after.players[1].board]

    def test_deaths_resolve_in_play_order(self) -> None:
        """The older minion's Deathrattle fires first: its tokens get the smaller uids."""
        state = table(
            side(board=[minion(3, "Smelter Golem")], hand=["Meltdown"]),
            side(board=[minion(2, "Smelter Golem")]),
        )
        after = checked(state, PlayCard(0))
        assert [4, 5] == [m.uid for m in after.players[1].board]  # uid 2 died first
        assert [6, 7] == [m.uid for m in after.players[0].board]

    def test_tokens_vanish(self) -> None:
        """A dying token goes to no graveyard."""
        state = table(side(hand=["Spark"]), side(board=[minion(2, "Slag Mite")]))
        after = checked(state, PlayCard(0, target=2))
        assert ((), ()) == (after.players[1].board, after.players[1].graveyard)

    def test_random_effects_use_the_state_generator(self) -> None:
        """Scatter Sparks picks targets from the state's generator: same rng, same result."""
        them = side(board=[minion(2, "Crucible Titan"), minion(3, "Crucible Titan")])
        results = set()
        for rng in range(20):
            after = checked(table(side(hand=["Scatter Sparks"]), them, rng=rng), PlayCard(0))
            again = step(table(side(hand=["Scatter Sparks"]), them, rng=rng), PlayCard(0))
            assert after == again
            assert after.rng != rng
            damage = [30 - after.players[1].health] + [7 - m.health for m in after.players[1].board]
            assert 3 == sum(damage)
            results.add(tuple(damage))
        assert len(results) > 3


class TestOutcome:
    """Tests for win, loss and draw."""

    def test_win(self) -> None:
        """Reducing the enemy hero to 0 ends the game with the attacker as winner."""
        state = table(side(hand=["Firebolt"]), side(health=4))
        after = checked(state, PlayCard(0, target=1))
        assert (True, 0) == (after.over, after.winner)
        assert () == legal_actions(after)
        with pytest.raises(IllegalAction, match="the game is over"):
            step(after, END_TURN)

    def test_fatigue_can_lose_the_game(self) -> None:
        """A hero killed by fatigue at the start of its turn loses."""
        state = table(side(deck=[]), side(deck=[], health=1, fatigue=0), active=0)
        after = checked(state, END_TURN)
        assert (True, 0) == (after.over, after.winner)

    def test_draw_when_both_heroes_fall(self) -> None:
        """Deathrattles that kill both heroes in one action give a draw."""
        fox = minion(2, "Tinder Fox")  # older: fires first, its only target is the enemy hero
        phoenix = minion(3, "Phoenix Ember", health=1)
        state = table(side(board=[phoenix], health=2), side(board=[fox], health=3))
        after = checked(state, Attack(3, 2))
        assert (True, None) == (after.over, after.winner)
        assert (0, 0) == (after.players[0].health, after.players[1].health)


class TestIllegalActions:
    """Tests that illegal actions are rejected with the reason."""

    @pytest.mark.parametrize(
        ("action", "reason"),
        [
            (PlayCard(9), "hand index 9 is out of range: your hand has 4"),
            (PlayCard(0), "Crucible Titan costs 6 mana but you have 3"),
            (PlayCard(1), r"Spark needs a target \(any character\)"),
            (PlayCard(2, target=1), "Ember Whelp takes no target"),
            (PlayCard(3, target=1), r"1 is not a valid target for Temper \(friendly minion\)"),
            (Attack(3, 1), "3 is not one of your minions"),
            (Attack(2, 0), "0 is not an enemy character"),
            (Attack(2, 7), "7 is not an enemy character"),
            ("fold", "'fold' is not an action"),
        ],
    )
    def test_rejected_with_reason(self, action: object, reason: str) -> None:
        """Each illegal action raises IllegalAction whose message gives the reason."""
        me = side(
            board=[minion(2, "Ember Whelp")],
            hand=["Crucible Titan", "Spark", "Ember Whelp", "Temper"],
            mana=3,
        )
        state = table(me, side(board=[minion(3, "Spark Imp")]))
        with pytest.raises(IllegalAction, match=reason):
            step(state, action)  # type: ignore[arg-type]

    def test_spell_without_any_target(self) -> None:
        """A targeted spell with no valid target says there is none, and is not offered."""
        state = table(side(hand=["Temper"]), side())
        assert [END_TURN] == list(legal_actions(state))
        with pytest.raises(IllegalAction, match="there is none"):
            step(state, PlayCard(0))

    def test_zero_attack_minion_cannot_attack(self) -> None:
        """A minion with 0 attack is never offered an attack and is refused one."""
        state = table(side(board=[minion(2, "Ember Whelp", attack=0)]), side())
        assert [END_TURN] == list(legal_actions(state))
        with pytest.raises(IllegalAction, match="has no attack"):
            step(state, Attack(2, 1))

    @pytest.mark.parametrize(
        ("action", "reason"),
        [
            (PlayCard(True), "PlayCard.hand_index must be an int, got True"),
            (PlayCard("0"), "PlayCard.hand_index must be an int, got '0'"),  # type: ignore[arg-type]
            (PlayCard(1, target=1.0), r"PlayCard.target must be an int or None, got 1\.0"),  # type: ignore[arg-type]
            (PlayCard(1, target=True), "PlayCard.target must be an int or None, got True"),
            (Attack(2, 1.0), r"Attack.target must be an int, got 1\.0"),  # type: ignore[arg-type]
            (Attack(2, None), "Attack.target must be an int, got None"),  # type: ignore[arg-type]
            (Attack(None, 1), "Attack.attacker must be an int, got None"),  # type: ignore[arg-type]
        ],
    )
    def test_malformed_actions_name_the_field(self, action: object, reason: str) -> None:
        """An action whose fields are not ints (bools included) is refused naming the field."""
        state = table(side(board=[minion(2, "Ember Whelp")], hand=["Ember Whelp", "Spark"]), side())
        with pytest.raises(IllegalAction, match=reason):
            step(state, action)  # type: ignore[arg-type]
