"""Shared fixtures: the repository's paths and one site build per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# No deadlines (shared CI machines are noisy); a modest example count keeps `make test` fast.
settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("thorough", deadline=None, max_examples=2_000)
settings.load_profile("default")

# CI sets CI=true, which makes Sphinx colour its messages; tests compare plain text.
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SHARED = ROOT.parent / "shared"


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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site, built once per session into a temporary directory; fails on any warning."""
    return build_site(DOCS, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ``../shared`` folder (tests only: the build never reads it)."""
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing; tests need the shared seeds and corpora")
    return SHARED
