"""Benchmark portfolio.filters against its Python peers, side by side in one process.

Measures, in one run on this machine:

- Bloom (10^6 fresh ``str`` keys, p = 1 %): bulk ``update`` and ``contains_many`` against
  rbloom (a Rust extension), single ``add`` and ``in`` against pybloom-live, pyprobables and
  rbloom; false-positive rate and bits per key of each;
- cuckoo (capacity 200 000, p = 1 %, b = 4): single inserts and lookups against pyprobables,
  cuckoofilter and scalable-cuckoo-filter, the bulk ``update``, the load factor at the first
  failed insert and the keys each library loses there, for single and bulk inserts;
- learned filters: false-positive rate against memory on English words.

Every target is printed against its floor, and recorded in ``bench/results/filters.json`` with
the machine (CPU model, cores) and the package versions. Times are CPU seconds
(``time.process_time``), the best of several runs, with ours and each peer interleaved run by
run so a change of load hits both; every timed run gets freshly built ``str`` keys.

Writes the results file, the tables and summary the docs include
(``docs/samples/filters/_benchmark-tables.md``, ``_benchmark-summary.md``) and the plots
(``docs/samples/filters/img/*.svg``, light and dark). ``--from-results`` only redraws tables
and plots from the results file; ``--sections bloom,cuckoo`` re-runs only those sections.
Timing, the machine record and the plot theme come from ``bench/_common.py``.
Run: ``.venv/bin/python bench/filters.py``.
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    CPU_CLOCK,
    ROOT,
    SamplePaths,
    Theme,
    arguments,
    cold_and_warm,
    cpu_timed,
    machine_info,
    package_mib,
    read_results,
    save_light_dark,
    write_results,
)
from portfolio.filters import (
    BloomFilter,
    CuckooFilter,
    FilterFullError,
    LearnedBloomFilter,
    SandwichedLearnedBloomFilter,
)
from portfolio.filters.models import NgramLogisticModel

PATHS = SamplePaths("filters")
RESULTS, IMG = PATHS.results, PATHS.img
TABLES, SUMMARY = PATHS.doc("_benchmark-tables.md"), PATHS.doc("_benchmark-summary.md")
KERNELS = PATHS.doc("_kernel-costs.md")

PACKAGES = [
    "pzhao-portfolio",
    "numpy",
    "numba",
    "llvmlite",
    "rbloom",
    "pybloom-live",
    "pyprobables",
    "cuckoofilter",
    "scalable-cuckoo-filter",
    "wordfreq",
    "matplotlib",
]
N_BLOOM = 1_000_000
N_SINGLE = 100_000
N_CUCKOO = 200_000
RATE = 0.01
REPEATS = 5
TIMER = f"{CPU_CLOCK}; best of {REPEATS} runs, ours and the peers interleaved"

# name, floor, unit ("x": ratio ours/peer, "M/s": million keys per second), what it compares
TARGETS = [
    ("bloom_bulk_insert", 0.5, "x", "Bloom bulk insert (`update`) vs rbloom `update`"),
    ("bloom_bulk_lookup", 0.5, "x", "Bloom bulk lookup (`contains_many`) vs rbloom"),
    ("bloom_single_add", 1.5, "x", "Bloom single `add` vs pybloom-live"),
    ("bloom_single_lookup", 1.5, "x", "Bloom single lookup (`in`) vs pybloom-live"),
    ("cuckoo_single_insert", 0.6, "M/s", "Cuckoo single insert (`add`)"),
    ("cuckoo_bulk_update", 3.0, "M/s", "Cuckoo bulk `update`"),
]


def key_ints(seed: int, n: int) -> list[int]:
    return np.random.default_rng(seed).integers(0, 2**63, size=n).tolist()


def fresh(ints: list[int], prefix: str = "") -> list[str]:
    """New str objects every call, so no library sees cached str hashes from another."""
    return [f"{prefix}{x:016x}" for x in ints]


def interleaved(
    contenders: dict[str, tuple[Callable[[], Any], Callable[[Any], object]]],
    repeats: int = REPEATS,
) -> dict[str, float]:
    """Best CPU seconds of ``run(setup())`` per contender, the contenders taking turns each run.

    Only ``run`` is timed; ``setup`` builds the filter and fresh keys.
    """
    best = dict.fromkeys(contenders, math.inf)
    for _ in range(repeats):
        for name, (setup, run) in contenders.items():
            prepared = setup()
            seconds, _ = cpu_timed(lambda: run(prepared))  # noqa: B023  # called at once
            best[name] = min(best[name], seconds)
    return best


def _loop(method: str) -> Callable[[tuple[Any, list[str]]], object]:
    """One call of ``filter.<method>(key)`` per key, the bound method looked up once."""

    def run(prepared: tuple[Any, list[str]]) -> object:
        f, keys = prepared
        fn = getattr(f, method)
        for k in keys:
            fn(k)
        return None

    return run


# -- Bloom -------------------------------------------------------------------------------------
def bench_bloom() -> dict[str, Any]:
    import pybloom_live
    import rbloom
    from probables import BloomFilter as ProbBloom

    ints, neg_ints = key_ints(1, N_BLOOM), key_ints(2, N_BLOOM)
    out: dict[str, Any] = {"n": N_BLOOM, "rate": RATE, "single_ops": N_SINGLE}

    ours_full = BloomFilter(N_BLOOM, RATE)
    ours_full.update(fresh(ints))
    rb_full = rbloom.Bloom(N_BLOOM, RATE)
    rb_full.update(fresh(ints))
    bulk = interleaved(
        {
            "ours_update": (
                lambda: (BloomFilter(N_BLOOM, RATE), fresh(ints)),
                lambda p: p[0].update(p[1]),
            ),
            "rbloom_update": (
                lambda: (rbloom.Bloom(N_BLOOM, RATE), fresh(ints)),
                lambda p: p[0].update(p[1]),
            ),
            "ours_contains_many": (
                lambda: (ours_full, fresh(ints)),
                lambda p: p[0].contains_many(p[1]),
            ),
            "rbloom_in_loop": (lambda: (rb_full, fresh(ints)), _loop("__contains__")),
        }
    )
    out.update({f"{k}_s": v for k, v in bulk.items()})
    # rbloom has no batch lookup: its fastest many-key answer is the faster of these two.
    out["rbloom_best_bulk_s"] = min(bulk["rbloom_update"], bulk["rbloom_in_loop"])

    single = ints[:N_SINGLE]
    makers: dict[str, tuple[Callable[[], Any], str, str]] = {
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
    for name, (make, add, _) in makers.items():
        f = make()
        for k in fresh(single):  # lookups are timed on a filter holding the keys
            getattr(f, add)(k)
        filled[name] = f
    contenders: dict[str, tuple[Callable[[], Any], Callable[[Any], object]]] = {}
    for name, (make, add, has) in makers.items():
        contenders[f"{name}_add"] = (lambda make=make: (make(), fresh(single)), _loop(add))
        contenders[f"{name}_lookup"] = (
            lambda name=name: (filled[name], fresh(single)),
            _loop(has),
        )
    times = interleaved(contenders)
    for name in makers:
        out[f"{name}_single_add_us"] = times[f"{name}_add"] / N_SINGLE * 1e6
        out[f"{name}_single_lookup_us"] = times[f"{name}_lookup"] / N_SINGLE * 1e6

    # False-positive rates and sizes, each library filled with the same 10^6 keys.
    negs = fresh(neg_ints, "n")
    for name, (make, add, has) in makers.items():
        if name == "ours":
            f = ours_full
            assert bool(f.contains_many(fresh(ints)).all()), "Bloom lost a key"
            false_pos = int(f.contains_many(negs).sum())
        else:
            f = rb_full if name == "rbloom" else make()
            if name != "rbloom":
                add_fn = getattr(f, add)
                for k in fresh(ints):
                    add_fn(k)
            has_fn = getattr(f, has)
            false_pos = sum(1 for k in negs if has_fn(k))
        out[f"{name}_fpr"] = false_pos / len(negs)
        filled[name] = f
    out["ours_bits_per_key"] = ours_full.size_in_bits / N_BLOOM
    out["rbloom_bits_per_key"] = rb_full.size_in_bits / N_BLOOM
    out["pybloom_live_bits_per_key"] = filled["pybloom_live"].num_bits / N_BLOOM
    out["pyprobables_bits_per_key"] = filled["pyprobables"].number_bits / N_BLOOM
    out["optimal_bits_per_key"] = -math.log(RATE) / math.log(2) ** 2
    return out


# -- Cuckoo ------------------------------------------------------------------------------------
class _Peer:
    """Uniform face over a cuckoo filter: add -> bool (False on failure), has, slots, fp bits."""

    def __init__(self, name: str, capacity: int) -> None:
        self.name = name
        buckets = math.ceil(capacity / (4 * 0.95))
        if name.startswith("ours"):
            self.f: Any = CuckooFilter(
                capacity, RATE, hasher="blake2b" if name.endswith("blake2b") else None
            )
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
        # The bound methods the timed loops call.
        self.insert = {"pyprobables": "add", "cuckoofilter": "insert"}.get(name, "add")
        if name == "scalable_cuckoo_filter":
            self.insert = "insert"
        self.lookup = {"pyprobables": "check", "scalable_cuckoo_filter": "contains"}.get(
            name, "__contains__"
        )

    def add(self, key: str) -> bool:
        """Insert ``key``; False when the library reports a full table."""
        try:
            ok = getattr(self.f, self.insert)(key)
        except Exception:  # FilterFullError, CuckooFilterFullError, CapacityException
            return False
        return ok is not False

    def has(self, key: str) -> bool:
        return bool(getattr(self.f, self.lookup)(key))


CUCKOO_PEERS = ["ours", "ours_blake2b", "pyprobables", "cuckoofilter", "scalable_cuckoo_filter"]


def bench_cuckoo() -> dict[str, Any]:
    ints, neg_ints = key_ints(3, 2 * N_CUCKOO), key_ints(4, 100_000)
    timed = int(0.9 * N_CUCKOO)
    out: dict[str, Any] = {"capacity": N_CUCKOO, "rate": RATE, "bucket_size": 4, "timed": timed}

    # Speed: inserts of the first 90 % of the capacity, one key at a time, then lookups of
    # them, best of REPEATS with the libraries taking turns.
    def insert_setup(name: str) -> Callable[[], Any]:
        def setup() -> Any:
            random.seed(0)
            peer = _Peer(name, N_CUCKOO)
            return peer.f, fresh(ints[:timed])

        return setup

    holding = {}
    for name in CUCKOO_PEERS:
        random.seed(0)
        peer = _Peer(name, N_CUCKOO)
        for k in fresh(ints[:timed]):
            assert peer.add(k), f"{name} failed below 90 % load"
        holding[name] = peer
    contenders: dict[str, tuple[Callable[[], Any], Callable[[Any], object]]] = {}
    for name in CUCKOO_PEERS:
        contenders[f"{name}_insert"] = (insert_setup(name), _loop(holding[name].insert))
        contenders[f"{name}_lookup"] = (
            lambda name=name: (holding[name].f, fresh(ints[:timed])),
            _loop(holding[name].lookup),
        )
    contenders["ours_bulk_update"] = (
        lambda: (CuckooFilter(N_CUCKOO, RATE), fresh(ints[:timed])),
        lambda p: p[0].update(p[1]),
    )
    contenders["ours_bulk_lookup"] = (
        lambda: (holding["ours"].f, fresh(ints[:timed])),
        lambda p: p[0].contains_many(p[1]),
    )
    times = interleaved(contenders)
    out["ours_bulk_update_us"] = times["ours_bulk_update"] / timed * 1e6
    out["ours_bulk_lookup_us"] = times["ours_bulk_lookup"] / timed * 1e6

    # Failure: fill each library one key at a time until its first failed insert, then look
    # every accepted key up: the ones reported absent were lost.
    negs = fresh(neg_ints, "n")
    for name in CUCKOO_PEERS:
        random.seed(0)
        peer = _Peer(name, N_CUCKOO)
        accepted: list[str] = []
        failed = False
        for k in fresh(ints):
            if not peer.add(k):
                failed = True
                break
            accepted.append(k)
        lost = sum(1 for k in accepted if not peer.has(k))
        out[name] = {
            "insert_us": times[f"{name}_insert"] / timed * 1e6,
            "lookup_us": times[f"{name}_lookup"] / timed * 1e6,
            "inserted_before_failure": len(accepted),
            "failed": failed,
            "load_factor_at_failure": len(accepted) / peer.slots,
            "keys_lost": lost,
            "fpr": sum(1 for k in negs if peer.has(k)) / len(negs),
            "fingerprint_bits": peer.fp_bits,
            "bits_per_key": peer.size_bits / len(accepted),
        }
        print(f"  cuckoo {name}: {out[name]}", flush=True)

    # The same for one bulk update of twice the capacity: it stops at the first key that does
    # not fit, says how many went in, and loses none of them.
    f = CuckooFilter(N_CUCKOO, RATE)
    keys = fresh(ints)
    try:
        f.update(keys)
        inserted = len(keys)
    except FilterFullError as error:
        inserted = error.inserted if error.inserted is not None else -1
    out["ours_bulk_overflow"] = {
        "inserted_before_failure": inserted,
        "load_factor_at_failure": f.load_factor,
        "keys_lost": int((~f.contains_many(keys[:inserted])).sum()),
    }
    out["bits_per_key_bound"] = (math.log2(1 / RATE) + 3) / 0.95 * 1.05
    return out


# -- Compiled kernels ---------------------------------------------------------------------------
_FIRST_USE = """
import json, sys, time
t0 = time.process_time()
from portfolio.filters import BloomFilter, CuckooFilter
t1 = time.process_time()
for f in (BloomFilter(1000, 0.01), CuckooFilter(1000, 0.01)):
    f.update(["a", "b"]); f.add("c"); "c" in f; f.contains_many(["a"])
    if isinstance(f, BloomFilter):
        t2 = time.process_time()
t3 = time.process_time()
print(json.dumps({"import_s": t1 - t0, "bloom_s": t2 - t1, "cuckoo_s": t3 - t2}))
"""


def bench_compile() -> dict[str, Any]:
    """First-use cost of the kernels: a cold numba cache, then the same cache warm."""
    cold, warm = cold_and_warm(_FIRST_USE)
    return {
        "install_mib": {name: package_mib(name) for name in ("numba", "llvmlite")},
        "cold": cold,
        "warm": warm,
    }


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
    fit_s, _ = cpu_timed(lambda: model.fit(keys, train[::2]))  # fit on half, as the filter does
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


# -- Targets -----------------------------------------------------------------------------------
def measured(results: dict[str, Any]) -> dict[str, float]:
    """Each target's measured value, computed from the raw times in ``results``."""
    b, c = results["bloom"], results["cuckoo"]
    return {
        "bloom_bulk_insert": b["rbloom_update_s"] / b["ours_update_s"],
        "bloom_bulk_lookup": b["rbloom_best_bulk_s"] / b["ours_contains_many_s"],
        "bloom_single_add": b["pybloom_live_single_add_us"] / b["ours_single_add_us"],
        "bloom_single_lookup": b["pybloom_live_single_lookup_us"] / b["ours_single_lookup_us"],
        "cuckoo_single_insert": 1 / c["ours"]["insert_us"],
        "cuckoo_bulk_update": 1 / c["ours_bulk_update_us"],
    }


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The speed targets with their floors, measured values and whether each is met."""
    values = measured(results)
    return [
        {
            "name": name,
            "what": what,
            "floor": floor,
            "unit": unit,
            "measured": values[name],
            "margin": values[name] / floor,
            "met": values[name] >= floor,
        }
        for name, floor, unit, what in TARGETS
    ]


def _value(x: float, unit: str) -> str:
    return f"{x:.2f}×" if unit == "x" else f"{x:.2f} M keys/s"


LABELS = {"ours": "portfolio.filters", "ours_blake2b": "portfolio.filters, BLAKE2b"}


def _label(name: str) -> str:
    return LABELS.get(name, name.replace("_", "-"))


def _fmt(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}"


def report(results: dict[str, Any]) -> str:
    """The Markdown tables that benchmarks.md includes: every target, measured, met or not."""
    b, c, lrn = results["bloom"], results["cuckoo"], results["learned"]
    ok = {True: "met", False: "**missed**"}
    ours = c["ours"]
    fpr = b["ours_fpr"] / b["rate"]
    bpk = b["ours_bits_per_key"] / b["optimal_bits_per_key"] - 1
    table = lrn["at_budget"]
    best = min(table, key=lambda r: min(r["learned"], r["sandwiched"]) / r["classic"])
    best_ratio = min(best["learned"], best["sandwiched"]) / best["classic"]
    never_worse = all(r["sandwiched"] <= r["learned"] * 1.0001 for r in table)
    overflow = c["ours_bulk_overflow"]
    out = [
        "(filters-targets-table)=",
        "",
        "| speed target | floor | measured | measured / floor | |",
        "| --- | --- | --- | --- | --- |",
    ]
    out.extend(
        f"| {t['what']} | {_value(t['floor'], t['unit'])} | "
        f"{_value(t['measured'], t['unit'])} | {t['margin']:.2f} | {ok[t['met']]} |"
        for t in targets(results)
    )
    rows = [
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
            "Cuckoo keys lost after the first failed `add` = 0",
            str(ours["keys_lost"]),
            ours["keys_lost"] == 0,
        ),
        (
            "Cuckoo keys lost after an overflowing `update` = 0",
            str(overflow["keys_lost"]),
            overflow["keys_lost"] == 0,
        ),
        (
            f"Cuckoo bits per key ≤ {c['bits_per_key_bound']:.2f}",
            f"{ours['bits_per_key']:.2f}",
            ours["bits_per_key"] <= c["bits_per_key_bound"],
        ),
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
    out += ["", "| other target | measured | |", "| --- | --- | --- |"]
    out += [f"| {t} | {m} | {ok[bool(v)]} |" for t, m, v in rows]
    out += [
        "",
        "(filters-bloom-table)=",
        "",
        "| Bloom, n = 10^6, p = 1 % | insert | lookup | FPR | bits/key |",
        "| --- | --- | --- | --- | --- |",
        f"| portfolio.filters, bulk (s per 10^6) | {_fmt(b['ours_update_s'])} | "
        f"{_fmt(b['ours_contains_many_s'])} | {b['ours_fpr']:.4%} | "
        f"{b['ours_bits_per_key']:.4f} |",
        f"| rbloom, `update` / `in` loop (s per 10^6) | {_fmt(b['rbloom_update_s'])} | "
        f"{_fmt(b['rbloom_in_loop_s'])} | {b['rbloom_fpr']:.4%} | "
        f"{b['rbloom_bits_per_key']:.4f} |",
    ]
    for name in ("ours", "pybloom_live", "pyprobables", "rbloom"):
        fpr_s = f"{b[name + '_fpr']:.4%}" if name != "ours" else "(as above)"
        out.append(
            f"| {_label(name)}, single key (µs per op) | "
            f"{b[name + '_single_add_us']:.3f} | {b[name + '_single_lookup_us']:.3f} | "
            f"{fpr_s} | {b[name + '_bits_per_key']:.4f} |"
        )
    out += [
        "",
        "| Cuckoo, capacity 200 000, p = 1 %, b = 4 | insert µs | lookup µs | "
        "load at first failure | keys lost | FPR | fingerprint bits | bits/key |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in CUCKOO_PEERS:
        r = c[name]
        load = f"{r['load_factor_at_failure']:.4f}" if r["failed"] else "no failure"
        out.append(
            f"| {_label(name)} | {r['insert_us']:.2f} | {r['lookup_us']:.2f} | "
            f"{load} | {r['keys_lost']} | {r['fpr']:.3%} | {r['fingerprint_bits']} | "
            f"{r['bits_per_key']:.2f} |"
        )
    out.append(
        f"| portfolio.filters, bulk `update` / `contains_many` | "
        f"{c['ours_bulk_update_us']:.3f} | {c['ours_bulk_lookup_us']:.3f} | "
        f"{overflow['load_factor_at_failure']:.4f} | {overflow['keys_lost']} | (as above) | "
        f"{ours['fingerprint_bits']} | (as above) |"
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


def summary(results: dict[str, Any]) -> str:
    """The machine line and the measured sentences of the benchmarks page (generated)."""
    m, b, c, lrn = results["machine"], results["bloom"], results["cuckoo"], results["learned"]
    v = m["versions"]
    t = {x["name"]: x for x in targets(results)}
    ours, over = c["ours"], c["ours_bulk_overflow"]
    lost = {name: c[name]["keys_lost"] for name in CUCKOO_PEERS}
    rows = {r["bits_per_key"]: r for r in lrn["at_budget"]}
    r3, r8 = rows[3.0], rows[8.0]
    ratios = [min(r["learned"], r["sandwiched"]) / r["classic"] for r in lrn["at_budget"]]
    lines = [
        f"Measured on {m['date']}: {m['cpu_model']}, {m['cores']} cores, "
        f"{m['memory_gib']} GiB, {m['os']}; Python {m['python']}, NumPy {v['numpy']}, "
        f"numba {v['numba']} (llvmlite {v['llvmlite']}); peers rbloom {v['rbloom']}, "
        f"pybloom-live {v['pybloom-live']}, pyprobables {v['pyprobables']}, "
        f"cuckoofilter {v['cuckoofilter']}, scalable-cuckoo-filter "
        f"{v['scalable-cuckoo-filter']}; wordfreq {v['wordfreq']}.",
        "",
        f"- **Bloom.** The bulk `update` runs at "
        f"{_value(t['bloom_bulk_insert']['measured'], 'x')} the speed of rbloom's `update` "
        f"and `contains_many` at {_value(t['bloom_bulk_lookup']['measured'], 'x')} rbloom's "
        f"fastest many-key lookup, on fresh keys. Single keys: `add` is "
        f"{_value(t['bloom_single_add']['measured'], 'x')} and `in` "
        f"{_value(t['bloom_single_lookup']['measured'], 'x')} as fast as pybloom-live "
        f"({b['ours_single_add_us']:.3f} µs and {b['ours_single_lookup_us']:.3f} µs per key).",
        f"- **Cuckoo.** Single inserts run at "
        f"{_value(t['cuckoo_single_insert']['measured'], 'M/s')} and the bulk `update` at "
        f"{_value(t['cuckoo_bulk_update']['measured'], 'M/s')}. One key at a time, the filter "
        f"fills to a load of {ours['load_factor_at_failure']:.4f} before the first failed "
        f"insert and loses {lost['ours']} keys; an overflowing `update` stops at a load of "
        f"{over['load_factor_at_failure']:.4f} and loses {over['keys_lost']}. At their first "
        f"failure pyprobables lost {lost['pyprobables']}, cuckoofilter "
        f"{lost['cuckoofilter']} and scalable-cuckoo-filter {lost['scalable_cuckoo_filter']}.",
        f"- **Learned.** The NumPy model costs {lrn['model_bits_per_key']:.2f} bits per key. "
        f"At the same memory the better of the learned and sandwiched filters has "
        f"{min(ratios):.2f}× to {max(ratios):.2f}× the classic filter's FPR from 3 to 12 bits "
        f"per key; at 3 bits per key the sandwich has {r3['sandwiched']:.3%} against the "
        f"learned filter's {r3['learned']:.3%}, at 8 bits per key {r8['sandwiched']:.3%} "
        f"against {r8['learned']:.3%}.",
    ]
    return "\n".join(lines) + "\n"


# -- Plots -------------------------------------------------------------------------------------
def plots(results: dict[str, Any]) -> None:
    from _common import pyplot

    plt = pyplot()
    learned = results["learned"]

    def draw_learned(theme: Theme) -> Any:
        fig, ax = plt.subplots(figsize=(6.4, 4.0))
        for (name, marker), colour in zip(
            (("classic", "o"), ("learned", "s"), ("sandwiched", "^")), theme.series, strict=False
        ):
            pts = sorted(learned["curves"][name])
            ax.plot(
                [x for x, _ in pts], [y for _, y in pts], marker=marker, label=name, color=colour
            )
        ax.set_yscale("log")
        ax.set_xlabel("total bits per key (model included)")
        ax.set_ylabel("false-positive rate on held-out negatives")
        ax.set_title(f"{learned['keys']:,} English words vs other languages' words")
        ax.grid(True, which="both")
        ax.legend()
        fig.tight_layout()
        return fig

    rows = targets(results)

    def draw_targets(theme: Theme) -> Any:
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        labels = [
            "Bloom update\nvs rbloom",
            "Bloom lookup\nvs rbloom",
            "Bloom add\nvs pybloom-live",
            "Bloom in\nvs pybloom-live",
            "cuckoo add\nM keys/s",
            "cuckoo update\nM keys/s",
        ]
        margins = [r["margin"] for r in rows]
        ax.bar(range(len(rows)), margins, color=theme.accent, label="measured / floor")
        ax.axhline(1.0, color=theme.target, linewidth=1.5, label="floor")
        ax.set_ylim(0, max(margins) * 1.15)
        ax.set_xticks(range(len(rows)), labels, fontsize=7)
        ax.set_ylabel("measured / floor")
        ax.legend(fontsize=8)
        ax.grid(True, axis="y")
        fig.tight_layout()
        return fig

    save_light_dark(draw_learned, IMG / "learned-fpr-vs-memory", salt="filters")
    save_light_dark(draw_targets, IMG / "throughput-ratios", salt="filters")


def kernels_note(results: dict[str, Any]) -> str:
    """The design note's paragraph on what the compiled kernels cost (generated)."""
    c = results["compile"]
    mib, cold, warm = c["install_mib"], c["cold"], c["warm"]
    v = results["machine"]["versions"]
    return (
        f"numba {v['numba']} takes {mib['numba']:.0f} MiB in the virtual environment and its "
        f"compiler, llvmlite {v['llvmlite']}, {mib['llvmlite']:.0f} MiB. Importing "
        f"`portfolio.filters` (numba included) costs {cold['import_s']:.2f} s of CPU time. "
        f"The first use of each filter compiles its kernels: {cold['bloom_s']:.2f} s for the "
        f"Bloom filter (the hash included) and {cold['cuckoo_s']:.2f} s for the cuckoo filter "
        f"with an empty cache; later processes load them from numba's cache in "
        f"{warm['bloom_s']:.2f} s and {warm['cuckoo_s']:.2f} s. Measured by "
        f"`bench/filters.py` on the machine the {{doc}}`benchmarks </samples/filters/benchmarks>` "
        f"name.\n"
    )


def write_docs(results: dict[str, Any]) -> None:
    TABLES.write_text(report(results), encoding="utf-8")
    SUMMARY.write_text(summary(results), encoding="utf-8")
    KERNELS.write_text(kernels_note(results), encoding="utf-8")
    plots(results)


def print_targets(results: dict[str, Any]) -> bool:
    """Print every speed target against its floor; True if all are met."""
    print(f"{'target':<58} {'floor':>14} {'measured':>16} {'margin':>7}")
    for t in targets(results):
        flag = "met" if t["met"] else "MISSED"
        print(
            f"{t['what']:<58} {_value(t['floor'], t['unit']):>14} "
            f"{_value(t['measured'], t['unit']):>16} {t['margin']:>6.2f}x {flag}"
        )
    return all(t["met"] for t in targets(results))


SECTIONS = ("bloom", "cuckoo", "learned", "compile")


def main(argv: list[str] | None = None) -> int:
    cli = arguments(__doc__)
    cli.add_argument(
        "--sections",
        type=lambda text: text.split(","),
        default=list(SECTIONS),
        help=f"comma-separated parts to re-run (of {','.join(SECTIONS)}); the others are kept",
    )
    args = cli.parse_args(argv)
    if args.from_results:
        results = read_results(RESULTS)
        write_docs(results)
        return 0 if print_targets(results) else 1
    if unknown := set(args.sections) - set(SECTIONS):
        cli.error(f"--sections: unknown part(s) {', '.join(sorted(unknown))}")
    sections = args.sections
    results = read_results(RESULTS)
    for legacy in ("python", "numpy"):  # now inside the machine record
        results.pop(legacy, None)
    machine = machine_info(PACKAGES)
    results["timer"] = TIMER
    for name, run in (
        ("bloom", bench_bloom),
        ("cuckoo", bench_cuckoo),
        ("learned", bench_learned),
        ("compile", bench_compile),
    ):
        if name not in sections:
            continue
        print(f"== {name}", flush=True)
        results[name] = run()
        results = write_results(RESULTS, results, machine=machine)
    results["targets"] = targets(results)
    results = write_results(RESULTS, results, machine=machine)
    write_docs(results)
    print(f"wrote {RESULTS.relative_to(ROOT)}, the tables and the plots")
    return 0 if print_targets(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
