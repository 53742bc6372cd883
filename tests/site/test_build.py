"""The site builds cleanly and has the pages the foundation promises."""

from __future__ import annotations

import os
from urllib.parse import unquote

from bs4 import BeautifulSoup

from tests.helpers import BuiltSite


class TestBuild:
    """Tests for the Sphinx build as a whole."""

    def test_no_warnings(self, site: BuiltSite) -> None:
        """A nitpicky build prints no warning at all."""
        assert site.warnings.strip() == ""

    def test_index_has_name_and_contacts(self, site: BuiltSite) -> None:
        """The landing page shows the owner's name, email and GitHub from the source."""
        soup = BeautifulSoup(site.page("index.html"), "html.parser")
        assert "Peter Zhao" in soup.h1.get_text()
        # Docutils cloaks e-mail addresses (percent-encoded); a browser decodes them.
        hrefs = {unquote(a.get("href", "")) for a in soup.find_all("a")}
        assert "mailto:pzhao1799@gmail.com" in hrefs
        assert "https://github.com/pzhao1799" in hrefs

    def test_no_math_script(self, site: BuiltSite) -> None:
        """Math is rendered at build time: no page loads MathJax from anywhere."""
        for page in site.html.rglob("*.html"):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            scripts = [s.get("src", "") for s in soup.find_all("script")]
            assert [] == [s for s in scripts if "mathjax" in s.lower()], page

    def test_search_index_written(self, site: BuiltSite) -> None:
        """The built-in search has an index to search."""
        assert (site.html / "searchindex.js").stat().st_size > 0

    def test_robots_txt_points_at_the_sitemap(self, site: BuiltSite) -> None:
        """robots.txt allows crawling and names the sitemap under the canonical base URL."""
        base = os.environ.get(
            "READTHEDOCS_CANONICAL_URL", "https://pzhao-portfolio.readthedocs.io/en/latest/"
        )
        robots = (site.html / "robots.txt").read_text(encoding="utf-8").splitlines()
        assert "User-agent: *" in robots
        assert f"Sitemap: {base}sitemap.xml" in robots
        sitemap = (site.html / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{base}experience/roblox.html</loc>" in sitemap
