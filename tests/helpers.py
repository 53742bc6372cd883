"""Paths and the site-build helper shared by the test modules (import from here, not conftest)."""

from __future__ import annotations

import hashlib
import re
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


def run_sphinx(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``sphinx-build -b html`` on ``src`` into ``out``; never raises on failure (check it)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *extra, "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )


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


# The owner's phone number, known to the tests only by the SHA-256 of its ten digits: the
# repository is public, so the number itself is never written here. ``phone_numbers`` finds each
# phone-number shaped run in a text, in the common formats (ddd-ddd-dddd, (ddd) ddd-dddd,
# ddd.ddd.dddd, +1 ddd ddd dddd, ten digits in a row), as ten digits. A hash of ten digits keeps
# the number out of greps and scrapers; it is no secret against a determined search.
OWNER_PHONE_SHA256 = "81e653c005fada89e6e37d25c27ccab18bd7da0a3f6db236fa6bed1a81b1e146"
_PHONE = re.compile(r"(?<![\d.])(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})(?![\d])")


def phone_numbers(text: str) -> set[str]:
    """Every phone-number shaped run in ``text``, as its ten digits."""
    return {"".join(m.groups()) for m in _PHONE.finditer(text)}


def holds_owner_phone(text: str) -> bool:
    """Whether ``text`` holds the owner's phone number in any common format."""
    return any(
        hashlib.sha256(digits.encode()).hexdigest() == OWNER_PHONE_SHA256
        for digits in phone_numbers(text)
    )
