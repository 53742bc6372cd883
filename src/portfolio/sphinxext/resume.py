"""Directives that render ``docs/resume.yaml``, and the build step that writes its exports."""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError, SphinxError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx_design.shared import PassthroughTextElement, create_component

from portfolio.resume import Resume, ResumeValidationError
from portfolio.resume.dates import format_range, parse_date
from portfolio.resume.loader import overlay_path
from portfolio.resume.markup import parse_inline
from portfolio.resume.model import CONTACT_FIELDS, Education, Highlight, Metric, Project, Role

__all__ = ["DOWNLOADS", "PAPERS", "ResumeDataError", "ResumeDomain", "resume_link", "setup"]

logger = logging.getLogger(__name__)

#: Files the build writes at the site's root: name -> link text.
DOWNLOADS = {
    "resume.pdf": "Résumé (PDF)",
    "resume.json": "JSON Resume",
    "resume.jsonld": "JSON-LD",
}
#: ``resume_paper`` values and the Typst paper each selects.
PAPERS = {"letter": "us-letter", "a4": "a4"}

_CACHE: dict[Path, tuple[int, int, Resume | ResumeValidationError]] = {}


class ResumeDataError(SphinxError):
    """The résumé data is invalid; ``errors`` holds every ``file:line:col`` message."""

    category = "Résumé data error"

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def data_path(app_or_env: Sphinx | BuildEnvironment) -> Path:
    """The data file named by ``resume_data``, relative to the source directory."""
    name: str = app_or_env.config.resume_data
    return Path(app_or_env.srcdir) / name


def load_resume(path: Path) -> Resume:
    """Load ``path`` once per process and content (mtime + size keyed cache)."""
    stat = path.stat()
    cached = _CACHE.get(path)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        result = cached[2]
    else:
        try:
            result = Resume.load(path)
        except ResumeValidationError as exc:
            result = exc
        _CACHE[path] = (stat.st_mtime_ns, stat.st_size, result)
    if isinstance(result, ResumeValidationError):
        raise ResumeDataError([str(e) for e in result.errors])
    return result


# -- cross-page links ----------------------------------------------------------------
class resume_link(nodes.Inline, nodes.TextElement):
    """A link resolved at write time: to a page, a skill's matrix row, or a download.

    ``resume_kind`` is ``page`` (``resume_target`` a docname, optional ``resume_anchor``),
    ``skill`` (a skill slug) or ``file`` (a file at the site's root). Unresolvable links become
    plain text, never an empty or ``#`` link.
    """


def _link(
    kind: str,
    target: str,
    children: Sequence[nodes.Node] | str,
    *,
    anchor: str | None = None,
    classes: Iterable[str] = (),
) -> resume_link:
    kids = [nodes.Text(children)] if isinstance(children, str) else list(children)
    node = resume_link("", "", *kids, classes=list(classes))
    node["resume_kind"], node["resume_target"] = kind, target
    if anchor:
        node["resume_anchor"] = anchor
    return node


class ResumeDomain(Domain):
    """Remembers, per document, which anchors the directives emitted and where the matrix is."""

    name = "resume"
    label = "Résumé"
    initial_data: ClassVar[dict[str, Any]] = {"anchors": {}, "matrix": {}}

    @property
    def anchors(self) -> dict[str, list[str]]:
        """docname -> anchors emitted there."""
        data: dict[str, list[str]] = self.data["anchors"]
        return data

    @property
    def matrix_docs(self) -> dict[str, bool]:
        """docnames holding a ``resume-skills-matrix``."""
        data: dict[str, bool] = self.data["matrix"]
        return data

    def note_anchor(self, docname: str, anchor: str) -> None:
        """Record that ``anchor`` exists on ``docname``."""
        self.anchors.setdefault(docname, []).append(anchor)

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` emitted (it is being re-read)."""
        self.anchors.pop(docname, None)
        self.matrix_docs.pop(docname, None)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        """Merge a parallel reader's data for ``docnames``."""
        for docname in docnames:
            if docname in otherdata["anchors"]:
                self.anchors[docname] = otherdata["anchors"][docname]
            if docname in otherdata["matrix"]:
                self.matrix_docs[docname] = True

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        """This domain has no roles, so ``:any:`` never resolves here."""
        return []


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn every :class:`resume_link` into a reference, or plain text if it has no target."""
    env = app.env
    domain = env.get_domain("resume")
    assert isinstance(domain, ResumeDomain)
    for node in list(doctree.findall(resume_link)):
        kind, target = node["resume_kind"], node["resume_target"]
        uri: str | None = None
        if kind == "page":
            anchor = node.get("resume_anchor")
            if target not in env.all_docs:
                logger.warning(
                    "résumé data names page %r, which does not exist",
                    target,
                    location=node,
                    type="resume",
                    subtype="missing-page",
                )
            elif anchor and anchor in domain.anchors.get(target, ()):
                uri = app.builder.get_relative_uri(docname, target) + "#" + anchor
                if target == docname:
                    uri = "#" + anchor
            elif target != docname:
                uri = app.builder.get_relative_uri(docname, target)
        elif kind == "skill":
            matrix = sorted(domain.matrix_docs)
            if matrix:
                base = (
                    "" if matrix[0] == docname else app.builder.get_relative_uri(docname, matrix[0])
                )
                uri = f"{base}#skill-{target}"
        else:
            uri = relative_uri(app.builder.get_target_uri(docname), target)
        new: nodes.Element
        if uri is None:
            new = nodes.inline("", "", *node.children, classes=node["classes"])
        else:
            new = nodes.reference(
                "", "", *node.children, refuri=uri, internal=True, classes=node["classes"]
            )
        node.replace_self(new)


# -- rendering helpers -----------------------------------------------------------------
def inline(text: str) -> list[nodes.Node]:
    """Render the source's Markdown: bold, links with an address, lost links as plain text."""
    out: list[nodes.Node] = []
    for span in parse_inline(text):
        node: nodes.Node = nodes.Text(span.text)
        if span.url:
            node = nodes.reference("", "", node, refuri=span.url)
        if span.bold:
            node = nodes.strong("", "", node)
        out.append(node)
    return out


def heading(
    text: str | Sequence[nodes.Node], level: int, classes: Sequence[str] = ()
) -> nodes.rubric:
    """A heading (``h2``-``h6``) that stays out of the page's table of contents."""
    kids = [nodes.Text(text)] if isinstance(text, str) else list(text)
    node = nodes.rubric("", "", *kids, classes=list(classes))
    node["heading-level"] = level
    return node


def para(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of nodes and strings."""
    kids = [nodes.Text(c) if isinstance(c, str) else c for c in children]
    return nodes.paragraph("", "", *kids, classes=list(classes))


def _level(value: str) -> int:
    return int(directives.choice(value, ("2", "3", "4", "5", "6")))


def _package(value: str | None) -> str:
    """A code sample's package name under ``portfolio`` (``filters``, ``swell``)."""
    name = (value or "").strip()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"expected a package name such as 'filters', got {name!r}")
    return name


#: sphinx-design's badge classes, for skill badges.
BADGE = ("sd-badge", "sd-bg-secondary", "sd-bg-text-secondary")


def short_name(skill: str) -> str:
    """A skill keyword without its parenthesised list (``Kubernetes (Kubeflow, ...)``).

    Examples
    --------
    >>> short_name("Kubernetes (Kubeflow, Argo, Istio, Cilium)"), short_name("C#")
    ('Kubernetes', 'C#')
    """
    return skill.split(" (", 1)[0]


def _grid_row(
    parent: nodes.Element, columns: tuple[int, int, int, int], classes: Sequence[str] = ()
) -> nodes.container:
    """A sphinx-design grid inside ``parent``; returns its row (columns: xs, sm, md, lg)."""
    grid = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", *classes]
    )
    xs, sm, md, lg = columns
    row = create_component(
        "grid-row",
        [
            "sd-row",
            f"sd-row-cols-{xs}",
            f"sd-row-cols-xs-{xs}",
            f"sd-row-cols-sm-{sm}",
            f"sd-row-cols-md-{md}",
            f"sd-row-cols-lg-{lg}",
            "sd-g-2",
            "sd-g-xs-2",
            "sd-g-sm-2",
            "sd-g-md-2",
            "sd-g-lg-2",
        ],
    )
    grid += row
    parent += grid
    return row


def _grid_item(card: nodes.Element) -> nodes.container:
    column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
    column += card
    return column


def _card(body: nodes.Element, *classes: str) -> nodes.container:
    card = create_component(
        "card", ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", *classes]
    )
    card += body
    return card


class ResumeDirective(SphinxDirective, ABC):
    """Base: loads the data, notes the dependency, and gives every directive shared helpers."""

    option_spec: ClassVar[dict[str, Any]] = {
        "heading-level": _level,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Render, or render nothing when the data is invalid (the build already failed)."""
        try:
            return self.render()
        except ResumeDataError:
            return []

    @abstractmethod
    def render(self) -> list[nodes.Node]:
        """The directive's nodes; subclasses implement it."""

    @property
    def resume(self) -> Resume:
        """The data (loaded once per process); the page now depends on the data file."""
        path = data_path(self.env)
        self.env.note_dependency(str(path))
        return load_resume(path)

    @property
    def level(self) -> int:
        """The heading level for this directive's headings (default ``h2``)."""
        return int(self.options.get("heading-level", 2))

    @property
    def domain(self) -> ResumeDomain:
        """The résumé domain (anchors per page)."""
        domain = self.env.get_domain("resume")
        assert isinstance(domain, ResumeDomain)
        return domain

    def claim(self, node: nodes.Element, anchor: str) -> None:
        """Give ``node`` the id ``anchor`` unless the page already has it."""
        if anchor in self.state.document.ids:
            return
        node["ids"].append(anchor)
        self.state.document.ids[anchor] = node
        self.domain.note_anchor(self.env.docname, anchor)

    def container(self, *classes: str) -> nodes.container:
        """The outer ``div`` with the directive's classes plus ``:class:``."""
        node = nodes.container(classes=[*classes, *self.options.get("class", [])])
        self.set_source_info(node)
        return node

    def role_or_error(self, slug: str) -> Role:
        try:
            return self.resume.role(slug)
        except KeyError as exc:
            raise self.error(exc.args[0]) from None

    def project_or_error(self, slug: str) -> Project:
        try:
            return self.resume.project(slug)
        except KeyError as exc:
            raise self.error(exc.args[0]) from None

    # -- shared pieces ------------------------------------------------------------------
    def badges(self, skills: Iterable[str]) -> nodes.paragraph | None:
        """Skill badges that link to the skills page.

        A badge shows the skill's short name (``Kubernetes``, not the keyword's parenthesised
        list): a bullet that names Kubernetes ties only Kubernetes to its role.
        """
        known = self.resume.skills
        items: list[nodes.Node] = []
        for slug in skills:
            if items:
                items.append(nodes.Text(" "))
            items.append(
                _link(
                    "skill",
                    slug,
                    short_name(known[slug].name),
                    classes=[*BADGE, "resume-skill"],
                )
            )
        if not items:
            return None
        return para("Skills: ", *items, classes=["resume-skills"])

    def highlight_item(self, h: Highlight) -> nodes.list_item:
        """One bullet with the stable id ``hl-<work>-<id>``."""
        item = nodes.list_item("", para(*inline(h.text)), classes=["resume-highlight"])
        self.claim(item, h.anchor)
        return item

    def role_block(self, role: Role, which: Sequence[str] | None, level: int) -> nodes.container:
        """Header (title, employer, place, dates), bullets and skill badges."""
        box = self.container("resume-role")
        box += heading(role.position, level, ["resume-role-title"])
        employer = _link("page", role.page, role.name, classes=["resume-employer"])
        meta: list[nodes.Node | str] = [employer]
        if role.location:
            meta += [" · ", nodes.inline("", role.location, classes=["resume-location"])]
        box += para(*meta, classes=["resume-role-meta"])
        dates = format_range(role.start, role.end)
        box += para(
            nodes.inline("", dates, classes=["resume-dates"]), classes=["resume-role-dates"]
        )
        chosen = role.highlights if which is None else tuple(role.highlight(i) for i in which)
        if chosen:
            box += nodes.bullet_list(
                "", *(self.highlight_item(h) for h in chosen), classes=["resume-highlights"]
            )
        badges = self.badges(dict.fromkeys(s for h in chosen for s in h.skills))
        if badges is not None:
            box += badges
        return box

    def original_of(self, project: Project) -> list[nodes.Node | str]:
        """What the original project was, from the data: its language, or its role."""
        names = [short_name(self.resume.skills[s].name) for s in project.skills]
        if names:
            return [f"a {' and '.join(names)} project"]
        if project.work:
            role = self.resume.role(project.work)
            return ["research at ", _link("page", role.page, role.name)]
        return ["the project described above"]

    def sample_line(self, project: Project, sample: str) -> nodes.paragraph:
        """One visible line: ``portfolio.<sample>`` is a re-implementation, and the original."""
        package = f"portfolio.{sample}"
        return para(
            nodes.strong("", "Code sample: "),
            _link("page", f"samples/{sample}/index", [nodes.literal("", package)]),
            " is a Python re-implementation written for this site, not the original code. "
            "The original was ",
            *self.original_of(project),
            ".",
            classes=["resume-sample-line"],
        )

    def project_block(
        self, project: Project, level: int | None, sample: str | None = None
    ) -> nodes.container:
        """Name, the source's one-line description, skill badges; SWELL names its role.

        With ``sample`` (a package under ``portfolio``), a line says that the code sample is a
        re-implementation written for this site, and what the original was.
        """
        box = self.container("resume-project")
        name = _link("page", project.page, project.name)
        if level is not None:
            box += heading([name], level, ["resume-project-name"])
            box += para(project.description, classes=["resume-project-description"])
        elif sample:  # on the project's own page: the title names it, this says what it was
            box += para(
                nodes.strong("", "Original: "),
                project.description,
                classes=["resume-project-description"],
            )
        else:
            box += para(
                nodes.strong("", "", name, nodes.Text(":")),
                " ",
                project.description,
                classes=["resume-project-description"],
            )
        if project.work:
            role = self.resume.role(project.work)
            box += para(
                "Research internship: ",
                _link("page", role.page, f"{role.position}, {role.name}"),
                f" ({format_range(role.start, role.end)})",
                classes=["resume-project-role"],
            )
        badges = self.badges(project.skills)
        if badges is not None:
            box += badges
        if sample:
            box += self.sample_line(project, sample)
        return box

    def contact_para(self) -> nodes.paragraph:
        """The public contact fields, joined by `` · ``."""
        labels = {"email": "Email", "phone": "Phone", "github": "GitHub"}
        parts: list[nodes.Node | str] = []
        for kind, text, url in self.resume.contact(self.config.resume_public_contact):
            if parts:
                parts.append(" · ")
            parts.append(nodes.inline("", f"{labels[kind]}: ", classes=["resume-label"]))
            parts.append(nodes.reference("", text, refuri=url) if url else nodes.Text(text))
        return para(*parts, classes=["resume-contact-line"])

    def downloads_list(self, *, with_hash: bool) -> nodes.Element:
        """Links to the exports; optionally the content hash the PDF also carries."""
        items = [
            nodes.list_item("", para(_link("file", name, text))) for name, text in DOWNLOADS.items()
        ]
        listing = nodes.bullet_list("", *items, classes=["resume-downloads"])
        if not with_hash:
            return listing
        box = self.container("resume-downloads-box")
        box += listing
        box += para(
            "Data hash (SHA-256 of resume.yaml, also in the PDF's footer and metadata): ",
            nodes.literal("", self.resume.short_hash, classes=["resume-hash"]),
            classes=["resume-hash-line"],
        )
        return box

    def education_block(self, level: int) -> list[nodes.Node]:
        """Degrees with place, dates and coursework; the study-abroad term under its degree."""
        out: list[nodes.Node] = []
        for e in self.resume.education:
            if e.kind == "study-abroad":
                continue
            box = self.container("resume-education")
            box += heading(e.institution, level, ["resume-institution"])
            if e.degrees:
                box += para(", ".join(e.degrees) + ".", classes=["resume-degrees"])
            meta: list[nodes.Node | str] = []
            if e.location:
                meta += [nodes.inline("", e.location, classes=["resume-location"]), " · "]
            meta.append(nodes.inline("", format_range(e.start, e.end), classes=["resume-dates"]))
            box += para(*meta, classes=["resume-education-meta"])
            if e.courses:
                box += para(
                    nodes.strong("", "Relevant Coursework:"),
                    " " + ", ".join(e.courses),
                    classes=["resume-coursework"],
                )
            for abroad in self.resume.education:
                if abroad.kind == "study-abroad":
                    box += self.study_abroad(abroad)
            out.append(box)
        return out

    def study_abroad(self, e: Education) -> nodes.paragraph:
        """``Study Abroad: <institution> in <place> - <term>`` as the source writes it."""
        where = f" in {e.location}" if e.location else ""
        term = f" - {e.term}" if e.term else ""
        node = para(
            nodes.strong("", "Study Abroad:"),
            f" {e.institution}{where}{term}",
            classes=["resume-study-abroad"],
        )
        self.claim(node, f"education-{e.slug}")
        return node

    def honors_list(self, kinds: Sequence[str] | None) -> nodes.bullet_list:
        """The "Additional experience & achievements" lines, optionally of some kinds only."""
        items = []
        for a in self.resume.awards:
            if kinds is None or a.kind in kinds:
                item = nodes.list_item("", para(*inline(a.title)), classes=[f"resume-{a.kind}"])
                self.claim(item, f"award-{a.slug}")
                items.append(item)
        return nodes.bullet_list("", *items, classes=["resume-honors"])

    def skills_lines(self) -> nodes.bullet_list:
        """The grouped skills as the source lists them, each linked to its matrix row."""
        items = []
        for g in self.resume.skill_groups:
            parts: list[nodes.Node | str] = [nodes.strong("", f"{g.name}:"), " "]
            for i, s in enumerate(g.skills):
                if i:
                    parts.append(", ")
                parts.append(_link("skill", s.slug, s.name))
            items.append(nodes.list_item("", para(*parts)))
        return nodes.bullet_list("", *items, classes=["resume-skill-groups"])


# -- the directives -------------------------------------------------------------------
class ContactDirective(ResumeDirective):
    """``resume-contact``: public contact fields and the PDF/JSON downloads."""

    def render(self) -> list[nodes.Node]:
        box = self.container("resume-contact")
        box += self.contact_para()
        box += para(
            _link("file", "resume.pdf", DOWNLOADS["resume.pdf"]),
            " · ",
            _link("file", "resume.json", DOWNLOADS["resume.json"]),
            classes=["resume-contact-downloads"],
        )
        return [box]


class RoleDirective(ResumeDirective):
    """``resume-role <work-slug>``: the role header, its bullets and skill badges."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "highlights": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        role = self.role_or_error(self.arguments[0])
        choice = self.options.get("highlights", "all").split()
        which: list[str] | None
        if choice in ([], ["all"]):
            which = None
        elif choice == ["none"]:
            which = []
        else:
            known = [h.id for h in role.highlights]
            unknown = [c for c in choice if c not in known]
            if unknown:
                raise self.error(
                    f"role {role.slug!r} has no highlight {', '.join(map(repr, unknown))} "
                    f"(known: {', '.join(known)})"
                )
            which = choice
        return [self.role_block(role, which, self.level)]


class HighlightDirective(ResumeDirective):
    """``resume-highlight <work-slug> <highlight-id>``: one bullet, alone."""

    required_arguments = 2

    def render(self) -> list[nodes.Node]:
        role = self.role_or_error(self.arguments[0])
        try:
            h = role.highlight(self.arguments[1])
        except KeyError as exc:
            raise self.error(exc.args[0]) from None
        box = self.container("resume-highlight")
        self.claim(box, h.anchor)
        box += para(*inline(h.text), classes=["resume-highlight-text"])
        badges = self.badges(h.skills)
        if badges is not None:
            box += badges
        for slug in h.projects:
            project = self.resume.project(slug)
            box += para(
                "Project: ", _link("page", project.page, project.name), classes=["resume-related"]
            )
        return [box]


class ProjectDirective(ResumeDirective):
    """``resume-project <project-slug>``: name, the one-line description, skill badges.

    ``:sample: <package>`` adds the line that names the code sample ``portfolio.<package>`` as
    a re-implementation written for this site, and says what the original was.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "sample": _package,
    }

    def render(self) -> list[nodes.Node]:
        project = self.project_or_error(self.arguments[0])
        level = self.options.get("heading-level")
        return [
            self.project_block(project, int(level) if level else None, self.options.get("sample"))
        ]


class CardsDirective(ResumeDirective):
    """``resume-cards roles|projects``: a grid of cards, one per role or project.

    A role card shows the employer (linked to its page), the title, the dates and the place. A
    project card shows the name (linked), what the original was (the source's description) and,
    for each content line ``<project-slug> <package>``, its code sample. Only the projects named
    in the content are shown, in that order; without content, every project without a role.
    """

    required_arguments = 1
    has_content = True

    def render(self) -> list[nodes.Node]:
        kind = directives.choice(self.arguments[0], ("roles", "projects"))
        box = self.container("resume-cards", f"resume-cards-{kind}")
        row = _grid_row(box, (1, 1, 2, 2))
        if kind == "roles":
            for role in self.resume.roles:
                row += _grid_item(self.role_card(role))
        else:
            for project, sample in self.chosen_projects():
                row += _grid_item(self.project_card(project, sample))
        return [box]

    def chosen_projects(self) -> list[tuple[Project, str | None]]:
        """``(project, package)`` per content line, or every project without a role."""
        if not self.content:
            return [(p, None) for p in self.resume.projects if p.work is None]
        out: list[tuple[Project, str | None]] = []
        for line in self.content:
            if not line.strip():
                continue
            slug, *rest = line.split()
            if len(rest) > 1:
                raise self.error(f"resume-cards: expected '<project> [<package>]', got {line!r}")
            out.append((self.project_or_error(slug), _package(rest[0]) if rest else None))
        return out

    def role_card(self, role: Role) -> nodes.container:
        """Employer, title, dates and place."""
        body = create_component("card-body", ["sd-card-body"])
        body += para(
            _link("page", role.page, role.name),
            classes=["sd-card-title", "sd-font-weight-bold", "resume-card-title"],
        )
        body += para(role.position, classes=["sd-card-text", "resume-card-position"])
        meta = format_range(role.start, role.end)
        if role.location:
            meta += f" · {role.location}"
        body += para(meta, classes=["sd-card-text", "resume-card-meta"])
        return _card(body, "resume-card", "resume-role-card")

    def project_card(self, project: Project, sample: str | None) -> nodes.container:
        """Name, the original (the source's description) and the code sample."""
        body = create_component("card-body", ["sd-card-body"])
        body += para(
            _link("page", project.page, project.name),
            classes=["sd-card-title", "sd-font-weight-bold", "resume-card-title"],
        )
        body += para(
            nodes.inline("", "Original: ", classes=["resume-label"]),
            project.description,
            classes=["sd-card-text", "resume-card-original"],
        )
        if sample:
            body += para(
                nodes.inline("", "Code sample: ", classes=["resume-label"]),
                _link(
                    "page", f"samples/{sample}/index", [nodes.literal("", f"portfolio.{sample}")]
                ),
                ", a Python re-implementation written for this site",
                classes=["sd-card-text", "resume-card-sample"],
            )
        return _card(body, "resume-card", "resume-project-card")


class TimelineDirective(ResumeDirective):
    """``resume-timeline``: roles and education, newest first."""

    def render(self) -> list[nodes.Node]:
        entries: list[tuple[tuple[int, ...], nodes.list_item]] = []
        for r in self.resume.roles:
            item = nodes.list_item(
                "",
                para(
                    nodes.inline("", format_range(r.start, r.end), classes=["resume-dates"]),
                    " ",
                    nodes.strong("", "", _link("page", r.page, r.name)),
                    f": {r.position}",
                ),
                classes=["resume-timeline-role"],
            )
            entries.append((parse_date(r.start) or (0,), item))
        for e in self.resume.education:
            when = e.term if e.kind == "study-abroad" and e.term else format_range(e.start, e.end)
            label = ", ".join(e.degrees) if e.degrees else "Study Abroad"
            name: nodes.Node = (
                _link("page", e.page, e.institution) if e.page else nodes.Text(e.institution)
            )
            item = nodes.list_item(
                "",
                para(
                    nodes.inline("", when, classes=["resume-dates"]),
                    " ",
                    nodes.strong("", "", name),
                    f": {label}",
                ),
                classes=["resume-timeline-education"],
            )
            entries.append((parse_date(e.start or "0") or (0,), item))
        entries.sort(key=lambda pair: pair[0], reverse=True)
        box = self.container("resume-timeline")
        box += nodes.bullet_list(
            "", *(item for _, item in entries), classes=["resume-timeline-list"]
        )
        return [box]


class MetricsDirective(ResumeDirective):
    """``resume-metrics``: the headline figures as cards, under the role they belong to.

    Each group opens with the employer, the title and the dates, so a figure is never read as
    another role's. ``:role: <slug>`` shows one role's figures only, without that line (for the
    role's own page, whose header already says it).
    """

    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "role": directives.unchanged_required,
    }

    def render(self) -> list[nodes.Node]:
        box = self.container("resume-metrics-box")
        roles = self.resume.roles
        if "role" in self.options:
            roles = [self.role_or_error(self.options["role"].strip())]
        for role in roles:
            metrics = [m for h in role.highlights for m in h.metrics]
            if not metrics:
                continue
            group = nodes.container(classes=["resume-metrics-group"])
            if "role" not in self.options:  # on the role's own page its header says it
                group += para(
                    nodes.strong("", "", _link("page", role.page, role.name)),
                    f" · {role.position} · {format_range(role.start, role.end)}",
                    classes=["resume-metrics-role"],
                )
            row = _grid_row(group, (2, 2, 3, 3), classes=["resume-metrics"])
            for m in metrics:
                row += _grid_item(self.metric_card(role, m))
            box += group
        return [box]

    def metric_card(self, role: Role, m: Metric) -> nodes.container:
        """The figure, its label, and a link (covering the card) to its bullet."""
        h = role.highlight(m.highlight)
        body = create_component("card-body", ["sd-card-body"])
        body += para(
            m.text, classes=["sd-card-title", "sd-font-weight-bold", "resume-metric-value"]
        )
        body += para(m.label, classes=["sd-card-text", "resume-metric-label"])
        card = _card(body, "sd-card-hover", "resume-metric")
        card += PassthroughTextElement(
            "",
            "",
            _link(
                "page",
                role.page,
                [nodes.inline("", f"{m.text} at {role.name}")],
                anchor=h.anchor,
                classes=["sd-stretched-link", "sd-hide-link-text"],
            ),
        )
        return card


class SkillsMatrixDirective(ResumeDirective):
    """``resume-skills-matrix``: each group's skills as badges, then the evidence links.

    Every badge carries the anchor ``skill-<slug>``. A skill links to a role or project only where
    the data ties it to one (a highlight's or a project's skills); the others are plain badges.
    """

    def render(self) -> list[nodes.Node]:
        self.domain.matrix_docs[self.env.docname] = True
        box = self.container("resume-skills-matrix")
        for g in self.resume.skill_groups:
            box += heading(g.name, self.level, ["resume-skill-group"])
            badges: list[nodes.Node | str] = []
            evidence: list[nodes.Node] = []
            for s in g.skills:
                if badges:
                    badges.append(" ")
                badge = nodes.inline("", s.name, classes=[*BADGE, "resume-skill"])
                self.claim(badge, s.anchor)
                badges.append(badge)
                used = self.resume.evidence(s.slug)
                if used:
                    item: list[nodes.Node | str] = [nodes.strong("", short_name(s.name)), ": "]
                    for i, (page, label) in enumerate(used):
                        item += [", "] if i else []
                        item.append(_link("page", page, label))
                    evidence.append(nodes.list_item("", para(*item)))
            box += para(*badges, classes=["resume-skill-badges"])
            if evidence:
                box += nodes.bullet_list("", *evidence, classes=["resume-skill-evidence"])
        return [box]


class EducationDirective(ResumeDirective):
    """``resume-education``: degrees, coursework and the study-abroad term."""

    def render(self) -> list[nodes.Node]:
        return self.education_block(self.level)


class HonorsDirective(ResumeDirective):
    """``resume-honors``: honors, teaching, leadership, competition (``:kind:`` filters)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "kind": directives.unchanged,
    }

    def render(self) -> list[nodes.Node]:
        kinds = self.options.get("kind", "").split() or None
        return [self.honors_list(kinds)]


class DownloadsDirective(ResumeDirective):
    """``resume-downloads``: the PDF, JSON and JSON-LD, and the data's content hash."""

    def render(self) -> list[nodes.Node]:
        return [self.downloads_list(with_hash=True)]


class FullDirective(ResumeDirective):
    """``resume-full``: the whole résumé on one page, in the source's order (lean, printable)."""

    def render(self) -> list[nodes.Node]:
        level = self.level
        box = self.container("resume-full")
        # The page heading says "Résumé"; a printed résumé must still carry the person's name.
        box += para(nodes.strong("", self.resume.name), classes=["resume-name"])
        box += self.contact_para()

        def section(title: str, slug: str, *children: nodes.Node) -> None:
            part = nodes.container(classes=["resume-section", f"resume-section-{slug}"])
            part += heading(title, level, ["resume-section-title"])
            part.extend(children)
            box.append(part)

        section("Education", "education", *self.education_block(level + 1))
        section("Technical Skills", "skills", self.skills_lines())
        section(
            "Experience",
            "experience",
            *(self.role_block(r, None, level + 1) for r in self.resume.roles),
        )
        section(
            "Projects",
            "projects",
            *(self.project_block(p, None) for p in self.resume.projects if p.work is None),
        )
        section("Additional Experience & Achievements", "honors", self.honors_list(None))
        box += self.downloads_list(with_hash=True)
        return [box]


DIRECTIVES: dict[str, type[ResumeDirective]] = {
    "resume-contact": ContactDirective,
    "resume-role": RoleDirective,
    "resume-highlight": HighlightDirective,
    "resume-project": ProjectDirective,
    "resume-timeline": TimelineDirective,
    "resume-metrics": MetricsDirective,
    "resume-skills-matrix": SkillsMatrixDirective,
    "resume-education": EducationDirective,
    "resume-honors": HonorsDirective,
    "resume-downloads": DownloadsDirective,
    "resume-full": FullDirective,
    "resume-cards": CardsDirective,
}


# -- config, validation and exports -----------------------------------------------------
def on_config_inited(app: Sphinx, config: Config) -> None:
    """Validate the ``resume_*`` values once, with messages naming the value."""
    public = config.resume_public_contact
    if not isinstance(public, list | tuple) or not set(public) <= set(CONTACT_FIELDS):
        raise ConfigError(
            f"resume_public_contact must be a list drawn from {list(CONTACT_FIELDS)}, "
            f"got {public!r}"
        )
    if isinstance(config.resume_paper, str):
        config.resume_paper = config.resume_paper.lower()  # "A4" and "Letter" work too
    if config.resume_paper not in PAPERS:
        raise ConfigError(
            f"resume_paper must be one of {list(PAPERS)}, got {config.resume_paper!r}"
        )
    if not isinstance(config.resume_data, str) or not config.resume_data:
        raise ConfigError(
            f"resume_data must be a path relative to the source dir, got {config.resume_data!r}"
        )


def on_builder_inited(app: Sphinx) -> None:
    """Load and validate the data before any page is read: bad data stops the build."""
    path = data_path(app)
    if not path.is_file():
        raise ConfigError(f"resume_data: {path} is not a file")
    try:
        load_resume(path)
    except ResumeDataError as exc:
        for line in exc.errors:
            logger.error("%s", line, type="resume", subtype="data")
        logger.error(
            "%s is invalid (%d error%s): the pages render no résumé data, no export is written",
            path.name,
            len(exc.errors),
            "" if len(exc.errors) == 1 else "s",
            type="resume",
            subtype="data",
        )
        app.statuscode = 1
    check_overlay(path)


def check_overlay(path: Path) -> None:
    """Validate the private overlay beside the data, if the owner has one; never render it.

    The overlay (``resume.local.yaml``, git-ignored) feeds only the private PDF that
    ``make pdf-private`` writes. The site and its exports are built from the public data alone,
    so nothing in the overlay can be published; the build still checks it, so a typo there is
    reported with the overlay's file, line and field.
    """
    overlay = overlay_path(path)
    if not overlay.is_file():
        return
    try:
        Resume.load(path, overlay=overlay)
    except ResumeValidationError as exc:
        for error in exc.errors:
            logger.warning("%s", error, type="resume", subtype="overlay")


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Embed the JSON-LD ``Person`` in the landing page's ``<head>``."""
    if pagename != app.config.root_doc:
        return
    from portfolio.resume.export import to_jsonld

    try:
        resume = load_resume(data_path(app))
    except ResumeDataError:
        return
    data = to_jsonld(resume, app.config.resume_public_contact)
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<script type="application/ld+json">{text}</script>\n'
    )


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``resume.json``, ``resume.jsonld`` and ``resume.pdf`` into the HTML output."""
    if exception is not None or app.builder.format != "html":
        return
    from portfolio.resume.export import write_exports

    try:
        resume = load_resume(data_path(app))
    except ResumeDataError:
        return
    write_exports(
        resume,
        Path(app.outdir),
        public=app.config.resume_public_contact,
        paper=PAPERS[app.config.resume_paper],
        stamp=Path(app.doctreedir) / "resume-exports.stamp",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the config values, the domain, the directives and the build hooks."""
    app.add_config_value("resume_data", "resume.yaml", "env", types=frozenset({str}))
    app.add_config_value(
        "resume_public_contact", ["email", "github"], "env", types=frozenset({list, tuple})
    )
    app.add_config_value("resume_paper", "letter", "env", types=frozenset({str}))
    app.add_domain(ResumeDomain)
    app.add_node(resume_link)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    return {
        "version": "1",
        "env_version": 2,  # 2: no durations, skills as badges, figures grouped by role
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
