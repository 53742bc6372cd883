"""Sphinx configuration for Peter Zhao's portfolio site.

One banner-commented section per extension. Everything about the person comes from
``docs/resume.yaml`` through :mod:`portfolio.sphinxext`.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx

import portfolio

DOCS = Path(__file__).resolve().parent

# -- Project information -----------------------------------------------------
project = "Peter Zhao"
author = "Peter Zhao"
copyright = "Peter Zhao"
version = release = portfolio.__version__
language = "en"

# -- General configuration ---------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx.ext.intersphinx",
    "sphinx_copybutton",
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "portfolio.sphinxext",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "**/_*.md", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
nitpicky = True
# Each entry says why no inventory can resolve it.
nitpick_ignore: list[tuple[str, str]] = [
    # No offline objects.inv ships for NumPy (no Debian package carries one).
    ("py:class", "numpy.ndarray"),
    ("py:class", "numpy.typing.NDArray"),
    ("py:class", "NDArray"),
    ("py:class", "numpy.bool"),
    ("py:class", "numpy.bool_"),
    ("py:class", "numpy.uint8"),
    ("py:class", "numpy.uint64"),
    ("py:class", "numpy.float64"),
    ("py:class", "numpy.int64"),
    ("py:class", "numpy.dtype"),
    ("py:class", "np.ndarray"),
    # No offline objects.inv ships for networkx either.
    ("py:class", "networkx.Graph"),
    ("py:class", "networkx.classes.graph.Graph"),
    ("py:class", "nx.Graph"),
]
nitpick_ignore_regex: list[tuple[str, str]] = [
    # Same reason as above: NumPy and networkx have no offline inventory.
    ("py:.*", r"(numpy|np|networkx|nx)\..*"),
]
suppress_warnings: list[str] = []
# Smart quotes would turn the apostrophe of "Spring '21" or "SIGMOD '18" into an opening quote
# (‘21). Keep dashes and ellipses, leave quotes as written: the pages, the PDF and the JSON agree.
smartquotes_action = "De"

# The canonical base URL: Read the Docs tells us; otherwise the configured default.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://pzhao-portfolio.readthedocs.io/en/latest/"
)

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline", "attrs_block", "dollarmath"]
myst_heading_anchors = 3

# -- autodoc / napoleon ------------------------------------------------------
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_preserve_defaults = True
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_preprocess_types = True

# -- intersphinx (offline: the inventory ships in docs/_intersphinx) ---------
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11/", str(DOCS / "_intersphinx" / "python3.11.inv")),
}
intersphinx_disabled_reftypes = ["std:doc"]  # Sphinx's default: stdlib names in type hints resolve
intersphinx_timeout = 1

# -- HTML output (furo) ------------------------------------------------------
html_theme = "furo"
html_title = "Peter Zhao"
html_static_path = ["_static"]
html_css_files = ["portfolio.css"]
html_js_files: list[str] = []
# Ranks pages above API objects: a name such as "Girvan" finds its project page before the
# functions named after it (the same rules are ported to Python in tests/site/searchindex.py).
html_search_scorer = str(DOCS / "_static" / "search-scorer.js")
html_favicon = "_static/favicon.svg"
html_show_sphinx = False
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "source_repository": "",
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
html_extra_path: list[str] = []
html_math_renderer = "mathml"  # portfolio.sphinxext.mathml: no math script at page view

# -- copybutton --------------------------------------------------------------
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

# -- opengraph ---------------------------------------------------------------
ogp_site_url = html_baseurl
ogp_site_name = "Peter Zhao"
ogp_type = "website"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}

# -- sitemap -----------------------------------------------------------------
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html", "py-modindex.html"]

# -- notfound ----------------------------------------------------------------
# Read the Docs serves 404.html for any missing path, so its links must be absolute there
# (/en/latest/...). Elsewhere (local preview, tests) relative links work from the site root.
notfound_urls_prefix = (
    urlsplit(os.environ["READTHEDOCS_CANONICAL_URL"]).path
    if "READTHEDOCS_CANONICAL_URL" in os.environ
    else None
)

# -- portfolio.sphinxext (résumé) ---------------------------------------------
# Headings and labels the engine writes come from the data (meta.x-labels in resume.yaml), so
# the site, the PDF and the command line agree; nothing about the person is configured here.
resume_data = "resume.yaml"  # relative to this folder; the single source of facts
resume_public_contact = ["email", "github"]  # add "phone" to publish the phone number
resume_paper = "letter"  # or "a4": the paper size of resume.pdf


# -- robots.txt --------------------------------------------------------------
# Written at build time so that its Sitemap line follows the canonical URL (Read the Docs or
# the configured default) instead of hard-coding one.
def _write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        sitemap = app.config.html_baseurl.rstrip("/") + "/sitemap.xml"
        text = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
        (Path(app.outdir) / "robots.txt").write_text(text, encoding="utf-8")


def _public_bases(app: Sphinx, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Show a private base class (``_Name``) as its own bases: it is not part of the API."""
    public: list[type] = []
    for base in bases:
        if base.__name__.startswith("_"):
            _public_bases(app, name, obj, options, shown := list(base.__bases__))
            public += [b for b in shown if b not in public]
        elif base not in public:
            public.append(base)
    bases[:] = public


def setup(app: Sphinx) -> None:
    """Project-local hooks."""
    app.connect("build-finished", _write_robots_txt)
    app.connect("autodoc-process-bases", _public_bases)
