"""Benchmark the Firestone engine: self-play speed, the cost of copying, and a profile.

Measures, in one process:

- random-vs-random, greedy-vs-random and greedy-vs-greedy games per second (best of 5 runs),
  with the floor of 200 random games per second checked (exit status 1 below it);
- the same random games with a *copy-everything* step (``copy.deepcopy`` of the state before
  each step, what an engine without structural sharing pays), reported as a ratio;
- single-operation rates (step, legal_actions, digest) and a cProfile summary of random play.

Writes ``bench/results/firestone.json`` (with the machine and versions), the tables the
benchmarks page includes (``docs/samples/firestone/_benchmark-tables.md``) and the plots it embeds
(``docs/samples/firestone/img/*.svg``, light and dark). Run: ``python bench/firestone.py``;
``--from-results`` only redraws the plots and tables from the results file. Timing, the machine
record and the plot theme come from ``bench/_common.py``, shared by every benchmark.
"""

from __future__ import annotations

import copy
import cProfile
import io
import json
import os
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CPU_CLOCK,
    WALL_CLOCK,
    SamplePaths,
    Theme,
    arguments,
    best_times,
    machine_rows,
    pyplot,
    read_results,
    save_light_dark,
    write_results,
)
from portfolio.firestone import (
    Action,
    GameState,
    digest,
    legal_actions,
    new_game,
    random_agent,
    simulate,
    step,
)
from portfolio.firestone.rng import derive

PATHS = SamplePaths("firestone")
RESULTS, IMG, TABLES = PATHS.results, PATHS.img, PATHS.doc("_benchmark-tables.md")
FLOOR = 200.0  # random-vs-random games per second
SEED = 2024
REPEATS = 5
PACKAGES = ["pzhao-portfolio", "matplotlib"]  # versions recorded in the results file
DEEPCOPY_GAMES = 100  # random games with a deep copy before each step
POSITION_GAMES = 20  # random games whose positions time the single operations
PROFILE_GAMES = 200  # random games under cProfile
PROFILE_TOP = 12  # profile rows kept in the results file
PROFILE_SHOWN = 6  # of which the page shows


def rates(count: int, work: Callable[[], object]) -> tuple[float, float]:
    """``count`` per wall-clock second and per CPU second of this process, best of REPEATS.

    The CPU-time rate is what one idle core would do; the wall-clock rate also pays for
    whatever else the machine runs at the same time.
    """
    times = best_times(work, repeat=REPEATS)
    return count / max(times.wall, 1e-9), count / max(times.cpu, 1e-9)


def self_play(games: int, agents: tuple[str, str]) -> tuple[float, float, dict[str, object]]:
    report = simulate(games, SEED, agents)
    wall, cpu = rates(games, lambda: simulate(games, SEED, agents))
    return wall, cpu, report.to_json_data()


def deepcopy_self_play(games: int) -> tuple[float, float]:
    """Random self-play where every step first deep-copies the whole state."""

    def run() -> None:
        for g in range(games):
            seed = derive(SEED, g)
            state = new_game(seed)
            ply = 0
            while not state.over:
                action = random_agent(state, derive(seed, ply, 1))
                state = step(copy.deepcopy(state), action)
                ply += 1

    return rates(games, run)


def sample_positions(games: int) -> list[tuple[GameState, Action]]:
    """Every (state, action) pair of a few random games, for the per-operation rates."""
    pairs: list[tuple[GameState, Action]] = []
    for g in range(games):
        seed = derive(SEED, g)
        state, ply = new_game(seed), 0
        while not state.over:
            action = random_agent(state, derive(seed, ply, 1))
            pairs.append((state, action))
            state, ply = step(state, action), ply + 1
    return pairs


def operation_rates(pairs: list[tuple[GameState, Action]]) -> dict[str, float]:
    def rate(fn: Callable[[], object]) -> float:
        return rates(len(pairs), fn)[1]

    return {
        "step": rate(lambda: [step(s, a) for s, a in pairs]),
        "legal_actions": rate(lambda: [legal_actions(s) for s, _ in pairs]),
        "digest": rate(lambda: [digest(s) for s, _ in pairs]),
        "deepcopy": rate(lambda: [copy.deepcopy(s) for s, _ in pairs]),
    }


def profile_summary(games: int, top: int = 12) -> tuple[list[dict[str, object]], str]:
    profiler = cProfile.Profile()
    profiler.enable()
    simulate(games, SEED, ("random", "random"))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (path, line, name), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{Path(path).name}:{line}({name})",
                "calls": ncalls,
                "tottime_s": round(tottime, 4),
                "cumtime_s": round(cumtime, 4),
                "share_of_total": round(tottime / total, 4),
            }
        )
    rows.sort(key=lambda r: -float(r["tottime_s"]))
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(top)
    return rows[:top], text.getvalue()


def plot(results: dict[str, Any]) -> None:
    speeds = results["cpu_games_per_second"]
    labels = [
        "random vs random",
        "random vs random,\ndeep-copying each step",
        "greedy vs random",
        "greedy vs greedy",
    ]
    values = [
        speeds["random_vs_random"],
        speeds["random_vs_random_deepcopy"],
        speeds["greedy_vs_random"],
        speeds["greedy_vs_greedy"],
    ]

    def draw(theme: Theme) -> Any:
        plt = pyplot()
        colors = [theme.accent, theme.muted, theme.accent, theme.accent]
        fig, ax = plt.subplots(figsize=(7.2, 3.2))
        bars = ax.barh(labels[::-1], values[::-1], color=colors[::-1])
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values[::-1]], padding=4)
        ax.axvline(FLOOR, color=theme.target, linestyle="--", linewidth=1)
        ax.text(
            FLOOR,
            1.01,
            f"floor {FLOOR:.0f}",
            color=theme.target,
            ha="center",
            va="bottom",
            fontsize=8,
            transform=ax.get_xaxis_transform(),
        )
        ax.set_xlabel(f"games per CPU second (one process, best of {REPEATS})")
        ax.set_xlim(0, max(values) * 1.2)
        fig.tight_layout()
        return fig

    save_light_dark(draw, IMG / "games-per-second", salt="firestone")


def _function(row: dict[str, Any]) -> str:
    """A profile row's function as ``module.function`` (``file:line(name)`` in the results)."""
    where, _, rest = str(row["function"]).partition(":")
    name = rest.partition("(")[2][:-1]
    if where == "~":  # a built-in: "~:0(<built-in method builtins.len>)"
        return name.removeprefix("<built-in method ").removesuffix(">")
    if where == "<string>":  # the records' generated __init__ (state._slot_init)
        return f"record {name} (generated)"
    return f"{where.removesuffix('.py')}.{name}"


def tables(results: dict[str, Any]) -> str:
    """The Markdown that benchmarks.md includes: every figure comes from ``results``.

    Sections are marked with HTML comments so the page can include each where it explains it.
    """
    m, cpu, wall = (
        results["machine"],
        results["cpu_games_per_second"],
        results["wall_games_per_second"],
    )
    sims, ops, ratios = (
        results["simulations"],
        results["cpu_operations_per_second"],
        results["ratios"],
    )
    before, after = results["load_average_1min_before_after"]
    out = [
        "<!-- machine -->",
        *machine_rows(m),
        f"| measured | {m['date']}, one process, best of {results['repeats']} runs, "
        f"seed {results['seed']} |",
        f"| load average (1 min) | {before} before the run, {after} after it |",
        "<!-- /machine -->",
        "<!-- games -->",
        "| games | agents | games per CPU second | games per wall-clock second | average turns "
        "| average actions |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    rows = (
        ("random_vs_random", "random vs random"),
        ("random_vs_random_deepcopy", "random vs random, deep copy before each step"),
        ("greedy_vs_random", "greedy vs random"),
        ("greedy_vs_greedy", "greedy vs greedy"),
    )
    for key, label in rows:
        sim = sims.get(key)
        games = sim["games"] if sim else results["deepcopy_games"]
        turns = sim["average_turns"] if sim else ""
        actions = sim["average_actions"] if sim else ""
        out.append(f"| {games} | {label} | {cpu[key]} | {wall[key]} | {turns} | {actions} |")
    met = "met" if results["meets_floor"] else "not met"
    floor = results["floor_random_games_per_second"]
    out += [
        "",
        f"**The floor is {met}: {cpu['random_vs_random']} random games per CPU second, "
        f"{ratios['floor_multiple']} times the floor of {floor:g}.**",
        "<!-- /games -->",
        "<!-- operations -->",
        f"Sharing is **{ratios['sharing_speedup_over_deepcopy']} times faster** than deep-copying. "
        f"Per operation, over the {ops['positions']:,} positions of {results['position_games']} "
        "random games:",
        "",
        "| operation | per CPU second |",
        "| --- | ---: |",
        f"| `step` | {ops['step']:,} |",
        f"| `legal_actions` | {ops['legal_actions']:,} |",
        f"| `digest` (canonical JSON + SHA-256) | {ops['digest']:,} |",
        f"| `copy.deepcopy(state)` | {ops['deepcopy']:,} |",
        "",
        f"One deep copy costs {ratios['deepcopy_over_step']} times as much as a whole `step`, "
        f"and one `digest` {ratios['digest_over_step']} times as much.",
        "<!-- /operations -->",
        "<!-- profile -->",
        f"cProfile over {results['profile_games']} random-vs-random games, by own time:",
        "",
        "| function | calls | own time (s) | share |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in results["profile_random_vs_random"][: results["profile_shown"]]:
        out.append(
            f"| `{_function(row)}` | {row['calls']:,} | {row['tottime_s']:.3f} "
            f"| {row['share_of_total']:.1%} |"
        )
    out.append("<!-- /profile -->")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    if arguments(__doc__).parse_args(argv).from_results:
        saved = read_results(RESULTS)
        plot(saved)
        TABLES.write_text(tables(saved), encoding="utf-8")
        return 0
    load_before = os.getloadavg()
    rr, rr_cpu, rr_report = self_play(500, ("random", "random"))
    gr, gr_cpu, gr_report = self_play(200, ("greedy", "random"))
    gg, gg_cpu, gg_report = self_play(100, ("greedy", "greedy"))
    rr_copy, rr_copy_cpu = deepcopy_self_play(DEEPCOPY_GAMES)
    pairs = sample_positions(POSITION_GAMES)
    ops = operation_rates(pairs)
    top, text = profile_summary(PROFILE_GAMES, PROFILE_TOP)
    load_after = os.getloadavg()
    results: dict[str, Any] = {
        "processes_used": 1,
        "load_average_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "clock": {"cpu_games_per_second": CPU_CLOCK, "wall_games_per_second": WALL_CLOCK},
        "seed": SEED,
        "repeats": REPEATS,
        "floor_random_games_per_second": FLOOR,
        "floor_is_checked_on": "cpu_games_per_second.random_vs_random",
        "meets_floor": rr_cpu >= FLOOR,
        "deepcopy_games": DEEPCOPY_GAMES,
        "cpu_games_per_second": {
            "random_vs_random": round(rr_cpu, 1),
            "random_vs_random_deepcopy": round(rr_copy_cpu, 1),
            "greedy_vs_random": round(gr_cpu, 1),
            "greedy_vs_greedy": round(gg_cpu, 1),
        },
        "wall_games_per_second": {
            "random_vs_random": round(rr, 1),
            "random_vs_random_deepcopy": round(rr_copy, 1),
            "greedy_vs_random": round(gr, 1),
            "greedy_vs_greedy": round(gg, 1),
        },
        "ratios": {
            "floor_multiple": round(rr_cpu / FLOOR, 2),
            "sharing_speedup_over_deepcopy": round(rr_cpu / rr_copy_cpu, 2),
            "random_over_greedy_vs_random": round(rr_cpu / gr_cpu, 2),
            "deepcopy_over_step": round(ops["step"] / ops["deepcopy"], 1),
            "digest_over_step": round(ops["step"] / ops["digest"], 1),
        },
        "position_games": POSITION_GAMES,
        "cpu_operations_per_second": {
            "positions": len(pairs),
            **{k: round(v) for k, v in ops.items()},
        },
        "simulations": {
            "random_vs_random": rr_report,
            "greedy_vs_random": gr_report,
            "greedy_vs_greedy": gg_report,
        },
        "profile_games": PROFILE_GAMES,
        "profile_shown": PROFILE_SHOWN,
        "profile_random_vs_random": top,
    }
    results = write_results(RESULTS, results, packages=PACKAGES)
    plot(results)
    TABLES.write_text(tables(results), encoding="utf-8")
    keys = ("machine", "cpu_games_per_second", "wall_games_per_second", "ratios")
    print(json.dumps({k: results[k] for k in keys}, indent=2))
    print(text)
    verdict = "PASS" if rr_cpu >= FLOOR else "FAIL"
    print(
        f"{verdict}: {rr_cpu:,.0f} random-vs-random games per CPU second "
        f"({rr:,.0f} per wall-clock second; floor {FLOOR:.0f})"
    )
    return 0 if rr_cpu >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
