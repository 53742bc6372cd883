"""Tests for bench/_common.py, the helpers every benchmark shares."""

from __future__ import annotations

import doctest
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="module")
def common() -> ModuleType:
    """bench/_common.py, imported as the benchmarks import it (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("_common", ROOT / "bench" / "_common.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("_common", module)
    spec.loader.exec_module(module)
    return module


def test_doctests(common: ModuleType) -> None:
    """The module's examples run."""
    failures, tried = doctest.testmod(common, optionflags=doctest.ELLIPSIS)
    assert (0, True) == (failures, tried > 5)


class TestTiming:
    """The timers count calls and refuse impossible counts."""

    def test_number_calls_per_repeat(self, common: ModuleType) -> None:
        """cpu_best and best_times call fn repeat × number times; setup runs once per repeat."""
        calls: list[int] = []
        common.cpu_best(lambda: calls.append(1), repeat=3, number=4)
        assert 12 == len(calls)
        calls.clear()
        times = common.best_times(lambda: calls.append(1), repeat=2, number=5)
        assert 10 == len(calls)
        assert times.cpu >= 0
        assert times.wall >= 0
        made: list[list[int]] = []
        common.cpu_best_prepared(lambda: made.append([]) or made[-1], list.sort, repeat=4)
        assert 4 == len(made)

    def test_best_is_per_call(self, common: ModuleType) -> None:
        """Doubling number does not double the per-call time (it is divided out)."""

        def spin() -> None:
            sum(range(20_000))

        one = common.cpu_best(spin, repeat=3, number=2)
        many = common.cpu_best(spin, repeat=3, number=8)
        assert many < 2.5 * one

    @pytest.mark.parametrize("name", ["cpu_best", "wall_best", "best_times"])
    def test_counts_must_be_positive(self, common: ModuleType, name: str) -> None:
        """repeat or number below 1 is a ValueError naming the argument."""
        with pytest.raises(ValueError, match="repeat must be at least 1, got 0"):
            getattr(common, name)(lambda: None, repeat=0)
        with pytest.raises(ValueError, match="number must be at least 1, got -1"):
            getattr(common, name)(lambda: None, number=-1)


class TestResults:
    """The machine record and the results files."""

    def test_machine_record(self, common: ModuleType) -> None:
        """CPU model, cores, Python, versions (None when not installed) and the date."""
        info = common.machine_info(["pytest", "no-such-package-here"])
        assert info["cpu_model"]
        assert info["cores"] >= 1
        assert info["python"].startswith("3.")
        assert info["versions"]["pytest"] == pytest.__version__
        assert info["versions"]["no-such-package-here"] is None
        assert 10 == len(info["date"])

    def test_write_puts_machine_first_and_round_trips(
        self, common: ModuleType, tmp_path: Path
    ) -> None:
        """The machine record comes first, replaces a stale one, and the file reads back."""
        path = tmp_path / "deep" / "r.json"
        written = common.write_results(path, {"machine": "stale", "x": 1.5}, packages=["pytest"])
        assert ["machine", "x"] == list(written)
        assert written == common.read_results(path) == json.loads(path.read_text("utf-8"))
        assert path.read_text("utf-8").endswith("}\n")

    def test_read_names_a_bad_file(self, common: ModuleType, tmp_path: Path) -> None:
        """A results file that is not a JSON object is an error naming the file."""
        bad = tmp_path / "bad.json"
        bad.write_text("[1, 2]", encoding="utf-8")
        with pytest.raises(ValueError, match=r"bad\.json: expected a JSON object, found list"):
            common.read_results(bad)
        bad.write_text("{", encoding="utf-8")
        with pytest.raises(ValueError, match=r"bad\.json: not valid JSON \(line 1\)"):
            common.read_results(bad)


def test_light_dark_pair(common: ModuleType, tmp_path: Path) -> None:
    """One call writes <stem>.svg and <stem>-dark.svg, each in its theme's colours, and
    drawing again gives byte-identical files (no date, fixed ids)."""

    def draw(theme: object) -> object:
        fig, ax = common.pyplot().subplots(figsize=(2, 2))
        ax.bar([0, 1], [1, 2], color=[theme.accent, theme.muted])  # type: ignore[attr-defined]
        ax.set_xlabel("x")
        return fig

    light, dark = common.save_light_dark(draw, tmp_path / "fig")
    assert (tmp_path / "fig.svg", tmp_path / "fig-dark.svg") == (light, dark)
    first = light.read_text("utf-8"), dark.read_text("utf-8")
    assert common.LIGHT.accent in first[0]
    assert common.LIGHT.fg in first[0]
    assert common.DARK.accent in first[1]
    assert common.DARK.fg in first[1]
    assert common.DARK.accent not in first[0]
    common.save_light_dark(draw, tmp_path / "fig")
    assert first == (light.read_text("utf-8"), dark.read_text("utf-8"))


@pytest.mark.parametrize("script", sorted((ROOT / "bench").glob("[a-z]*.py")), ids=lambda p: p.stem)
def test_help_measures_nothing(script: Path) -> None:
    """Every benchmark script takes the shared ``--help`` and ``--from-results`` options, and
    ``--help`` prints its usage without measuring or writing anything."""
    results = ROOT / "bench" / "results" / f"{script.stem}.json"
    before = results.stat().st_mtime_ns
    proc = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=120
    )
    assert 0 == proc.returncode, proc.stderr
    assert proc.stdout.startswith(f"usage: {script.name}")
    assert "--from-results" in proc.stdout
    assert before == results.stat().st_mtime_ns


def test_unknown_option_is_refused(common: ModuleType) -> None:
    """A misspelt or abbreviated option stops the script with a usage error, before any work."""
    with pytest.raises(SystemExit) as stop:
        common.arguments("Benchmark something.").parse_args(["--from-result"])
    assert 2 == stop.value.code
