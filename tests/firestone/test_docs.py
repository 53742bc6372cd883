"""The benchmarks page reports what the committed results file says."""

from __future__ import annotations

import json

from tests.helpers import DOCS, ROOT

PAGE = DOCS / "samples" / "firestone" / "benchmarks.md"
RESULTS = ROOT / "bench" / "results" / "firestone.json"
IMG = DOCS / "samples" / "firestone" / "img"


class TestBenchmarksPage:
    """Tests that docs/samples/firestone/benchmarks.md matches bench/results/firestone.json."""

    def test_results_meet_the_floor(self) -> None:
        """The committed results record at least 200 random games per CPU second."""
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        assert results["meets_floor"] is True
        assert results["cpu_games_per_second"]["random_vs_random"] >= 200

    def test_page_quotes_the_results(self) -> None:
        """Every rate and ratio on the page is the one in the results file."""
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        page = PAGE.read_text(encoding="utf-8")
        for group in ("cpu_games_per_second", "wall_games_per_second"):
            for value in results[group].values():
                assert f"| {value} |" in page or f" {value} " in page, (group, value)
        assert f"**{results['ratios']['sharing_speedup_over_deepcopy']} times faster**" in page
        for name, value in results["cpu_operations_per_second"].items():
            if name != "positions":
                assert f"| {value:,} |" in page, name
        before, after = results["machine"]["load_average_1min_before_after"]
        assert f"was {before} before the\nrun and {after} after it" in page

    def test_plots_exist_in_both_themes(self) -> None:
        """The light and dark plots the page embeds are committed."""
        for name in ("games-per-second.svg", "games-per-second-dark.svg"):
            assert (IMG / name).read_text(encoding="utf-8").startswith("<?xml")
            assert f"img/{name}" in PAGE.read_text(encoding="utf-8")
