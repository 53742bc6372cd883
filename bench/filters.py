"""Benchmark portfolio.filters against its Python peers, side by side in one process.

Writes bench/results/filters.json and the SVG plots (light and dark) under
docs/samples/filters/img/ and the Markdown tables docs/samples/filters/_benchmark-tables.md.
`--report-only` redraws plots and tables from the saved results. Times are CPU time
(time.process_time) of the best of a few runs, so other work on the machine does not inflate
them. Run: .venv/bin/python bench/filters.py
"""

from __future__ import annotations

import json
import math
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from portfolio.filters import (
    BloomFilter,
    CuckooFilter,
    FilterFullError,
    LearnedBloomFilter,
    SandwichedLearnedBloomFilter,
)
from portfolio.filters.hashing import Blake2bHasher, MersenneHasher
from portfolio.filters.models import NgramLogisticModel

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "filters.json"
IMG = ROOT / "docs" / "samples" / "filters" / "img"
TABLES = ROOT / "docs" / "samples" / "filters" / "_benchmark-tables.md"

N_BLOOM = 1_000_000
N_SINGLE = 100_000
N_CUCKOO = 200_000
RATE = 0.01
REPEATS = 3


def cpu(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    """Best CPU time of ``repeats`` calls of ``fn`` (a fresh setup is the caller's job)."""
    best = math.inf
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def key_ints(seed: int, n: int) -> list[int]:
    return np.random.default_rng(seed).integers(0, 2**63, size=n).tolist()


def fresh(ints: list[int], prefix: str = "") -> list[str]:
    """New str objects every call, so no library sees cached str hashes from another."""
    return [f"{prefix}{x:016x}" for x in ints]


# -- Bloom -------------------------------------------------------------------------------------
def bench_bloom() -> dict[str, Any]:
    import pybloom_live
    import rbloom
    from probables import BloomFilter as ProbBloom

    ints, neg_ints = key_ints(1, N_BLOOM), key_ints(2, N_BLOOM)
    out: dict[str, Any] = {"n": N_BLOOM, "rate": RATE}

    def timed_bulk(make: Callable[[], Any], op: Callable[[Any, list[str]], Any]) -> float:
        best = math.inf
        for _ in range(REPEATS):
            f, keys = make(), fresh(ints)
            start = time.process_time()
            op(f, keys)
            best = min(best, time.process_time() - start)
        return best

    ours = BloomFilter(N_BLOOM, RATE)
    ours.update(fresh(ints))
    out["ours_bulk_insert_s"] = timed_bulk(lambda: BloomFilter(N_BLOOM, RATE), BloomFilter.update)
    out["ours_bulk_lookup_s"] = timed_bulk(lambda: ours, BloomFilter.contains_many)
    rb = rbloom.Bloom(N_BLOOM, RATE)
    out["rbloom_update_s"] = timed_bulk(lambda: rbloom.Bloom(N_BLOOM, RATE), rbloom.Bloom.update)
    rb.update(fresh(ints))
    out["rbloom_lookup_loop_s"] = timed_bulk(lambda: rb, lambda f, ks: [k in f for k in ks])
    # rbloom's hash is Python's hash(), cached on str objects: also time it with warm hashes.
    warm = fresh(ints)
    _ = [hash(k) for k in warm]
    out["rbloom_update_cached_hash_s"] = cpu(lambda: rbloom.Bloom(N_BLOOM, RATE).update(warm))
    out["ours_bulk_insert_same_keys_s"] = cpu(lambda: BloomFilter(N_BLOOM, RATE).update(warm))

    single = ints[:N_SINGLE]
    peers: dict[str, tuple[Callable[[], Any], str, str]] = {
        "ours": (lambda: BloomFilter(N_BLOOM, RATE), "add", "__contains__"),
        "pybloom_live": (lambda: pybloom_live.BloomFilter(N_BLOOM, RATE), "add", "__contains__"),
        "pyprobables": (
            lambda: ProbBloom(est_elements=N_BLOOM, false_positive_rate=RATE),
            "add",
            "check",
        ),
        "rbloom": (lambda: rbloom.Bloom(N_BLOOM, RATE), "add", "__contains__"),
    }
    filled: dict[str, Any] = {}
    for name, (make, add, has) in peers.items():
        best_add = best_has = math.inf
        for _ in range(REPEATS):
            f, keys = make(), fresh(single)
            add_fn = getattr(f, add)
            start = time.process_time()
            for k in keys:
                add_fn(k)
            best_add = min(best_add, time.process_time() - start)
            has_fn, keys = getattr(f, has), fresh(single)
            start = time.process_time()
            for k in keys:
                has_fn(k)
            best_has = min(best_has, time.process_time() - start)
        out[f"{name}_single_add_us"] = best_add / N_SINGLE * 1e6
        out[f"{name}_single_lookup_us"] = best_has / N_SINGLE * 1e6
        f = make()
        if name == "ours":
            f = ours
        elif name == "rbloom":
            f = rb
        else:
            add_fn = getattr(f, add)
            for k in fresh(ints):
                add_fn(k)
        filled[name] = (f, has)
    negs = fresh(neg_ints, "n")
    for name, (f, has) in filled.items():
        if name == "ours":
            false_pos = int(f.contains_many(negs).sum())
            assert bool(f.contains_many(fresh(ints)).all()), "Bloom lost a key"
        else:
            has_fn = getattr(f, has)
            false_pos = sum(1 for k in negs if has_fn(k))
        out[f"{name}_fpr"] = false_pos / len(negs)
    out["ours_bits_per_key"] = ours.size_in_bits / N_BLOOM
    out["rbloom_bits_per_key"] = rb.size_in_bits / N_BLOOM
    out["pybloom_live_bits_per_key"] = filled["pybloom_live"][0].num_bits / N_BLOOM
    out["pyprobables_bits_per_key"] = filled["pyprobables"][0].number_bits / N_BLOOM
    out["optimal_bits_per_key"] = -math.log(RATE) / math.log(2) ** 2
    return out


# -- Cuckoo ------------------------------------------------------------------------------------
class _Peer:
    """Uniform face over a cuckoo filter: add -> bool (False on failure), has, slots, fp bits."""

    def __init__(self, name: str, capacity: int) -> None:
        self.name = name
        buckets = math.ceil(capacity / (4 * 0.95))
        if name.startswith("ours"):
            hasher = Blake2bHasher() if name.endswith("blake2b") else MersenneHasher()
            self.f: Any = CuckooFilter(capacity, RATE, hasher=hasher)
            self.slots, self.fp_bits = self.f.num_slots, self.f.fingerprint_bits
            self.size_bits = self.f.size_in_bits
        elif name == "pyprobables":
            from probables import CuckooFilter as ProbCuckoo

            self.f = ProbCuckoo(
                capacity=buckets, bucket_size=4, max_swaps=500, finger_size=4, auto_expand=False
            )
            self.slots, self.fp_bits = buckets * 4, 32
        elif name == "cuckoofilter":
            import cuckoofilter

            self.f = cuckoofilter.CuckooFilter(capacity=buckets * 4, fingerprint_size=2)
            self.slots, self.fp_bits = self.f.capacity() * 4, 16
        else:
            import cuckoo.filter

            self.f = cuckoo.filter.CuckooFilter(capacity=buckets, error_rate=RATE, bucket_size=4)
            self.slots, self.fp_bits = buckets * 4, self.f.fingerprint_size
        if not name.startswith("ours"):
            self.size_bits = self.slots * self.fp_bits

    def add(self, key: str) -> bool:
        if self.name.startswith("ours"):
            try:
                self.f.add(key)
            except FilterFullError:
                return False
            return True
        if self.name == "pyprobables":
            from probables.exceptions import CuckooFilterFullError

            try:
                self.f.add(key)
            except CuckooFilterFullError:
                return False
            return True
        try:
            ok = self.f.insert(key)
        except Exception:  # scalable-cuckoo-filter raises its own CapacityException
            return False
        return ok is not False

    def has(self, key: str) -> bool:
        if self.name == "pyprobables":
            return bool(self.f.check(key))
        if self.name == "scalable_cuckoo_filter":
            return bool(self.f.contains(key))
        return key in self.f


def bench_cuckoo() -> dict[str, Any]:
    ints, neg_ints = key_ints(3, 2 * N_CUCKOO), key_ints(4, 100_000)
    out: dict[str, Any] = {"capacity": N_CUCKOO, "rate": RATE, "bucket_size": 4}
    names = ["ours", "ours_blake2b", "pyprobables", "cuckoofilter", "scalable_cuckoo_filter"]
    for name in names:
        random.seed(0)
        peer = _Peer(name, N_CUCKOO)
        keys = fresh(ints)
        accepted: list[str] = []
        timed = int(0.9 * N_CUCKOO)
        start = time.process_time()
        for k in keys[:timed]:
            if not peer.add(k):
                break
            accepted.append(k)
        insert_s = time.process_time() - start
        failed_at = None
        if len(accepted) == timed:
            for k in keys[timed:]:
                if not peer.add(k):
                    failed_at = k
                    break
                accepted.append(k)
        else:
            failed_at = keys[len(accepted)]
        lookups = fresh(ints[: len(accepted)])
        start = time.process_time()
        present = [peer.has(k) for k in lookups]
        lookup_s = time.process_time() - start
        negs = fresh(neg_ints, "n")
        fp = sum(1 for k in negs if peer.has(k))
        out[name] = {
            "insert_us": insert_s / min(timed, len(accepted)) * 1e6,
            "lookup_us": lookup_s / len(lookups) * 1e6,
            "inserted_before_failure": len(accepted),
            "failed": failed_at is not None,
            "load_factor_at_failure": len(accepted) / peer.slots,
            "keys_lost": len(accepted) - sum(present),
            "fpr": fp / len(negs),
            "fingerprint_bits": peer.fp_bits,
            "bits_per_key": peer.size_bits / len(accepted),
        }
        print(f"  cuckoo {name}: {out[name]}", flush=True)
    if "ours" in out:
        f = CuckooFilter(N_CUCKOO, RATE)
        f.update(fresh(ints[:N_CUCKOO]))
        out["ours_bulk_lookup_us"] = (
            cpu(lambda: f.contains_many(fresh(ints[:N_CUCKOO])), 1) / N_CUCKOO * 1e6
        )
    eps = RATE
    out["bits_per_key_bound"] = (math.log2(1 / eps) + 3) / 0.95 * 1.05
    return out


# -- Learned -----------------------------------------------------------------------------------
def word_data() -> tuple[list[str], list[str], list[str]]:
    from wordfreq import top_n_list, zipf_frequency

    english = top_n_list("en", 60_000)
    known = set(english)
    foreign = {
        w
        for lang in ("de", "fr", "es", "it", "nl", "pt", "sv", "pl")
        for w in top_n_list(lang, 20_000)
        if w not in known and zipf_frequency(w, "en") == 0
    }
    negatives = sorted(foreign)
    random.Random(0).shuffle(negatives)
    half = len(negatives) // 2
    return english, negatives[:half], negatives[half:]


def bench_learned() -> dict[str, Any]:
    keys, train, held_out = word_data()
    model = NgramLogisticModel(4096)
    start = time.process_time()
    model.fit(keys, train[::2])  # as LearnedBloomFilter(fit=True) does: fit on half ...
    fit_s = time.process_time() - start
    thresholds = train[1::2]  # ... and choose the threshold on the other half
    curves: dict[str, list[tuple[float, float]]] = {"classic": [], "learned": [], "sandwiched": []}
    for p in np.geomspace(0.0005, 0.3, 16).tolist():
        classic = BloomFilter(len(keys), p)
        classic.update(keys)
        learned = LearnedBloomFilter(
            keys, thresholds, model=model, fit=False, false_positive_rate=p
        )
        sandwiched = SandwichedLearnedBloomFilter(
            keys, thresholds, model=model, fit=False, false_positive_rate=p
        )
        for name, f in (("classic", classic), ("learned", learned), ("sandwiched", sandwiched)):
            assert bool(f.contains_many(keys).all()), f"{name} lost a key"
            fpr = float(f.contains_many(held_out).mean())
            curves[name].append((f.size_in_bits / len(keys), fpr))
    budgets = [3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0]

    def at(name: str, bits: float) -> float:
        pts = sorted(curves[name])
        xs, ys = [x for x, _ in pts], [math.log(max(y, 1e-6)) for _, y in pts]
        return math.exp(float(np.interp(bits, xs, ys)))

    table = [
        {
            "bits_per_key": b,
            "classic": at("classic", b),
            "learned": at("learned", b),
            "sandwiched": at("sandwiched", b),
        }
        for b in budgets
    ]
    return {
        "keys": len(keys),
        "train_negatives": len(train),
        "held_out_negatives": len(held_out),
        "model": model.name,
        "model_bits": model.size_in_bits,
        "model_bits_per_key": model.size_in_bits / len(keys),
        "fit_cpu_s": fit_s,
        "curves": curves,
        "at_budget": table,
    }


# -- Plots -------------------------------------------------------------------------------------
def plots(results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    IMG.mkdir(parents=True, exist_ok=True)
    learned = results["learned"]
    bloom, cuckoo = results["bloom"], results["cuckoo"]
    for theme in ("light", "dark"):
        style = "dark_background" if theme == "dark" else "default"
        suffix = "-dark" if theme == "dark" else ""
        with plt.style.context(style):
            plt.rcParams["svg.hashsalt"] = "filters"
            fig, ax = plt.subplots(figsize=(6.4, 4.0))
            for name, marker in (("classic", "o"), ("learned", "s"), ("sandwiched", "^")):
                pts = sorted(learned["curves"][name])
                ax.plot([x for x, _ in pts], [y for _, y in pts], marker=marker, label=name)
            ax.set_yscale("log")
            ax.set_xlabel("total bits per key (model included)")
            ax.set_ylabel("false-positive rate on held-out negatives")
            ax.set_title(f"{learned['keys']:,} English words vs other languages' words")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend()
            fig.tight_layout()
            fig.savefig(IMG / f"learned-fpr-vs-memory{suffix}.svg", metadata={"Date": None})
            plt.close(fig)

            fig, ax = plt.subplots(figsize=(6.4, 3.6))
            labels = [
                "bulk insert\nvs rbloom update",
                "bulk lookup\nvs rbloom update",
                "single add\nvs pybloom-live",
                "single lookup\nvs pybloom-live",
                "cuckoo insert\nvs pyprobables",
                "cuckoo lookup\nvs pyprobables",
            ]
            ratios = [
                bloom["rbloom_update_s"] / bloom["ours_bulk_insert_s"],
                bloom["rbloom_update_s"] / bloom["ours_bulk_lookup_s"],
                bloom["pybloom_live_single_add_us"] / bloom["ours_single_add_us"],
                bloom["pybloom_live_single_lookup_us"] / bloom["ours_single_lookup_us"],
                cuckoo["pyprobables"]["insert_us"] / cuckoo["ours"]["insert_us"],
                cuckoo["pyprobables"]["lookup_us"] / cuckoo["ours"]["lookup_us"],
            ]
            targets = [0.25, 0.25, 1.0, 1.0, 1.0, 1.0]
            ax.bar(range(len(ratios)), ratios, color="tab:blue", label="measured")
            ax.scatter(
                range(len(ratios)),
                targets,
                color="tab:red",
                marker="_",
                s=600,
                zorder=3,
                label="target",
            )
            ax.set_xticks(range(len(ratios)), labels, fontsize=7)
            ax.set_ylabel("throughput ratio (ours / peer)")
            ax.legend(fontsize=8)
            ax.grid(True, axis="y", alpha=0.3)
            fig.tight_layout()
            fig.savefig(IMG / f"throughput-ratios{suffix}.svg", metadata={"Date": None})
            plt.close(fig)


def _fmt(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}"


def report(results: dict[str, Any]) -> str:
    """The Markdown tables that benchmarks.md includes: every target, measured, met or not."""
    b, c, lrn = results["bloom"], results["cuckoo"], results["learned"]
    ok = {True: "met", False: "**missed**"}
    ours = c["ours"]
    bulk_ins = b["rbloom_update_s"] / b["ours_bulk_insert_s"]
    bulk_look = b["rbloom_update_s"] / b["ours_bulk_lookup_s"]
    warm = b["rbloom_update_cached_hash_s"] / b["ours_bulk_insert_same_keys_s"]
    add = b["pybloom_live_single_add_us"] / b["ours_single_add_us"]
    look = b["pybloom_live_single_lookup_us"] / b["ours_single_lookup_us"]
    fpr = b["ours_fpr"] / b["rate"]
    bpk = b["ours_bits_per_key"] / b["optimal_bits_per_key"] - 1
    c_ins = c["pyprobables"]["insert_us"] / ours["insert_us"]
    c_look = c["pyprobables"]["lookup_us"] / ours["lookup_us"]
    table = lrn["at_budget"]
    best = min(table, key=lambda r: min(r["learned"], r["sandwiched"]) / r["classic"])
    best_ratio = min(best["learned"], best["sandwiched"]) / best["classic"]
    never_worse = all(r["sandwiched"] <= r["learned"] * 1.0001 for r in table)
    rows = [
        ("Bloom bulk insert ≥ 0.25× rbloom `update`", f"{bulk_ins:.2f}×", bulk_ins >= 0.25),
        ("… the same, rbloom's str hashes already cached", f"{warm:.2f}×", warm >= 0.25),
        ("Bloom bulk lookup ≥ 0.25× rbloom `update`", f"{bulk_look:.2f}×", bulk_look >= 0.25),
        ("Bloom single add ≥ 1× pybloom-live", f"{add:.2f}×", add >= 1),
        ("Bloom single lookup ≥ 1× pybloom-live", f"{look:.2f}×", look >= 1),
        (
            "Bloom FPR within [0.8, 1.25]× target",
            f"{fpr:.3f}× ({b['ours_fpr']:.4%})",
            0.8 <= fpr <= 1.25,
        ),
        ("Bloom bits per key within 1 % of optimal", f"{bpk:+.5%}", abs(bpk) <= 0.01),
        (
            "Cuckoo load factor ≥ 0.95 at first failure (b = 4)",
            f"{ours['load_factor_at_failure']:.4f}",
            ours["load_factor_at_failure"] >= 0.95,
        ),
        (
            "Cuckoo keys lost after the failed insert = 0",
            str(ours["keys_lost"]),
            ours["keys_lost"] == 0,
        ),
        (
            f"Cuckoo bits per key ≤ {c['bits_per_key_bound']:.2f}",
            f"{ours['bits_per_key']:.2f}",
            ours["bits_per_key"] <= c["bits_per_key_bound"],
        ),
        ("Cuckoo insert ≥ 1× pyprobables", f"{c_ins:.2f}×", c_ins >= 1),
        ("Cuckoo lookup ≥ 1× pyprobables", f"{c_look:.2f}×", c_look >= 1),
        (
            "Learned/sandwiched FPR ≤ 0.5× classic at some budget",
            f"{best_ratio:.2f}× at {best['bits_per_key']:g} bits/key",
            best_ratio <= 0.5,
        ),
        (
            "Sandwiched never worse than learned (all budgets)",
            "yes" if never_worse else "no",
            never_worse,
        ),
    ]
    out = ["| target | measured | |", "| --- | --- | --- |"]
    out += [f"| {t} | {m} | {ok[bool(v)]} |" for t, m, v in rows]
    out += [
        "",
        "(filters-bloom-table)=",
        "",
        "| Bloom, n = 10^6, p = 1 % | insert | lookup | FPR | bits/key |",
        "| --- | --- | --- | --- | --- |",
    ]
    out.append(
        f"| ours, bulk (s per 10^6) | {_fmt(b['ours_bulk_insert_s'])} | "
        f"{_fmt(b['ours_bulk_lookup_s'])} | {b['ours_fpr']:.4%} | "
        f"{b['ours_bits_per_key']:.4f} |"
    )
    out.append(
        f"| rbloom, `update` / `in` loop (s per 10^6) | {_fmt(b['rbloom_update_s'])} | "
        f"{_fmt(b['rbloom_lookup_loop_s'])} | {b['rbloom_fpr']:.4%} | "
        f"{b['rbloom_bits_per_key']:.4f} |"
    )
    for name in ("ours", "pybloom_live", "pyprobables", "rbloom"):
        fpr_s = f"{b[name + '_fpr']:.4%}" if name != "ours" else "(as above)"
        bits = b.get(f"{name}_bits_per_key")
        out.append(
            f"| {name.replace('_', '-')}, single key (µs per op) | "
            f"{b[name + '_single_add_us']:.3f} | {b[name + '_single_lookup_us']:.3f} | "
            f"{fpr_s} | {bits:.4f} |"
        )
    out += [
        "",
        "| Cuckoo, capacity 200 000, p = 1 %, b = 4 | insert µs | lookup µs | "
        "load at first failure | keys lost | FPR | fingerprint bits | bits/key |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in ("ours", "ours_blake2b", "pyprobables", "cuckoofilter", "scalable_cuckoo_filter"):
        r = c[name]
        load = f"{r['load_factor_at_failure']:.4f}" if r["failed"] else "no failure"
        out.append(
            f"| {name.replace('_', '-')} | {r['insert_us']:.2f} | {r['lookup_us']:.2f} | "
            f"{load} | {r['keys_lost']} | {r['fpr']:.3%} | {r['fingerprint_bits']} | "
            f"{r['bits_per_key']:.2f} |"
        )
    out += [
        "",
        "| bits per key | classic FPR | learned FPR | sandwiched FPR | best / classic |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in table:
        ratio = min(r["learned"], r["sandwiched"]) / r["classic"]
        out.append(
            f"| {r['bits_per_key']:g} | {r['classic']:.3%} | {r['learned']:.3%} | "
            f"{r['sandwiched']:.3%} | {ratio:.2f}× |"
        )
    return "\n".join(out) + "\n"


def main() -> None:
    import sys

    if "--report-only" in sys.argv:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        TABLES.write_text(report(results), encoding="utf-8")
        plots(results)
        return
    # `--sections cuckoo,learned` re-runs only those sections, keeping the others' results.
    sections = ["bloom", "cuckoo", "learned"]
    if "--sections" in sys.argv:
        sections = sys.argv[sys.argv.index("--sections") + 1].split(",")
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results: dict[str, Any] = {
        **previous,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "timer": "time.process_time, best of 3 (cuckoo: one run)",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    for name, run in (("bloom", bench_bloom), ("cuckoo", bench_cuckoo), ("learned", bench_learned)):
        if name not in sections:
            continue
        print(f"== {name}", flush=True)
        results[name] = run()
        print(json.dumps(results[name], indent=1)[:3000], flush=True)
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    plots(results)
    TABLES.write_text(report(results), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)} and plots in {IMG.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
