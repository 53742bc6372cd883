"""Every built page: links resolve, metadata is present, markup is accessible, nothing external."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from tests.helpers import DOCS, BuiltSite
from tests.site.pages import CONTENT_PAGES, base_url, html_pages, ids_of, resolve, soup_of

# Resources a page may load from another site at page view. Deliberately empty: no web fonts,
# no analytics, no CDN scripts.
EXTERNAL_ALLOW_LIST: frozenset[str] = frozenset()

# Elements and attributes a browser fetches when it shows a page (links a visitor follows are
# not fetched, so <a href> is not in this list).
LOADED = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
]
LOADED_LINK_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "preload",
    "prefetch",
    "manifest",
    "modulepreload",
}


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), flags=re.IGNORECASE))


@pytest.fixture(scope="module")
def lost_links(datadir: Path) -> list[str]:
    """The texts of the source's links written ``[text](#)`` (their addresses were lost)."""
    source = (datadir / "resume-source" / "resume.txt").read_text(encoding="utf-8")
    return re.findall(r"\[([^\]]+)\]\(#\)", source)


@pytest.fixture(scope="module")
def pages(site: BuiltSite) -> list[Path]:
    """Every HTML page of the built site."""
    found = html_pages(site.html)
    assert len(found) >= len(CONTENT_PAGES)
    return found


class TestPagesExist:
    """Tests for the site's public URLs."""

    @pytest.mark.parametrize("page", [*CONTENT_PAGES, "404"])
    def test_page_built(self, site: BuiltSite, page: str) -> None:
        """Each promised page is in the build."""
        assert (site.html / f"{page}.html").is_file()

    @pytest.mark.parametrize("name", ["robots.txt", "sitemap.xml", "_static/favicon.svg"])
    def test_site_files(self, site: BuiltSite, name: str) -> None:
        """robots.txt, the sitemap and the favicon are published."""
        assert (site.html / name).is_file()

    def test_robots_points_at_sitemap(self, site: BuiltSite) -> None:
        """robots.txt names the sitemap's address."""
        robots = (site.html / "robots.txt").read_text(encoding="utf-8")
        assert re.search(r"^Sitemap: https://\S+/sitemap\.xml$", robots, flags=re.MULTILINE)

    @pytest.mark.parametrize("page", CONTENT_PAGES)
    def test_sitemap_lists_page(self, site: BuiltSite, page: str) -> None:
        """The sitemap lists every content page under the canonical base URL."""
        sitemap = (site.html / "sitemap.xml").read_text(encoding="utf-8")
        assert f"<loc>{base_url()}{page}.html</loc>" in sitemap

    def test_landing_page_links_everything(self, site: BuiltSite) -> None:
        """The landing page links to every role, project and résumé page."""
        soup = soup_of(site.html / "index.html")
        article = soup.find("article")
        hrefs = {a["href"].split("#")[0] for a in article.find_all("a", href=True)}
        expected = {
            f"{p}.html" for p in CONTENT_PAGES if p.startswith(("experience/", "projects/"))
        }
        assert set() == expected - hrefs

    def test_roblox_sections_have_stable_anchors(self, site: BuiltSite) -> None:
        """Each Roblox system in the source keeps its anchor (a theme section or its bullet)."""
        ids = ids_of(site.html / "experience" / "roblox.html")
        expected = {
            "roblox-inference-platform",
            "roblox-scale-inference",
            "roblox-ai-apis",
            "roblox-ml-gateway",
            "roblox-vllm",
            "roblox-cpu-inference",
            "roblox-frost",
        }
        assert set() == expected - ids


class TestLinks:
    """Tests for the links on every page."""

    def test_internal_links_resolve(self, site: BuiltSite, pages: list[Path]) -> None:
        """Every internal href and src points at a file that exists, and every #anchor at an id."""
        broken: list[str] = []
        for page in pages:
            for tag in soup_of(page).find_all(True):
                for attr in ("href", "src"):
                    ref = tag.get(attr)
                    if not ref or ref.startswith(("mailto:", "tel:", "data:", "javascript:")):
                        continue
                    target = resolve(site.html, page, ref)
                    if target is None:
                        continue
                    path, fragment = target
                    where = f"{page.relative_to(site.html)}: <{tag.name} {attr}={ref!r}>"
                    if not path.is_file():
                        broken.append(f"{where}: no file {path}")
                    elif fragment and path.suffix == ".html" and fragment not in ids_of(path):
                        broken.append(f"{where}: no anchor #{fragment}")
        assert [] == broken

    def test_no_link_contains_a_lost_link_text(
        self, site: BuiltSite, pages: list[Path], lost_links: list[str]
    ) -> None:
        """None of the source's links written (#) is a link anywhere on the site: no link (in the
        text, a toc's headings, index entries) is, or even contains, a lost link's text."""
        lost = {" ".join(t.split()).lower() for t in lost_links}
        assert len(lost) >= 5
        wrapped: list[str] = []
        for page in pages:
            for a in soup_of(page).find_all("a"):
                text = " ".join(a.get_text(" ").split()).lower()
                wrapped += [
                    f"{page.relative_to(site.html)}: {t!r} in {text!r}" for t in lost if t in text
                ]
        assert [] == wrapped

    def test_lost_link_texts_still_shown(self, site: BuiltSite, lost_links: list[str]) -> None:
        """The text of each lost link is still on the Roblox page, as plain text."""
        text = soup_of(site.html / "experience" / "roblox.html").get_text(" ")
        text = " ".join(text.split())
        for lost in lost_links:
            assert lost in text


class TestMetadata:
    """Tests for each page's head: description, OpenGraph, canonical URL."""

    def test_every_page_has_a_description(self, site: BuiltSite, pages: list[Path]) -> None:
        """Every page carries a non-empty meta description."""
        missing = [
            str(p.relative_to(site.html))
            for p in pages
            if not (m := soup_of(p).find("meta", attrs={"name": "description"}))
            or not m.get("content", "").strip()
        ]
        assert [] == missing

    def test_opengraph_and_canonical(self, site: BuiltSite, pages: list[Path]) -> None:
        """og:title, og:type and og:url are present; og:url equals the canonical URL."""
        wrong: list[str] = []
        for page in pages:
            rel = page.relative_to(site.html).as_posix()
            soup = soup_of(page)
            og = {
                m["property"]: m.get("content", "")
                for m in soup.find_all("meta", attrs={"property": re.compile("^og:")})
            }
            canonical = soup.find("link", rel="canonical")
            expected = base_url() + rel
            if not og.get("og:title") or not og.get("og:type"):
                wrong.append(f"{rel}: og:title/og:type missing")
            if og.get("og:url") != expected:
                wrong.append(f"{rel}: og:url {og.get('og:url')!r} != {expected!r}")
            if canonical is None or canonical.get("href") != expected:
                wrong.append(f"{rel}: canonical {canonical and canonical.get('href')!r}")
        assert [] == wrong

    def test_descriptions_are_distinct(self, site: BuiltSite) -> None:
        """Each content page has its own description, not a shared default."""
        descriptions = [
            soup_of(site.html / f"{p}.html").find("meta", attrs={"name": "description"})["content"]
            for p in CONTENT_PAGES
        ]
        assert len(CONTENT_PAGES) == len(set(descriptions))


class TestAccessibility:
    """Tests for the accessibility of the static HTML."""

    def test_exactly_one_h1(self, site: BuiltSite, pages: list[Path]) -> None:
        """Every page has exactly one h1."""
        counts = {str(p.relative_to(site.html)): len(soup_of(p).find_all("h1")) for p in pages}
        assert {} == {page: n for page, n in counts.items() if n != 1}

    def test_images_have_alt_text(self, site: BuiltSite, pages: list[Path]) -> None:
        """Every image has non-empty alt text."""
        missing = [
            f"{p.relative_to(site.html)}: {img.get('src')}"
            for p in pages
            for img in soup_of(p).find_all("img")
            if not img.get("alt", "").strip()
        ]
        assert [] == missing

    def test_headings_by_role_have_a_level(self, site: BuiltSite, pages: list[Path]) -> None:
        """Every role="heading" element (Sphinx's toctree captions) has an aria-level."""
        missing = [
            f"{p.relative_to(site.html)}: {tag.get_text(strip=True)!r}"
            for p in pages
            for tag in soup_of(p).find_all(attrs={"role": "heading"})
            if not tag.get("aria-level")
        ]
        assert [] == missing

    def test_captions_are_visible(self, site: BuiltSite) -> None:
        """The navigation keeps its captions (they are fixed, not hidden)."""
        soup = soup_of(site.html / "index.html")
        captions = [c.get_text(strip=True) for c in soup.select(".sidebar-tree p.caption")]
        assert ["Experience", "Projects", "Code samples", "Résumé", "Reference", "About"] == [
            c for c in captions if c != ""
        ]
        for caption in soup.select(".sidebar-tree p.caption"):
            assert "hidden" not in caption.get("class", [])
            assert caption.get("aria-hidden") is None


class TestNoExternalResources:
    """Tests that a page view fetches nothing from another site."""

    def test_pages_load_nothing_external(self, site: BuiltSite, pages: list[Path]) -> None:
        """No script, style, font, image or frame comes from another origin."""
        external: list[str] = []
        for page in pages:
            soup = soup_of(page)
            urls = [
                url
                for name, attr in LOADED
                for tag in soup.find_all(name)
                if (value := tag.get(attr))
                for url in re.split(r"\s*,\s*", value)
            ]
            urls += [
                link.get("href", "")
                for link in soup.find_all("link")
                if LOADED_LINK_RELS & set(link.get("rel", []))
            ]
            for style in soup.find_all("style"):
                urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", style.get_text())
                urls += re.findall(r"@import\s+['\"]([^'\"]+)", style.get_text())
            external += [
                f"{page.relative_to(site.html)}: {u}"
                for u in urls
                if _is_external(u.split()[0] if u.split() else u)
                and u.split()[0] not in EXTERNAL_ALLOW_LIST
            ]
        assert [] == external

    def test_stylesheets_import_nothing_external(self, site: BuiltSite) -> None:
        """No stylesheet pulls a font or image from another site."""
        external = [
            f"{css.relative_to(site.html)}: {url}"
            for css in (site.html / "_static").rglob("*.css")
            for url in re.findall(
                r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)",
                css.read_text(encoding="utf-8"),
            )
            if url not in EXTERNAL_ALLOW_LIST
        ]
        assert [] == external


class TestLandingAndAbout:
    """Tests for what the landing and About pages show."""

    def test_landing_shows_name_role_contact_pdf(self, site: BuiltSite) -> None:
        """The landing page shows the name, the current role, the contact card and the PDF."""
        data = yaml.safe_load((DOCS / "resume.yaml").read_text(encoding="utf-8"))
        current = next(w for w in data["work"] if "endDate" not in w)
        soup = soup_of(site.html / "index.html")
        article = soup.find("article")
        text = " ".join(article.get_text(" ").split())
        assert data["basics"]["name"] == soup.find("h1").get_text(strip=True).rstrip("¶")
        assert current["position"] in text
        assert current["name"] in text
        hrefs = {unquote(a["href"]) for a in article.find_all("a", href=True)}
        assert f"mailto:{data['basics']['email']}" in hrefs
        assert data["basics"]["profiles"][0]["url"] in hrefs
        assert "resume.pdf" in hrefs

    def test_about_shows_lighthouse_scores(self, site: BuiltSite) -> None:
        """The About page's table holds exactly the rows of docs/_data/lighthouse.csv."""
        with (DOCS / "_data" / "lighthouse.csv").open(encoding="utf-8", newline="") as f:
            expected = [row for row in csv.reader(f) if row]
        table = soup_of(site.html / "about.html").find("table")
        actual = [
            [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in table.find_all("tr")
        ]
        assert expected == actual


PROJECT_SAMPLES = [
    ("learned-filters", "filters"),
    ("cuckoo-filter", "filters"),
    ("community-detection", "community"),
    ("swell", "swell"),
    ("firestone", "firestone"),
]
ROLE_PAGES = ["openai", "roblox", "de-generate", "williams-research"]


class TestRoleAndProjectPages:
    """Tests for the structure of the role and project pages."""

    @pytest.mark.parametrize("slug", ROLE_PAGES)
    def test_role_page_opens_with_role_header(self, site: BuiltSite, slug: str) -> None:
        """Right after its title, each role page shows the role header from the data."""
        h1 = soup_of(site.html / "experience" / f"{slug}.html").find("article").find("h1")
        first = h1.find_next_sibling()
        assert "resume-role" in first.get("class", [])

    @pytest.mark.parametrize(("slug", "sample"), PROJECT_SAMPLES)
    def test_project_page_has_code_section(self, site: BuiltSite, slug: str, sample: str) -> None:
        """A project page shows a doctest example and links to its sample's API and benchmarks."""
        soup = soup_of(site.html / "projects" / f"{slug}.html")
        code = soup.find("section", id="code")
        assert code is not None
        assert code.select("div.highlight-pycon")
        hrefs = {a["href"].split("#")[0] for a in code.find_all("a", href=True)}
        assert {f"../samples/{sample}/api.html", f"../samples/{sample}/benchmarks.html"} <= hrefs

    @pytest.mark.parametrize(("slug", "sample"), PROJECT_SAMPLES)
    def test_project_page_shows_source_description(
        self, site: BuiltSite, slug: str, sample: str
    ) -> None:
        """A project page quotes the project's one-line description from the data."""
        data = yaml.safe_load((DOCS / "resume.yaml").read_text(encoding="utf-8"))
        project = next(p for p in data["projects"] if p["x-slug"] == slug)
        article = soup_of(site.html / "projects" / f"{slug}.html").find("article")
        assert " ".join(project["description"].split()) in " ".join(article.get_text(" ").split())
