"""The benchmarks page quotes only figures that bench/results/firestone.json holds.

Every number on docs/samples/firestone/benchmarks.md and in the tables it includes must be a
value of the results file, shown at the precision it is printed with (``592.6``, ``2,358``,
``14.3%`` for 0.143, ``3.0`` for 2.996); version strings and dates must be strings of the file.
The results file itself must record the machine and the versions.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.bench_docs import (
    DATE,
    VERSION,
    held,
    leaves,
    load_results,
    prose,
    quoted_figures,
)
from tests.helpers import DOCS, ROOT

PAGE = DOCS / "samples" / "firestone" / "benchmarks.md"
TABLES = DOCS / "samples" / "firestone" / "_benchmark-tables.md"
PROJECT = DOCS / "samples" / "firestone" / "_project-firestone.md"
RESULTS = ROOT / "bench" / "results" / "firestone.json"
IMG = DOCS / "samples" / "firestone" / "img"


def results() -> dict[str, Any]:
    return load_results("firestone")


def pages() -> list[tuple[str, str]]:
    return [
        (PAGE.name, prose(PAGE.read_text(encoding="utf-8"))),
        (TABLES.name, TABLES.read_text(encoding="utf-8")),
        (PROJECT.name, prose(PROJECT.read_text(encoding="utf-8"))),
    ]


class TestResultsFile:
    """bench/results/firestone.json records where its numbers come from."""

    def test_machine_and_versions(self) -> None:
        """The CPU model, cores, Python and the measured package's version are recorded."""
        machine = results()["machine"]
        assert machine["cpu_model"].strip()
        assert machine["cores"] >= 1
        assert re.fullmatch(r"3\.\d+\.\d+\S*", machine["python"])
        assert machine["versions"]["pzhao-portfolio"]
        assert machine["versions"]["matplotlib"]
        assert DATE.fullmatch(machine["date"])

    def test_page_claims_hold(self) -> None:
        """What the page says in words holds for these results: greedy games are shorter than
        random ones, greedy against greedy is the slowest game row, deep-copying is slower."""
        data = results()
        sims, cpu = data["simulations"], data["cpu_games_per_second"]
        random_turns = sims["random_vs_random"]["average_turns"]
        assert sims["greedy_vs_random"]["average_turns"] < random_turns
        rows = ("random_vs_random", "greedy_vs_random", "greedy_vs_greedy")
        assert "greedy_vs_greedy" == min(rows, key=cpu.__getitem__)
        assert cpu["random_vs_random_deepcopy"] < cpu["random_vs_random"]

    def test_floor_verdict_matches_the_rate(self) -> None:
        """meets_floor says what the recorded random-vs-random CPU rate says."""
        data = results()
        rate = data["cpu_games_per_second"]["random_vs_random"]
        assert data["meets_floor"] is (rate >= data["floor_random_games_per_second"])


class TestPageQuotesTheResults:
    """Every figure the page shows is one the current results file holds."""

    @pytest.mark.parametrize(("name", "text"), pages(), ids=[name for name, _ in pages()])
    def test_every_number_is_in_the_results(self, name: str, text: str) -> None:
        """No number on the page (or its included tables) is missing from the results."""
        data = results()
        numbers = [float(v) for v in leaves(data) if isinstance(v, int | float)]
        stray = [
            shown for shown, value, decimals in quoted_figures(text)
            if not held(value, decimals, numbers)
        ]  # fmt: skip
        assert [] == stray, f"{name} quotes figures the results file does not hold"

    @pytest.mark.parametrize(("name", "text"), pages(), ids=[name for name, _ in pages()])
    def test_versions_and_dates_are_in_the_results(self, name: str, text: str) -> None:
        """Every version string and date on the page is one the results file records."""
        strings = [v for v in leaves(results()) if isinstance(v, str)]
        for shown in [*DATE.findall(text), *VERSION.findall(text)]:
            assert any(shown in s for s in strings), (name, shown)

    def test_page_states_machine_and_versions(self) -> None:
        """The included tables name the CPU, the cores, Python and every recorded version."""
        machine = results()["machine"]
        tables = TABLES.read_text(encoding="utf-8")
        assert f"{machine['cpu_model']}, {machine['cores']} cores" in tables
        assert f"{machine['implementation']} {machine['python']}" in tables
        for package, version in machine["versions"].items():
            assert f"{package} {version}" in tables

    def test_tables_show_every_headline_figure(self) -> None:
        """Each games-per-second rate and the operations' rates appear in the tables."""
        data = results()
        tables = TABLES.read_text(encoding="utf-8")
        for group in ("cpu_games_per_second", "wall_games_per_second"):
            for value in data[group].values():
                assert f"| {value} |" in tables, (group, value)
        for name, value in data["cpu_operations_per_second"].items():
            if name != "positions":
                assert f"| {value:,} |" in tables, name
        ratio = data["ratios"]["sharing_speedup_over_deepcopy"]
        assert f"**{ratio} times faster**" in tables
        verdict = "met" if data["meets_floor"] else "not met"
        assert f"The floor is {verdict}:" in tables

    def test_page_includes_each_section(self) -> None:
        """The page includes every marked section of the generated tables."""
        page = PAGE.read_text(encoding="utf-8")
        sections = re.findall(r"<!-- (\w+) -->", TABLES.read_text(encoding="utf-8"))
        assert {"machine", "games", "operations", "profile"} == set(sections)
        for section in sections:
            assert f":start-after: <!-- {section} -->" in page
            assert f":end-before: <!-- /{section} -->" in page

    def test_checker_catches_a_stray_figure(self) -> None:
        """The number check rejects a figure the results do not hold, and accepts rounding."""
        numbers = [592.6, 0.1435, 2358.0, 2.996]
        assert held(*quoted_figures("592.6")[0][1:], numbers)
        assert held(*quoted_figures("14.4%")[0][1:], numbers)
        assert held(*quoted_figures("2,358")[0][1:], numbers)
        assert held(*quoted_figures("3.0")[0][1:], numbers)
        assert not held(*quoted_figures("593.6")[0][1:], numbers)
        assert not held(*quoted_figures("14.1%")[0][1:], numbers)
        assert [] == quoted_figures("SHA-256 on x86_64 with SplitMix64 in img/a2.svg")


def test_plots_exist_in_both_themes() -> None:
    """The light and dark plots the page embeds are committed."""
    for name in ("games-per-second.svg", "games-per-second-dark.svg"):
        assert (IMG / name).read_text(encoding="utf-8").startswith("<?xml")
        assert f"img/{name}" in PAGE.read_text(encoding="utf-8")
