"""Benchmark: Girvan–Newman, portfolio.community vs networkx vs python-igraph, side by side.

Random graphs G(n, m) with m = 4n (average degree 8), n = 100, 200, 400, 800, seed 1. Each
implementation computes the full dendrogram in this one process, timed in CPU seconds; networkx
and ours are stepped alternately, level by level, so both run under the same load, and every level
is checked equal. networkx's full dendrogram at 800 nodes would take tens of
minutes, so at 800 nodes networkx and ours are also timed on the first LEVELS_800 levels only,
which is labelled as such everywhere. Writes ``bench/results/community.json`` and the plots
under ``docs/samples/community/img/`` (light and dark), including the karate-club figure.

Run: ``.venv/bin/python bench/community.py`` (``make bench`` runs it); ``--figures-only`` redraws
the karate figure, ``--from-results`` redraws the plots and table from the committed JSON.
"""

from __future__ import annotations

import itertools
import json
import math
import platform
import sys
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import igraph as ig
import matplotlib as mpl
import networkx as nx

mpl.use("svg")
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import NullFormatter

from portfolio.community import girvan_newman

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "community.json"
IMG = ROOT / "docs" / "samples" / "community" / "img"
TABLE = ROOT / "docs" / "samples" / "community" / "_benchmark-table.md"
SIZES = (100, 200, 400, 800)
NETWORKX_FULL_MAX = 400  # largest size at which networkx's full dendrogram is timed
LEVELS_800 = 10
SEED = 1
THEMES = {
    "light": {"fg": "#1f2328", "grid": "#d0d7de", "suffix": ""},
    "dark": {"fg": "#e6edf3", "grid": "#3d444d", "suffix": "-dark"},
}
COLORS = {"networkx": "#8250df", "portfolio.community": "#1a7f37", "igraph (C)": "#bc4c00"}

Level = tuple[set[Hashable], ...]


def cpu_timed(run: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds of this process: fairer than wall time on a shared, busy machine."""
    start = time.process_time()
    out = run()
    return time.process_time() - start, out


def side_by_side(G: nx.Graph[Any], k: int | None) -> tuple[float, float, list[Level]]:
    """Step networkx and ours level by level, alternating, so both see the same machine load.

    Returns each one's total CPU seconds for the first `k` levels (all when ``None``); exits if
    any level differs.
    """
    ours, theirs = girvan_newman(G), nx.community.girvan_newman(G)
    t_ours = t_theirs = 0.0
    levels: list[Level] = []
    for i in itertools.count():
        if k is not None and i >= k:
            break
        dt, mine = cpu_timed(lambda: next(ours, None))
        t_ours += dt
        dt, other = cpu_timed(lambda: next(theirs, None))
        t_theirs += dt
        if mine != other:
            sys.exit(f"n={len(G)}: level {i} of portfolio.community differs from networkx's")
        if mine is None:
            break
        levels.append(mine)  # type: ignore[arg-type]
    return t_ours, t_theirs, levels


def igraph_dendrogram(G: nx.Graph[Any]) -> object:
    g = ig.Graph(n=G.number_of_nodes(), edges=list(G.edges()))
    return g.community_edge_betweenness(directed=False)


def measure() -> dict[str, Any]:
    rows = []
    for n in SIZES:
        G = nx.gnm_random_graph(n, 4 * n, seed=SEED)
        row: dict[str, Any] = {"n": n, "m": G.number_of_edges()}
        row["igraph_full_s"], _ = cpu_timed(lambda G=G: igraph_dendrogram(G))
        if n <= NETWORKX_FULL_MAX:
            t_ours, t_nx, _ = side_by_side(G, None)
            row["ours_full_s"], row["networkx_full_s"] = t_ours, t_nx
            row["speedup_full"] = t_nx / t_ours
        else:
            k = LEVELS_800
            t_ours, t_nx, _ = side_by_side(G, k)
            row["first_levels"] = k
            row["ours_first_levels_s"] = t_ours
            row["networkx_first_levels_s"] = t_nx
            row["speedup_first_levels"] = t_nx / t_ours
            row["ours_full_s"], _ = cpu_timed(lambda G=G: sum(1 for _ in girvan_newman(G)))
        print(json.dumps(row), flush=True)
        rows.append(row)
    growth = {}
    for key in ("ours_full_s", "igraph_full_s", "networkx_full_s"):
        pts = [(r["n"], r[key]) for r in rows if key in r]
        growth[key] = [
            {"from": a, "to": b, "exponent": math.log(tb / ta) / math.log(b / a)}
            for (a, ta), (b, tb) in itertools.pairwise(pts)
        ]
    return {
        "graph": "networkx.gnm_random_graph(n, 4 * n, seed=1): average degree 8",
        "clock": "CPU seconds of the benchmark process (time.process_time)",
        "python": platform.python_version(),
        "networkx": nx.__version__,
        "igraph": ig.__version__,
        "machine": platform.machine(),
        "rows": rows,
        "growth_exponents": growth,
    }


def plot_times(results: dict[str, Any]) -> None:
    rows = results["rows"]
    for theme in THEMES.values():
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        for label, key in (
            ("networkx", "networkx_full_s"),
            ("portfolio.community", "ours_full_s"),
            ("igraph (C)", "igraph_full_s"),
        ):
            pts = [(r["n"], r[key]) for r in rows if key in r]
            ax.plot(*zip(*pts, strict=True), marker="o", label=label, color=COLORS[label])
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(list(SIZES), [str(s) for s in SIZES])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("nodes (average degree 8)")
        ax.set_ylabel("full dendrogram, CPU seconds")
        style(ax, fig, theme)
        ax.legend(frameon=False, labelcolor=theme["fg"])
        fig.tight_layout()
        fig.savefig(IMG / f"times{theme['suffix']}.svg", transparent=True, metadata={"Date": None})
        plt.close(fig)


def plot_karate() -> None:
    G = nx.karate_club_graph()
    first = next(girvan_newman(G))
    hi = next(c for c in first if 0 in c)
    pos = nx.spring_layout(G, seed=7)
    for theme in THEMES.values():
        fig, ax = plt.subplots(figsize=(6.4, 4.8))
        nx.draw_networkx_edges(G, pos, ax=ax, edge_color=theme["grid"], width=1.0)
        for club, marker in (("Mr. Hi", "o"), ("Officer", "s")):
            nodes = [v for v in G if G.nodes[v]["club"] == club]
            nx.draw_networkx_nodes(
                G,
                pos,
                nodelist=nodes,
                node_shape=marker,
                node_color=["#1a7f37" if v in hi else "#bc4c00" for v in nodes],
                edgecolors=[theme["fg"] if v in (2, 8) else "none" for v in nodes],
                linewidths=2.0,
                node_size=260,
                ax=ax,
            )
        nx.draw_networkx_labels(G, pos, font_size=7, font_color="white", ax=ax)
        ax.set_title("Karate club: first Girvan–Newman split", color=theme["fg"])
        handles = [
            Line2D([], [], ls="", marker="o", color=theme["fg"], label="club: Mr. Hi"),
            Line2D([], [], ls="", marker="s", color=theme["fg"], label="club: Officer"),
            Patch(color="#1a7f37", label="split: node 0's side"),
            Patch(color="#bc4c00", label="split: node 33's side"),
        ]
        ax.legend(handles=handles, frameon=False, labelcolor=theme["fg"], loc="lower left")
        ax.set_axis_off()
        fig.tight_layout()
        fig.savefig(IMG / f"karate{theme['suffix']}.svg", transparent=True, metadata={"Date": None})
        plt.close(fig)


def style(ax: Any, fig: Any, theme: dict[str, str]) -> None:
    for spine in ax.spines.values():
        spine.set_color(theme["fg"])
    ax.tick_params(colors=theme["fg"], which="both")
    ax.xaxis.label.set_color(theme["fg"])
    ax.yaxis.label.set_color(theme["fg"])
    ax.grid(True, color=theme["grid"], linewidth=0.5)


def write_table(results: dict[str, Any]) -> None:
    """The measured numbers as a Markdown table that benchmarks.md includes."""
    lines = [
        "| nodes | edges | networkx (s) | portfolio.community (s) | speed-up | igraph, C (s) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results["rows"]:
        if "networkx_full_s" in r:
            nx_s, speed = f"{r['networkx_full_s']:.2f}", f"{r['speedup_full']:.1f}×"
        else:
            nx_s, speed = "not run in full", "see below"
        lines.append(
            f"| {r['n']} | {r['m']} | {nx_s} | {r['ours_full_s']:.2f} | {speed} "
            f"| {r['igraph_full_s']:.2f} |"
        )
    for r in results["rows"]:
        if "first_levels" in r:
            lines += [
                "",
                f"At {r['n']} nodes, first {r['first_levels']} levels only: networkx "
                f"{r['networkx_first_levels_s']:.2f} s, portfolio.community "
                f"{r['ours_first_levels_s']:.2f} s, a speed-up of "
                f"{r['speedup_first_levels']:.1f}×.",
            ]
    lines += ["", "Growth exponents $b$ in $t \\propto n^b$ between consecutive sizes:", ""]
    names = {
        "networkx_full_s": "networkx",
        "ours_full_s": "portfolio.community",
        "igraph_full_s": "igraph",
    }
    for key, name in names.items():
        steps = ", ".join(
            f"{g['from']}→{g['to']}: {g['exponent']:.2f}" for g in results["growth_exponents"][key]
        )
        lines.append(f"- {name}: {steps}")
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    mpl.rcParams["svg.hashsalt"] = "community"
    mpl.rcParams["svg.fonttype"] = "none"
    IMG.mkdir(parents=True, exist_ok=True)
    plot_karate()
    if "--figures-only" in sys.argv:
        return
    if "--from-results" in sys.argv:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    else:
        results = measure()
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot_times(results)
    write_table(results)
    print(f"wrote {IMG.relative_to(ROOT)}/*.svg and {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
