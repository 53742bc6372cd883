"""The Makefile's command surface and its stamp-based venv refresh (checked with ``make -n``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT

REQUIRED_TARGETS = (
    *("html", "test", "serve", "lint", "clean", "help"),
    *("lock", "test-browser", "bench", "torch"),
)


def _make(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the files the venv stamp depends on, with an up-to-date fake venv."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.touch()
    later = time.time() + 10
    os.utime(stamp, (later, later))
    return tmp_path


class TestMakefile:
    """Tests for the Makefile."""

    def test_help_lists_every_target(self) -> None:
        """`make help` names every target the README promises."""
        listed = _make(ROOT, "help")
        for target in REQUIRED_TARGETS:
            assert f"make {target} " in listed, target

    def test_no_reinstall_when_nothing_changed(self, project: Path) -> None:
        """With the stamp newer than pyproject and the lock, nothing is reinstalled."""
        assert "pip install" not in _make(project, "-n", "venv")

    @pytest.mark.parametrize("changed", ["pyproject.toml", "requirements/dev.txt"])
    def test_refresh_when_inputs_change(self, project: Path, changed: str) -> None:
        """Touching pyproject or the lock makes the next target reinstall from the lock."""
        later = time.time() + 20
        os.utime(project / changed, (later, later))
        plan = _make(project, "-n", "venv")
        assert "pip install" in plan
        assert "-r requirements/dev.txt" in plan

    def test_html_uses_strict_flags(self, project: Path) -> None:
        """`make html` runs Sphinx nitpicky with warnings as errors into docs/_build/html."""
        plan = _make(project, "-n", "html")
        assert (
            "sphinx-build -n -W --keep-going -b html -d docs/_build/doctrees docs docs/_build/html"
            in plan
        )
