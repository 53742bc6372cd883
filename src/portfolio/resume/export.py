"""Exports of the résumé data: JSON Resume, schema.org JSON-LD, and a PDF typeset with Typst."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from portfolio.resume.dates import format_date
from portfolio.resume.markup import parse_inline, plain_text
from portfolio.resume.model import DEFAULT_PUBLIC, PAPERS, Resume

__all__ = [
    "FORMATS",
    "export_text",
    "render",
    "to_json_resume",
    "to_jsonld",
    "to_pdf",
    "write_exports",
]

#: Export formats the CLI offers.
FORMATS = ("json", "jsonld", "pdf")


def export_text(text: str) -> str:
    """Plain text for consumers: no Markdown markers; a link with an address keeps it in brackets.

    JSON Resume's ``highlights`` and ``title`` are plain strings (themes print them as they are),
    so ``**bold**`` would show its asterisks.

    Examples
    --------
    >>> export_text(r"the [Example Gateway](#) saved **\\$20 million**")
    'the Example Gateway saved $20 million'
    >>> export_text("see [the paper](https://example.org)")
    'see the paper (https://example.org)'
    """
    return "".join(f"{s.text} ({s.url})" if s.url else s.text for s in parse_inline(text))


def _strip_extras(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_extras(v) for k, v in value.items() if not k.startswith("x-")}
    if isinstance(value, list):
        return [_strip_extras(v) for v in value]
    return value


def to_json_resume(resume: Resume, public: Sequence[str] = DEFAULT_PUBLIC) -> dict[str, Any]:
    """A JSON Resume v1.2.1 document: our ``x-`` extras dropped, private contact fields too.

    Highlights and award titles are plain text (:func:`export_text`); an education entry keeps its
    place (``location``) and term (``term``).

    Examples
    --------
    >>> resume = Resume.load("docs/resume.yaml")
    >>> doc = to_json_resume(resume)
    >>> "phone" in doc["basics"], any("x-slug" in w for w in doc["work"])
    (False, False)
    >>> [e.get("term") for e in doc["education"]] == [e.term for e in resume.education]
    True
    """
    doc: dict[str, Any] = _strip_extras(resume.data)
    basics = doc.setdefault("basics", {})
    if "email" not in public:
        basics.pop("email", None)
    if "phone" not in public:
        basics.pop("phone", None)
    if "github" not in public:
        basics["profiles"] = [
            p for p in basics.get("profiles", []) if str(p.get("network", "")).lower() != "github"
        ]
    for work in doc.get("work", []):
        work["highlights"] = [export_text(h) for h in work.get("highlights", [])]
    for award in doc.get("awards", []):
        award["title"] = export_text(award["title"])
    # The place and term live in extra fields (dropped above); JSON Resume allows additional
    # properties, so they travel as ``location`` (as in ``work``) and ``term``.
    for entry, education in zip(doc.get("education", []), resume.education, strict=True):
        if education.kind == "study-abroad":
            entry.setdefault("studyType", resume.labels["study-abroad"])
        if education.location:
            entry["location"] = education.location
        if education.term:
            entry["term"] = education.term
    doc["meta"] = {**doc.get("meta", {}), "x-sha256": resume.content_hash}
    return doc


def to_jsonld(resume: Resume, public: Sequence[str] = DEFAULT_PUBLIC) -> dict[str, Any]:
    """A schema.org ``Person`` with ``worksFor``, ``alumniOf``, ``knowsAbout`` and ``sameAs``.

    ``worksFor`` lists the current roles (those with an open end).

    Examples
    --------
    >>> resume = Resume.load("docs/resume.yaml")
    >>> ld = to_jsonld(resume)
    >>> ld["@type"], ld["name"] == resume.name, "telephone" in ld
    ('Person', True, False)
    """
    current = [r for r in resume.roles if r.end is None]
    person: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": resume.name,
    }
    for kind, text, url in resume.contact(public):
        if kind == "email":
            person["email"] = text
        elif kind == "phone":
            person["telephone"] = text
        elif kind == "github" and url:
            person["sameAs"] = [url]
    if current:
        person["jobTitle"] = current[0].position
        person["worksFor"] = [
            {"@type": "Organization", "name": r.name, "location": r.location} for r in current
        ]
    person["alumniOf"] = [
        {"@type": "CollegeOrUniversity", "name": e.institution}
        for e in resume.education
        if e.kind == "degree"
    ]
    person["knowsAbout"] = [s.name for g in resume.skill_groups for s in g.skills]
    person["award"] = [
        plain_text(a.title) for a in resume.awards if a.kind in {"honor", "competition"}
    ]
    return person


def _pdf_data(resume: Resume, public: Sequence[str]) -> dict[str, Any]:
    def spans(text: str) -> list[dict[str, Any]]:
        return [{"text": s.text, "bold": s.bold} for s in parse_inline(text)]

    def dates(start: str | None, end: str | None) -> str:
        return f"{format_date(start)} - {format_date(end)}"

    abroad = [e for e in resume.education if e.kind == "study-abroad"]
    return {
        "labels": dict(resume.labels),
        "source": resume.source_name,
        "name": resume.name,
        "hash": resume.content_hash,
        "short_hash": resume.short_hash,
        "contact": [text for _, text, _ in resume.contact(public)],
        "education": [
            {
                "institution": e.institution,
                "location": e.location or "",
                "degrees": ", ".join(e.degrees) + ".",
                "dates": dates(e.start, e.end),
                "courses": ", ".join(e.courses),
                "abroad": "; ".join(a.place_and_term for a in abroad),
            }
            for e in resume.education
            if e.kind == "degree"
        ],
        "skills": [
            {"name": g.name, "items": ", ".join(s.name for s in g.skills)}
            for g in resume.skill_groups
        ],
        "roles": [
            {
                "name": r.name,
                "position": r.position,
                "location": r.location or "",
                "dates": dates(r.start, r.end),
                "highlights": [spans(h.text) for h in r.highlights],
            }
            for r in resume.roles
        ],
        "projects": [
            {"name": p.name, "description": p.description}
            for p in resume.projects
            if p.work is None
        ],
        "awards": [spans(a.title) for a in resume.awards],
    }


def to_pdf(
    resume: Resume, public: Sequence[str] = DEFAULT_PUBLIC, paper: str = "us-letter"
) -> bytes:
    """Typeset the résumé with the bundled Typst template (embedded fonts only).

    ``paper`` is a Typst paper name (a value of :data:`~portfolio.resume.model.PAPERS`). The
    footer names the data file and, with the PDF's keywords, carries the data's SHA-256; the
    section headings are the résumé's :attr:`~portfolio.resume.model.Resume.labels`.

    Examples
    --------
    >>> to_pdf(Resume.load("docs/resume.yaml"), paper="a4")[:5]
    b'%PDF-'
    """
    import typst

    if paper not in PAPERS.values():
        raise ValueError(f"paper must be one of {tuple(PAPERS.values())}, got {paper!r}")
    template = resources.files("portfolio.resume").joinpath("template.typ").read_bytes()
    data = json.dumps(_pdf_data(resume, public), ensure_ascii=False)
    pdf: bytes = typst.compile(
        template,
        format="pdf",
        sys_inputs={"data": data, "paper": paper},
        ignore_system_fonts=True,
    )
    return pdf


def _dump(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(resume: Resume, fmt: str, public: Sequence[str], paper: str) -> bytes:
    """The bytes of one export format (``json``, ``jsonld`` or ``pdf``)."""
    if fmt == "json":
        return _dump(to_json_resume(resume, public))
    if fmt == "jsonld":
        return _dump(to_jsonld(resume, public))
    if fmt == "pdf":
        return to_pdf(resume, public, paper)
    raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")


def write_exports(
    resume: Resume,
    outdir: Path,
    *,
    public: Sequence[str],
    paper: str,
    stamp: Path | None = None,
) -> dict[str, Path]:
    """Write ``resume.json``, ``resume.jsonld`` and ``resume.pdf`` into ``outdir``.

    With a ``stamp`` file, nothing is rendered again while the data's hash, the options, the
    template and the three files are unchanged (a no-op rebuild skips the PDF).
    """
    paths = {fmt: outdir / f"resume.{fmt}" for fmt in FORMATS}
    template = resources.files("portfolio.resume").joinpath("template.typ").read_bytes()
    key = json.dumps(
        [resume.content_hash, list(public), paper, hashlib.sha256(template).hexdigest()]
    )
    if (
        stamp is not None
        and stamp.is_file()
        and stamp.read_text("utf-8") == key
        and all(p.is_file() for p in paths.values())
    ):
        return paths
    for fmt, path in paths.items():
        content = render(resume, fmt, public, paper)
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
    if stamp is not None:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key, "utf-8")
    return paths
