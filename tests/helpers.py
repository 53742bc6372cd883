"""Paths and the site-build helper shared by the test modules (import from here, not conftest)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Data the tests read, copied into the repository with its licence and origin (see its README).
DATA = ROOT / "tests" / "data"


@dataclass(frozen=True)
class BuiltSite:
    """The result of one ``sphinx-build`` run."""

    html: Path
    doctrees: Path
    warnings: str

    def page(self, name: str) -> str:
        """Return the text of a built page, e.g. ``page("experience/roblox.html")``."""
        return (self.html / name).read_text(encoding="utf-8")


def build_site(src: Path, out: Path, *extra: str) -> BuiltSite:
    """Run Sphinx as ``make html`` does (nitpicky, warnings are errors) into ``out``."""
    html, doctrees = out / "html", out / "doctrees"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(doctrees),
            *extra,
            str(src),
            str(html),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"sphinx-build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return BuiltSite(html=html, doctrees=doctrees, warnings=proc.stderr)
