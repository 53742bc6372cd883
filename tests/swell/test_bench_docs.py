"""The swell pages quote only figures that bench/results/swell.json holds.

Every number on docs/samples/swell/benchmarks.md and in the tables it includes must be a value of
the results file, shown at the precision it is printed with (``8.5 ms`` for 8.4712, ``98.8%``
for 0.98816); version strings and dates must be strings of the file. The design note quotes no
measured figure (a number followed by ms, %, MB/s or "times"). The results file records the
machine (CPU model, cores) and the versions of Python and of the peers.
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
    numbers_of,
    prose,
    quoted_figures,
)
from tests.helpers import DOCS, ROOT

SWELL = DOCS / "samples" / "swell"
PAGE = SWELL / "benchmarks.md"
TABLES = SWELL / "_benchmark-tables.md"
DESIGN = SWELL / "design.md"
RESULTS = ROOT / "bench" / "results" / "swell.json"

MEASURED = re.compile(r"\d[\d,.]*\s*(?:%|ms\b|MB/s|times\b)")


def results() -> dict[str, Any]:
    return load_results("swell")


@pytest.mark.parametrize("path", [PAGE, TABLES], ids=lambda p: p.name)
def test_every_figure_is_in_the_results(path: Any) -> None:
    """Every number the benchmarks page shows is a value of the results file."""
    data = results()
    # Sizes are stored in characters and shown in KB.
    numbers = [*numbers_of(data), *(n / 1000 for n in numbers_of(data))]
    text = prose(path.read_text(encoding="utf-8"))
    machine = data["machine"]
    for name, version in machine["versions"].items():  # "parsy 2.2" is a version, not a figure
        text = text.replace(f"{name} {version}", name)
    text = text.replace(f"{machine['implementation']} {machine['python']}", "Python")
    missing = [
        shown
        for shown, value, decimals in quoted_figures(text)
        if not held(value, decimals, numbers)
    ]
    assert [] == missing


def test_versions_and_dates_are_in_the_results() -> None:
    """Version strings and dates on the tables are strings of the results file."""
    strings = {str(leaf) for leaf in leaves(results())}
    text = TABLES.read_text(encoding="utf-8")
    for found in DATE.findall(text) + VERSION.findall(text):
        assert any(found in s for s in strings), found


def test_design_note_quotes_no_measurement() -> None:
    """The design note leaves measured figures to the benchmarks page."""
    assert [] == MEASURED.findall(prose(DESIGN.read_text(encoding="utf-8")))


def test_results_record_machine_and_versions() -> None:
    """CPU model, cores, Python, and the versions of json_repair, lark and parsy."""
    machine = results()["machine"]
    assert machine["cpu_model"]
    assert machine["cores"] >= 1
    assert machine["python"]
    for package in ("json_repair", "lark", "parsy"):
        assert machine["versions"][package], package


def test_tables_are_generated_from_the_results() -> None:
    """The included tables are what bench/swell.py makes of the current results file."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("swell_bench", ROOT / "bench" / "swell.py")
    assert spec is not None
    assert spec.loader is not None
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert module.tables(results()) == TABLES.read_text(encoding="utf-8")
