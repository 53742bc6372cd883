"""The community pages quote only figures that bench/results/community.json holds.

The tables and the cost list the pages include are generated from the results file by
``bench/community.py``; these tests regenerate them and compare. Every other figure with a unit
on the hand-written pages (``×``, seconds, ``%``, MiB) must be a value of the results file at the
precision shown, or a design constant read from the code. The results file must record the
machine and the versions, and each figure pair must hide its caption along with its image.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

import pytest

import portfolio.community.dendrogram as dendrogram
from tests.bench_docs import bench_fixtures, leaves, prose
from tests.helpers import DOCS, ROOT

PAGES = DOCS / "samples" / "community"
RESULTS = ROOT / "bench" / "results" / "community.json"
HAND_WRITTEN = sorted(
    p for p in PAGES.glob("*.md") if p.name not in {"_benchmark-table.md", "_compiled-cost.md"}
)
FIGURE = re.compile(
    r"(?<![\w.\-/^{])(\d+(?:\.\d+)?)\s*(×|x\b|%|MiB\b|MB\b|CPU seconds|seconds|s\b|ms\b|times\b)"
)


bench, results = bench_fixtures("community")


class TestResultsFile:
    """The results file says where its numbers come from and holds what the pages claim."""

    def test_records_machine_and_versions(self, results: dict[str, Any]) -> None:
        """CPU model, cores, Python and the versions of every package compared."""
        machine = results["machine"]
        assert machine["cpu_model"]
        assert machine["cpu_model"] != "unknown"
        assert machine["cores"] >= 1
        assert re.fullmatch(r"\d+\.\d+\.\d+", machine["python"])
        for package in ("numpy", "numba", "llvmlite", "networkx", "igraph"):
            assert machine["versions"][package], package

    def test_every_size_is_measured_and_ratios_are_consistent(
        self, results: dict[str, Any], bench: ModuleType
    ) -> None:
        """All sizes, each ratio networkx over ours, the 800-node row on its first levels."""
        rows = results["rows"]
        assert [r["n"] for r in rows] == list(bench.SIZES)
        for r in rows:
            assert r["m"] == 4 * r["n"]
            assert r["ratio"] == r["networkx_s"] / r["ours_s"]
            assert r["igraph_over_ours"] == r["igraph_full_s"] / r["ours_full_s"]
            assert r["full"] == (r["n"] <= bench.NETWORKX_FULL_MAX)
            if not r["full"]:
                assert r["levels_compared"] == bench.LEVELS_800
        assert results["target_ratio"] == bench.TARGET
        assert set(results["first_call"]) == {"compile_s", "cached_s"}


class TestGeneratedPages:
    """What the pages include is exactly what the results file produces."""

    def test_benchmark_table(self, results: dict[str, Any], bench: ModuleType) -> None:
        """_benchmark-table.md equals the table rendered from the results file."""
        assert (PAGES / "_benchmark-table.md").read_text(encoding="utf-8") == bench.render_table(
            results
        )

    def test_compiled_cost(self, results: dict[str, Any], bench: ModuleType) -> None:
        """_compiled-cost.md equals the cost list rendered from the results file."""
        assert (PAGES / "_compiled-cost.md").read_text(encoding="utf-8") == bench.render_cost(
            results
        )

    def test_table_states_machine_and_versions(self, results: dict[str, Any]) -> None:
        """The included table names the CPU, the cores and every version it compares."""
        table = (PAGES / "_benchmark-table.md").read_text(encoding="utf-8")
        machine = results["machine"]
        assert machine["cpu_model"] in table
        assert f"{machine['cores']} cores" in table
        for package in ("numpy", "numba", "networkx", "igraph"):
            assert machine["versions"][package] in table

    def test_pages_include_the_generated_files(self) -> None:
        """The benchmarks page includes the table and the design note the cost list."""
        assert "```{include} _benchmark-table.md" in (PAGES / "benchmarks.md").read_text("utf-8")
        assert "```{include} _compiled-cost.md" in (PAGES / "design.md").read_text("utf-8")


class TestHandWrittenFigures:
    """Figures written by hand are figures of the results file (or constants of the code)."""

    @pytest.mark.parametrize("page", HAND_WRITTEN, ids=lambda p: p.name)
    def test_every_figure_is_backed(self, page: Any, results: dict[str, Any]) -> None:
        """Each number with a unit is a results value at the shown precision, or a constant."""
        numbers = [v for v in leaves(results) if isinstance(v, int | float)]
        constants = {dendrogram.STORE_LIMIT * 8 / 2**20}  # the stored-state limit, in MiB
        for match in FIGURE.finditer(prose(page.read_text(encoding="utf-8"))):
            written = match.group(1)
            decimals = len(written.partition(".")[2])
            value = float(written)
            backed = any(round(float(v), decimals) == value for v in numbers)
            assert backed or value in constants, (
                f"{page.name}: {match.group(0)!r} is not in {RESULTS.name}"
            )

    def test_the_check_catches_an_unbacked_figure(self, results: dict[str, Any]) -> None:
        """A made-up speed-up is found by the pattern and backed by nothing."""
        (match,) = FIGURE.finditer("ours is 123.4× faster")
        numbers = [v for v in leaves(results) if isinstance(v, int | float)]
        assert not any(round(float(v), 1) == float(match.group(1)) for v in numbers)


class TestFigures:
    """A light/dark figure pair hides the whole figure, caption included, in the other scheme."""

    @pytest.mark.parametrize("page", HAND_WRITTEN, ids=lambda p: p.name)
    def test_pairs_use_figclass(self, page: Any) -> None:
        """`:class: only-light` would hide the image but leave its caption showing twice."""
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"^:class: only-(light|dark)", text, flags=re.M)
        assert text.count(":figclass: only-light") == text.count(":figclass: only-dark")


class TestBuiltFigures:
    """In the built HTML each caption shows once per colour scheme (figure and caption hidden)."""

    @pytest.mark.parametrize("page", ["benchmarks", "walkthrough"])
    def test_each_caption_once_per_scheme(self, site: Any, page: str) -> None:
        """furo hides `.only-light` in dark mode and `.only-dark` in light mode."""
        from bs4 import BeautifulSoup

        html = (site.html / "samples" / "community" / f"{page}.html").read_text(encoding="utf-8")
        figures = BeautifulSoup(html, "html.parser").find_all("figure")
        assert figures
        for scheme, hidden in (("light", "only-dark"), ("dark", "only-light")):
            shown: list[str] = []
            for figure in figures:
                classes = figure.get("class") or []
                img = figure.find("img")
                assert img is not None
                dark = str(img["src"]).endswith("-dark.svg")
                assert ("only-dark" if dark else "only-light") in classes
                if hidden not in classes:
                    caption = figure.find("figcaption")
                    assert caption is not None
                    shown.append(" ".join(caption.get_text().split()))
            assert len(shown) == len(set(shown)) == len(figures) // 2, (scheme, shown)
