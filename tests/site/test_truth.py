"""The site states the source résumé's facts where they belong, and no others about the person."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import Tag

from tests.helpers import BuiltSite, holds_owner_phone
from tests.site.pages import CONTENT_PAGES, PERSON_PAGES, html_pages, main_text, soup_of

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
    "SLA",
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
        for derived in article.select(".resume-hash-line"):
            derived.decompose()  # the content hash is computed, not stated
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


ROLE_PAGES = [p for p in CONTENT_PAGES if p.startswith("experience/")]
PROJECT_PAGES = [p for p in CONTENT_PAGES if p.startswith("projects/")]
EMPLOYERS = ["OpenAI", "Roblox", "De-Generate", "Williams College Computer Science"]
# Technologies the source lists only inside "Kubernetes (...)" among the skills: no role has them.
SKILL_LIST_ONLY = ["Kubeflow", "Argo", "Istio", "Cilium"]
# A length of time: "4 mos", "5 yrs 3 mos", "9 months", "1 yr".
DURATION = re.compile(r"\b\d+\s*(?:yrs?|mos?|years?|months?)\b", re.IGNORECASE)
# Talking about the résumé in the third person ("the résumé says", "in the résumé's words").
THIRD_PERSON = re.compile(
    r"\b(?:the|this|his) (?:source )?r[ée]sum[ée](?:'s|’s)?\s+"
    r"(?:says|said|gives|lists|names|states|calls|describes|mentions|words|own|puts)\b"
    r"|\bas the r[ée]sum[ée]\b|\bin the r[ée]sum[ée](?:'s|’s) words\b",
    re.IGNORECASE,
)
# Words allowed between the quoted phrases of the landing page's summary.
JOINING_WORDS = {"at", "and", "before", "that", "openai", "roblox"}


def _visible_text(node: Tag) -> str:
    """A node's text without the visually hidden link texts (sd-hide-link-text)."""
    parts = [
        str(t)
        for t in node.find_all(string=True)
        if not any("sd-hide-link-text" in (p.get("class") or []) for p in t.parents)
    ]
    return " ".join(" ".join(parts).split())


def _plain_lower(text: str) -> str:
    """Plain text for comparing phrases: links written ``[text](#)`` become their text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", _plain(text))
    return " ".join(text.replace("’", "'").split()).lower()


class TestNoComputedFacts:
    """Tests that the site states no derived fact the source does not state."""

    def test_no_durations_anywhere(self, site: BuiltSite) -> None:
        """No page, nor resume.json or resume.jsonld, shows a computed length of time."""
        found = []
        for page in [*CONTENT_PAGES, "404"]:
            found += [
                f"{page}: {m}" for m in DURATION.findall(main_text(site.html / f"{page}.html"))
            ]
        for name in ("resume.json", "resume.jsonld"):
            found += [f"{name}: {m}" for m in DURATION.findall(site.page(name))]
        assert [] == found

    @pytest.mark.parametrize("page", [*ROLE_PAGES, "index"])
    def test_no_kubernetes_extras_on_role_pages(self, site: BuiltSite, page: str) -> None:
        """Kubeflow, Argo, Istio and Cilium are never tied to a role (only "on Kubernetes" is)."""
        text = main_text(site.html / f"{page}.html")
        assert [] == [w for w in SKILL_LIST_ONLY if w in text]

    @pytest.mark.parametrize("page", FIGURE_PAGES)
    def test_figures_sit_under_roblox(self, site: BuiltSite, page: str) -> None:
        """The nearest block around a figure that names an employer names Roblox, and only it."""
        article = soup_of(site.html / f"{page}.html").find("article")
        wrong: list[str] = []
        for figure in FIGURES:
            for hit in article.find_all(string=lambda t, f=figure: f in t):  # type: ignore[misc]
                if any("sd-hide-link-text" in (p.get("class") or []) for p in hit.parents):
                    continue
                for block in hit.parents:
                    named = [e for e in EMPLOYERS if e in _visible_text(block)]
                    if named:
                        if named != ["Roblox"]:
                            wrong.append(f"{figure!r} under {named}")
                        break
                else:
                    wrong.append(f"{figure!r}: no employer named around it")
        assert [] == wrong


class TestVoice:
    """Tests for how the pages speak about the person and the code samples."""

    @pytest.mark.parametrize("page", CONTENT_PAGES)
    def test_no_third_person_resume(self, site: BuiltSite, page: str) -> None:
        """No page talks about "the résumé" in the third person ("the résumé says ...")."""
        assert [] == THIRD_PERSON.findall(main_text(site.html / f"{page}.html"))

    @pytest.mark.parametrize("page", CONTENT_PAGES)
    def test_no_filler(self, site: BuiltSite, page: str) -> None:
        """No "Related:" lines, no note about stable anchors, no "See also" lists."""
        article = soup_of(site.html / f"{page}.html").find("article")
        starts = [
            " ".join(p.get_text(" ").split())[:40]
            for p in article.find_all("p")
            if p.get_text(" ").strip().startswith(("Related:", "See also"))
        ]
        assert [] == starts
        assert "stable anchor" not in main_text(site.html / f"{page}.html")
        assert [] == [h for h in article.find_all(["h2", "h3"]) if "See also" in h.get_text()]

    def test_no_opening_quote_for_an_apostrophe(self, site: BuiltSite) -> None:
        """Smart quotes never turn the apostrophe of '21 or SIGMOD '18 into an opening quote."""
        bad = [
            f"{p.relative_to(site.html)}: {m}"
            for p in html_pages(site.html)
            for m in re.findall(r".{0,20}‘\d.{0,5}", p.read_text(encoding="utf-8"))
        ]
        assert [] == bad
        assert "(Spring '21)" in main_text(site.html / "honors.html")
        assert "(Spring '21)" in main_text(site.html / "resume.html")

    @pytest.mark.parametrize("page", [*ROLE_PAGES, "index", "education", "honors", "skills"])
    def test_prose_is_data_or_background(self, site: BuiltSite, page: str) -> None:
        """On the pages about the person, every paragraph comes from the data (a résumé block)
        or sits in a visibly separate Background aside."""
        article = soup_of(site.html / f"{page}.html").find("article")
        loose = [
            " ".join(p.get_text(" ").split())[:60]
            for p in article.find_all("p")
            if not any(
                any(c.startswith("resume-") for c in (a.get("class") or [])) for a in p.parents
            )
        ]
        if page == "skills":
            loose = loose[1:]  # the one-line introduction says what the page shows
        assert [] == loose

    @pytest.mark.parametrize("page", PROJECT_PAGES)
    def test_project_prose_is_background(self, site: BuiltSite, page: str) -> None:
        """On a project page, explanations sit in a Background aside (the Code and References
        sections show the code sample and the papers)."""
        article = soup_of(site.html / f"{page}.html").find("article")
        loose = [
            " ".join(p.get_text(" ").split())[:60]
            for p in article.find_all("p")
            if not any(
                any(c.startswith("resume-") for c in (a.get("class") or []))
                or a.get("id") in {"code", "references"}
                for a in p.parents
            )
        ]
        assert [] == loose
        assert article.select(".resume-background")

    @pytest.mark.parametrize("page", PROJECT_PAGES)
    def test_project_says_code_is_a_reimplementation(self, site: BuiltSite, page: str) -> None:
        """One visible line names the package as a re-implementation and says what the original
        was."""
        line = soup_of(site.html / f"{page}.html").select_one(".resume-sample-line")
        assert line is not None
        text = " ".join(line.get_text(" ").split())
        assert re.search(
            r"portfolio\.\w+ is a Python re-implementation written for this site, not the "
            r"original code\. The original was .+\.$",
            text,
        ), text

    def test_landing_summary_quotes_the_source(self, site: BuiltSite, datadir: Path) -> None:
        """The landing page's summary is the source's own phrases, joined by a few words."""
        source = _plain_lower(_source_text(datadir))
        summary = soup_of(site.html / "index.html").select_one(".resume-summary")
        quotes = summary.select(".resume-quote")
        assert len(quotes) >= 3
        assert [] == [q.get_text() for q in quotes if _plain_lower(q.get_text()) not in source]
        for q in quotes:
            q.decompose()
        rest = set(re.findall(r"[\w'-]+", summary.get_text(" ").lower()))
        assert set() == rest - JOINING_WORDS

    def test_landing_has_no_build_talk_or_duplicates(self, site: BuiltSite) -> None:
        """The landing page sells the person: no site-building talk, no timeline repeating the
        experience cards, each role shown once as a card."""
        article = soup_of(site.html / "index.html").find("article")
        text = main_text(site.html / "index.html")
        assert [] == [w for w in ("Sphinx", "furo", "MyST", "README") if w in text]
        assert [] == article.select(".resume-timeline")
        cards = article.select(".resume-role-card .resume-card-title")
        assert EMPLOYERS == [c.get_text(strip=True) for c in cards]
