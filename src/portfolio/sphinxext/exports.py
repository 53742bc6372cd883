"""The exports: JSON-LD in the landing page's head, and the files written when the build ends.

``resume.json`` (JSON Resume), ``resume.jsonld`` (schema.org ``Person``) and ``resume.pdf`` (Typst)
come from :mod:`portfolio.resume.export`, from the same data the pages render.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from portfolio.resume import PAPERS
from portfolio.sphinxext.data import ResumeDataError, data_path, load_resume

__all__ = ["DOWNLOADS", "setup_exports"]

#: Files the build writes at the site's root: name -> link text.
DOWNLOADS = {
    "resume.pdf": "Résumé (PDF)",
    "resume.json": "JSON Resume",
    "resume.jsonld": "JSON-LD",
}


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Embed the JSON-LD ``Person`` in the landing page's ``<head>``."""
    if pagename != app.config.root_doc:
        return
    from portfolio.resume.export import to_jsonld

    try:
        resume = load_resume(data_path(app))
    except ResumeDataError:
        return
    data = to_jsonld(resume, app.config.resume_public_contact)
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<script type="application/ld+json">{text}</script>\n'
    )


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write ``resume.json``, ``resume.jsonld`` and ``resume.pdf`` into the HTML output."""
    if exception is not None or app.builder.format != "html":
        return
    from portfolio.resume.export import write_exports

    try:
        resume = load_resume(data_path(app))
    except ResumeDataError:
        return
    write_exports(
        resume,
        Path(app.outdir),
        public=app.config.resume_public_contact,
        paper=PAPERS[app.config.resume_paper],
        stamp=Path(app.doctreedir) / "resume-exports.stamp",
    )


def setup_exports(app: Sphinx) -> dict[str, Any]:
    """Connect the JSON-LD head and the end-of-build exports."""
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    # html-page-context only reads the data (a writer process loads its own copy);
    # build-finished runs once, in the main process.
    return {"parallel_read_safe": True, "parallel_write_safe": True}
