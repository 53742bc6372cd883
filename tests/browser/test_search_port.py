"""The Python port of Sphinx's search ranking (tests/site) agrees with the site's own JavaScript.

It runs here, not in ``make test``, because it needs Node.js, which ``tests/browser/setup.sh``
installs; a missing Node is an error, not a skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import BuiltSite
from tests.site.searchindex import SearchIndex
from tests.site.searchtools_node import NODE, run_searchtools
from tests.site.test_search import QUERIES

pytestmark = pytest.mark.browser


class TestSearchPort:
    """Tests for the Python port of ``searchtools.js``."""

    def test_port_matches_searchtools_js(self, site: BuiltSite, tmp_path: Path) -> None:
        """The Python ranking returns exactly what the site's own searchtools.js returns."""
        assert NODE is not None, "node is missing: run tests/browser/setup.sh"
        index = SearchIndex(site.html / "searchindex.js")
        extra = ["filter", "bloom filter python", "inference kubernetes"]
        queries = [q for q, _ in QUERIES] + extra
        js = run_searchtools(site.html, queries, tmp_path)
        for query in queries:
            expected = js[query]
            actual = [[r.docname, r.title, r.anchor, r.score, r.kind] for r in index.query(query)]
            assert expected == actual, query
