"""Rendering: free functions that turn the résumé's records into docutils nodes.

Each function takes a :class:`RenderContext` (the data, the directive's options, and the few
helpers that need the directive: ids, containers) and returns nodes. Links across pages are
:func:`~portfolio.sphinxext.links.link` placeholders, resolved when the pages are written. The
wording comes from the data: names, bullets and descriptions as written, and headings and labels
from :attr:`Resume.labels <portfolio.resume.model.Resume.labels>` (neutral English unless the
résumé's ``meta.x-labels`` gives its own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx_design.shared import PassthroughTextElement, create_component

from portfolio.resume import Resume
from portfolio.resume.dates import format_range, parse_date
from portfolio.resume.markup import parse_inline
from portfolio.resume.model import Education, Highlight, Metric, Project, Role
from portfolio.sphinxext.exports import DOWNLOADS
from portfolio.sphinxext.links import link

__all__ = [
    "BADGE",
    "RenderContext",
    "cards",
    "contact",
    "downloads",
    "education",
    "full",
    "heading",
    "highlight",
    "honors",
    "inline",
    "metrics",
    "para",
    "project_block",
    "role_block",
    "short_name",
    "skills_matrix",
    "timeline",
]

#: sphinx-design's badge classes, for skill badges.
BADGE = ("sd-badge", "sd-bg-secondary", "sd-bg-text-secondary")


@dataclass(frozen=True)
class RenderContext:
    """What a render function may use: the data, the options, and the directive's helpers.

    ``claim(node, anchor)`` gives ``node`` an id once per page and registers it for links;
    ``locate(node)`` records the directive's source line on ``node``.
    """

    resume: Resume
    options: Mapping[str, Any]
    public: Sequence[str]
    claim: Callable[[nodes.Element, str], None]
    locate: Callable[[nodes.Element], None]

    @property
    def labels(self) -> Mapping[str, str]:
        """The résumé's labels and headings."""
        return self.resume.labels

    @property
    def level(self) -> int:
        """The heading level (``:heading-level:``, default ``h2``)."""
        return int(self.options.get("heading-level", 2))

    def container(self, *classes: str) -> nodes.container:
        """The outer ``div`` with ``classes`` plus the directive's ``:class:``."""
        node = nodes.container(classes=[*classes, *self.options.get("class", [])])
        self.locate(node)
        return node


# -- small pieces ------------------------------------------------------------------------
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


def short_name(skill: str) -> str:
    """A skill keyword without its parenthesised list (``Cloud (Compute, Storage)``).

    Examples
    --------
    >>> short_name("Cloud (Compute, Storage)"), short_name("C#")
    ('Cloud', 'C#')
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


def _sample_link(sample: str) -> nodes.Node:
    """The code sample's page, named by its package ``portfolio.<sample>``."""
    return link("page", f"samples/{sample}/index", [nodes.literal("", f"portfolio.{sample}")])


# -- shared blocks -------------------------------------------------------------------------
def badges(ctx: RenderContext, skills: Iterable[str]) -> nodes.paragraph | None:
    """Skill badges that link to the skills matrix (``None`` without skills).

    A badge shows the skill's short name (``Cloud``, not the keyword's parenthesised list): a
    bullet tagged with the skill ties only that name to its role, not the whole list.
    """
    known = ctx.resume.skills
    items: list[nodes.Node] = []
    for slug in skills:
        if items:
            items.append(nodes.Text(" "))
        items.append(
            link("skill", slug, short_name(known[slug].name), classes=[*BADGE, "resume-skill"])
        )
    if not items:
        return None
    return para(f"{ctx.labels['skill-badges']}: ", *items, classes=["resume-skills"])


def highlight_item(ctx: RenderContext, h: Highlight) -> nodes.list_item:
    """One bullet with the stable id ``hl-<work>-<id>``."""
    item = nodes.list_item("", para(*inline(h.text)), classes=["resume-highlight"])
    ctx.claim(item, h.anchor)
    return item


def role_block(
    ctx: RenderContext, role: Role, which: Sequence[str] | None, level: int
) -> nodes.container:
    """Header (title, employer, place, dates), bullets (all, or the ids in ``which``), badges."""
    box = ctx.container("resume-role")
    box += heading(role.position, level, ["resume-role-title"])
    employer = link("page", role.page, role.name, classes=["resume-employer"])
    meta: list[nodes.Node | str] = [employer]
    if role.location:
        meta += [" · ", nodes.inline("", role.location, classes=["resume-location"])]
    box += para(*meta, classes=["resume-role-meta"])
    dates = format_range(role.start, role.end)
    box += para(nodes.inline("", dates, classes=["resume-dates"]), classes=["resume-role-dates"])
    chosen = role.highlights if which is None else tuple(role.highlight(i) for i in which)
    if chosen:
        box += nodes.bullet_list(
            "", *(highlight_item(ctx, h) for h in chosen), classes=["resume-highlights"]
        )
    skill_badges = badges(ctx, dict.fromkeys(s for h in chosen for s in h.skills))
    if skill_badges is not None:
        box += skill_badges
    return box


def highlight(ctx: RenderContext, role: Role, h: Highlight) -> nodes.container:
    """One bullet alone, with its badges and the projects it names."""
    box = ctx.container("resume-highlight")
    ctx.claim(box, h.anchor)
    box += para(*inline(h.text), classes=["resume-highlight-text"])
    skill_badges = badges(ctx, h.skills)
    if skill_badges is not None:
        box += skill_badges
    for slug in h.projects:
        project = ctx.resume.project(slug)
        box += para(
            f"{ctx.labels['related-project']}: ",
            link("page", project.page, project.name),
            classes=["resume-related"],
        )
    return box


def original_of(ctx: RenderContext, project: Project) -> list[nodes.Node | str]:
    """What the original project was, from the data: its language, or its role."""
    names = [short_name(ctx.resume.skills[s].name) for s in project.skills]
    if names:
        return [f"a {' and '.join(names)} project"]
    if project.work:
        role = ctx.resume.role(project.work)
        return [f"{ctx.labels['original-role']} ", link("page", role.page, role.name)]
    return ["the project described above"]


def sample_line(ctx: RenderContext, project: Project, sample: str) -> nodes.paragraph:
    """One visible line: ``portfolio.<sample>`` is a re-implementation, and the original."""
    return para(
        nodes.strong("", "Code sample: "),
        _sample_link(sample),
        " is a Python re-implementation written for this site, not the original code. "
        "The original was ",
        *original_of(ctx, project),
        ".",
        classes=["resume-sample-line"],
    )


def project_block(
    ctx: RenderContext, project: Project, level: int | None, sample: str | None = None
) -> nodes.container:
    """Name, the source's one-line description, skill badges, and its role if it has one.

    With ``level``, the name is a heading. With ``sample`` (a package under ``portfolio``), a
    line says that the code sample is a re-implementation written for this site, and what the
    original was.
    """
    box = ctx.container("resume-project")
    name = link("page", project.page, project.name)
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
        role = ctx.resume.role(project.work)
        box += para(
            f"{ctx.labels['project-role']}: ",
            link("page", role.page, f"{role.position}, {role.name}"),
            f" ({format_range(role.start, role.end)})",
            classes=["resume-project-role"],
        )
    skill_badges = badges(ctx, project.skills)
    if skill_badges is not None:
        box += skill_badges
    if sample:
        box += sample_line(ctx, project, sample)
    return box


def contact_para(ctx: RenderContext) -> nodes.paragraph:
    """The public contact fields, joined by `` · ``."""
    parts: list[nodes.Node | str] = []
    for kind, text, url in ctx.resume.contact(ctx.public):
        if parts:
            parts.append(" · ")
        parts.append(nodes.inline("", f"{ctx.labels[kind]}: ", classes=["resume-label"]))
        parts.append(nodes.reference("", text, refuri=url) if url else nodes.Text(text))
    return para(*parts, classes=["resume-contact-line"])


def contact(ctx: RenderContext) -> nodes.container:
    """The contact line and the PDF and JSON downloads."""
    box = ctx.container("resume-contact")
    box += contact_para(ctx)
    box += para(
        link("file", "resume.pdf", DOWNLOADS["resume.pdf"]),
        " · ",
        link("file", "resume.json", DOWNLOADS["resume.json"]),
        classes=["resume-contact-downloads"],
    )
    return box


def downloads(ctx: RenderContext, *, with_hash: bool) -> nodes.Element:
    """Links to the exports; optionally the content hash the PDF also carries."""
    items = [
        nodes.list_item("", para(link("file", name, text))) for name, text in DOWNLOADS.items()
    ]
    listing = nodes.bullet_list("", *items, classes=["resume-downloads"])
    if not with_hash:
        return listing
    box = ctx.container("resume-downloads-box")
    box += listing
    box += para(
        f"Data hash (SHA-256 of {ctx.resume.source_name}, also in the PDF's footer and metadata): ",
        nodes.literal("", ctx.resume.short_hash, classes=["resume-hash"]),
        classes=["resume-hash-line"],
    )
    return box


def education(ctx: RenderContext, level: int) -> list[nodes.Node]:
    """Degrees with place, dates and courses; the study-abroad terms under each degree."""
    out: list[nodes.Node] = []
    abroad = [e for e in ctx.resume.education if e.kind == "study-abroad"]
    for e in ctx.resume.education:
        if e.kind == "study-abroad":
            continue
        box = ctx.container("resume-education")
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
                nodes.strong("", f"{ctx.labels['courses']}:"),
                " " + ", ".join(e.courses),
                classes=["resume-coursework"],
            )
        for entry in abroad:
            box += study_abroad(ctx, entry)
        out.append(box)
    return out


def study_abroad(ctx: RenderContext, e: Education) -> nodes.paragraph:
    """``<label>: <institution> in <place> - <term>``, as the source writes it."""
    node = para(
        nodes.strong("", f"{ctx.labels['study-abroad']}:"),
        f" {e.place_and_term}",
        classes=["resume-study-abroad"],
    )
    ctx.claim(node, f"education-{e.slug}")
    return node


def honors(ctx: RenderContext, kinds: Sequence[str] | None) -> nodes.bullet_list:
    """The awards lines, optionally of some kinds only."""
    items = []
    for a in ctx.resume.awards:
        if kinds is None or a.kind in kinds:
            item = nodes.list_item("", para(*inline(a.title)), classes=[f"resume-{a.kind}"])
            ctx.claim(item, f"award-{a.slug}")
            items.append(item)
    return nodes.bullet_list("", *items, classes=["resume-honors"])


def skills_lines(ctx: RenderContext) -> nodes.bullet_list:
    """The grouped skills as the source lists them, each linked to its matrix row."""
    items = []
    for g in ctx.resume.skill_groups:
        parts: list[nodes.Node | str] = [nodes.strong("", f"{g.name}:"), " "]
        for i, s in enumerate(g.skills):
            if i:
                parts.append(", ")
            parts.append(link("skill", s.slug, s.name))
        items.append(nodes.list_item("", para(*parts)))
    return nodes.bullet_list("", *items, classes=["resume-skill-groups"])


# -- whole directives' output -------------------------------------------------------------
def timeline(ctx: RenderContext) -> nodes.container:
    """Roles and education, newest first."""
    entries: list[tuple[tuple[int, ...], nodes.list_item]] = []
    for r in ctx.resume.roles:
        item = nodes.list_item(
            "",
            para(
                nodes.inline("", format_range(r.start, r.end), classes=["resume-dates"]),
                " ",
                nodes.strong("", "", link("page", r.page, r.name)),
                f": {r.position}",
            ),
            classes=["resume-timeline-role"],
        )
        entries.append((parse_date(r.start) or (0,), item))
    for e in ctx.resume.education:
        when = e.term if e.kind == "study-abroad" and e.term else format_range(e.start, e.end)
        label = ", ".join(e.degrees) if e.degrees else ctx.labels["study-abroad"]
        name: nodes.Node = (
            link("page", e.page, e.institution) if e.page else nodes.Text(e.institution)
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
    box = ctx.container("resume-timeline")
    box += nodes.bullet_list("", *(item for _, item in entries), classes=["resume-timeline-list"])
    return box


def metrics(ctx: RenderContext, roles: Sequence[Role], *, with_role: bool) -> nodes.container:
    """Each role's figures as cards; ``with_role`` opens each group with the role's line."""
    box = ctx.container("resume-metrics-box")
    for role in roles:
        figures = [m for h in role.highlights for m in h.metrics]
        if not figures:
            continue
        group = nodes.container(classes=["resume-metrics-group"])
        if with_role:
            group += para(
                nodes.strong("", "", link("page", role.page, role.name)),
                f" · {role.position} · {format_range(role.start, role.end)}",
                classes=["resume-metrics-role"],
            )
        row = _grid_row(group, (2, 2, 3, 3), classes=["resume-metrics"])
        for m in figures:
            row += _grid_item(metric_card(role, m))
        box += group
    return box


def metric_card(role: Role, m: Metric) -> nodes.container:
    """The figure, its label, and a link (covering the card) to its bullet."""
    h = role.highlight(m.highlight)
    body = create_component("card-body", ["sd-card-body"])
    body += para(m.text, classes=["sd-card-title", "sd-font-weight-bold", "resume-metric-value"])
    body += para(m.label, classes=["sd-card-text", "resume-metric-label"])
    card = _card(body, "sd-card-hover", "resume-metric")
    card += PassthroughTextElement(
        "",
        "",
        link(
            "page",
            role.page,
            [nodes.inline("", f"{m.text} at {role.name}")],
            anchor=h.anchor,
            classes=["sd-stretched-link", "sd-hide-link-text"],
        ),
    )
    return card


def skills_matrix(ctx: RenderContext) -> nodes.container:
    """Each group's skills as badges (anchor ``skill-<slug>``), then the evidence links."""
    box = ctx.container("resume-skills-matrix")
    for g in ctx.resume.skill_groups:
        box += heading(g.name, ctx.level, ["resume-skill-group"])
        row: list[nodes.Node | str] = []
        evidence: list[nodes.Node] = []
        for s in g.skills:
            if row:
                row.append(" ")
            badge = nodes.inline("", s.name, classes=[*BADGE, "resume-skill"])
            ctx.claim(badge, s.anchor)
            row.append(badge)
            used = ctx.resume.evidence(s.slug)
            if used:
                item: list[nodes.Node | str] = [nodes.strong("", short_name(s.name)), ": "]
                for i, (page, label) in enumerate(used):
                    item += [", "] if i else []
                    item.append(link("page", page, label))
                evidence.append(nodes.list_item("", para(*item)))
        box += para(*row, classes=["resume-skill-badges"])
        if evidence:
            box += nodes.bullet_list("", *evidence, classes=["resume-skill-evidence"])
    return box


def cards(
    ctx: RenderContext, kind: str, projects: Sequence[tuple[Project, str | None]] = ()
) -> nodes.container:
    """A grid of role cards (``kind`` ``roles``) or of ``(project, sample)`` cards."""
    box = ctx.container("resume-cards", f"resume-cards-{kind}")
    row = _grid_row(box, (1, 1, 2, 2))
    if kind == "roles":
        for role in ctx.resume.roles:
            row += _grid_item(role_card(role))
    else:
        for project, sample in projects:
            row += _grid_item(project_card(project, sample))
    return box


def role_card(role: Role) -> nodes.container:
    """Employer, title, dates and place."""
    body = create_component("card-body", ["sd-card-body"])
    body += para(
        link("page", role.page, role.name),
        classes=["sd-card-title", "sd-font-weight-bold", "resume-card-title"],
    )
    body += para(role.position, classes=["sd-card-text", "resume-card-position"])
    meta = format_range(role.start, role.end)
    if role.location:
        meta += f" · {role.location}"
    body += para(meta, classes=["sd-card-text", "resume-card-meta"])
    return _card(body, "resume-card", "resume-role-card")


def project_card(project: Project, sample: str | None) -> nodes.container:
    """Name, the original (the source's description) and the code sample."""
    body = create_component("card-body", ["sd-card-body"])
    body += para(
        link("page", project.page, project.name),
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
            _sample_link(sample),
            ", a Python re-implementation written for this site",
            classes=["sd-card-text", "resume-card-sample"],
        )
    return _card(body, "resume-card", "resume-project-card")


def full(ctx: RenderContext) -> nodes.container:
    """The whole résumé in the source's order: name, contact, sections, downloads."""
    level = ctx.level
    labels = ctx.labels
    box = ctx.container("resume-full")
    # The page heading may be generic; a printed résumé must still carry the person's name.
    box += para(nodes.strong("", ctx.resume.name), classes=["resume-name"])
    box += contact_para(ctx)

    def section(title: str, slug: str, *children: nodes.Node) -> None:
        part = nodes.container(classes=["resume-section", f"resume-section-{slug}"])
        part += heading(title, level, ["resume-section-title"])
        part.extend(children)
        box.append(part)

    section(labels["education"], "education", *education(ctx, level + 1))
    section(labels["skills"], "skills", skills_lines(ctx))
    roles = (role_block(ctx, r, None, level + 1) for r in ctx.resume.roles)
    section(labels["work"], "experience", *roles)
    alone = (project_block(ctx, p, None) for p in ctx.resume.projects if p.work is None)
    section(labels["projects"], "projects", *alone)
    section(labels["awards"], "honors", honors(ctx, None))
    box += downloads(ctx, with_hash=True)
    return box
