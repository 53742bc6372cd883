"""Command line: ``python -m portfolio.firestone simulate|play``.

``simulate`` prints one JSON object (games, wins per agent, draws, average turns, games per
second and a digest over all final states); ``play`` is a text-mode game against an agent,
reading moves from standard input.

Examples
--------
>>> import contextlib, io, json
>>> out = io.StringIO()
>>> with contextlib.redirect_stdout(out):
...     main(["simulate", "--games", "3", "--seed", "1", "--agents", "random,greedy"])
0
>>> json.loads(out.getvalue())["games"]
3
"""

from __future__ import annotations

import argparse
import io
import json
import sys

# typing's alias, not collections.abc: the docs build resolves typing names offline.
from typing import Sequence  # noqa: UP035

from portfolio.firestone.agents import AGENTS
from portfolio.firestone.shell import play_text, simulate

__all__ = ["main"]


def _agents(text: str) -> tuple[str, str]:
    names = tuple(part.strip() for part in text.split(","))
    if len(names) != 2 or any(name not in AGENTS for name in names):
        raise argparse.ArgumentTypeError(
            f"expected two of {', '.join(AGENTS)} separated by a comma, got {text!r}"
        )
    return names[0], names[1]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Parameters
    ----------
    argv
        The arguments (``sys.argv[1:]`` if omitted).

    Returns
    -------
    int
        The exit status.
    """
    parser = argparse.ArgumentParser(
        prog="python -m portfolio.firestone", description="Firestone card-game engine."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    sim = commands.add_parser("simulate", help="play agents against each other, print JSON")
    sim.add_argument("--games", type=_positive, default=100, help="number of games (100)")
    sim.add_argument("--seed", type=int, default=0, help="root seed (0)")
    sim.add_argument(
        "--agents",
        type=_agents,
        default=("random", "random"),
        help="two agents, e.g. random,greedy",
    )
    play = commands.add_parser("play", help="play against an agent, moves on standard input")
    play.add_argument("--seed", type=int, default=0, help="game seed (0)")
    play.add_argument("--opponent", choices=sorted(AGENTS), default="greedy", help="(greedy)")
    args = parser.parse_args(argv)
    if args.command == "simulate":
        report = simulate(args.games, args.seed, args.agents)
        print(json.dumps(report.to_json_data()))
        return 0
    if isinstance(sys.stdin, io.TextIOWrapper):
        # Piped bytes that are not text must read as an unknown move, not end the program.
        sys.stdin.reconfigure(errors="replace")
    return play_text(sys.stdin, sys.stdout, seed=args.seed, opponent=args.opponent)


if __name__ == "__main__":
    raise SystemExit(main())
