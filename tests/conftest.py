"""Shared fixtures: the repository's paths and one site build per test session."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import DATA, DOCS, BuiltSite, build_site

# No deadlines (shared CI machines are noisy); a modest example count keeps `make test` fast.
settings.register_profile("default", deadline=None, max_examples=100)
settings.register_profile("thorough", deadline=None, max_examples=2_000)
settings.load_profile("default")

# CI sets CI=true, which makes Sphinx colour its messages; tests compare plain text.
os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> BuiltSite:
    """The site, built once per run into a temporary directory; fails on any warning.

    Under pytest-xdist (``make test`` runs ``-n auto``) the first worker to ask builds it, under
    a file lock, and the others read the same build: the tests only read it.
    """
    if worker_id == "master":
        return build_site(DOCS, tmp_path_factory.mktemp("site"))
    root = tmp_path_factory.getbasetemp().parent / "shared-site"
    root.mkdir(exist_ok=True)
    record = root / "built.json"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            built = build_site(DOCS, root)
            record.write_text(json.dumps({"warnings": built.warnings}), encoding="utf-8")
        warnings = json.loads(record.read_text(encoding="utf-8"))["warnings"]
    return BuiltSite(html=root / "html", doctrees=root / "doctrees", warnings=warnings)


@pytest.fixture(scope="session")
def datadir() -> Path:
    """``tests/data``: the corpora and source text the tests compare against (in the repository)."""
    return DATA
