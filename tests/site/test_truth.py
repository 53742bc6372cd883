"""The site states the source résumé's facts where they belong, and no others about the person."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.helpers import BuiltSite, holds_owner_phone
from tests.site.pages import CONTENT_PAGES, PERSON_PAGES, main_text, soup_of

# The content pages other than the landing page, the one-page résumé and the About page.
ROLE_AND_PROJECT_PAGES = [p for p in CONTENT_PAGES if p not in {"index", "resume", "about"}]
# Each headline figure of the source -> the pages that must show it. All six are Roblox facts:
# the Roblox page tells them, the landing page's metric cards and the one-page résumé repeat them.
FIGURE_PAGES = ["experience/roblox", "resume", "index"]
FIGURES = [
    "800k RPS",
    "35 million concurrent users",
    "$20 million",
    "$7 million",
    "7000+ features",
    "1m+ RPS",
]

# Capitalised words that do not start a sentence are likely names: of people, employers, places,
# products. On the pages about the person each must come from the source résumé, or be one of these
# names of technologies and formats that the pages use to explain something, never as a claim.
EXPLANATORY_NAMES = {
    "CRD",
    "DeFi",
    "GPU",
    "GPUs",
    "JSON",
    "JSON-LD",
    "LLM",
    "LLMs",
    "PDF",
    "PagedAttention",
    "Resume",
    "SLO",
    "YAML",
}
BLOCKS = ["p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "th", "td", "figcaption"]


def _source_text(datadir: Path) -> str:
    return (datadir / "resume-source" / "resume.txt").read_text(encoding="utf-8")


def _plain(text: str) -> str:
    """Collapse whitespace and drop the Markdown escapes and emphasis of the source."""
    return " ".join(text.replace("\\$", "$").replace("**", "").split())


class TestFigures:
    """Tests for the source's headline figures."""

    @pytest.mark.parametrize("figure", FIGURES)
    def test_figure_is_in_source(self, datadir: Path, figure: str) -> None:
        """Each figure is quoted exactly as the source writes it."""
        assert figure in _plain(_source_text(datadir))

    @pytest.mark.parametrize("page", FIGURE_PAGES)
    @pytest.mark.parametrize("figure", FIGURES)
    def test_figure_on_its_pages(self, site: BuiltSite, figure: str, page: str) -> None:
        """Each figure appears on the pages where it belongs."""
        assert figure in main_text(site.html / f"{page}.html")

    @pytest.mark.parametrize("page", [p for p in ROLE_AND_PROJECT_PAGES if p not in FIGURE_PAGES])
    def test_figures_not_elsewhere(self, site: BuiltSite, page: str) -> None:
        """No other role, project or section page claims a Roblox figure."""
        text = main_text(site.html / f"{page}.html")
        assert [] == [f for f in FIGURES if f in text]


class TestPersonFacts:
    """Tests that the pages about the person state only the source's facts."""

    def test_phone_number_not_published(self, site: BuiltSite) -> None:
        """The owner's phone number, in any common format, is in no file of the built site."""
        leaked = [
            str(p.relative_to(site.html))
            for p in site.html.rglob("*")
            if p.is_file()
            and p.suffix in {".html", ".json", ".jsonld", ".js", ".txt", ".xml"}
            and holds_owner_phone(p.read_text(encoding="utf-8"))
        ]
        assert [] == leaked

    @pytest.mark.parametrize("page", PERSON_PAGES)
    def test_numbers_come_from_source(self, site: BuiltSite, datadir: Path, page: str) -> None:
        """Every number on a page about the person is a number the source states."""
        source_numbers = set(re.findall(r"\d+", _source_text(datadir)))
        soup = soup_of(site.html / f"{page}.html")
        article = soup.find("article")
        for derived in article.select(".resume-duration, .resume-hash-line"):
            derived.decompose()  # durations and the content hash are computed, not stated
        text = " ".join(article.get_text(" ").split())
        assert set() == set(re.findall(r"\d+", text)) - source_numbers

    @pytest.mark.parametrize("page", PERSON_PAGES)
    def test_names_come_from_source(self, site: BuiltSite, datadir: Path, page: str) -> None:
        """Every capitalised word inside a sentence (a likely name) is in the source."""
        source = _plain(_source_text(datadir)).lower()
        article = soup_of(site.html / f"{page}.html").find("article")
        names: set[str] = set()
        for block in article.find_all(BLOCKS):
            if block.find(BLOCKS):
                continue  # only the innermost blocks, so each sentence is read once
            text = " ".join(block.get_text(" ").split())
            for sentence in re.split(r"(?<=[.!?:;·])\s+", text):
                words = re.findall(r"[A-Z][\w+#'.-]*[\w+#]", sentence)
                first = re.match(r"\W*([A-Z][\w+#'.-]*[\w+#])", sentence)
                names |= {
                    w
                    for w in words
                    if not (first and w == first.group(1) and sentence.startswith(w))
                }
        unknown = {n for n in names if n.lower() not in source and n not in EXPLANATORY_NAMES}
        assert set() == unknown

    @pytest.mark.parametrize("page", PERSON_PAGES)
    def test_links_about_the_person_come_from_source(
        self, site: BuiltSite, datadir: Path, page: str
    ) -> None:
        """Every external link on a page about the person is the source's own address."""
        source = _source_text(datadir)
        article = soup_of(site.html / f"{page}.html").find("article")
        external = {
            a["href"]
            for a in article.find_all("a", href=True)
            if re.match(r"^(https?:|mailto:)", a["href"])
        }
        unknown = {
            href
            for href in external
            if re.sub(r"^(https?://|mailto:)", "", unquote(href)).rstrip("/") not in source
        }
        assert set() == unknown
