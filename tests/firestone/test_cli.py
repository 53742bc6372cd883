"""Tests for ``python -m portfolio.firestone``: simulate and the text-mode game."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import pytest

from portfolio.firestone import DEFAULT_DECK
from portfolio.firestone.__main__ import main
from portfolio.firestone.shell import play_text


def run(*args: str, stdin: str = "", hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    """Run the module in a fresh process."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-m", "portfolio.firestone", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )


def play(moves: str, mine: str = "Spark", seed: int = 3) -> str:
    """Play a piped game in-process: the person's deck is 30 copies of ``mine``."""
    out = io.StringIO()
    decks = ([mine] * 30, DEFAULT_DECK)
    assert 0 == play_text(io.StringIO(moves), out, seed=seed, decks=decks)
    return out.getvalue()


class TestSimulateCommand:
    """Tests for the simulate subcommand."""

    def test_prints_one_json_object_with_a_stable_digest(self) -> None:
        """Two processes with different hash seeds print the same games, wins and digest."""
        args = ("simulate", "--games", "6", "--seed", "4", "--agents", "random,greedy")
        first, second = run(*args, hash_seed="1"), run(*args, hash_seed="2")
        assert (0, 0) == (first.returncode, second.returncode)
        a, b = json.loads(first.stdout), json.loads(second.stdout)
        expected_keys = {"games", "seed", "agents", "wins", "draws", "average_turns",
                         "average_actions", "games_per_second", "digest"}  # fmt: skip
        assert expected_keys == set(a)
        assert 6 == a["games"]
        assert ["random", "greedy"] == a["agents"]
        assert 6 == sum(a["wins"].values()) + a["draws"]
        for key in ("wins", "draws", "average_turns", "digest"):
            assert a[key] == b[key]

    def test_wins_are_keyed_by_agent_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """wins maps each agent's name to its wins; a mirror match has one name holding all."""
        assert 0 == main(["simulate", "--games", "4", "--seed", "1", "--agents", "greedy,random"])
        data = json.loads(capsys.readouterr().out)
        assert {"greedy", "random"} == set(data["wins"])
        assert 4 == data["wins"]["greedy"] + data["wins"]["random"] + data["draws"]
        assert 0 == main(["simulate", "--games", "4", "--seed", "1", "--agents", "random,random"])
        mirror = json.loads(capsys.readouterr().out)
        assert ["random"] == list(mirror["wins"])
        assert 4 == mirror["wins"]["random"] + mirror["draws"]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--agents", "random,clever"], "--agents: expected two of random, greedy"),
            (["--games", "0"], "--games: expected a positive integer"),
        ],
    )
    def test_bad_arguments(
        self, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad arguments exit with status 2 and a message naming the option."""
        with pytest.raises(SystemExit) as exit_info:
            main(["simulate", *args])
        assert 2 == exit_info.value.code
        assert message in capsys.readouterr().err


class TestPlayCommand:
    """Tests for the play subcommand, driven through piped input."""

    def test_board_is_shown(self) -> None:
        """The opening table shows both heroes, mana and the numbered hand."""
        out = play("")
        assert "=== Turn 1: your move ===" in out
        assert "Opponent (greedy)  health 30  mana 0/0  hand 4  deck 26" in out
        assert "You                health 30  mana 1/1  hand 4  deck 26" in out
        assert "  1. " in out

    def test_illegal_moves_are_explained_and_the_game_goes_on(self) -> None:
        """Illegal or unreadable moves print the reason; later moves still work."""
        out = play("play 9\nplay 3\nattack m1 f\ndance\nend\n", mine="Firebolt")
        assert "'9' is not a card in your hand" in out
        assert "Illegal move: Firebolt costs 3 mana but you have 1" in out
        assert "you have no minions to attack with" in out
        assert "unknown command 'dance'" in out
        assert "You end the turn." in out
        assert "=== Turn 3: your move ===" in out  # the opponent moved and passed back

    def test_end_of_input_leaves_cleanly(self) -> None:
        """Running out of input ends the program with status 0 and a message."""
        proc = run("play", "--seed", "3", stdin="moves\n")  # ends without quit
        assert 0 == proc.returncode
        assert "Legal moves: end" in proc.stdout
        assert "End of input: leaving the game." in proc.stdout

    def test_a_passive_player_loses(self) -> None:
        """A person who only ends turns is beaten by the greedy agent."""
        out = play("end\n" * 200, mine="Ember Whelp")
        assert "You lose." in out
        assert "End of input" not in out

    def test_a_legal_move_changes_the_table(self) -> None:
        """Playing a card at the enemy hero lowers its health on the next table."""
        out = play("play 1 f\n")
        assert "You play Spark on the enemy hero." in out
        assert "Opponent (greedy)  health 28" in out

    def test_garbage_input_is_answered_not_fatal(self) -> None:
        """Odd characters, non-ASCII digits and mixed case are read or refused, never a crash."""
        out = play("play ²\nattack ٣ f\n\x00\x1b[2J\nPLAY 1 F\nMoves\nQUIT\n")
        assert "'²' is not a card in your hand: use 1..4" in out
        assert "you have no minions to attack with" in out
        assert "unknown command '\\x00\\x1b[2J'" in out
        assert "You play Spark on the enemy hero." in out
        assert "Legal moves: end" in out
        assert "Bye." in out

    def test_undecodable_bytes_on_stdin(self) -> None:
        """Bytes that are not UTF-8 are an unknown move; the game goes on and ends at EOF."""
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict decoding, whatever the locale
        proc = subprocess.run(
            [sys.executable, "-m", "portfolio.firestone", "play", "--seed", "3"],
            input=b"\xff\xfe garbage\nend\n",
            capture_output=True,
            env=env,
            check=False,
            timeout=60,
        )
        out = proc.stdout.decode()
        assert (0, b"") == (proc.returncode, proc.stderr)
        assert "Can't read that: unknown command" in out
        assert "You end the turn." in out
        assert "End of input: leaving the game." in out

    def test_unknown_opponent_is_refused(self) -> None:
        """play_text names the bad opponent instead of silently playing another agent."""
        with pytest.raises(
            ValueError, match="opponent must be one of random, greedy; got 'clever'"
        ):
            play_text(io.StringIO(""), io.StringIO(), opponent="clever")


class TestWalkthroughExample:
    """The walkthrough's ``simulate`` example is what the command prints today."""

    def test_simulate_example_matches(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Same games, wins, averages and digest as the page shows (the speed is elided there).

        This pins the digest of ``simulate --games 200 --seed 1 --agents random,greedy``: a
        change to the rules or to how records are rebuilt that alters any game changes it.
        """
        from tests.helpers import DOCS

        page = (DOCS / "samples" / "firestone" / "walkthrough.md").read_text(encoding="utf-8")
        command, shown = re.search(
            r"^\$ python -m portfolio\.firestone (simulate [^\n]+)\n(\{[^\n]+\})$", page, re.M
        ).groups()  # type: ignore[union-attr]
        expected = json.loads(shown.replace('"games_per_second": …', '"games_per_second": null'))
        assert 0 == main(command.split())
        actual = json.loads(capsys.readouterr().out)
        assert actual.pop("games_per_second") > 0
        assert expected.pop("games_per_second") is None
        assert expected == actual
