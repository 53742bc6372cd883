"""The directives: each parses its arguments and options and calls a render function.

:data:`DIRECTIVES` maps every directive name to its class, ``resume-schema-*`` included (those
render the data contract, from :mod:`portfolio.sphinxext.reference`).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from portfolio.resume.model import Project, Role
from portfolio.sphinxext import render
from portfolio.sphinxext.data import ResumeDataError, resume_for
from portfolio.sphinxext.links import ResumeDomain
from portfolio.sphinxext.reference import SchemaFieldsDirective, SchemaRequiredDirective
from portfolio.sphinxext.render import RenderContext

__all__ = ["DIRECTIVES", "ResumeDirective", "setup_directives"]


def heading_level(value: str) -> int:
    """``:heading-level:``: 2 to 6."""
    return int(directives.choice(value, ("2", "3", "4", "5", "6")))


def package(value: str | None) -> str:
    """A code sample's package name under ``portfolio`` (``filters``)."""
    name = (value or "").strip()
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"expected a package name such as 'filters', got {name!r}")
    return name


class ResumeDirective(SphinxDirective, ABC):
    """Base: loads the data (the page now depends on it) and makes the render context."""

    option_spec: ClassVar[dict[str, Any]] = {
        "heading-level": heading_level,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        """Render, or render nothing when the data is invalid (the build already failed)."""
        try:
            return self.render(self.context())
        except ResumeDataError:
            return []

    @abstractmethod
    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        """The directive's nodes; subclasses implement it."""

    def context(self) -> RenderContext:
        """The data, the options, and the helpers the render functions use."""
        return RenderContext(
            resume=resume_for(self.env),
            options=self.options,
            public=self.config.resume_public_contact,
            claim=self.claim,
            locate=self.set_source_info,
        )

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

    def role_or_error(self, ctx: RenderContext, slug: str) -> Role:
        """The role ``slug``, or a directive error naming the known ones."""
        try:
            return ctx.resume.role(slug)
        except KeyError as exc:
            raise self.error(exc.args[0]) from None

    def project_or_error(self, ctx: RenderContext, slug: str) -> Project:
        """The project ``slug``, or a directive error naming the known ones."""
        try:
            return ctx.resume.project(slug)
        except KeyError as exc:
            raise self.error(exc.args[0]) from None


class ContactDirective(ResumeDirective):
    """``resume-contact``: public contact fields and the PDF/JSON downloads."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return [render.contact(ctx)]


class RoleDirective(ResumeDirective):
    """``resume-role <work-slug>``: the role header, its bullets and skill badges.

    ``:highlights:`` is ``all`` (the default), ``none``, or highlight ids separated by spaces.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "highlights": directives.unchanged,
    }

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        role = self.role_or_error(ctx, self.arguments[0])
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
        return [render.role_block(ctx, role, which, ctx.level)]


class HighlightDirective(ResumeDirective):
    """``resume-highlight <work-slug> <highlight-id>``: one bullet, alone."""

    required_arguments = 2

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        role = self.role_or_error(ctx, self.arguments[0])
        try:
            h = role.highlight(self.arguments[1])
        except KeyError as exc:
            raise self.error(exc.args[0]) from None
        return [render.highlight(ctx, role, h)]


class ProjectDirective(ResumeDirective):
    """``resume-project <project-slug>``: name, the one-line description, skill badges.

    ``:heading-level:`` makes the name a heading. ``:sample: <package>`` adds the line that names
    the code sample ``portfolio.<package>`` as a re-implementation written for this site, and
    says what the original was.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "sample": package,
    }

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        project = self.project_or_error(ctx, self.arguments[0])
        level = self.options.get("heading-level")
        sample = self.options.get("sample")
        return [render.project_block(ctx, project, int(level) if level else None, sample)]


class CardsDirective(ResumeDirective):
    """``resume-cards roles|projects``: a grid of cards, one per role or project.

    A role card shows the employer (linked to its page), the title, the dates and the place. A
    project card shows the name (linked), what the original was (the source's description) and,
    for each content line ``<project-slug> <package>``, its code sample. Only the projects named
    in the content are shown, in that order; without content, every project without a role.
    """

    required_arguments = 1
    has_content = True

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        kind = directives.choice(self.arguments[0], ("roles", "projects"))
        chosen = self.chosen_projects(ctx) if kind == "projects" else []
        return [render.cards(ctx, kind, chosen)]

    def chosen_projects(self, ctx: RenderContext) -> list[tuple[Project, str | None]]:
        """``(project, package)`` per content line, or every project without a role."""
        if not self.content:
            return [(p, None) for p in ctx.resume.projects if p.work is None]
        out: list[tuple[Project, str | None]] = []
        for line in self.content:
            if not line.strip():
                continue
            slug, *rest = line.split()
            if len(rest) > 1:
                raise self.error(f"resume-cards: expected '<project> [<package>]', got {line!r}")
            out.append((self.project_or_error(ctx, slug), package(rest[0]) if rest else None))
        return out


class TimelineDirective(ResumeDirective):
    """``resume-timeline``: roles and education, newest first."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return [render.timeline(ctx)]


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

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        if "role" in self.options:
            role = self.role_or_error(ctx, self.options["role"].strip())
            return [render.metrics(ctx, [role], with_role=False)]
        return [render.metrics(ctx, ctx.resume.roles, with_role=True)]


class SkillsMatrixDirective(ResumeDirective):
    """``resume-skills-matrix``: each group's skills as badges, then the evidence links.

    Every badge carries the anchor ``skill-<slug>``. A skill links to a role or project only where
    the data ties it to one (a highlight's or a project's skills); the others are plain badges.
    """

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        self.domain.note_matrix(self.env.docname)
        return [render.skills_matrix(ctx)]


class EducationDirective(ResumeDirective):
    """``resume-education``: degrees, courses and the study-abroad terms."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return render.education(ctx, ctx.level)


class HonorsDirective(ResumeDirective):
    """``resume-honors``: the awards lines (``:kind:`` keeps some kinds, space-separated)."""

    option_spec: ClassVar[dict[str, Any]] = {
        **ResumeDirective.option_spec,
        "kind": directives.unchanged,
    }

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        kinds = self.options.get("kind", "").split() or None
        return [render.honors(ctx, kinds)]


class DownloadsDirective(ResumeDirective):
    """``resume-downloads``: the PDF, JSON and JSON-LD, and the data's content hash."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return [render.downloads(ctx, with_hash=True)]


class FullDirective(ResumeDirective):
    """``resume-full``: the whole résumé on one page, in the source's order (lean, printable)."""

    def render(self, ctx: RenderContext) -> list[nodes.Node]:
        return [render.full(ctx)]


#: Every directive the extension registers: name -> class.
DIRECTIVES: dict[str, type[Directive]] = {
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
    "resume-schema-fields": SchemaFieldsDirective,
    "resume-schema-required": SchemaRequiredDirective,
}


def setup_directives(app: Sphinx) -> dict[str, Any]:
    """Register every directive in :data:`DIRECTIVES`."""
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    # Directives write only their own document and the domain, which merges parallel reads.
    return {"parallel_read_safe": True, "parallel_write_safe": True}
