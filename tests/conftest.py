"""Shared fixtures: the repository's paths and one site build per test session."""

from __future__ import annotations

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
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site, built once per session into a temporary directory; fails on any warning."""
    return build_site(DOCS, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def datadir() -> Path:
    """``tests/data``: the corpora and source text the tests compare against (in the repository)."""
    return DATA
