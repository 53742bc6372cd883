"""Directives that render the data contract from its JSON Schema, so the reference cannot drift.

``resume-schema-fields`` renders the table of ``x-`` properties and ``resume-schema-required``
the list of required JSON Resume fields, both read from ``portfolio.schema.json`` through
:func:`portfolio.resume.validate.extension_fields` and :func:`~.required_fields`. They read no
per-build state, and :mod:`portfolio.sphinxext.directives` registers them with the others.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from portfolio.resume.validate import extension_fields, required_fields

__all__ = ["SchemaFieldsDirective", "SchemaRequiredDirective"]

_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> list[nodes.Node]:
    """``text`` with each backquoted part as a literal (the schema's descriptions use them)."""
    out: list[nodes.Node] = []
    for i, part in enumerate(_CODE.split(text)):
        if part:
            out.append(nodes.literal(part, part) if i % 2 else nodes.Text(part))
    return out


def _row(*cells: list[nodes.Node]) -> nodes.row:
    """One table row, a paragraph per cell."""
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *cell)
        row += entry
    return row


class SchemaFieldsDirective(SphinxDirective):
    """The table of the project's ``x-`` properties: where, property, type, meaning."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        header = ("Where", "Property", "Type", "Meaning")
        table = nodes.table(classes=["resume-schema-fields"])
        group = nodes.tgroup(cols=len(header))
        table += group
        group.extend(nodes.colspec(colwidth=w) for w in (18, 14, 18, 50))
        head = nodes.thead()
        titles: list[list[nodes.Node]] = [[nodes.Text(h)] for h in header]
        head += _row(*titles)
        group += head
        body = nodes.tbody()
        for where, prop, kind, meaning in extension_fields():
            body += _row([nodes.literal(where, where)], [nodes.literal(prop, prop)],
                         _inline(kind), _inline(meaning))  # fmt: skip
        group += body
        return [table]


class SchemaRequiredDirective(SphinxDirective):
    """An inline list of the JSON Resume fields the project requires."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        para = nodes.paragraph(classes=["resume-schema-required"])
        for i, path in enumerate(required_fields()):
            if i:
                para += nodes.Text(", ")
            para += nodes.literal(path, path)
        return [para]
