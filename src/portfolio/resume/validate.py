"""Validate the résumé data: JSON Resume v1.2.1, this project's extension, cross-references.

Two JSON Schemas state the contract: the vendored JSON Resume v1.2.1 schema and
``portfolio.schema.json`` (the fields this project requires and its ``x-`` properties). Python adds
only what a schema cannot say: real calendar dates, unique slugs, references that must exist,
texts that must occur in their bullet, and a "did you mean" hint for an unknown key.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from portfolio.resume.dates import parse_date
from portfolio.resume.loader import DATE_KEYS, Document, FieldPath, ResumeError, format_path
from portfolio.resume.markup import plain_text

__all__ = ["SLUG", "json_resume_schema", "portfolio_schema", "schema_at", "validate_document"]


@cache
def json_resume_schema() -> dict[str, Any]:
    """The vendored JSON Resume v1.2.1 schema (MIT, see ``SCHEMA-LICENSE.md``)."""
    return _schema("schema.json")


@cache
def portfolio_schema() -> dict[str, Any]:
    """This project's extension: required fields and the ``x-`` properties (JSON Schema).

    A document is valid when it passes both this schema and :func:`json_resume_schema`. Its
    ``x-message`` keyword words an error the friendly way, and ``docs/reference`` renders its
    property descriptions as the field table, so the contract is written down once.
    """
    return _schema("portfolio.schema.json")


def _schema(name: str) -> dict[str, Any]:
    text = resources.files("portfolio.resume").joinpath(name).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


#: A slug: lower-case words joined by single hyphens (the pattern of the schema's ``slug``).
SLUG = re.compile(portfolio_schema()["definitions"]["slug"]["pattern"])


def schema_at(schema: dict[str, Any], pattern: tuple[str, ...]) -> dict[str, Any] | None:
    """The object schema describing values at ``pattern`` (``*`` steps into array items).

    Local ``$ref`` pointers are followed; ``None`` when ``schema`` describes no object there.

    Examples
    --------
    >>> sorted(schema_at(portfolio_schema(), ("work", "*", "x-highlights", "*"))["properties"])
    ['id', 'links', 'metrics', 'projects', 'skills']
    """
    node = _deref(schema, schema)
    for step in pattern:
        key = node.get("items", {}) if step == "*" else node.get("properties", {}).get(step, {})
        node = _deref(schema, key)
    return node if node.get("type") == "object" else None


def _deref(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


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
    _check_unknown_keys(doc, errors)
    _check_dates(doc, errors)
    _check_references(doc, errors)
    reported = {e.field for e in errors}
    for schema in (portfolio_schema(), json_resume_schema()):
        validator = jsonschema.Draft7Validator(
            schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
        for problem in validator.iter_errors(data):
            for path, message in _explain(problem):
                if format_path(path) not in reported:
                    errors.append(doc.error(path, message))
                    reported.add(format_path(path))
    return sorted(set(errors), key=lambda e: (e.position, e.field, e.message))


def _explain(problem: jsonschema.ValidationError) -> list[tuple[FieldPath, str]]:
    """Where a schema error points, and its words: one per missing field, ``x-message`` if set."""
    path: FieldPath = tuple(problem.absolute_path)
    required = problem.validator_value
    if problem.validator == "required" and isinstance(problem.instance, dict):
        assert isinstance(required, list)  # the schema's "required" is a list of names
        return [
            ((*path, key), "missing required field")
            for key in required
            if key not in problem.instance
        ]
    template = problem.schema.get("x-message") if isinstance(problem.schema, dict) else None
    if isinstance(template, str):
        text = template if template.startswith("must") else f"{problem.instance!r} {template}"
        return [(path, text)]
    return [(path, problem.message)]


def _check_unknown_keys(doc: Document, errors: list[ResumeError]) -> None:
    """Report a key that neither schema defines where both describe the object (with a hint)."""
    schemas = (json_resume_schema(), portfolio_schema())
    for path, value in _walk(doc.data):
        if not isinstance(value, dict):
            continue
        nodes = [n for n in (schema_at(s, _pattern(path)) for s in schemas) if n is not None]
        known = {key for node in nodes for key in node.get("properties", {})}
        if not known:
            continue
        for key in value:
            if key not in known:
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


def extension_fields(schema: dict[str, Any] | None = None) -> list[tuple[str, str, str, str]]:
    """The rows of the data reference's field table: (where, property, type, meaning).

    Every ``x-`` property of :func:`portfolio_schema`, and every property nested inside one, in
    the schema's order. "where" spells the location as ``work[].x-highlights[]``; "type" is the
    property's ``x-type`` (or its enum, or its JSON type), with ", required" when its object
    requires it.

    Examples
    --------
    >>> rows = extension_fields()
    >>> rows[0][:3]
    ('work[]', 'x-slug', 'slug, required')
    >>> [r[1] for r in rows if r[0] == "work[].x-highlights[].metrics[]"]
    ['text', 'value', 'unit', 'label']
    """
    root = portfolio_schema() if schema is None else schema
    rows: list[tuple[str, str, str, str]] = []

    def visit(node: dict[str, Any], where: str, inside: bool) -> None:
        node = _deref(root, node)
        if node.get("type") == "array":
            visit(node.get("items", {}), f"{where}[]", inside)
            return
        required = set(node.get("required", ()))
        for key, sub in node.get("properties", {}).items():
            prop = _deref(root, sub)
            extra = inside or key.startswith("x-")
            if extra and "description" in prop:
                rows.append((where, key, _type_of(prop, key in required), prop["description"]))
            visit(prop, f"{where}.{key}" if where else key, extra)

    visit(root, "", False)
    return rows


def _type_of(prop: dict[str, Any], required: bool) -> str:
    if "x-type" in prop:
        kind = str(prop["x-type"])
    elif "enum" in prop:
        names = [f"`{v}`" for v in prop["enum"]]
        kind = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]
    else:
        kind = str(prop.get("type", "any"))
    return f"{kind}, required" if required else kind


def required_fields(schema: dict[str, Any] | None = None) -> list[str]:
    """Every field :func:`portfolio_schema` requires that is not an ``x-`` property, as a path.

    Examples
    --------
    >>> required_fields()[:3]
    ['basics', 'work', 'education']
    >>> "work[].position" in required_fields()
    True
    """
    root = portfolio_schema() if schema is None else schema
    out: list[str] = []

    def visit(node: dict[str, Any], where: str) -> None:
        node = _deref(root, node)
        if node.get("type") == "array":
            visit(node.get("items", {}), f"{where}[]")
            return
        if not where.split(".")[-1].startswith("x-"):
            out.extend(
                f"{where}.{key}" if where else key
                for key in node.get("required", ())
                if not key.startswith("x-")
            )
        for key, sub in node.get("properties", {}).items():
            if not key.startswith("x-"):
                visit(sub, f"{where}.{key}" if where else key)

    visit(root, "")
    return out
