"""Benchmark: Girvan–Newman, portfolio.community vs networkx vs python-igraph, side by side.

Random graphs G(n, m) with m = 4n (average degree 8), n = 50, 100, 200, 400, 800, seed 1. Each
implementation computes the dendrogram in this one process, timed in CPU seconds. networkx and
ours are stepped alternately, level by level, so both run under the same load, and every level
is checked equal (the same sets, iterating in the same order); the script stops if one differs.
The target is ours at least 10 times faster than networkx at every size. networkx's full
dendrogram at 800 nodes would take far longer than everything else together, so at 800 nodes
networkx and ours are compared on the first ``LEVELS_800`` levels, labelled as such everywhere;
ours and igraph also run the full dendrogram there. The moonshot: ours faster than igraph's C at
400 nodes.

The compiled kernels are loaded before timing (one call on a small graph); what that first call
costs is measured separately, in fresh subprocesses: once with an empty numba cache (the
compile) and once with the cache it wrote (loading it). The installed size of numba and
llvmlite is recorded too, so the design note quotes only figures this results file holds.

Writes ``bench/results/community.json`` (machine and versions first), the tables the docs include
(``docs/samples/community/_benchmark-table.md`` and ``_compiled-cost.md``) and the plots under
``docs/samples/community/img/`` (light and dark). Timing, the machine record and the plot theme
come from ``bench/_common.py``.

Run: ``.venv/bin/python bench/community.py`` (``make bench`` runs it); ``--sizes 50 100`` runs
only those sizes (the results file is then not written); ``--from-results`` redraws the plots and
tables from the committed JSON; ``--figures-only`` redraws the karate figure.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx

from _common import (
    CPU_CLOCK,
    ROOT,
    SamplePaths,
    Theme,
    arguments,
    cold_and_warm,
    cpu_timed,
    package_mib,
    read_results,
    save_light_dark,
    write_results,
)
from portfolio.community import girvan_newman

PATHS = SamplePaths("community")
RESULTS, IMG = PATHS.results, PATHS.img
TABLE, COST = PATHS.doc("_benchmark-table.md"), PATHS.doc("_compiled-cost.md")
SIZES = (50, 100, 200, 400, 800)
NETWORKX_FULL_MAX = 400  # largest size at which networkx's full dendrogram is timed
LEVELS_800 = 10
REPEATS = {50: 5, 100: 3}  # best of this many runs at the small sizes (default 1)
TARGET = 10.0  # ours at least this many times faster than networkx, at every size
MOONSHOT_N = 400  # ours faster than igraph's C implementation at this size
SEED = 1
PACKAGES = ["numpy", "numba", "llvmlite", "networkx", "igraph", "matplotlib", "pzhao-portfolio"]

Level = tuple[set[Hashable], ...]

# Importing portfolio.community loads (or, with nothing cached, compiles) the kernels, so the
# start-up cost is the import plus the first call.
FIRST_CALL = """
import json, time
import networkx as nx
start = time.process_time()
from portfolio.community import girvan_newman
list(girvan_newman(nx.karate_club_graph()))
print(json.dumps(time.process_time() - start))
"""


def side_by_side(G: nx.Graph[Any], k: int | None) -> tuple[float, float, int]:
    """Step networkx and ours level by level, alternating, so both see the same machine load.

    Returns each one's CPU seconds for the first `k` levels (all when ``None``) and the number
    of levels; exits if any level differs, in its sets or in the order a set lists its nodes.
    """
    ours, theirs = girvan_newman(G), nx.community.girvan_newman(G)
    t_ours = t_theirs = 0.0
    for i in itertools.count():
        if k is not None and i >= k:
            return t_ours, t_theirs, i
        dt, mine = cpu_timed(lambda: next(ours, None))
        t_ours += dt
        dt, other = cpu_timed(lambda: next(theirs, None))
        t_theirs += dt
        if mine != other or (
            mine is not None
            and other is not None
            and [list(c) for c in mine] != [list(c) for c in other]
        ):
            sys.exit(f"n={len(G)}: level {i} of portfolio.community differs from networkx's")
        if mine is None:
            return t_ours, t_theirs, i
    raise AssertionError("unreachable")


def igraph_dendrogram(G: nx.Graph[Any]) -> object:
    import igraph as ig

    g = ig.Graph(n=G.number_of_nodes(), edges=list(G.edges()))
    return g.community_edge_betweenness(directed=False)


def measure_size(n: int) -> dict[str, Any]:
    """One row: networkx, ours and igraph on G(n, 4n)."""
    G = nx.gnm_random_graph(n, 4 * n, seed=SEED)
    row: dict[str, Any] = {"n": n, "m": G.number_of_edges()}
    repeats = REPEATS.get(n, 1)
    k = None if n <= NETWORKX_FULL_MAX else LEVELS_800
    best_ours = best_nx = float("inf")
    for _ in range(repeats):
        t_ours, t_nx, levels = side_by_side(G, k)
        best_ours, best_nx = min(best_ours, t_ours), min(best_nx, t_nx)
    row["levels_compared"] = levels if k is None else k
    row["full"] = k is None
    row["repeats"] = repeats
    row["networkx_s"] = best_nx
    row["ours_s"] = best_ours
    row["ratio"] = best_nx / best_ours
    if k is not None:
        row["ours_full_s"], _ = cpu_timed(lambda: sum(1 for _ in girvan_newman(G)))
    else:
        row["ours_full_s"] = best_ours
    row["igraph_full_s"], _ = cpu_timed(lambda: igraph_dendrogram(G))
    row["igraph_over_ours"] = row["igraph_full_s"] / row["ours_full_s"]
    return row


def first_call_cost() -> dict[str, float]:
    """CPU seconds to import ``portfolio.community`` and run a first ``girvan_newman`` call.

    In a fresh process, on the karate club graph. ``compile_s``: with an empty numba cache, so the
    import compiles the kernels; ``cached_s``: again, with the cache that run wrote.
    """
    cold, warm = cold_and_warm(FIRST_CALL, cwd=ROOT)
    return {"compile_s": float(cold), "cached_s": float(warm)}


def verdict(row: dict[str, Any]) -> str:
    what = "full dendrogram" if row["full"] else f"first {row['levels_compared']} levels"
    met = "met" if row["ratio"] >= TARGET else "NOT MET"
    return (
        f"n={row['n']:>4} ({what}): networkx {row['networkx_s']:.2f} s, "
        f"portfolio.community {row['ours_s']:.3f} s: {row['ratio']:.1f}x "
        f"(target {TARGET:.0f}x: {met}); igraph full {row['igraph_full_s']:.2f} s"
    )


def moonshot(results: dict[str, Any]) -> str:
    row = next((r for r in results["rows"] if r["n"] == MOONSHOT_N), None)
    if row is None:
        return f"moonshot: {MOONSHOT_N} nodes not measured"
    met = "met" if row["igraph_over_ours"] > 1 else "not met"
    return (
        f"moonshot, {MOONSHOT_N} nodes: igraph {row['igraph_full_s']:.2f} s, "
        f"portfolio.community {row['ours_full_s']:.2f} s ({row['igraph_over_ours']:.1f}x): {met}"
    )


def measure(sizes: tuple[int, ...], *, costs: bool = True) -> dict[str, Any]:
    # Load the compiled kernels and igraph before timing; first_call_cost measures the former.
    list(girvan_newman(nx.karate_club_graph()))
    igraph_dendrogram(nx.karate_club_graph())
    rows = []
    for n in sizes:
        row = measure_size(n)
        print(verdict(row), flush=True)
        rows.append(row)
    return {
        "graph": "networkx.gnm_random_graph(n, 4 * n, seed=1): average degree 8",
        "clock": CPU_CLOCK,
        "target_ratio": TARGET,
        "moonshot_n": MOONSHOT_N,
        "rows": rows,
        "first_call": first_call_cost() if costs else None,
        "install_mib": {name: package_mib(name) for name in ("numba", "llvmlite")},
    }


# -- What the docs include: generated from the results, and checked against them by the tests --
def _cpu_model(machine: dict[str, Any]) -> str:
    cores = machine.get("cores")
    return f"{machine.get('cpu_model', 'unknown CPU')}, {cores} cores"


def render_table(results: dict[str, Any]) -> str:
    """``_benchmark-table.md``: the measured numbers, the machine and the versions."""
    target = results["target_ratio"]
    lines = [
        "| nodes | edges | levels timed | networkx (s) | portfolio.community (s) "
        "| speed-up | igraph, C, full (s) |",
        "| ---: | ---: | :--- | ---: | ---: | ---: | ---: |",
    ]
    for r in results["rows"]:
        levels = "all" if r["full"] else f"first {r['levels_compared']}"
        lines.append(
            f"| {r['n']} | {r['m']} | {levels} | {r['networkx_s']:.2f} | {r['ours_s']:.3f} "
            f"| **{r['ratio']:.1f}×** | {r['igraph_full_s']:.2f} |"
        )
    lowest = min(results["rows"], key=lambda r: r["ratio"])
    lines += [
        "",
        f"The target is {target:.0f}× at every size; the lowest speed-up measured is "
        f"{lowest['ratio']:.1f}×, at {lowest['n']} nodes.",
    ]
    partial = [r for r in results["rows"] if not r["full"]]
    for r in partial:
        lines.append(
            f"At {r['n']} nodes portfolio.community's full dendrogram took "
            f"{r['ours_full_s']:.2f} s."
        )
    lines += ["", "Against igraph's C implementation, full dendrograms:", ""]
    for r in results["rows"]:
        faster = "faster" if r["igraph_over_ours"] > 1 else "slower"
        factor = r["igraph_over_ours"] if r["igraph_over_ours"] > 1 else 1 / r["igraph_over_ours"]
        lines.append(
            f"- {r['n']} nodes: igraph {r['igraph_full_s']:.2f} s, portfolio.community "
            f"{r['ours_full_s']:.2f} s, {factor:.1f}× {faster}"
        )
    m = results["machine"]
    v = m["versions"]
    lines += [
        "",
        f"Measured on {_cpu_model(m)} ({m['machine']}, {m['os']}), {m['date']}; Python "
        f"{m['python']}, NumPy {v['numpy']}, numba {v['numba']}, networkx {v['networkx']}, "
        f"python-igraph {v['igraph']}. Times are {results['clock']}.",
    ]
    return "\n".join(lines) + "\n"


def render_cost(results: dict[str, Any]) -> str:
    """``_compiled-cost.md``: what the compiled kernels cost to install and to start."""
    first, size = results["first_call"], results["install_mib"]
    m = results["machine"]
    return (
        f"- **Install size:** numba {size['numba']:.0f} MiB and llvmlite "
        f"{size['llvmlite']:.0f} MiB on disk in the virtual environment, bytecode included.\n"
        f"- **Import and first call, nothing cached:** {first['compile_s']:.1f} CPU seconds "
        "(importing the package compiles the kernels; the machine code is then cached on "
        "disk).\n"
        f"- **Import and first call in a new process, cache present:** {first['cached_s']:.2f} "
        "CPU seconds (numba starts and the import loads the cached kernels; from then on no call "
        "pays a start-up cost).\n"
        f"- Measured on {_cpu_model(m)}, numba {m['versions']['numba']}, "
        f"by `bench/community.py`.\n"
    )


def plot_times(results: dict[str, Any]) -> None:
    rows = results["rows"]
    sizes = [r["n"] for r in rows]

    def draw(theme: Theme) -> Any:
        from matplotlib.ticker import NullFormatter

        from _common import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        full = [r for r in rows if r["full"]]
        series = (
            ("networkx", [(r["n"], r["networkx_s"]) for r in full], theme.series[3]),
            ("portfolio.community", [(r["n"], r["ours_full_s"]) for r in rows], theme.accent),
            ("igraph (C)", [(r["n"], r["igraph_full_s"]) for r in rows], theme.series[2]),
        )
        for label, pts, colour in series:
            if pts:
                ax.plot(*zip(*pts, strict=True), marker="o", label=label, color=colour)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("nodes (average degree 8)")
        ax.set_ylabel("full dendrogram, CPU seconds")
        ax.grid(True)
        ax.legend()
        fig.tight_layout()
        return fig

    save_light_dark(draw, IMG / "times", salt="community")


def plot_karate() -> None:
    G = nx.karate_club_graph()
    first = next(girvan_newman(G))
    hi = next(c for c in first if 0 in c)
    pos = nx.spring_layout(G, seed=7)

    def draw(theme: Theme) -> Any:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        from _common import pyplot

        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6.4, 4.8))
        ours, theirs = theme.series[1], theme.series[2]
        nx.draw_networkx_edges(G, pos, ax=ax, edge_color=theme.grid, width=1.0)
        for club, marker in (("Mr. Hi", "o"), ("Officer", "s")):
            nodes = [v for v in G if G.nodes[v]["club"] == club]
            nx.draw_networkx_nodes(
                G,
                pos,
                nodelist=nodes,
                node_shape=marker,
                node_color=[ours if v in hi else theirs for v in nodes],
                edgecolors=[theme.fg if v in (2, 8) else "none" for v in nodes],
                linewidths=2.0,
                node_size=260,
                ax=ax,
            )
        nx.draw_networkx_labels(G, pos, font_size=7, font_color="white", ax=ax)
        ax.set_title("Karate club: first Girvan–Newman split")
        handles = [
            Line2D([], [], ls="", marker="o", color=theme.fg, label="club: Mr. Hi"),
            Line2D([], [], ls="", marker="s", color=theme.fg, label="club: Officer"),
            Patch(color=ours, label="split: node 0's side"),
            Patch(color=theirs, label="split: node 33's side"),
        ]
        ax.legend(handles=handles, loc="lower left")
        ax.set_axis_off()
        fig.tight_layout()
        return fig

    save_light_dark(draw, IMG / "karate", salt="community-karate")


def write_docs(results: dict[str, Any]) -> None:
    TABLE.write_text(render_table(results), encoding="utf-8")
    COST.write_text(render_cost(results), encoding="utf-8")
    plot_times(results)


def rows_of(results: dict[str, Any]) -> Iterator[str]:
    for row in results["rows"]:
        yield verdict(row)
    yield moonshot(results)


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", help="only these sizes; no files written")
    parser.add_argument("--figures-only", action="store_true", help="redraw the karate figure")
    parser.add_argument(
        "--costs",
        action="store_true",
        help="re-measure only the install sizes and the start-up costs",
    )
    args = parser.parse_args(argv)
    if args.figures_only:
        plot_karate()
        return 0
    if args.from_results or args.costs:
        results = read_results(RESULTS)
        if args.costs:
            results["install_mib"] = {name: package_mib(name) for name in ("numba", "llvmlite")}
            results["first_call"] = first_call_cost()
            RESULTS.write_text(
                json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
    elif args.sizes:
        results = measure(tuple(args.sizes), costs=False)
        print(moonshot(results))
        return 0 if all(r["ratio"] >= TARGET for r in results["rows"]) else 1
    else:
        results = write_results(RESULTS, measure(SIZES), packages=PACKAGES)
        plot_karate()
    write_docs(results)
    for line in rows_of(results):
        print(line)
    print(f"wrote {RESULTS.relative_to(ROOT)}, {TABLE.relative_to(ROOT)}, {COST.relative_to(ROOT)}")
    return 0 if all(r["ratio"] >= TARGET for r in results["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
