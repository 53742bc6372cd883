"""portfolio.swell benchmark: repair quality against json_repair, parse throughput, repair time.

Runs the peers side by side in one process and writes ``bench/results/swell.json`` (with the
machine and package versions) and the plots the docs embed (``docs/samples/swell/img/*.svg``,
light and dark). Run: ``python bench/swell.py``; ``--only PART`` re-runs only some parts and keeps
the others from the results file. Repair times are CPU time of this process
(``time.process_time``), so other jobs on a shared machine inflate them less; throughput is the
best of 3 runs in CPU time.

Parts:

realworld
    The hand-written corpus of broken JSON from the wild (``bench/_swell_realworld.py``): the
    share of cases whose repaired value is the one a person expects, for ``portfolio.swell`` and
    for json_repair, overall and per kind of breakage.
quality
    1,000 generated documents with one random character edit each (``bench/_swell_corpus.py``):
    the share whose original value comes back.
throughput
    Strict-parse MB/s of the same valid documents: the standard library, lark, portfolio.swell,
    parsy.
repair
    Repair time against document size (one error) and against the number of random errors in a
    1 KB document, every single-character deletion and quote edit of one document, and 20 KB
    documents with three errors; give-ups (the search stopped at ``max_steps``) are counted
    apart from "no repair within max_cost".
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import json_repair

from _common import (
    SamplePaths,
    Theme,
    arguments,
    cpu_best,
    cpu_timed,
    machine_rows,
    pyplot,
    read_results,
    save_light_dark,
    write_results,
)
from _swell_corpus import corpus, corrupt, document
from _swell_peers import lark_json, parsy_json
from _swell_realworld import CASES
from portfolio.swell import RepairError
from portfolio.swell.grammars.json import document as swell_json

PATHS = SamplePaths("swell")
RESULTS, IMG, TABLES = PATHS.results, PATHS.img, PATHS.doc("_benchmark-tables.md")
PACKAGES = ["pzhao-portfolio", "json_repair", "lark", "parsy"]
SEED = 2019
CORPUS_SIZE = 1_000
REPEATS = 3
PARTS = ("realworld", "quality", "throughput", "repair")
P95_TARGET_MS = 50
#: The fixed parameters of a run, recorded so the pages can quote them.
SETTINGS = {
    "seed": SEED,
    "one_edit_documents": CORPUS_SIZE,
    "throughput_documents": 300,
    "repeats": REPEATS,
    "repair_sizes_chars": [500, 1_000, 2_000, 4_000, 8_000, 16_000],
    "documents_per_size": 40,
    "documents_per_error_count": 40,
    "documents_one_error": 200,
    "documents_20kb": 10,
    "max_cost": 10,
    "p95_target_ms": P95_TARGET_MS,
}


def _peer(text: str) -> Any:
    """json_repair's value for ``text``; a crash counts as not recovered."""
    try:
        return json_repair.loads(text)
    except Exception:
        return _MISS


_MISS = object()


def realworld() -> dict[str, Any]:
    """The hand-written real-world corpus: expected values recovered, ours and json_repair's."""
    ours = theirs = 0
    kinds: dict[str, dict[str, int]] = {}
    missed: list[str] = []
    costs: list[float] = []
    for kind, text, expected in CASES:
        row = kinds.setdefault(kind, {"cases": 0, "portfolio.swell": 0, "json_repair": 0})
        row["cases"] += 1
        try:
            fixed = swell_json.repair(text)
            ok = fixed.value == expected
            costs.append(fixed.cost)
        except RepairError:
            ok = False
        peer = _peer(text) == expected
        ours += ok
        theirs += peer
        row["portfolio.swell"] += ok
        row["json_repair"] += peer
        if not ok:
            missed.append(text)
    return {
        "cases": len(CASES),
        "portfolio_swell_recovered": ours,
        "json_repair_recovered": theirs,
        "portfolio_swell_rate": ours / len(CASES),
        "json_repair_rate": theirs / len(CASES),
        "by_kind": kinds,
        "portfolio_swell_missed": missed,
        "median_cost": statistics.median(costs),
    }


def quality() -> dict[str, Any]:
    """Value recovery on the one-edit corpus: portfolio.swell vs json_repair."""
    cases = corpus(SEED, CORPUS_SIZE)
    invalid = still_valid = ours = theirs = 0
    costs: Counter[str] = Counter()
    for case in cases:
        try:
            json.loads(case.corrupted)
            still_valid += 1
            continue
        except ValueError:
            invalid += 1
        original = json.loads(case.original)
        fixed = swell_json.repair(case.corrupted)
        costs[f"{fixed.cost:g}"] += 1
        ours += fixed.value == original
        theirs += _peer(case.corrupted) == original
    return {
        "seed": SEED,
        "cases": len(cases),
        "still_valid_after_edit": still_valid,
        "invalid": invalid,
        "portfolio_swell_cost_histogram": dict(sorted(costs.items(), key=lambda kv: float(kv[0]))),
        "portfolio_swell_recovered": ours,
        "json_repair_recovered": theirs,
        "portfolio_swell_rate": ours / invalid,
        "json_repair_rate": theirs / invalid,
    }


def throughput() -> dict[str, float]:
    """Strict-parse MB/s over the same valid documents (UTF-8 bytes counted), best of 3 CPU."""
    rng = random.Random(SEED)
    docs = [document(rng, rng.randrange(4, 30)) for _ in range(SETTINGS["throughput_documents"])]
    size = sum(len(d.encode()) for d in docs)
    for d in docs:  # the parsers agree on what they accept
        assert json.loads(d) == swell_json.parse(d) == parsy_json.parse(d)
        lark_json.parse(d)
    peers: dict[str, Callable[[str], object]] = {
        "json (stdlib, C)": json.loads,
        "lark LALR": lark_json.parse,
        "portfolio.swell": swell_json.parse,
        "parsy": parsy_json.parse,
    }
    return {
        name: size / cpu_best(lambda p=parse: [p(d) for d in docs], repeat=REPEATS) / 1e6  # type: ignore[misc]
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


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "median_ms": 1e3 * statistics.median(times),
        "p95_ms": 1e3 * times[int(0.95 * (len(times) - 1))],
        "max_ms": 1e3 * times[-1],
    }


def repair_times(target: int, errors: int, count: int, seed: int) -> dict[str, Any]:
    """Repair times of ``count`` invalid documents of ~``target`` chars with ``errors`` edits."""
    rng = random.Random(seed)
    times: list[float] = []
    gave_up = over_budget = 0
    sizes: list[int] = []
    while len(times) + gave_up + over_budget < count:
        text = sized_document(rng, target)
        for _ in range(errors):
            text = corrupt(rng, text).corrupted
        try:
            json.loads(text)
            continue
        except ValueError:
            pass
        sizes.append(len(text))
        try:
            seconds, _ = cpu_timed(lambda t=text: swell_json.repair(t, max_cost=10))  # type: ignore[misc]
        except RepairError as err:
            if err.limit == "max_steps":
                gave_up += 1
            else:
                over_budget += 1
            continue
        times.append(seconds)
    return {
        "target_chars": target,
        "mean_chars": statistics.fmean(sizes),
        "errors": errors,
        "repaired": len(times),
        "gave_up": gave_up,
        "no_repair_within_max_cost": over_budget,
        **_percentiles(times),
        "clock": "CPU (time.process_time)",
    }


def every_edit(target: int, seed: int) -> dict[str, Any]:
    """Repair times of every deletion, and every ``"`` substituted or inserted, in one document."""
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
        seconds, _ = cpu_timed(lambda v=variant: swell_json.repair(v, max_cost=10))  # type: ignore[misc]
        times.append(seconds)
    return {
        "chars": len(text),
        "edits_tried": len(variants),
        "invalid": len(times),
        **_percentiles(times),
        "clock": "CPU (time.process_time)",
    }


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value, in the order `make bench` prints them."""
    rw, q, tp = results["realworld"], results["quality"], results["throughput_mb_per_s"]
    by_errors = results["repair_by_errors"]
    worst_p95 = max(r["p95_ms"] for r in by_errors)
    gave_up = sum(r["gave_up"] for r in by_errors) + results["repair_20kb_3_errors"]["gave_up"]
    rows = [
        (
            "real-world corpus: recovered, portfolio.swell vs json_repair",
            rw["portfolio_swell_rate"],
            ">",
            rw["json_repair_rate"],
        ),
        ("one-edit corpus: recovered >= 60%", q["portfolio_swell_rate"], ">=", 0.6),
        (
            "one-edit corpus: recovered >= json_repair",
            q["portfolio_swell_rate"],
            ">=",
            q["json_repair_rate"],
        ),
        ("throughput >= parsy, MB/s", tp["portfolio.swell"], ">=", tp["parsy"]),
        ("throughput >= lark, MB/s", tp["portfolio.swell"], ">=", tp["lark LALR"]),
        ("1 KB, 1-4 errors: worst p95 <= 50 ms", worst_p95, "<=", P95_TARGET_MS),
        ("give-ups (max_steps) in the multi-error and 20 KB runs", gave_up, "<=", 0),
    ]
    out = []
    for name, value, op, bound in rows:
        met = {"<=": value <= bound, ">=": value >= bound, ">": value > bound}[op]
        out.append({"target": name, "measured": value, "op": op, "bound": bound, "met": met})
    return out


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"


def tables(results: dict[str, Any]) -> str:
    """The Markdown that benchmarks.md includes: every figure comes from ``results``.

    Sections are marked with HTML comments so the page can include each where it explains it.
    """
    m = results["machine"]
    rw, q, tp = results["realworld"], results["quality"], results["throughput_mb_per_s"]
    out = [
        "<!-- machine -->",
        *machine_rows(m),
        f"| measured | {m['date']}, one process; repair times in CPU time |",
        "<!-- /machine -->",
        "<!-- realworld -->",
        "| kind of breakage | cases | portfolio.swell | json_repair |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, row in rw["by_kind"].items():
        out.append(f"| {kind} | {row['cases']} | {row['portfolio.swell']} | {row['json_repair']} |")
    out += [
        f"| **all** | **{rw['cases']}** | **{rw['portfolio_swell_recovered']}"
        f" ({rw['portfolio_swell_rate']:.1%})** | **{rw['json_repair_recovered']}"
        f" ({rw['json_repair_rate']:.1%})** |",
        "<!-- /realworld -->",
        "<!-- quality -->",
        "| | original value recovered |",
        "| --- | --- |",
        f"| portfolio.swell (minimum-cost repair) | **{q['portfolio_swell_recovered']} /"
        f" {q['invalid']} = {q['portfolio_swell_rate']:.1%}** |",
        f"| json_repair (greedy heuristics) | {q['json_repair_recovered']} / {q['invalid']} ="
        f" {q['json_repair_rate']:.1%} |",
        "",
        f"Of the {q['cases']:,} edited documents, {q['still_valid_after_edit']} were still valid"
        f" JSON and {q['invalid']} were not; those are the test.",
        "<!-- /quality -->",
        "<!-- throughput -->",
        "| parser | MB/s |",
        "| --- | ---: |",
    ]
    out += [f"| {name} | {value:.3g} |" for name, value in tp.items()]
    out += [
        "<!-- /throughput -->",
        "<!-- by-size -->",
        "| mean size | documents | median | 95th percentile | slowest |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results["repair_by_size"]:
        out.append(
            f"| {r['mean_chars'] / 1000:.2f} KB | {r['repaired']} | {_ms(r['median_ms'])} |"
            f" {_ms(r['p95_ms'])} | {_ms(r['max_ms'])} |"
        )
    out += [
        "<!-- /by-size -->",
        "<!-- by-errors -->",
        "| random edits | repaired | median | 95th percentile | slowest | gave up |"
        " no repair within max_cost |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in [*results["repair_by_errors"], results["repair_20kb_3_errors"]]:
        label = f"{r['errors']}" + (
            f" (in {r['mean_chars'] / 1000:.1f} KB)" if r["target_chars"] > 1_000 else ""
        )
        out.append(
            f"| {label} | {r['repaired']} | {_ms(r['median_ms'])} | {_ms(r['p95_ms'])} |"
            f" {_ms(r['max_ms'])} | {r['gave_up']} | {r['no_repair_within_max_cost']} |"
        )
    one, sweep = results["repair_1kb"], results["repair_1kb_every_edit"]
    out += [
        "<!-- /by-errors -->",
        "<!-- one-error -->",
        f"For {one['repaired']} documents of about 1 KB with one error (mean size"
        f" {one['mean_chars']:,.0f} characters), the median repair took {_ms(one['median_ms'])},"
        f" the 95th percentile {_ms(one['p95_ms'])} and the slowest {_ms(one['max_ms'])}."
        f" Over every deletion and every added or substituted quote in one document of"
        f" {sweep['chars']:,} characters ({sweep['invalid']:,} of the {sweep['edits_tried']:,}"
        f" edits give invalid JSON): median {_ms(sweep['median_ms'])}, 95th percentile"
        f" {_ms(sweep['p95_ms'])}, slowest {_ms(sweep['max_ms'])}.",
        "<!-- /one-error -->",
        "<!-- targets -->",
        "| target | measured | bound | met |",
        "| --- | ---: | ---: | --- |",
    ]
    for t in results["targets"]:
        value, bound = t["measured"], t["bound"]
        shown = f"{value:.1%}" if isinstance(value, float) and value <= 1 else f"{value:.3g}"
        limit = f"{bound:.1%}" if isinstance(bound, float) and bound <= 1 else f"{bound:g}"
        out.append(
            f"| {t['target']} | {shown} | {t['op']} {limit} | {'yes' if t['met'] else 'no'} |"
        )
    out.append("<!-- /targets -->")
    return "\n".join(out) + "\n"


def plot(results: dict[str, Any]) -> None:
    tp = results["throughput_mb_per_s"]
    by_size = results["repair_by_size"]
    by_errors = results["repair_by_errors"]

    def bars(theme: Theme) -> Any:
        plt = pyplot()
        fig, ax = plt.subplots(figsize=(6.4, 2.8))
        names = list(tp)
        colors = [theme.accent if n == "portfolio.swell" else theme.muted for n in names]
        ax.barh(names, [tp[n] for n in names], color=colors)
        ax.set_xscale("log")
        ax.set_xlabel("strict parse throughput, MB/s (log scale, CPU time)")
        for i, n in enumerate(names):
            ax.text(tp[n] * 1.08, i, f"{tp[n]:.2f}", va="center", color=theme.fg)
        ax.invert_yaxis()
        fig.tight_layout()
        return fig

    def lines(theme: Theme) -> Any:
        plt = pyplot()
        fig, (left, right) = plt.subplots(1, 2, figsize=(7.2, 3.0))
        kb = [r["mean_chars"] / 1000 for r in by_size]
        left.plot(kb, [r["median_ms"] for r in by_size], "o-", color=theme.accent, label="median")
        left.plot(kb, [r["p95_ms"] for r in by_size], "s--", color=theme.muted, label="95th pct")
        left.set_xscale("log")
        left.set_yscale("log")
        left.set_xlabel("document size, KB (one error)")
        left.set_ylabel("repair time, ms (CPU)")
        left.legend()
        errs = [r["errors"] for r in by_errors]
        right.plot(errs, [r["median_ms"] for r in by_errors], "o-", color=theme.accent)
        right.plot(errs, [r["p95_ms"] for r in by_errors], "s--", color=theme.muted)
        right.axhline(50, color=theme.target, linestyle=":", linewidth=1)
        right.set_yscale("log")
        right.set_xticks(errs)
        right.set_xlabel("random edits in a 1 KB document")
        fig.tight_layout()
        return fig

    save_light_dark(bars, IMG / "throughput", salt="swell")
    save_light_dark(lines, IMG / "repair-time", salt="swell")


def main(argv: list[str] | None = None) -> int:
    cli = arguments(__doc__)
    cli.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only these parts (repeatable); the others are kept from the results file",
    )
    args = cli.parse_args(argv)
    if args.from_results:
        saved = read_results(RESULTS)
        saved["settings"] = SETTINGS
        saved = write_results(RESULTS, saved, machine=saved["machine"])
        plot(saved)
        TABLES.write_text(tables(saved), encoding="utf-8")
        return 0
    parts = set(args.only or PARTS)
    results: dict[str, Any] = {}
    if parts != set(PARTS):
        results = read_results(RESULTS)
    if "realworld" in parts:
        results["realworld"] = realworld()
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
        results["repair_20kb_3_errors"] = repair_times(20_000, 3, 10, SEED + 5)
    results["settings"] = SETTINGS
    results["targets"] = targets(results)
    written = write_results(RESULTS, results, packages=PACKAGES)
    plot(results)
    TABLES.write_text(tables(written), encoding="utf-8")
    machine = written["machine"]
    print(f"machine: {machine['cpu_model']}, {machine['cores']} cores; {machine['versions']}")
    rw = results["realworld"]
    print(
        f"real-world corpus ({rw['cases']} cases):"
        f" portfolio.swell {rw['portfolio_swell_recovered']}"
        f" ({rw['portfolio_swell_rate']:.1%}), json_repair {rw['json_repair_recovered']}"
        f" ({rw['json_repair_rate']:.1%})"
    )
    for row in results["repair_by_errors"] + [results["repair_20kb_3_errors"]]:
        print(
            f"repair, {row['mean_chars'] / 1000:.1f} KB, {row['errors']} errors: median"
            f" {row['median_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms, max {row['max_ms']:.1f} ms,"
            f" gave up {row['gave_up']},"
            f" no repair within max_cost {row['no_repair_within_max_cost']}"
        )
    for t in results["targets"]:
        value = t["measured"]
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        bound = f"{t['bound']:.3g}" if isinstance(t["bound"], float) else str(t["bound"])
        print(f"{'met ' if t['met'] else 'MISS'}  {t['target']}: {shown} {t['op']} {bound}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
