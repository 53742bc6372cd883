"""Validated résumé data as frozen records, and the contracts every consumer shares.

:class:`Resume` is built once per load: its records (roles, projects, skills, education, awards)
are made at construction and never rebuilt. The module also states, once, the contracts that the
CLI, the exports and the Sphinx extension read: :data:`CONTACT_FIELDS`, :data:`DEFAULT_PUBLIC`,
:data:`PAPERS` and the default :data:`LABELS`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from types import MappingProxyType
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
    "DEFAULT_PUBLIC",
    "LABELS",
    "PAPERS",
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
#: The contact fields published by default (the site, the exports and the CLI): the phone stays
#: private unless asked for.
DEFAULT_PUBLIC = ("email", "github")
#: Paper sizes by the name the CLI and ``resume_paper`` accept -> the Typst paper name.
PAPERS: Mapping[str, str] = MappingProxyType({"letter": "us-letter", "a4": "a4"})
#: The wording the engine itself puts on pages and in the PDF, in neutral English. A résumé
#: replaces any of them with its own headings in ``meta.x-labels`` (:attr:`Resume.labels`).
LABELS: Mapping[str, str] = MappingProxyType(
    {
        "email": "Email",
        "phone": "Phone",
        "github": "GitHub",
        "education": "Education",
        "skills": "Skills",
        "work": "Experience",
        "projects": "Projects",
        "awards": "Awards",
        "courses": "Courses",
        "study-abroad": "Study abroad",
        "skill-badges": "Skills",
        "related-project": "Project",
        "project-role": "Role",
        "original-role": "work at",
    }
)


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
        """The HTML id the bullet gets on a page, ``hl-<work>-<id>``."""
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
    """A ``projects`` entry; ``work`` is the role's slug when it belongs to a role (``x-work``)."""

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

    @property
    def place_and_term(self) -> str:
        """``<institution> in <place> - <term>``, as a study-abroad line writes it.

        Examples
        --------
        >>> e = Education("x", "study-abroad", "Example U", None, None, None, (), None, None, ())
        >>> from dataclasses import replace
        >>> replace(e, location="Lisbon", term="Spring 2020").place_and_term
        'Example U in Lisbon - Spring 2020'
        """
        where = f" in {self.location}" if self.location else ""
        term = f" - {self.term}" if self.term else ""
        return f"{self.institution}{where}{term}"


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
    """One line of the awards section (Markdown title); ``kind`` groups it."""

    slug: str
    kind: str
    title: str
    date: str | None


@dataclass(frozen=True, eq=False)
class Resume:
    """Validated résumé data, as frozen records built once when the data is loaded.

    Attributes cannot be reassigned, and every record (:attr:`roles`, :attr:`projects`,
    :attr:`education`, :attr:`skill_groups`, :attr:`skills`, :attr:`awards`, :attr:`metrics`) is
    made once, in ``__post_init__``. ``data`` is the validated document itself (plain dicts and
    lists, which the exports read); nothing here changes it. Two instances are equal only if they
    are the same object.

    Examples
    --------
    >>> r = Resume.load("docs/resume.yaml")
    >>> role = r.roles[0]
    >>> r.role(role.slug) is role, r.roles is r.roles
    (True, True)
    >>> all(m.work == role.slug for m in r.metrics if m in role.highlights[0].metrics)
    True
    >>> r.labels["education"], r.source_name
    ('Education', 'resume.yaml')
    """

    document: Document
    data: dict[str, Any] = field(init=False, repr=False)
    roles: tuple[Role, ...] = field(init=False, repr=False)
    projects: tuple[Project, ...] = field(init=False, repr=False)
    education: tuple[Education, ...] = field(init=False, repr=False)
    skill_groups: tuple[SkillGroup, ...] = field(init=False, repr=False)
    skills: Mapping[str, Skill] = field(init=False, repr=False)
    awards: tuple[Award, ...] = field(init=False, repr=False)
    metrics: tuple[Metric, ...] = field(init=False, repr=False)
    labels: Mapping[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        data: dict[str, Any] = self.document.data
        groups = _skill_groups(data)
        roles = _roles(data)
        fields: dict[str, Any] = {
            "data": data,
            "roles": roles,
            "projects": _projects(data),
            "education": _education(data),
            "skill_groups": groups,
            "skills": MappingProxyType({s.slug: s for g in groups for s in g.skills}),
            "awards": tuple(
                Award(a["x-slug"], a["x-kind"], a["title"], a.get("date"))
                for a in data.get("awards", [])
            ),
            "metrics": tuple(m for r in roles for h in r.highlights for m in h.metrics),
            "labels": MappingProxyType({**LABELS, **data.get("meta", {}).get("x-labels", {})}),
        }
        for name, value in fields.items():
            object.__setattr__(self, name, value)

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
    def source_name(self) -> str:
        """The data file's name, without its folder (``resume.yaml``), as the PDF footer says."""
        return PurePath(self.document.file).name

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
        """``(url, display text)`` of the GitHub profile, e.g. ``github.com/<user>``."""
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

    # -- look-ups ------------------------------------------------------------------
    def role(self, slug: str) -> Role:
        """The role with ``slug``; ``KeyError`` names the known slugs."""
        for r in self.roles:
            if r.slug == slug:
                return r
        raise KeyError(f"no role {slug!r} (known: {', '.join(r.slug for r in self.roles)})")

    def project(self, slug: str) -> Project:
        """The project with ``slug``; ``KeyError`` names the known slugs."""
        for p in self.projects:
            if p.slug == slug:
                return p
        known = ", ".join(p.slug for p in self.projects)
        raise KeyError(f"no project {slug!r} (known: {known})")

    def evidence(self, skill: str) -> list[tuple[str, str]]:
        """``(page, label)`` of every role and project that uses ``skill``, roles first."""
        roles = [(r.page, r.name) for r in self.roles if skill in r.skills]
        return roles + [(p.page, p.name) for p in self.projects if skill in p.skills]


# -- building the records (once per Resume) ------------------------------------------------
def _roles(data: dict[str, Any]) -> tuple[Role, ...]:
    out = []
    for w in data.get("work", []):
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
    return tuple(out)


def _projects(data: dict[str, Any]) -> tuple[Project, ...]:
    return tuple(
        Project(
            slug=p["x-slug"],
            name=p["name"],
            description=p["description"],
            page=p["x-page"],
            skills=tuple(p.get("x-skills", [])),
            work=p.get("x-work"),
        )
        for p in data.get("projects", [])
    )


def _education(data: dict[str, Any]) -> tuple[Education, ...]:
    return tuple(
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
        for e in data.get("education", [])
    )


def _skill_groups(data: dict[str, Any]) -> tuple[SkillGroup, ...]:
    return tuple(
        SkillGroup(
            slug=g["x-slug"],
            name=g["name"],
            skills=tuple(
                Skill(slug, name, g["x-slug"])
                for name, slug in zip(g["keywords"], g["x-slugs"], strict=True)
            ),
        )
        for g in data.get("skills", [])
    )
