"""The résumé directives in a small site: parallel build, links, exports, incremental rebuilds."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdf
import pytest
from bs4 import BeautifulSoup

from portfolio.resume import Resume
from portfolio.resume.export import to_json_resume
from tests.helpers import DOCS, BuiltSite, build_site, holds_owner_phone
from tests.site.test_truth import FIGURES

CONF = """\
extensions = ["myst_parser", "sphinx_design", "portfolio.sphinxext"]
html_theme = "basic"
exclude_patterns = ["_build"]
resume_data = "resume.yaml"
"""

PAGES = {
    "index.md": """\
# Peter Zhao

```{resume-contact}
```

```{resume-metrics}
```

```{resume-timeline}
```

```{resume-downloads}
```

```{resume-cards} roles
```

```{resume-cards} projects
learned-filters filters
swell swell
```

```{toctree}
:glob:

experience/*
projects/*
samples/*/index
skills
education
honors
resume
```
""",
    "experience/openai.md": "# OpenAI\n\n```{resume-role} openai\n```\n",
    "experience/roblox.md": """\
# Roblox

```{resume-role} roblox
:highlights: none
```

## Frost

```{resume-highlight} roblox frost
```

## Everything

```{resume-role} roblox
:heading-level: 3
```
""",
    "experience/de-generate.md": "# De-Generate\n\n```{resume-role} de-generate\n```\n",
    "experience/williams-research.md": (
        "# Research\n\n```{resume-role} williams-research\n:highlights: swell\n```\n"
    ),
    "projects/learned-filters.md": (
        "# LF\n\n```{resume-project} learned-filters\n:sample: filters\n```\n"
    ),
    "samples/filters/index.md": "# portfolio.filters\n",
    "samples/swell/index.md": "# portfolio.swell\n",
    "projects/firestone.md": "# Firestone\n\n```{resume-project} firestone\n```\n",
    "projects/community-detection.md": "# CD\n\n```{resume-project} community-detection\n```\n",
    "projects/cuckoo-filter.md": "# CF\n\n```{resume-project} cuckoo-filter\n```\n",
    "projects/swell.md": (
        "# SWELL\n\n```{resume-project} swell\n:heading-level: 2\n:sample: swell\n```\n"
    ),
    "skills.md": "# Skills\n\n```{resume-skills-matrix}\n```\n",
    "education.md": "# Education\n\n```{resume-education}\n```\n",
    "honors.md": (
        "# Honors\n\n```{resume-honors}\n```\n\n```{resume-honors}\n:kind: teaching\n```\n"
    ),
    "resume.md": "# Résumé\n\n```{resume-full}\n```\n",
}


def make_project(root: Path, pages: dict[str, str] = PAGES) -> Path:
    """Write the small site (the real data file, stub pages) under ``root``; return its srcdir."""
    src = root / "docs"
    for name, text in pages.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    shutil.copy(DOCS / "resume.yaml", src / "resume.yaml")
    return src


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The small site, built with ``-j 2``."""
    root = tmp_path_factory.mktemp("small")
    return build_site(make_project(root), root / "out", "-j", "2")


def soup(site: BuiltSite, page: str) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup(site.page(page), "html.parser")


def body(page: Path) -> BeautifulSoup:
    """The main content of a built page (the theme's own links left out)."""
    main = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("[role=main]")
    assert main is not None, page
    return main


def pdf_text(path: Path) -> str:
    """All the text of a PDF, whitespace collapsed."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


class TestDirectives:
    """Tests for what the directives render."""

    def test_parallel_build_is_clean(self, small: BuiltSite) -> None:
        """A nitpicky ``-j 2`` build emits no warning."""
        assert "" == small.warnings.strip()

    def test_one_h1_per_page(self, small: BuiltSite) -> None:
        """Directives never emit an ``h1``: each page keeps only its own title."""
        for page in small.html.rglob("*.html"):
            if page.name in {"genindex.html", "search.html"}:
                continue
            found = BeautifulSoup(page.read_text("utf-8"), "html.parser").find_all("h1")
            assert 1 == len(found), page

    def test_lost_links_are_plain_text(self, small: BuiltSite) -> None:
        """No ``(#)`` link text of the source is wrapped in a link, and no link is empty."""
        resume = Resume.load(DOCS / "resume.yaml")
        lost = {t for r in resume.roles for h in r.highlights for t in h.links}
        for page in small.html.rglob("*.html"):
            for a in body(page).find_all("a"):
                assert a.get_text().strip() not in lost, page
                assert a.get_text().strip() != "", page
                assert a.get("href") != "#", page
        assert "online text and content safety" in soup(small, "experience/roblox.html").get_text()

    def test_internal_links_resolve(self, small: BuiltSite) -> None:
        """Every link the directives make reaches an existing page and an existing id."""
        for page in small.html.rglob("*.html"):
            for a in body(page).find_all("a"):
                href = a.get("href", "")
                if not href or "://" in href or href.startswith("mailto:"):
                    continue
                parts = urlsplit(href)
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert target.is_file(), (page, href)
                if parts.fragment and target.suffix == ".html":
                    ids = {
                        t["id"]
                        for t in BeautifulSoup(target.read_text("utf-8"), "html.parser").select(
                            "[id]"
                        )
                    }
                    assert parts.fragment in ids, (page, href)

    def test_role_header(self, small: BuiltSite) -> None:
        """The role header has title, employer, place, dates and Present, and no duration."""
        page = soup(small, "experience/openai.html")
        role = page.select_one(".resume-role")
        assert role is not None
        assert "Member of Technical Staff, Fleet Infrastructure" == role.h2.get_text()
        assert "OpenAI · San Francisco, CA" == role.select_one(".resume-role-meta").get_text()
        assert "Oct 2021 – Present" == role.select_one(".resume-dates").get_text()
        roblox = soup(small, "experience/roblox.html").select(".resume-role")
        assert "July 2021 – Oct 2021" == roblox[0].select_one(".resume-role-dates").get_text()
        assert [] == roblox[0].select(".resume-duration")
        assert [] == roblox[0].select("li")
        assert 7 == len(roblox[1].select("li"))
        assert "h3" == roblox[1].select_one(".resume-role-title").name

    def test_bold_is_rendered(self, small: BuiltSite) -> None:
        """The source's ``**bold**`` becomes ``<strong>``; its backslash escape is gone."""
        frost = soup(small, "experience/roblox.html").select_one("#hl-roblox-frost")
        assert ["Frost", "$7 million", "7000+ features", "1m+ RPS"] == [
            s.get_text() for s in frost.find_all("strong")
        ]

    def test_metric_cards_link_to_their_bullets(self, small: BuiltSite) -> None:
        """The six figures, exactly as the source writes them, each link to its bullet."""
        cards = soup(small, "index.html").select(".resume-metric")
        values = [c.select_one(".resume-metric-value").get_text() for c in cards]
        assert FIGURES == values
        assert "experience/roblox.html#hl-roblox-frost" == cards[3].a["href"]

    def test_metric_cards_sit_under_their_role(self, small: BuiltSite) -> None:
        """The figures are grouped under a visible line naming Roblox, the title and the dates."""
        groups = soup(small, "index.html").select(".resume-metrics-group")
        assert 1 == len(groups)
        caption = " ".join(groups[0].select_one(".resume-metrics-role").get_text().split())
        assert (
            "Roblox · Senior Machine Learning Infrastructure Engineer, ML Platform · "
            "July 2021 – Oct 2021" == caption
        )
        assert 6 == len(groups[0].select(".resume-metric"))

    def test_skills_are_badges_with_evidence(self, small: BuiltSite) -> None:
        """Each skill is a badge with its anchor; only tied skills link to a role or project."""
        page = soup(small, "skills.html")
        assert ["Languages", "Frameworks", "Tools"] == [h.get_text() for h in page.select("h2")]
        badges = page.select(".resume-skill-badges .resume-skill")
        assert 29 == len(badges)
        assert all(b.get("id", "").startswith("skill-") for b in badges)
        assert (
            "Kubernetes (Kubeflow, Argo, Istio, Cilium)"
            == page.select_one("#skill-kubernetes").get_text()
        )
        evidence = {
            li.strong.get_text(): [a["href"] for a in li.find_all("a")]
            for li in page.select(".resume-skill-evidence li")
        }
        assert {
            "Python": ["projects/community-detection.html"],
            "C++": ["projects/cuckoo-filter.html"],
            "Clojure": ["projects/firestone.html"],
            "Solidity": ["experience/de-generate.html"],
            "PyTorch": ["projects/learned-filters.html"],
            "Kubernetes": ["experience/roblox.html"],
        } == evidence
        assert "–" not in page.select_one(".resume-skills-matrix").get_text()

    def test_badges_link_to_matrix(self, small: BuiltSite) -> None:
        """A role's skill badges link to the matrix anchors."""
        badge = soup(small, "experience/roblox.html").select_one("a.resume-skill")
        assert "../skills.html#skill-kubernetes" == badge["href"]
        assert "Kubernetes" == badge.get_text()  # never Kubeflow, Argo, Istio or Cilium

    def test_project_sample_line(self, small: BuiltSite) -> None:
        """``:sample:`` names the package as a re-implementation and says what the original was."""
        line = soup(small, "projects/learned-filters.html").select_one(".resume-sample-line")
        text = " ".join(line.get_text().split())
        assert text == (
            "Code sample: portfolio.filters is a Python re-implementation written for this site, "
            "not the original code. The original was a PyTorch project."
        )
        assert ["../samples/filters/index.html"] == [a["href"] for a in line.find_all("a")]
        swell = soup(small, "projects/swell.html").select_one(".resume-sample-line")
        assert "The original was research at Williams College Computer Science." in " ".join(
            swell.get_text().split()
        )

    def test_cards(self, small: BuiltSite) -> None:
        """Role cards for every role; project cards say what the original was and link the code."""
        page = soup(small, "index.html")
        roles = page.select(".resume-cards-roles .resume-role-card")
        assert ["OpenAI", "Roblox", "De-Generate", "Williams College Computer Science"] == [
            c.select_one(".resume-card-title").get_text() for c in roles
        ]
        assert (
            "Oct 2021 – Present · San Francisco, CA"
            == roles[0].select_one(".resume-card-meta").get_text()
        )
        projects = page.select(".resume-cards-projects .resume-project-card")
        assert 2 == len(projects)
        original = " ".join(projects[0].select_one(".resume-card-original").get_text().split())
        assert original.startswith("Original: A Pytorch implementation of a Learned Bloom filter")
        assert ["projects/learned-filters.html", "samples/filters/index.html"] == [
            a["href"] for a in projects[0].find_all("a")
        ]

    def test_swell_is_tied_to_its_role(self, small: BuiltSite) -> None:
        """The SWELL project names the research internship and links to it."""
        page = soup(small, "projects/swell.html")
        links = [a["href"] for a in page.select(".resume-project-role a")]
        assert ["../experience/williams-research.html"] == links

    def test_contact_is_public_fields_only(self, small: BuiltSite) -> None:
        """Email and GitHub are shown, and no page has a phone number or a ``tel:`` link."""
        hrefs = {unquote(a["href"]) for a in soup(small, "index.html").select(".resume-contact a")}
        assert {"mailto:pzhao1799@gmail.com", "https://github.com/pzhao1799"} <= hrefs
        assert {"resume.pdf", "resume.json"} <= hrefs
        for page in small.html.rglob("*.html"):
            text = page.read_text("utf-8")
            assert "tel:" not in text, page
            assert not holds_owner_phone(text), page

    def test_jsonld_in_landing_head(self, small: BuiltSite) -> None:
        """The landing page's head carries the schema.org Person."""
        script = soup(small, "index.html").head.find("script", type="application/ld+json")
        assert "Person" == json.loads(script.string)["@type"]

    def test_full_page_order(self, small: BuiltSite) -> None:
        """The one-page résumé has the source's sections, in order, as h2s."""
        titles = [h.get_text() for h in soup(small, "resume.html").select(".resume-section-title")]
        expected = [
            "Education",
            "Technical Skills",
            "Experience",
            "Projects",
            "Additional Experience & Achievements",
        ]
        assert expected == titles


class TestExports:
    """Tests for the files the build writes."""

    def test_exports_written(self, small: BuiltSite) -> None:
        """resume.json equals the CLI's export; the JSON-LD and the PDF are there."""
        data = json.loads((small.html / "resume.json").read_text("utf-8"))
        assert to_json_resume(Resume.load(DOCS / "resume.yaml")) == data
        assert "Person" == json.loads((small.html / "resume.jsonld").read_text("utf-8"))["@type"]
        assert (small.html / "resume.pdf").read_bytes().startswith(b"%PDF-")

    def test_site_hash_equals_pdf_hash(self, small: BuiltSite) -> None:
        """The hash the downloads show is the one in the PDF's metadata and footer."""
        shown = soup(small, "index.html").select_one(".resume-hash").get_text()
        reader = pypdf.PdfReader(io.BytesIO((small.html / "resume.pdf").read_bytes()))
        assert reader.metadata is not None
        assert reader.metadata["/Keywords"].startswith(f"sha256:{shown}")
        assert f"SHA-256 {shown}" in pdf_text(small.html / "resume.pdf")


@pytest.mark.slow
class TestRebuilds:
    """Tests for incremental builds and bad data (each runs Sphinx: a few seconds)."""

    def test_incremental_rebuild_shows_the_change(self, small: BuiltSite, tmp_path: Path) -> None:
        """Editing the data and rebuilding updates the pages, the JSON and the PDF."""
        root = small.html.parent.parent
        shutil.copytree(root / "docs", tmp_path / "docs")
        shutil.copytree(root / "out", tmp_path / "out")
        src, out = tmp_path / "docs", tmp_path / "out"
        before = (out / "html" / "resume.pdf").read_bytes()
        data = src / "resume.yaml"
        text = data.read_text("utf-8")
        data.write_text(
            text.replace("**800k RPS**", "**900k RPS**").replace(
                "{text: 800k RPS", "{text: 900k RPS"
            ),
            encoding="utf-8",
        )
        site = build_site(src, out, "-j", "2")
        assert "900k RPS" in soup(site, "experience/roblox.html").get_text()
        assert "900k RPS" in soup(site, "index.html").select_one(".resume-metric").get_text()
        assert "900k RPS" in (site.html / "resume.json").read_text("utf-8")
        assert "900k RPS" in pdf_text(site.html / "resume.pdf")
        assert before != (site.html / "resume.pdf").read_bytes()
        shown = soup(site, "resume.html").select_one(".resume-hash").get_text()
        assert Resume.load(data).short_hash == shown

    def test_bad_data_fails_with_cli_message(self, tmp_path: Path) -> None:
        """Invalid data stops the build with exactly the CLI's file:line:col messages."""
        src = make_project(tmp_path, {"index.md": "# Roles\n\n```{resume-timeline}\n```\n"})
        data = src / "resume.yaml"
        data.write_text(
            data.read_text("utf-8").replace('startDate: "2021-07"', 'startDate: "2021-13"'),
            encoding="utf-8",
        )
        before = data.read_bytes()
        cli = subprocess.run(
            [sys.executable, "-m", "portfolio.resume", "check", str(data)],
            capture_output=True,
            text=True,
            check=False,
        )
        build = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "o")],
            capture_output=True,
            text=True,
            check=False,
        )
        message = cli.stderr.splitlines()[0]
        assert "work[1].startDate: '2021-13' is not a date" in message
        assert 0 != build.returncode
        assert f"ERROR: {message} [resume.data]" in build.stderr.splitlines()
        assert not (tmp_path / "o" / "resume.pdf").exists()
        assert before == data.read_bytes()

    def test_unknown_highlight_id_is_a_build_error(self, tmp_path: Path) -> None:
        """A ``:highlights:`` id that the data lacks is reported with the known ids."""
        page = "# OpenAI\n\n```{resume-role} openai\n:highlights: gpu\n```\n"
        src = make_project(tmp_path, {"index.md": page})
        build = subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(tmp_path / "o")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert "role 'openai' has no highlight 'gpu' (known: gpu-scheduling)" in build.stderr


class TestConfig:
    """Tests for the ``resume_*`` config values (each runs Sphinx: a few seconds)."""

    def test_phone_published_everywhere_when_turned_on(self, tmp_path: Path) -> None:
        """With the phone public and paper "A4", the page, JSON, JSON-LD and PDF all show it."""
        src = make_project(tmp_path)
        (src / "conf.py").write_text(
            CONF + 'resume_public_contact = ["email", "phone", "github"]\nresume_paper = "A4"\n',
            encoding="utf-8",
        )
        phone = "555-0134"  # made up: the committed data holds no phone number
        data = src / "resume.yaml"
        text = data.read_text("utf-8").replace("\nbasics:\n", f"\nbasics:\n  phone: {phone}\n", 1)
        data.write_text(text, "utf-8")
        site = build_site(src, tmp_path / "out")
        hrefs = {a["href"] for a in soup(site, "index.html").select(".resume-contact a")}
        assert "tel:5550134" in hrefs
        assert phone in soup(site, "resume.html").select_one(".resume-full").get_text()
        assert (
            phone == json.loads((site.html / "resume.json").read_text("utf-8"))["basics"]["phone"]
        )
        ld = json.loads((site.html / "resume.jsonld").read_text("utf-8"))
        assert phone == ld["telephone"]
        head = soup(site, "index.html").head.find("script", type="application/ld+json")
        assert phone == json.loads(head.string)["telephone"]
        assert phone in pdf_text(site.html / "resume.pdf")
        reader = pypdf.PdfReader(io.BytesIO((site.html / "resume.pdf").read_bytes()))
        assert pytest.approx(595, abs=1) == float(reader.pages[0].mediabox.width)

    @pytest.mark.parametrize(
        ("override", "message"),
        [
            ("resume_paper=legal", "resume_paper must be one of ['letter', 'a4'], got 'legal'"),
            ("resume_public_contact=email,fax", "resume_public_contact must be a list drawn from"),
        ],
    )
    def test_bad_value_stops_the_build(self, tmp_path: Path, override: str, message: str) -> None:
        """A bad ``resume_*`` value fails the build with a message naming the value."""
        src = make_project(tmp_path, {"index.md": "# Roles\n\n```{resume-timeline}\n```\n"})
        build = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-D",
                override,
                "-b",
                "html",
                str(src),
                str(tmp_path / "o"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 0 != build.returncode
        assert message in build.stderr
        assert not (tmp_path / "o" / "resume.pdf").exists()
