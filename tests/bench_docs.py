"""Helpers for the tests that hold the benchmark pages to the results files.

A page may quote only figures that the sample's ``bench/results/<name>.json`` holds. These are
the pieces every sample's ``test_bench_docs.py`` uses: loading a bench script as a module and its
results, walking the results' scalars, stripping a page to its prose, finding the numbers a page
quotes, and deciding whether a quoted number is a results value at the precision shown.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import ROOT

# A number standing alone: not part of a word, an identifier, a path or a hyphenated name
# ("SHA-256", "x86_64", "SplitMix64"); versions (1.2.3) and ISO dates are matched separately.
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
VERSION = re.compile(r"(?<![\w.-])\d+(?:\.\d+){2,}(?:[\w.+-]*)")
NUMBER = re.compile(r"(?<![\w.\-/])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)(?![\w\-/]|\.\d)")


def load_bench(name: str) -> ModuleType:
    """``bench/<name>.py`` imported as a module (it is a script; ``_common`` sits beside it)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)
    return module


def load_results(name: str) -> dict[str, Any]:
    """``bench/results/<name>.json``."""
    path = ROOT / "bench" / "results" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def bench_fixtures(
    name: str,
) -> tuple[Callable[[], ModuleType], Callable[[], dict[str, Any]]]:
    """Module-scoped ``bench`` and ``results`` fixtures for ``bench/<name>.py``.

    Bind them in a test module as ``bench, results = bench_fixtures("<name>")``.
    """

    @pytest.fixture(scope="module")
    def bench() -> ModuleType:
        """``bench/<name>.py``, imported from its path (a script, not a package module)."""
        return load_bench(name)

    @pytest.fixture(scope="module")
    def results() -> dict[str, Any]:
        """``bench/results/<name>.json``."""
        return load_results(name)

    return bench, results


def leaves(value: object) -> Iterator[object]:
    """Every scalar in a JSON value."""
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def numbers_of(value: object) -> list[float]:
    """Every number in a JSON value (booleans are not numbers)."""
    return [
        float(v) for v in leaves(value) if isinstance(v, int | float) and not isinstance(v, bool)
    ]


def prose(text: str) -> str:
    """A page without front matter, fenced code, inline math, HTML comments and options."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^```.*?^```\n", "", text, flags=re.S | re.M)
    text = re.sub(r"\$[^$]*\$", "", text)
    return "\n".join(line for line in text.splitlines() if not line.startswith(":"))


def quoted_figures(text: str) -> list[tuple[str, float, int]]:
    """Each number in ``text``: as written, its value, and its decimals (percent included)."""
    text = VERSION.sub(" ", DATE.sub(" ", text))
    found = []
    for match in NUMBER.finditer(text):
        whole, fraction, percent = match.groups()
        decimals = len(fraction or ".") - 1
        value = float(whole.replace(",", "") + (fraction or ""))
        if percent:
            value, decimals = value / 100, decimals + 2
        found.append((match.group(0), value, decimals))
    return found


def held(value: float, decimals: int, numbers: list[float]) -> bool:
    """Whether some number of the results shows as ``value`` at ``decimals`` places."""
    half = 0.5 * 10.0**-decimals + 1e-9
    return any(math.isclose(n, value) or abs(n - value) <= half for n in numbers)
