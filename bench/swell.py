"""SWELL benchmark: repair quality against json_repair, parse throughput, repair time and growth.

Runs the peers side by side in one process and writes ``bench/results/swell.json`` and the plots
the docs embed (``docs/samples/swell/img/*.svg``, light and dark). Run: ``python bench/swell.py``;
``--only repair`` re-runs only the repair-time part and keeps the other parts of the results file.
Repair times are CPU time of this process (``time.process_time``), so other jobs on a loaded
machine do not inflate them; throughput is wall-clock best of 3.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import json_repair
import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt

from _swell_corpus import corpus, corrupt, document
from _swell_peers import lark_json, parsy_json
from portfolio.swell import RepairError
from portfolio.swell.grammars.json import document as swell_json

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "swell.json"
IMG = ROOT / "docs" / "samples" / "swell" / "img"
SEED = 2019
CORPUS_SIZE = 1_000
REPEATS = 3


def quality() -> dict[str, Any]:
    """Value recovery on the one-edit corpus: SWELL's minimum-cost repair vs json_repair."""
    cases = corpus(SEED, CORPUS_SIZE)
    invalid = still_valid = ours = theirs = 0
    costs: dict[str, int] = {}
    for case in cases:
        try:
            json.loads(case.corrupted)
            still_valid += 1
            continue
        except ValueError:
            invalid += 1
        original = json.loads(case.original)
        fixed = swell_json.repair(case.corrupted)
        assert fixed.cost <= 1, (case, fixed)  # one edit made it: the minimum is at most 1
        costs[str(fixed.cost)] = costs.get(str(fixed.cost), 0) + 1
        ours += fixed.value == original
        # A crash of the peer counts as not recovered.
        with contextlib.suppress(Exception):
            theirs += json_repair.loads(case.corrupted) == original
    return {
        "seed": SEED,
        "cases": len(cases),
        "still_valid_after_edit": still_valid,
        "invalid": invalid,
        "swell_cost_histogram": costs,
        "swell_recovered": ours,
        "json_repair_recovered": theirs,
        "swell_rate": ours / invalid,
        "json_repair_rate": theirs / invalid,
    }


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def throughput() -> dict[str, float]:
    """Strict-parse MB/s over the same valid documents (UTF-8 bytes counted)."""
    rng = random.Random(SEED)
    docs = [document(rng, rng.randrange(4, 30)) for _ in range(300)]
    size = sum(len(d.encode()) for d in docs)
    for d in docs:  # the parsers agree on what they accept
        assert json.loads(d) == swell_json.parse(d) == parsy_json.parse(d)
        lark_json.parse(d)
    peers: dict[str, Callable[[str], object]] = {
        "json (stdlib, C)": json.loads,
        "lark LALR": lark_json.parse,
        "SWELL": swell_json.parse,
        "parsy": parsy_json.parse,
    }
    return {
        name: size / best_of(lambda p=parse: [p(d) for d in docs]) / 1e6  # type: ignore[misc]
        for name, parse in peers.items()
    }


def sized_document(rng: random.Random, target: int) -> str:
    """A document of about ``target`` characters (objects of growing key count)."""
    keys = 2
    text = document(rng, keys)
    while len(text) < target:
        keys += 1
        text = document(rng, keys)
    return text


def repair_times(target: int, errors: int, count: int, seed: int) -> dict[str, Any]:
    """Repair times of ``count`` invalid documents of ~``target`` chars with ``errors`` edits."""
    rng = random.Random(seed)
    times: list[float] = []
    failures = 0
    sizes: list[int] = []
    while len(times) + failures < count:
        text = sized_document(rng, target)
        for _ in range(errors):
            text = corrupt(rng, text).corrupted
        try:
            json.loads(text)
            continue
        except ValueError:
            pass
        sizes.append(len(text))
        start = time.process_time()
        try:
            swell_json.repair(text, max_cost=10)
        except RepairError:
            failures += 1
            continue
        times.append(time.process_time() - start)
    times.sort()
    return {
        "target_chars": target,
        "mean_chars": statistics.fmean(sizes),
        "errors": errors,
        "repaired": len(times),
        "gave_up": failures,
        "median_ms": 1e3 * statistics.median(times),
        "p95_ms": 1e3 * times[int(0.95 * (len(times) - 1))],
        "max_ms": 1e3 * times[-1],
        "clock": "CPU (time.process_time)",
    }


def every_edit(target: int, seed: int) -> dict[str, Any]:
    """Repair times of every deletion, and every ``"`` substituted or inserted, in one document.

    The random corpus samples the edits; this sweep tries each position of one ~``target``-char
    document, so the maximum covers the slow kind of error: a quote deleted or added, which
    moves the string boundaries and puts the cheapest fix well before the strict parse fails.
    """
    text = sized_document(random.Random(seed), target)
    variants = [text[:i] + text[i + 1 :] for i in range(len(text))]
    variants += [text[:i] + '"' + text[i + 1 :] for i in range(len(text)) if text[i] != '"']
    variants += [text[:i] + '"' + text[i:] for i in range(len(text) + 1)]
    times: list[float] = []
    for variant in variants:
        try:
            json.loads(variant)
            continue
        except ValueError:
            pass
        start = time.process_time()
        fixed = swell_json.repair(variant, max_cost=10)
        times.append(time.process_time() - start)
        assert fixed.cost <= 1, variant
    times.sort()
    return {
        "chars": len(text),
        "edits_tried": len(variants),
        "invalid": len(times),
        "median_ms": 1e3 * statistics.median(times),
        "p95_ms": 1e3 * times[int(0.95 * (len(times) - 1))],
        "max_ms": 1e3 * times[-1],
        "clock": "CPU (time.process_time)",
    }


def plot(results: dict[str, Any]) -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    tp = results["throughput_mb_per_s"]
    by_size = results["repair_by_size"]
    by_errors = results["repair_by_errors"]
    for dark in (False, True):
        fg, bg = ("#d0d0d0", "#131416") if dark else ("#222222", "#ffffff")
        accent, muted = ("#6cb4ff", "#7c7f86") if dark else ("#1f6feb", "#9aa0a6")
        suffix = "-dark" if dark else ""
        style = {"svg.hashsalt": "swell", "svg.fonttype": "none", "text.color": fg}
        style |= {"axes.labelcolor": fg, "xtick.color": fg, "ytick.color": fg, "axes.edgecolor": fg}
        with plt.rc_context(style):
            fig, ax = plt.subplots(figsize=(6.4, 2.8))
            fig.patch.set_facecolor(bg)
            ax.set_facecolor(bg)
            names = list(tp)
            colors = [accent if n == "SWELL" else muted for n in names]
            ax.barh(names, [tp[n] for n in names], color=colors)
            ax.set_xscale("log")
            ax.set_xlabel("strict parse throughput, MB/s (log scale)")
            for i, n in enumerate(names):
                ax.text(tp[n] * 1.08, i, f"{tp[n]:.2f}", va="center", color=fg)
            ax.invert_yaxis()
            fig.tight_layout()
            fig.savefig(IMG / f"throughput{suffix}.svg", format="svg", metadata={"Date": None})
            plt.close(fig)

            fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.0))
            fig.patch.set_facecolor(bg)
            for ax in (left, right):
                ax.set_facecolor(bg)
            kb = [r["mean_chars"] / 1000 for r in by_size]
            left.plot(kb, [r["median_ms"] for r in by_size], "o-", color=accent, label="median")
            left.plot(kb, [r["p95_ms"] for r in by_size], "s--", color=muted, label="95th pct")
            left.set_xscale("log")
            left.set_yscale("log")
            left.set_xlabel("document size, KB (one error)")
            left.set_ylabel("repair time, ms")
            left.legend(facecolor=bg, edgecolor=muted, labelcolor=fg)
            errs = [r["errors"] for r in by_errors]
            right.plot(errs, [r["median_ms"] for r in by_errors], "o-", color=accent)
            right.plot(errs, [r["p95_ms"] for r in by_errors], "s--", color=muted)
            right.set_yscale("log")
            right.set_xticks(errs)
            right.set_xlabel("random edits in a 1 KB document")
            fig.tight_layout()
            fig.savefig(IMG / f"repair-time{suffix}.svg", format="svg", metadata={"Date": None})
            plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument(
        "--only",
        choices=["quality", "throughput", "repair"],
        action="append",
        help="run only these parts (repeatable); the others are kept from the results file",
    )
    parts = set(cli.parse_args(argv).only or ["quality", "throughput", "repair"])
    results: dict[str, Any] = {}
    if parts != {"quality", "throughput", "repair"}:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    if "quality" in parts:
        results["quality"] = quality()
    if "throughput" in parts:
        results["throughput_mb_per_s"] = throughput()
    if "repair" in parts:
        results["repair_1kb"] = repair_times(1_000, 1, 200, SEED + 1)
        results["repair_1kb_every_edit"] = every_edit(1_000, SEED + 4)
        results["repair_by_size"] = [
            repair_times(size, 1, 40, SEED + 2)
            for size in (500, 1_000, 2_000, 4_000, 8_000, 16_000)
        ]
        results["repair_by_errors"] = [repair_times(1_000, k, 40, SEED + 3) for k in (1, 2, 3, 4)]
    q, tp, one = results["quality"], results["throughput_mb_per_s"], results["repair_1kb"]
    results["targets"] = {
        "recovery >= 60%": q["swell_rate"] >= 0.6,
        "recovery >= json_repair": q["swell_rate"] >= q["json_repair_rate"],
        "throughput >= parsy": tp["SWELL"] >= tp["parsy"],
        "throughput >= lark": tp["SWELL"] >= tp["lark LALR"],
        "1 KB repair median <= 50 ms": one["median_ms"] <= 50,
        "1 KB repair max <= 50 ms": one["max_ms"] <= 50,
        "1 KB repair max <= 50 ms, every edit": results["repair_1kb_every_edit"]["max_ms"] <= 50,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    plot(results)
    print(json.dumps(results, indent=2))
    missed = [k for k, ok in results["targets"].items() if not ok]
    print("targets missed:", missed or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
