"""The engine serves anyone's résumé: a site for another person, with every directive.

The upstream JSON Resume sample (Richard Hendriks, a fictional person; MIT, vendored in
``tests/data/jsonresume/``) gets the project's required ``x-`` fields added mechanically, and a
small site uses every ``resume-*`` directive on it. The build must pass with zero warnings, export
that person's JSON and PDF, and show nothing of the owner's résumé: proof that
``portfolio.resume`` and ``portfolio.sphinxext`` hold no text about him.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup

from portfolio.sphinxext import DIRECTIVES
from tests.helpers import DATA, BuiltSite, build_site

SAMPLE = DATA / "jsonresume" / "sample.resume.json"
# The data file gets its own name, so the hash line and the PDF footer must name it.
DATA_FILE = "hendriks.yaml"
CONF = f"""\
extensions = ["myst_parser", "sphinx_design", "portfolio.sphinxext"]
html_theme = "basic"
exclude_patterns = ["_build"]
resume_data = "{DATA_FILE}"
"""
# Words of the owner's résumé (names, employers, places, its own headings and wording) that no
# page, export or PDF of another person's site may hold.
OWNER_WORDS = (
    "Peter", "Zhao", "pzhao", "OpenAI", "Roblox", "Williams", "De-Generate", "SWELL",
    "Firestone", "Research internship", "research at", "Girvan", "Budapest", "Acquincum",
    "Technical Skills", "Additional Experience", "Relevant Coursework", "Study Abroad",
    "resume.yaml",
)  # fmt: skip
# A code sample's package for the ``:sample:`` option; the test site has a page for it.
SAMPLE_PACKAGE = "demo"


def slug(text: str) -> str:
    """Lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def with_extras(data: dict[str, Any]) -> dict[str, Any]:
    """The sample plus the ``x-`` fields the engine reads, derived from the sample's own fields.

    Every branch of the renderer gets input: the volunteer entry becomes a second role, the
    publication a project tied to the first role (``x-work``), the first school also a
    study-abroad entry, and the awards gain one line of each kind, each worded from the sample's
    own text. The first role's bullets get skills, a project, a lost ``[text](#)`` link and a
    metric (whose text is in the bullet); the project gets skills.
    """
    out = json.loads(json.dumps(data))
    out.pop("$schema", None)
    volunteer = out["volunteer"][0]
    out["work"].append(
        {
            "name": volunteer["organization"],
            "position": volunteer["position"],
            "startDate": volunteer["startDate"],
            "endDate": volunteer["endDate"],
            "highlights": volunteer["highlights"],
        }
    )
    for work in out["work"]:
        work["x-slug"] = slug(work["name"])
        work["x-page"] = f"work/{work['x-slug']}"
        work["x-highlights"] = [{"id": f"h{i}"} for i, _ in enumerate(work["highlights"])]
    publication = out["publications"][0]
    out["projects"].append(
        {
            "name": publication["name"],
            "description": publication["summary"],
            "x-work": out["work"][0]["x-slug"],
        }
    )
    for project in out["projects"]:
        project["x-slug"] = slug(project["name"])
        project["x-page"] = f"projects/{project['x-slug']}"
    school = out["education"][0]
    out["education"].append(
        {
            "institution": school["institution"],
            "startDate": school["startDate"],
            "x-location": out["basics"]["location"]["city"],
            "x-term": school["startDate"][:4],
        }
    )
    for i, school in enumerate(out["education"]):
        school["x-slug"] = f"{slug(school['institution'])}-{i}"
        school["x-kind"] = "degree" if i == 0 else "study-abroad"
    for group in out["skills"]:
        group["x-slug"] = slug(group["name"])
        group["x-slugs"] = [slug(k) for k in group["keywords"]]
    first = out["work"][0]
    won = first["highlights"][1]  # "Successfully won Techcrunch Disrupt"
    event = won.split("won ", 1)[1]
    first["highlights"][1] = won.replace(event, f"[{event}](#)")
    bullets = first["x-highlights"]
    bullets[0].update(skills=["mpeg", "mp4"], projects=[out["projects"][1]["x-slug"]])
    bullets[1].update(links=[event], skills=["javascript"])
    bullets[2]["metrics"] = [
        {"text": "world record", "value": 1, "unit": "record", "label": "Weisman Scores"}
    ]
    out["projects"][0]["x-skills"] = ["javascript"]
    project = out["projects"][0]
    out["awards"] += [
        {"title": f"**{volunteer['position']}** at {volunteer['organization']}"},
        {"title": f"{project['roles'][0]} of {project['name']}"},
        {"title": won},
    ]
    for award, kind in zip(
        out["awards"], ("honor", "teaching", "leadership", "competition"), strict=True
    ):
        award["x-slug"] = slug(award["title"])
        award["x-kind"] = kind
    return out


def directive(
    name: str, *args: str, options: dict[str, str] | None = None, content: str = ""
) -> str:
    """A MyST directive block."""
    head = " ".join([f"{{{name}}}", *args])
    lines = "".join(f":{k}: {v}\n" for k, v in (options or {}).items())
    return f"```{head}\n{lines}{content}```\n"


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, dict[str, Any]]:
    """The small site for the sample's person, built once for this module."""
    root = tmp_path_factory.mktemp("other")
    src = root / "docs"
    data = with_extras(json.loads(SAMPLE.read_text(encoding="utf-8")))
    (src / "work").mkdir(parents=True)
    (src / "projects").mkdir()
    (src / "samples" / SAMPLE_PACKAGE).mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / DATA_FILE).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    work, project, tied = data["work"][0], data["projects"][0], data["projects"][1]
    role = work["x-slug"]
    uses = {
        "resume-contact": directive("resume-contact"),
        "resume-metrics": directive("resume-metrics")
        + "\n"
        + directive("resume-metrics", options={"role": role}),
        "resume-timeline": directive("resume-timeline"),
        "resume-downloads": directive("resume-downloads"),
        "resume-cards": directive("resume-cards", "roles")
        + "\n"
        + directive("resume-cards", "projects")
        + "\n"
        + directive(
            "resume-cards",
            "projects",
            content=f"{project['x-slug']} {SAMPLE_PACKAGE}\n{tied['x-slug']}\n",
        ),
        "resume-skills-matrix": directive("resume-skills-matrix", options={"heading-level": "3"}),
        "resume-education": directive("resume-education", options={"heading-level": "3"}),
        "resume-honors": directive("resume-honors")
        + "\n"
        + directive("resume-honors", options={"kind": "teaching leadership"}),
        "resume-full": directive("resume-full", options={"class": "printable"}),
        "resume-role": directive("resume-role", role)
        + "\n"
        + directive("resume-role", role, options={"highlights": "h0 h2", "heading-level": "4"})
        + "\n"
        + directive("resume-role", data["work"][1]["x-slug"], options={"highlights": "none"}),
        "resume-highlight": directive("resume-highlight", role, "h0"),
        "resume-project": directive("resume-project", project["x-slug"])
        + "\n"
        + directive("resume-project", tied["x-slug"], options={"heading-level": "3"})
        + "\n"
        + directive("resume-project", project["x-slug"], options={"sample": SAMPLE_PACKAGE})
        + "\n"
        + directive("resume-project", tied["x-slug"], options={"sample": SAMPLE_PACKAGE}),
        "resume-schema-fields": directive("resume-schema-fields"),
        "resume-schema-required": directive("resume-schema-required"),
    }
    assert set(DIRECTIVES) == set(uses), "every directive must be exercised here"
    pages = [w["x-page"] for w in data["work"]] + [p["x-page"] for p in data["projects"]]
    pages.append(f"samples/{SAMPLE_PACKAGE}/index")
    for page in pages:
        (src / f"{page}.md").write_text(f"# {page}\n", encoding="utf-8")
    for w in data["work"]:  # a role's page holds its bullets, so links to a bullet resolve
        text = f"# {w['name']}\n\n{directive('resume-role', w['x-slug'])}"
        (src / f"{w['x-page']}.md").write_text(text, encoding="utf-8")
    body = "\n".join(f"## {name}\n\n{block}" for name, block in uses.items())
    toctree = directive("toctree", content=":hidden:\n\n" + "\n".join(pages) + "\n")
    name = data["basics"]["name"]
    (src / "index.md").write_text(f"# {name}\n\n{body}\n{toctree}", encoding="utf-8")
    return build_site(src, root / "out"), data


def soup(site: BuiltSite) -> BeautifulSoup:
    """The landing page, parsed."""
    return BeautifulSoup(site.page("index.html"), "html.parser")


class TestAnotherPerson:
    """Tests for a site built from someone else's JSON Resume."""

    def test_builds_without_warnings(self, other: tuple[BuiltSite, dict[str, Any]]) -> None:
        """The strict build (-n -W) passed and printed no warning."""
        site, _ = other
        assert "" == site.warnings.strip()

    def test_pages_show_that_person(self, other: tuple[BuiltSite, dict[str, Any]]) -> None:
        """The landing page names the person, the employer, the project and the school."""
        site, data = other
        text = site.page("index.html")
        for fact in (
            data["basics"]["name"],
            data["work"][0]["name"],
            data["projects"][0]["name"],
            data["education"][0]["institution"],
        ):
            assert fact in text

    def test_nothing_of_the_owner(self, other: tuple[BuiltSite, dict[str, Any]]) -> None:
        """No built page, export or PDF holds a word of the owner's résumé."""
        site, _ = other
        found = {}
        for path in site.html.rglob("*"):
            if path.suffix in {".html", ".json", ".jsonld", ".js"}:
                text = path.read_text("utf-8", errors="replace")
            elif path.suffix == ".pdf":
                text = " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
            else:
                continue
            if hits := [w for w in OWNER_WORDS if w in text]:
                found[str(path.relative_to(site.html))] = hits
        assert {} == found

    def test_exports_are_that_person(self, other: tuple[BuiltSite, dict[str, Any]]) -> None:
        """resume.json, resume.jsonld and resume.pdf are the sample person's."""
        site, data = other
        name = data["basics"]["name"]
        exported = json.loads((site.html / "resume.json").read_text("utf-8"))
        assert name == exported["basics"]["name"]
        assert name == json.loads((site.html / "resume.jsonld").read_text("utf-8"))["name"]
        pdf = pypdf.PdfReader(Path(site.html / "resume.pdf"))
        assert name in pdf.pages[0].extract_text()

    def test_every_branch_rendered(self, other: tuple[BuiltSite, dict[str, Any]]) -> None:
        """The enriched data reaches the page through each branch of the renderer."""
        site, data = other
        page = soup(site)
        text = " ".join(page.get_text(" ").split())
        work, tied = data["work"][0], data["projects"][1]
        # a project tied to a role names the role, with the neutral label
        role_line = page.select_one(".resume-project-role")
        assert role_line is not None
        assert f"Role: {work['position']}, {work['name']}" in role_line.get_text()
        # the study-abroad entry, under the degree and in the timeline, neutral label
        abroad = page.select(".resume-study-abroad")
        assert abroad
        assert "Study abroad: University of Oklahoma in San Francisco - 2011" in " ".join(
            abroad[0].get_text().split()
        )
        # the metric card links to its bullet's anchor on the role's page
        metric = page.select_one(".resume-metric a")
        assert metric is not None
        assert metric["href"] == f"{work['x-page']}.html#hl-{work['x-slug']}-h2"
        # the lost link is plain text, never an empty or "#" link
        assert "Successfully won Techcrunch Disrupt" in text
        assert not page.select('.body a[href="#"]')
        # skill badges link to the matrix; the matrix shows evidence for a tied skill
        assert page.select_one('.resume-skills a[href="#skill-mpeg"]') is not None
        evidence = page.select_one(".resume-skill-evidence")
        assert evidence is not None
        assert "Miss Direction" in evidence.get_text()
        # every kind of award, and the :kind: filter keeps two
        kinds = {c for li in page.select(".resume-honors li") for c in li["class"]}
        assert {
            "resume-honor",
            "resume-teaching",
            "resume-leadership",
            "resume-competition",
        } <= kinds
        filtered = page.select("section#resume-honors .resume-honors")[1].select("li")
        assert 2 == len(filtered)
        # :highlights: none shows the header only; :highlights: h0 h2 two bullets
        roles = page.select("section#resume-role .resume-role")
        assert [3, 2, 0] == [len(r.select(".resume-highlight")) for r in roles]
        # :sample: names the package and says what the original was
        samples = page.select("section#resume-project .resume-sample-line")
        assert "a Javascript project" in samples[0].get_text()
        assert f"work at {work['name']}" in " ".join(samples[1].get_text().split())
        assert page.select_one(f'a[href="samples/{SAMPLE_PACKAGE}/index.html"]') is not None
        # headings of the one-page résumé are the neutral defaults
        titles = [h.get_text() for h in page.select(".resume-full .resume-section-title")]
        assert ["Education", "Skills", "Experience", "Projects", "Awards"] == titles
        assert "printable" in page.select_one(".resume-full")["class"]
        assert tied["name"] in text

    def test_data_file_named_from_the_input(self, other: tuple[BuiltSite, dict[str, Any]]) -> None:
        """The hash line and the PDF footer name the data file the site was built from."""
        site, _ = other
        assert f"SHA-256 of {DATA_FILE}" in site.page("index.html")
        pdf = pypdf.PdfReader(Path(site.html / "resume.pdf"))
        assert f"Generated from {DATA_FILE}" in " ".join(p.extract_text() for p in pdf.pages)
