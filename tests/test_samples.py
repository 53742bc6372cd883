"""Every code sample is complete: the files CONTRIBUTING.md's "Add a code sample" recipe lists.

A code sample is any package under ``src/portfolio`` other than the engine (``resume`` and
``sphinxext``). Adding one without its pages, tests or benchmark fails here, naming what is
missing.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import DOCS, ROOT

#: The résumé engine; every other package under src/portfolio is a code sample.
ENGINE = {"resume", "sphinxext"}
SAMPLES = sorted(
    p.name
    for p in (ROOT / "src" / "portfolio").iterdir()
    if p.is_dir() and (p / "__init__.py").exists() and p.name not in ENGINE
)
#: The pages each sample has under docs/samples/<name>/.
PAGES = ("index", "walkthrough", "api", "design", "benchmarks")


def test_the_four_samples_are_found() -> None:
    """The discovery above sees today's samples (so the checks below are not vacuous)."""
    assert {"community", "filters", "firestone", "swell"} <= set(SAMPLES)


@pytest.mark.parametrize("name", SAMPLES)
class TestSampleIsComplete:
    """Tests for one sample's files."""

    def test_pages(self, name: str) -> None:
        """docs/samples/<name>/ has the five pages."""
        missing = [p for p in PAGES if not (DOCS / "samples" / name / f"{p}.md").is_file()]
        assert [] == missing

    def test_api_page_documents_the_package(self, name: str) -> None:
        """The API page runs autodoc on ``portfolio.<name>`` (or one of its modules)."""
        text = (DOCS / "samples" / name / "api.md").read_text(encoding="utf-8")
        pattern = rf"(automodule|autoclass|autofunction|currentmodule)::? +portfolio\.{name}\b"
        assert re.search(pattern, text), f"docs/samples/{name}/api.md has no autodoc directive"

    def test_tests(self, name: str) -> None:
        """tests/<name>/ holds test modules."""
        assert list((ROOT / "tests" / name).glob("test_*.py")), f"tests/{name}/ has no tests"

    def test_benchmark_and_results(self, name: str) -> None:
        """bench/<name>.py exists and its results file records the machine and versions."""
        assert (ROOT / "bench" / f"{name}.py").is_file()
        results = json.loads((ROOT / "bench" / "results" / f"{name}.json").read_text("utf-8"))
        machine = results.get("machine", {})
        assert {"cpu_model", "cores", "python", "versions"} <= set(machine), name
        assert machine["versions"], f"bench/results/{name}.json names no package versions"

    def test_linked_from_a_project_page(self, name: str) -> None:
        """Some project page links the sample (a visitor reaches it from the original project)."""
        pages = [p.read_text("utf-8") for p in (DOCS / "projects").glob("*.md")]
        assert any(f"samples/{name}/" in text for text in pages), f"no project page links {name}"
