"""Keep explicit index entries in the search index across incremental HTML builds.

Sphinx 9 reloads the previous ``searchindex.js`` before an incremental build but restores only
its terms and titles, not its ``indexentries``; index entries are collected while pages are
written, after the environment was pickled. So a second ``make html`` silently drops the search
aliases (``{index}`` entries) of every page it did not re-read. This module restores them.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

__all__ = ["restore_index_entries", "setup", "setup_searchfix"]

IndexEntries = dict[str, list[tuple[str, str, str]]]


def restore_index_entries(frozen: dict[str, Any], keep: Set[str]) -> IndexEntries:
    """Rebuild the per-document index entries of the documents in ``keep`` from a frozen index.

    Parameters
    ----------
    frozen
        The decoded ``searchindex.js`` (the dict that ``IndexBuilder.freeze`` wrote).
    keep
        Documents that will not be re-read, whose entries must survive.

    Returns
    -------
    dict
        ``docname -> [(entry, target_id, "main" or "")]``, the shape ``IndexBuilder`` keeps.

    Examples
    --------
    >>> frozen = {"docnames": ["a", "b"], "indexentries": {"k8s": [[0, "x", True], [1, "", False]]}}
    >>> restore_index_entries(frozen, {"a"})
    {'a': [('k8s', 'x', 'main')]}
    """
    docnames = frozen.get("docnames", [])
    restored: IndexEntries = {}
    for entry, refs in frozen.get("indexentries", {}).items():
        for doc_index, target_id, main in refs:
            docname = docnames[doc_index]
            if docname in keep:
                restored.setdefault(docname, []).append((entry, target_id, "main" if main else ""))
    return {docname: sorted(entries) for docname, entries in restored.items()}


def on_builder_inited(app: Sphinx) -> None:
    """Wrap the HTML builder's ``load_indexer`` so it also restores the index entries."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not builder.search:
        return
    original = builder.load_indexer

    def load_indexer(docnames: Set[str]) -> None:
        original(docnames)
        if builder.indexer is None:
            return
        keep = set(builder.env.all_docs).difference(docnames)
        path = builder.outdir / builder.searchindex_filename
        try:
            with open(path, encoding="utf-8") as stream:
                frozen = builder.indexer_format.load(stream)
        except (OSError, ValueError):
            return  # Sphinx itself already warned that the old index could not be loaded
        if isinstance(frozen, dict):
            builder.indexer._index_entries = restore_index_entries(frozen, keep)

    builder.load_indexer = load_indexer  # type: ignore[method-assign]


def setup_searchfix(app: Sphinx) -> dict[str, Any]:
    """Register the ``builder-inited`` handler."""
    app.connect("builder-inited", on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


#: The module also works as an extension of its own (``portfolio.sphinxext.searchfix``).
setup = setup_searchfix
