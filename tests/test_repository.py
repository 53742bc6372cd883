"""The repository stands alone and is publishable.

Nothing reaches outside it, nothing private is in it, and the built site folder holds only what a
visitor loads.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.helpers import ROOT, BuiltSite, holds_owner_phone

# Folders that are never part of a checkout's content (tools' caches, the venv, build output).
UNTRACKED = {
    ".git",
    ".venv",
    "node_modules",
    "_build",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
}


def tracked_files() -> list[Path]:
    """The files git tracks (or, outside a git checkout, every file but caches and build output)."""
    if (ROOT / ".git").exists():
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        return [ROOT / name for name in out.decode().split("\0") if name]
    files = []
    for folder, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in UNTRACKED and not d.startswith(".hypothesis")]
        files.extend(Path(folder) / n for n in names)
    return files


def text_of(path: Path) -> str | None:
    """A tracked file's text, or None for a binary file (or one that is gone from the tree)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


# A relative path that climbs with `..` (a link, an include, an open() call, a config value) ...
CLIMB = re.compile(r"(?:\.\./)+[\w.@+-]+")
# ... and spellings of this machine's folders or of the sibling `shared` folder.
OUTSIDE = re.compile(
    r"(?<![\w.])/(?:work|root|home)/[\w.-]+"  # a machine's folder
    r"|\bROOT\.parent\b"  # the folder that holds the checkout
    r"|(?<![./])\.\.[/\\]shared\b"  # the sibling shared folder
)
# The corpus is data (JSON test cases), not paths.
NOT_PATHS = ("tests/data/JSONTestSuite/",)


def escapes(path: Path, text: str) -> list[str]:
    """Every reference in ``text`` (of the file at ``path``) to a path outside the repository."""
    found = [m.group(0) for m in OUTSIDE.finditer(text)]
    for match in CLIMB.finditer(text):
        ref = match.group(0)
        # Resolved from the file's own folder, and (for commands and config) from the root.
        bases = (path.parent, ROOT)
        if all(not (base / ref).resolve().is_relative_to(ROOT) for base in bases):
            found.append(ref)
    return found


class TestStandsAlone:
    """Tests that the checkout needs nothing beside it."""

    def test_no_tracked_file_refers_outside(self) -> None:
        """No tracked file names a path outside the repository (a sibling, a machine path)."""
        bad = {}
        for path in tracked_files():
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(NOT_PATHS) or rel == "tests/test_repository.py":
                continue
            text = text_of(path)
            if text and (refs := escapes(path, text)):
                bad[rel] = refs
        assert {} == bad

    def test_the_check_catches_an_escape(self, tmp_path: Path) -> None:
        """The path check itself sees a climb out of the root and a sibling folder."""
        inside = ROOT / "docs" / "index.md"
        climb = "../" * 2 + "shared"  # spelled out, this file would hold the very path it forbids
        assert [climb] == escapes(inside, f"see {climb} for it")
        assert [] == escapes(inside, "see ../src/portfolio for it")
        assert ["/work/shared"] == escapes(inside, "open('/work/shared')")


class TestNoPrivateData:
    """Tests that the public repository holds no private contact data."""

    def test_no_tracked_file_holds_the_owner_phone(self) -> None:
        """The owner's phone number is in no tracked file, in any common format."""
        bad = [
            path.relative_to(ROOT).as_posix()
            for path in tracked_files()
            if (text := text_of(path)) is not None and holds_owner_phone(text)
        ]
        assert [] == bad

    def test_local_overlay_is_ignored_by_git(self) -> None:
        """``docs/resume.local.yaml``, the private overlay, can never be committed by accident."""
        result = subprocess.run(
            ["git", "check-ignore", "-q", "docs/resume.local.yaml"], cwd=ROOT, check=False
        )
        assert 0 == result.returncode


# What a visitor's browser (or a crawler, or intersphinx) loads from the published folder.
VISITOR_SUFFIXES = {
    ".html", ".css", ".js", ".svg", ".png", ".ico", ".woff2", ".pdf", ".json", ".jsonld",
    ".txt", ".xml", ".inv", ".map",
}  # fmt: skip
# Sphinx's own record of the config hash, which makes the next `make html` incremental; tiny and
# harmless (every Read the Docs site publishes one), so it is the one file allowed besides those.
SPHINX_STATE = {".buildinfo"}


class TestPublishable:
    """Tests that ``docs/_build/html`` can be copied to a static host as it is."""

    def test_html_folder_holds_only_visitor_files(self, site: BuiltSite) -> None:
        """No doctrees, pickles, screenshots or other build state inside the html folder."""
        odd = [
            path.relative_to(site.html).as_posix()
            for path in site.html.rglob("*")
            if path.is_file()
            and path.name not in SPHINX_STATE
            and (path.suffix not in VISITOR_SUFFIXES or any(p.startswith(".") for p in path.parts))
        ]
        assert [] == odd
        assert not site.doctrees.resolve().is_relative_to(site.html.resolve())

    def test_make_html_keeps_doctrees_beside_the_site(self) -> None:
        """``make html`` passes ``-d`` with a folder outside ``docs/_build/html``."""
        dry = subprocess.run(
            ["make", "-n", "html"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        command = next(line for line in dry.splitlines() if "sphinx-build" in line)
        words = command.split()
        doctrees = Path(words[words.index("-d") + 1])
        html = Path(words[-1])
        assert html == Path("docs/_build/html")
        assert not (ROOT / doctrees).resolve().is_relative_to((ROOT / html).resolve())
