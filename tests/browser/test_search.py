"""Search: queries typed into furo's search box list the expected page in the top three."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import Served

pytestmark = pytest.mark.browser

# query -> the page a visitor expects near the top. Every query comes from the source résumé
# (names, technologies, numbers) or is a common alias of a term in it (k8s, LBF).
QUERIES: list[tuple[str, str]] = [
    ("Frost", "experience/roblox"),
    ("feature store", "experience/roblox"),
    ("vLLM", "experience/roblox"),
    ("ML Gateway", "experience/roblox"),
    ("800k RPS", "experience/roblox"),
    ("35 million concurrent users", "experience/roblox"),
    ("k8s", "experience/roblox"),
    ("Fleet Infrastructure", "experience/openai"),
    ("GPU scheduling", "experience/openai"),
    ("yield farming", "experience/de-generate"),
    ("roboadvisor", "experience/de-generate"),
    ("Barowy", "experience/williams-research"),
    ("SWELL", "projects/swell"),
    ("parser combinator", "projects/swell"),
    ("Hearthstone", "projects/firestone"),
    ("Clojure", "projects/firestone"),
    ("Girvan-Newman", "projects/community-detection"),
    ("LBF", "projects/learned-filters"),
    ("Sandwiched Learned Bloom filter", "projects/learned-filters"),
    ("Cuckoo", "projects/cuckoo-filter"),
    ("Budapest", "education"),
    ("Combinatorial Optimization", "education"),
    ("Haskell", "skills"),
    ("Terraform", "skills"),
    ("Sigma Xi", "honors"),
    ("Ward Prize", "honors"),
    ("Questbridge", "honors"),
    # each role's and project's name, and key terms that API entries also match
    ("Roblox", "experience/roblox"),
    ("OpenAI", "experience/openai"),
    ("De-Generate", "experience/de-generate"),
    ("Williams College Computer Science", "experience/williams-research"),
    ("Learned Filters", "projects/learned-filters"),
    ("Bloom filter", "projects/learned-filters"),
    ("C+++uukoo", "projects/cuckoo-filter"),
    ("cuckoo filter", "projects/cuckoo-filter"),
    ("Community Detection", "projects/community-detection"),
    ("Girvan", "projects/community-detection"),
    ("modularity", "projects/community-detection"),
    ("Firestone", "projects/firestone"),
    ("minimum edit distance", "projects/swell"),
]


def top_results(page: Page, served: Served, query: str) -> list[str]:
    """Type ``query`` into the sidebar search box, press Enter, return the top three pages."""
    page.goto(served.url("index.html"))
    box = page.locator("input.sidebar-search")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/search.html?*")
    # Results are appended one by one; the summary is filled in only when the last one is.
    page.wait_for_function(
        "() => { const s = document.querySelector('p.search-summary');"
        " return s !== null && s.textContent.trim() !== ''; }",
        timeout=15_000,
    )
    hrefs = page.eval_on_selector_all("ul.search > li > a", "els => els.map(a => a.href)")
    return [urlsplit(h).path.removeprefix("/").removesuffix(".html") for h in hrefs[:3]]


class TestSearch:
    """Tests for the built-in search, driven through furo's search box."""

    def test_enough_queries(self) -> None:
        """The table holds at least 20 query -> page pairs."""
        assert len(QUERIES) >= 20

    @pytest.mark.parametrize("query", ["Girvan", "Cuckoo", "SWELL"])
    def test_page_before_api_entries(self, page: Page, served: Served, query: str) -> None:
        """A project's name lists its project page first, before any API entry."""
        top = top_results(page, served, query)
        assert top[0].startswith("projects/"), f"{query!r}: top three are {top}"

    @pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
    def test_query_finds_page(self, page: Page, served: Served, query: str, expected: str) -> None:
        """Searching for the query lists the expected page among the first three results."""
        top = top_results(page, served, query)
        assert expected in top, f"{query!r}: top three are {top}"
