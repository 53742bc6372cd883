"""Validate the résumé data: JSON Resume schema v1.2.1 plus this project's own rules."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from portfolio.resume.dates import parse_date
from portfolio.resume.loader import DATE_KEYS, Document, FieldPath, ResumeError, format_path
from portfolio.resume.markup import plain_text

__all__ = ["EXTRAS", "REQUIRED", "SLUG", "json_resume_schema", "validate_document"]

#: A slug: lower-case words joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: A Sphinx docname: slugs (underscores allowed) joined by ``/``, no suffix.
DOCNAME = re.compile(r"[a-z0-9_-]+(?:/[a-z0-9_-]+)*")

Check = Callable[[Any], str | None]


def _str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _slug(value: Any) -> str | None:
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        return f"{value!r} is not a slug (lower-case words joined by '-')"
    return None


def _page(value: Any) -> str | None:
    if not isinstance(value, str) or not DOCNAME.fullmatch(value):
        return f"{value!r} is not a page docname (e.g. 'experience/roblox', no suffix)"
    return None


def _list(item: Check) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        for element in value:
            problem = item(element)
            if problem:
                return problem
        return None

    return check


def _enum(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"{value!r} is not one of {', '.join(choices)}"

    return check


def _number(value: Any) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return None if ok else "must be a number"


def _objects(value: Any) -> str | None:
    ok = isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return None if ok else "must be a list of mappings"


#: Every extra property, by location (``*`` is any list index): key -> value check.
EXTRAS: dict[tuple[str, ...], dict[str, Check]] = {
    ("work", "*"): {"x-slug": _slug, "x-page": _page, "x-highlights": _objects},
    ("work", "*", "x-highlights", "*"): {
        "id": _slug,
        "skills": _list(_slug),
        "links": _list(_str),
        "metrics": _objects,
        "projects": _list(_slug),
    },
    ("work", "*", "x-highlights", "*", "metrics", "*"): {
        "text": _str,
        "value": _number,
        "unit": _str,
        "label": _str,
    },
    ("projects", "*"): {
        "x-slug": _slug,
        "x-page": _page,
        "x-skills": _list(_slug),
        "x-work": _slug,
    },
    ("education", "*"): {
        "x-slug": _slug,
        "x-kind": _enum("degree", "study-abroad"),
        "x-page": _page,
        "x-degrees": _list(_str),
        "x-location": _str,
        "x-term": _str,
    },
    ("skills", "*"): {"x-slug": _slug, "x-slugs": _list(_slug)},
    ("awards", "*"): {
        "x-slug": _slug,
        "x-kind": _enum("honor", "teaching", "leadership", "competition"),
    },
}

#: Fields this project requires (JSON Resume itself requires nothing).
REQUIRED: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("basics", "work", "education", "skills", "projects", "awards"),
    ("basics",): ("name", "email"),
    ("work", "*"): (
        "name",
        "position",
        "startDate",
        "highlights",
        "x-slug",
        "x-page",
        "x-highlights",
    ),
    ("work", "*", "x-highlights", "*"): ("id",),
    ("work", "*", "x-highlights", "*", "metrics", "*"): ("text", "value", "unit", "label"),
    ("projects", "*"): ("name", "description", "x-slug", "x-page"),
    ("education", "*"): ("institution", "startDate", "x-slug", "x-kind"),
    ("skills", "*"): ("name", "keywords", "x-slug", "x-slugs"),
    ("awards", "*"): ("title", "x-slug", "x-kind"),
}


@cache
def json_resume_schema() -> dict[str, Any]:
    """The vendored JSON Resume v1.2.1 schema (MIT, see ``SCHEMA-LICENSE.md``)."""
    text = resources.files("portfolio.resume").joinpath("schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _schema_at(pattern: tuple[str, ...]) -> dict[str, Any] | None:
    """The schema object describing values at ``pattern`` (``*`` steps into array items)."""
    node: dict[str, Any] = json_resume_schema()
    for step in pattern:
        node = node.get("items", {}) if step == "*" else node.get("properties", {}).get(step, {})
        if "$ref" in node:
            node = json_resume_schema()["definitions"][node["$ref"].rsplit("/", 1)[1]]
    return node if node.get("type") == "object" else None


def _walk(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _walk(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _walk(sub, (*path, i))


def _pattern(path: FieldPath) -> tuple[str, ...]:
    return tuple("*" if isinstance(p, int) else p for p in path)


def validate_document(doc: Document) -> list[ResumeError]:
    """Return every problem in ``doc`` (an empty list when the data is valid).

    Examples
    --------
    >>> from portfolio.resume.loader import parse_document
    >>> doc = parse_document(b"basics: {name: P}\\nwork: []\\n", "r.yaml")
    >>> for error in validate_document(doc):
    ...     print(error)
    r.yaml:1:1: awards: missing required field
    r.yaml:1:1: education: missing required field
    r.yaml:1:1: projects: missing required field
    r.yaml:1:1: skills: missing required field
    r.yaml:1:9: basics.email: missing required field
    """
    errors: list[ResumeError] = []
    data = doc.data
    if not isinstance(data, dict):
        return [doc.error((), "the document must be a mapping of JSON Resume sections")]
    _check_keys(doc, errors)
    _check_dates(doc, errors)
    _check_references(doc, errors)
    reported = {e.field for e in errors}
    validator = jsonschema.Draft7Validator(
        json_resume_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    for problem in validator.iter_errors(data):
        path: FieldPath = tuple(problem.absolute_path)
        if format_path(path) not in reported:
            errors.append(doc.error(path, problem.message))
            reported.add(format_path(path))
    return sorted(set(errors), key=lambda e: (e.position, e.field, e.message))


def _check_keys(doc: Document, errors: list[ResumeError]) -> None:
    for path, value in _walk(doc.data):
        if not isinstance(value, dict):
            continue
        pattern = _pattern(path)
        errors.extend(
            doc.error((*path, key), "missing required field")
            for key in REQUIRED.get(pattern, ())
            if key not in value
        )
        extras = EXTRAS.get(pattern, {})
        schema = _schema_at(pattern)
        if schema is None and not extras:
            continue
        known = set(extras) | set((schema or {}).get("properties", {}))
        for key, sub in value.items():
            if key in extras:
                problem = extras[key](sub)
                if problem:
                    errors.append(doc.error((*path, key), problem))
            elif key not in known:
                hint = difflib.get_close_matches(key, sorted(known), n=1)
                more = f"; did you mean {hint[0]!r}?" if hint else ""
                errors.append(doc.error((*path, key), f"unknown key {key!r}{more}", key=True))


def _check_dates(doc: Document, errors: list[ResumeError]) -> None:
    for path, value in _walk(doc.data):
        if not isinstance(value, dict):
            continue
        for key in DATE_KEYS & value.keys():
            text = value[key]
            if not isinstance(text, str) or parse_date(text) is None:
                errors.append(
                    doc.error(
                        (*path, key),
                        f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                    )
                )
        start, end = value.get("startDate"), value.get("endDate")
        if isinstance(start, str) and isinstance(end, str):
            s, e = parse_date(start), parse_date(end)
            if s is not None and e is not None and e[: len(s)] < s[: len(e)]:
                errors.append(
                    doc.error((*path, "endDate"), f"{end!r} is before startDate {start!r}")
                )


def _items(doc: Document, section: str) -> list[tuple[int, dict[str, Any]]]:
    value = doc.data.get(section)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _unique(
    doc: Document,
    errors: list[ResumeError],
    seen: dict[str, FieldPath],
    value: Any,
    path: FieldPath,
) -> None:
    if not isinstance(value, str):
        return
    if value in seen:
        first = seen[value]
        line = doc.position(first).line
        errors.append(
            doc.error(
                path,
                f"duplicate slug {value!r} (first used at {format_path(first)}, line {line})",
            )
        )
    else:
        seen[value] = path


def _check_references(doc: Document, errors: list[ResumeError]) -> None:
    skills: dict[str, FieldPath] = {}
    for section in ("work", "projects", "education", "skills", "awards"):
        seen: dict[str, FieldPath] = {}
        for i, item in _items(doc, section):
            _unique(doc, errors, seen, item.get("x-slug"), (section, i, "x-slug"))
    for i, group in _items(doc, "skills"):
        slugs, keywords = group.get("x-slugs"), group.get("keywords")
        if isinstance(slugs, list):
            for j, slug in enumerate(slugs):
                _unique(doc, errors, skills, slug, ("skills", i, "x-slugs", j))
            if isinstance(keywords, list) and len(keywords) != len(slugs):
                errors.append(
                    doc.error(
                        ("skills", i, "x-slugs"),
                        f"has {len(slugs)} slugs for {len(keywords)} keywords (one per keyword)",
                    )
                )
    projects = {item.get("x-slug") for _, item in _items(doc, "projects")}
    works = {item.get("x-slug") for _, item in _items(doc, "work")}

    def known(value: Any, names: set[Any], what: str, path: FieldPath) -> None:
        if isinstance(value, str) and SLUG.fullmatch(value) and value not in names:
            errors.append(doc.error(path, f"unknown {what} {value!r}"))

    def each(value: Any) -> list[tuple[int, Any]]:
        return list(enumerate(value)) if isinstance(value, list) else []

    for i, project in _items(doc, "projects"):
        for j, tag in each(project.get("x-skills")):
            known(tag, set(skills), "skill", ("projects", i, "x-skills", j))
        known(project.get("x-work"), works, "work slug", ("projects", i, "x-work"))
    for i, work in _items(doc, "work"):
        bullets, extras = work.get("highlights"), work.get("x-highlights")
        if not isinstance(extras, list) or not isinstance(bullets, list):
            continue
        if len(bullets) != len(extras):
            errors.append(
                doc.error(
                    ("work", i, "x-highlights"),
                    f"has {len(extras)} entries for {len(bullets)} highlights (one per highlight)",
                )
            )
        ids: dict[str, FieldPath] = {}
        for j, extra in each(extras):
            if not isinstance(extra, dict):
                continue
            base: FieldPath = ("work", i, "x-highlights", j)
            _unique(doc, errors, ids, extra.get("id"), (*base, "id"))
            for k, tag in each(extra.get("skills")):
                known(tag, set(skills), "skill", (*base, "skills", k))
            for k, slug in each(extra.get("projects")):
                known(slug, projects, "project", (*base, "projects", k))
            bullet = bullets[j] if j < len(bullets) and isinstance(bullets[j], str) else None
            if bullet is None:
                continue
            for k, link in each(extra.get("links")):
                if isinstance(link, str) and f"[{link}](" not in bullet:
                    errors.append(
                        doc.error(
                            (*base, "links", k), f"link text {link!r} is not in the highlight"
                        )
                    )
            text = plain_text(bullet)
            for k, metric in each(extra.get("metrics")):
                shown = metric.get("text") if isinstance(metric, dict) else None
                if isinstance(shown, str) and shown not in text:
                    errors.append(
                        doc.error(
                            (*base, "metrics", k, "text"), f"{shown!r} is not in the highlight"
                        )
                    )
