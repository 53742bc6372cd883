"""Cross-page links: the ``resume_link`` node, the résumé domain, and resolution at write time.

Directives emit :class:`resume_link` placeholders and register their anchors with
:class:`ResumeDomain`; ``doctree-resolved`` turns each placeholder into a reference once every
page has been read (so the order pages are read in, or a parallel read, changes nothing), or
into plain text when it has no target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

__all__ = ["ResumeDomain", "link", "resume_link", "setup_links"]

logger = logging.getLogger(__name__)


class resume_link(nodes.Inline, nodes.TextElement):
    """A link resolved at write time: to a page, a skill's matrix row, or a download.

    ``resume_kind`` is ``page`` (``resume_target`` a docname, optional ``resume_anchor``),
    ``skill`` (a skill slug) or ``file`` (a file at the site's root). Unresolvable links become
    plain text, never an empty or ``#`` link.
    """


def link(
    kind: str,
    target: str,
    children: Sequence[nodes.Node] | str,
    *,
    anchor: str | None = None,
    classes: Iterable[str] = (),
) -> resume_link:
    """A :class:`resume_link` of ``kind`` (``page``, ``skill`` or ``file``) to ``target``."""
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

    def note_matrix(self, docname: str) -> None:
        """Record that ``docname`` holds the skills matrix (``skill`` links point there)."""
        self.matrix_docs[docname] = True

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


def setup_links(app: Sphinx) -> dict[str, Any]:
    """Register the node, the domain and the write-time resolution."""
    app.add_domain(ResumeDomain)
    app.add_node(resume_link)
    app.connect("doctree-resolved", on_doctree_resolved)
    # The domain merges parallel readers' anchors; resolution reads the merged env only.
    return {"parallel_read_safe": True, "parallel_write_safe": True}
