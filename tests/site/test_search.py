"""Sphinx's built-in search puts the page a visitor means in its top three results."""

from __future__ import annotations

import pytest

from tests.helpers import BuiltSite
from tests.site.searchindex import SearchIndex

# query -> the page a visitor typing it is looking for. Names, numbers, technologies, employers and
# projects from the source résumé, plus the aliases people actually type.
QUERIES: list[tuple[str, str]] = [
    # names and contact
    ("Peter Zhao", "index"),
    ("pzhao1799", "index"),
    ("GitHub", "index"),
    # employers, titles, places
    ("OpenAI", "experience/openai"),
    ("Fleet Infrastructure", "experience/openai"),
    ("GPU scheduling", "experience/openai"),
    ("Member of Technical Staff", "experience/openai"),
    ("San Francisco", "experience/openai"),
    ("Roblox", "experience/roblox"),
    ("Senior Machine Learning Infrastructure Engineer", "experience/roblox"),
    ("San Mateo", "experience/roblox"),
    ("De-Generate", "experience/de-generate"),
    ("Blockchain Architect", "experience/de-generate"),
    ("Daniel Barowy", "experience/williams-research"),
    ("research intern", "experience/williams-research"),
    # the Roblox systems and their aliases
    ("Kubernetes", "experience/roblox"),
    ("k8s", "experience/roblox"),
    ("inference", "experience/roblox"),
    ("inference platform", "experience/roblox"),
    ("LLM", "experience/roblox"),
    ("vLLM", "experience/roblox"),
    ("ML Gateway", "experience/roblox"),
    ("load balancing", "experience/roblox"),
    ("content safety", "experience/roblox"),
    ("AI APIs", "experience/roblox"),
    ("text generation", "experience/roblox"),
    ("feature store", "experience/roblox"),
    ("Frost", "experience/roblox"),
    ("squeeze testing", "experience/roblox"),
    # the figures
    ("800k RPS", "experience/roblox"),
    ("800k", "experience/roblox"),
    ("35 million concurrent users", "experience/roblox"),
    ("$20 million", "experience/roblox"),
    ("$7 million", "experience/roblox"),
    ("7000+ features", "experience/roblox"),
    ("1m+ RPS", "experience/roblox"),
    # De-Generate
    ("Solidity", "experience/de-generate"),
    ("Ethereum", "experience/de-generate"),
    ("smart contracts", "experience/de-generate"),
    ("yield farming", "experience/de-generate"),
    ("DeFi", "experience/de-generate"),
    # projects and their aliases
    ("Learned Filters", "projects/learned-filters"),
    ("LBF", "projects/learned-filters"),
    ("learned bloom filter", "projects/learned-filters"),
    ("sandwiched learned bloom filter", "projects/learned-filters"),
    ("C+++uukoo", "projects/cuckoo-filter"),
    ("cuckoo filter", "projects/cuckoo-filter"),
    ("Community Detection", "projects/community-detection"),
    ("graph clustering", "projects/community-detection"),
    ("Girvan-Newman", "projects/community-detection"),
    ("Girvan Newman", "projects/community-detection"),
    ("sandwiched", "projects/learned-filters"),
    ("SWELL", "projects/swell"),
    ("parser combinator", "projects/swell"),
    ("edit distance", "projects/swell"),
    ("Firestone", "projects/firestone"),
    ("Hearthstone", "projects/firestone"),
    ("Clojure", "projects/firestone"),
    ("functional programming", "projects/firestone"),
    # a project's name or key term before the API entries named after it
    ("Girvan", "projects/community-detection"),
    ("community", "projects/community-detection"),
    ("modularity", "projects/community-detection"),
    ("edge betweenness", "projects/community-detection"),
    ("Cuckoo", "projects/cuckoo-filter"),
    ("hashing", "projects/cuckoo-filter"),
    ("Bloom filter", "projects/learned-filters"),
    ("Learned", "projects/learned-filters"),
    ("neural network", "projects/learned-filters"),
    ("parser", "projects/swell"),
    ("self-repairing", "projects/swell"),
    ("minimum edit distance", "projects/swell"),
    ("Barowy", "experience/williams-research"),
    ("Williams College Computer Science", "experience/williams-research"),
    ("GPU", "experience/openai"),
    ("roboadvisor", "experience/de-generate"),
    ("translation", "experience/roblox"),
    # education
    ("Williams College", "education"),
    ("Budapest", "education"),
    ("study abroad", "education"),
    ("Acquincum", "education"),
    ("coursework", "education"),
    ("Williamstown", "education"),
    ("B.A. Mathematics", "education"),
    # skills
    ("skills", "skills"),
    ("Terraform", "skills"),
    ("Kafka", "skills"),
    ("Haskell", "skills"),
    ("Python", "skills"),
    ("PyTorch", "skills"),
    ("C#", "skills"),
    ("C++", "skills"),
    (".NET", "skills"),
    # honors
    ("Sigma Xi", "honors"),
    ("Ward Prize", "honors"),
    ("teaching assistant", "honors"),
    ("Google Tech Challenge", "honors"),
    ("Questbridge", "honors"),
    # the résumé itself
    ("résumé", "resume"),
    ("CV", "resume"),
    ("PDF", "resume"),
]


@pytest.fixture(scope="module")
def index(site: BuiltSite) -> SearchIndex:
    """The built site's search index."""
    return SearchIndex(site.html / "searchindex.js")


class TestSearch:
    """Tests for what Sphinx's search finds on the built site."""

    def test_table_is_large_enough(self) -> None:
        """The table covers at least 20 distinct queries."""
        assert len({q for q, _ in QUERIES}) >= 20
        assert len({q for q, _ in QUERIES}) == len(QUERIES)

    @pytest.mark.parametrize(("query", "page"), QUERIES)
    def test_expected_page_in_top_three(self, index: SearchIndex, query: str, page: str) -> None:
        """The page a visitor means is among the first three results shown."""
        top = index.top_pages(query, 3)
        assert page in top, f"{query!r}: top three are {top}"

    @pytest.mark.parametrize(
        "query",
        ["Girvan", "Girvan-Newman", "Cuckoo", "cuckoo filter", "Bloom filter", "SWELL", "repair"],
    )
    def test_pages_before_api_objects(self, index: SearchIndex, query: str) -> None:
        """Every page matched by title or text is listed before the first API object."""
        kinds = [r.kind for r in index.query(query)]
        assert "object" in kinds, f"{query!r} should also match API objects"
        last_page = max(i for i, k in enumerate(kinds) if k in {"title", "text"})
        assert kinds.index("object") > last_page, kinds

    def test_nonsense_finds_nothing(self, index: SearchIndex) -> None:
        """A word that is on no page gives no results (the ranking does not invent matches)."""
        assert [] == index.query("zzyzx")
