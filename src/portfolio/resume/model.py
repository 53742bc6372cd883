"""A typed, read-only view of validated résumé data, for the directives and the exports."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from portfolio.resume.loader import (
    Document,
    ResumeValidationError,
    load_document,
    merge_overlay,
    parse_document,
)
from portfolio.resume.validate import validate_document

__all__ = [
    "CONTACT_FIELDS",
    "Award",
    "Education",
    "Highlight",
    "Metric",
    "Project",
    "Resume",
    "Role",
    "Skill",
    "SkillGroup",
]

#: Contact fields the owner may publish; ``resume_public_contact`` picks among them.
CONTACT_FIELDS = ("email", "phone", "github")


@dataclass(frozen=True)
class Metric:
    """A headline figure inside a highlight, e.g. ``800k RPS``."""

    text: str
    value: float
    unit: str
    label: str
    work: str
    highlight: str


@dataclass(frozen=True)
class Highlight:
    """One bullet: the exact source text (Markdown) plus its structure."""

    id: str
    text: str
    work: str
    skills: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    metrics: tuple[Metric, ...] = ()

    @property
    def anchor(self) -> str:
        """The HTML id the bullet gets on a page, e.g. ``hl-roblox-frost``."""
        return f"hl-{self.work}-{self.id}"


@dataclass(frozen=True)
class Role:
    """A ``work`` entry."""

    slug: str
    name: str
    position: str
    location: str | None
    start: str
    end: str | None
    page: str
    highlights: tuple[Highlight, ...]

    @property
    def skills(self) -> tuple[str, ...]:
        """Skill slugs used by any highlight, in first-use order."""
        return tuple(dict.fromkeys(s for h in self.highlights for s in h.skills))

    def highlight(self, hid: str) -> Highlight:
        """Return the highlight with id ``hid``; ``KeyError`` names the known ids."""
        for h in self.highlights:
            if h.id == hid:
                return h
        known = ", ".join(h.id for h in self.highlights)
        raise KeyError(f"role {self.slug!r} has no highlight {hid!r} (known: {known})")


@dataclass(frozen=True)
class Project:
    """A ``projects`` entry; ``work`` is set when it belongs to a role (SWELL)."""

    slug: str
    name: str
    description: str
    page: str
    skills: tuple[str, ...]
    work: str | None


@dataclass(frozen=True)
class Education:
    """An ``education`` entry (a degree or a study-abroad term)."""

    slug: str
    kind: str
    institution: str
    start: str | None
    end: str | None
    page: str | None
    degrees: tuple[str, ...]
    location: str | None
    term: str | None
    courses: tuple[str, ...]


@dataclass(frozen=True)
class Skill:
    """One skill keyword with its slug and group."""

    slug: str
    name: str
    group: str

    @property
    def anchor(self) -> str:
        """The skills matrix anchor, ``skill-<slug>``."""
        return f"skill-{self.slug}"


@dataclass(frozen=True)
class SkillGroup:
    """A skills group as the source has them (Languages, Frameworks, Tools)."""

    slug: str
    name: str
    skills: tuple[Skill, ...]


@dataclass(frozen=True)
class Award:
    """One line of "Additional experience & achievements" (Markdown title)."""

    slug: str
    kind: str
    title: str
    date: str | None


@dataclass
class Resume:
    """Validated résumé data.

    Examples
    --------
    >>> r = Resume.load("docs/resume.yaml")
    >>> r.role("roblox").highlight("frost").metrics[0].text
    '$7 million'
    >>> [s.slug for s in r.skill_groups[1].skills]
    ['pytorch', 'tensorflow']
    """

    document: Document
    data: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.data = self.document.data

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], *, overlay: str | os.PathLike[str] | None = None
    ) -> Resume:
        """Load and validate ``path``; raise :class:`ResumeValidationError` with every error.

        With ``overlay`` (a private file such as ``docs/resume.local.yaml``), its fields are
        merged over the data (:func:`~portfolio.resume.loader.merge_overlay`) and the result is
        validated by the same rules; an error in an overlay field names the overlay's file and
        line. The data file and the overlay are only ever read.
        """
        doc = load_document(path)
        if overlay is not None:
            doc = merge_overlay(doc, load_document(overlay))
        return cls._checked(doc)

    @classmethod
    def parse(cls, text: bytes, file: str = "<string>") -> Resume:
        """Parse and validate YAML bytes (``file`` is the name errors show)."""
        return cls._checked(parse_document(text, file))

    @classmethod
    def _checked(cls, doc: Document) -> Resume:
        errors = validate_document(doc)
        if errors:
            raise ResumeValidationError(errors)
        return cls(doc)

    # -- identity ------------------------------------------------------------------
    @property
    def content_hash(self) -> str:
        """SHA-256 of the data file's bytes (``sha256sum docs/resume.yaml`` prints it)."""
        return hashlib.sha256(self.document.raw).hexdigest()

    @property
    def short_hash(self) -> str:
        """The first 12 hex digits of :attr:`content_hash`, as the site and PDF show it."""
        return self.content_hash[:12]

    # -- basics --------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The person's name."""
        return str(self.data["basics"]["name"])

    @property
    def github(self) -> tuple[str, str] | None:
        """``(url, display text)`` of the GitHub profile, e.g. ``github.com/pzhao1799``."""
        for profile in self.data["basics"].get("profiles", []):
            if str(profile.get("network", "")).lower() == "github" and profile.get("url"):
                url = str(profile["url"])
                return url, url.split("://", 1)[-1].rstrip("/")
        return None

    def contact(self, public: Sequence[str]) -> list[tuple[str, str, str | None]]:
        """The public contact fields as ``(field, text, url)``, in the source's order."""
        basics = self.data["basics"]
        out: list[tuple[str, str, str | None]] = []
        for name in CONTACT_FIELDS:
            if name not in public:
                continue
            if name == "email" and basics.get("email"):
                out.append(("email", basics["email"], f"mailto:{basics['email']}"))
            elif name == "phone" and basics.get("phone"):
                digits = "".join(c for c in basics["phone"] if c.isdigit() or c == "+")
                out.append(("phone", basics["phone"], f"tel:{digits}"))
            elif name == "github" and self.github:
                url, text = self.github
                out.append(("github", text, url))
        return out

    # -- sections ------------------------------------------------------------------
    @property
    def roles(self) -> list[Role]:
        """Every ``work`` entry, in the file's order."""
        out = []
        for w in self.data.get("work", []):
            slug = w["x-slug"]
            highlights = []
            for text, extra in zip(w["highlights"], w["x-highlights"], strict=True):
                metrics = tuple(
                    Metric(m["text"], m["value"], m["unit"], m["label"], slug, extra["id"])
                    for m in extra.get("metrics", [])
                )
                highlights.append(
                    Highlight(
                        id=extra["id"],
                        text=text,
                        work=slug,
                        skills=tuple(extra.get("skills", [])),
                        links=tuple(extra.get("links", [])),
                        projects=tuple(extra.get("projects", [])),
                        metrics=metrics,
                    )
                )
            out.append(
                Role(
                    slug=slug,
                    name=w["name"],
                    position=w["position"],
                    location=w.get("location"),
                    start=w["startDate"],
                    end=w.get("endDate"),
                    page=w["x-page"],
                    highlights=tuple(highlights),
                )
            )
        return out

    def role(self, slug: str) -> Role:
        """The role with ``slug``; ``KeyError`` names the known slugs."""
        for r in self.roles:
            if r.slug == slug:
                return r
        raise KeyError(f"no role {slug!r} (known: {', '.join(r.slug for r in self.roles)})")

    @property
    def projects(self) -> list[Project]:
        """Every project, including role-bound ones such as SWELL."""
        return [
            Project(
                slug=p["x-slug"],
                name=p["name"],
                description=p["description"],
                page=p["x-page"],
                skills=tuple(p.get("x-skills", [])),
                work=p.get("x-work"),
            )
            for p in self.data.get("projects", [])
        ]

    def project(self, slug: str) -> Project:
        """The project with ``slug``; ``KeyError`` names the known slugs."""
        for p in self.projects:
            if p.slug == slug:
                return p
        known = ", ".join(p.slug for p in self.projects)
        raise KeyError(f"no project {slug!r} (known: {known})")

    @property
    def education(self) -> list[Education]:
        """Every ``education`` entry, in the file's order."""
        return [
            Education(
                slug=e["x-slug"],
                kind=e["x-kind"],
                institution=e["institution"],
                start=e.get("startDate"),
                end=e.get("endDate"),
                page=e.get("x-page"),
                degrees=tuple(e.get("x-degrees", [])),
                location=e.get("x-location"),
                term=e.get("x-term"),
                courses=tuple(e.get("courses", [])),
            )
            for e in self.data.get("education", [])
        ]

    @property
    def skill_groups(self) -> list[SkillGroup]:
        """The skills grouped as in the source."""
        return [
            SkillGroup(
                slug=g["x-slug"],
                name=g["name"],
                skills=tuple(
                    Skill(slug, name, g["x-slug"])
                    for name, slug in zip(g["keywords"], g["x-slugs"], strict=True)
                ),
            )
            for g in self.data.get("skills", [])
        ]

    @property
    def skills(self) -> dict[str, Skill]:
        """Every skill by slug."""
        return {s.slug: s for g in self.skill_groups for s in g.skills}

    def evidence(self, skill: str) -> list[tuple[str, str]]:
        """``(page, label)`` of every role and project that uses ``skill``, roles first."""
        roles = [(r.page, r.name) for r in self.roles if skill in r.skills]
        return roles + [(p.page, p.name) for p in self.projects if skill in p.skills]

    @property
    def awards(self) -> list[Award]:
        """The honors, teaching, leadership and competition lines."""
        return [
            Award(a["x-slug"], a["x-kind"], a["title"], a.get("date"))
            for a in self.data.get("awards", [])
        ]

    @property
    def metrics(self) -> list[Metric]:
        """Every headline metric, in the source's order."""
        return [m for r in self.roles for h in r.highlights for m in h.metrics]

    def page_of(self, work: str) -> str:
        """The page docname of the role ``work``."""
        return self.role(work).page
