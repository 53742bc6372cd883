"""The filters' pages quote only what bench/results/filters.json holds, and it says where from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

from tests.bench_docs import bench_fixtures

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "docs" / "samples" / "filters"
RESULTS = ROOT / "bench" / "results" / "filters.json"
GENERATED = ("_benchmark-tables.md", "_benchmark-summary.md", "_kernel-costs.md")

# Figures a page may state without a measurement: the benchmark's configuration and the
# theory it is compared with (each with where it comes from).
CONSTANTS = {
    "1 %": "the target rate of every benchmark (p = 1 %)",
    "3 %": "Fan et al.'s bound for the semi-sorted cuckoo filter",
    "0.37 %": "the crossover of the two bits-per-key formulas in the design note",
    "5 %": "the bits-per-key bound's slack, 5 %",
    "90 %": "the share of the cuckoo capacity the insert timings cover",
    "95 %": "the load factor Fan et al. report for b = 4",
    "0.05 %": "the lowest target rate of the learned benchmark",
    "30 %": "the highest target rate of the learned benchmark",
    "44 %": "Bloom's overhead over the information-theoretic bound, 1/ln 2 - 1",
}


bench, results = bench_fixtures("filters")


def test_results_record_machine_and_versions(results: dict[str, object]) -> None:
    """The results file names the CPU, the core count and every compared package's version."""
    machine = results["machine"]
    assert isinstance(machine, dict)
    assert machine["cpu_model"] not in ("", None, "unknown")
    assert isinstance(machine["cores"], int)
    assert machine["cores"] >= 1
    assert machine["python"]
    versions = machine["versions"]
    for package in ("numpy", "numba", "llvmlite", "rbloom", "pybloom-live", "pyprobables"):
        assert versions[package], package
    for package in ("cuckoofilter", "scalable-cuckoo-filter", "wordfreq"):
        assert versions[package], package


def test_generated_fragments_equal_the_results(
    bench: ModuleType, results: dict[str, object]
) -> None:
    """The committed tables, summary and kernel-cost note are exactly what the results produce."""
    expected = {
        "_benchmark-tables.md": bench.report(results),
        "_benchmark-summary.md": bench.summary(results),
        "_kernel-costs.md": bench.kernels_note(results),
    }
    for name, text in expected.items():
        assert text == (PAGES / name).read_text(encoding="utf-8"), name


def test_recorded_targets_follow_from_the_raw_times(
    bench: ModuleType, results: dict[str, object]
) -> None:
    """The stored target verdicts are recomputed from the stored times, not typed in."""
    assert json.loads(json.dumps(bench.targets(results))) == results["targets"]
    assert {t[0] for t in bench.TARGETS} == {t["name"] for t in bench.targets(results)}


def _prose(text: str) -> str:
    """``text`` without front matter, code, math, directive options and link targets."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.S | re.M)
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", "", text)
    text = re.sub(r"`[^`\n]+`", "", text)
    return re.sub(r"^:[a-z-]+:.*$", "", text, flags=re.M)


FIGURE = re.compile(
    r"(?<![\w.])(\d[\d ,]*(?:\.\d+)?)\s?(%|×|µs|M keys/s|bits per key|bits/key|MiB|MB|s of CPU)"
)


def _figures(text: str) -> set[str]:
    return {f"{m.group(1).strip()} {m.group(2)}" for m in FIGURE.finditer(_prose(text))}


def test_prose_quotes_only_measured_or_stated_figures() -> None:
    """Every figure on a hand-written filters page is in the generated fragments or a constant."""
    generated = "\n".join((PAGES / name).read_text(encoding="utf-8") for name in GENERATED)
    allowed = {f"{n.strip()} {u}" for n, u in FIGURE.findall(generated)} | set(CONSTANTS)
    hand_written = [p for p in sorted(PAGES.glob("*.md")) if p.name not in GENERATED]
    assert len(hand_written) >= 5
    for page in hand_written:
        stray = _figures(page.read_text(encoding="utf-8")) - allowed
        assert not stray, f"{page.name} quotes figures the results do not hold: {sorted(stray)}"


def test_the_check_catches_a_stray_figure() -> None:
    """The figure scan sees a quoted ratio and a percentage in prose (and not in math or code)."""
    text = "It runs 0.34× rbloom and loses 2.5 % of keys. `3.1×` and $4.2\\,\\%$ are not prose."
    assert {"0.34 ×", "2.5 %"} == _figures(text)


def test_benchmark_pages_include_the_generated_fragments() -> None:
    """The benchmarks page shows the machine line and tables; the design note the kernel costs."""
    bench_page = (PAGES / "benchmarks.md").read_text(encoding="utf-8")
    assert "{include} _benchmark-summary.md" in bench_page
    assert "{include} _benchmark-tables.md" in bench_page
    assert "{include} _kernel-costs.md" in (PAGES / "design.md").read_text(encoding="utf-8")
    summary = (PAGES / "_benchmark-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("Measured on ")
    assert " cores" in summary.splitlines()[0]
