"""The portfolio's Sphinx extension: directives that render the résumé data, and MathML math."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

import portfolio
from portfolio.sphinxext import mathml, reference, resume, searchfix

__all__ = ["setup"]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the extension."""
    mathml.setup(app)
    reference.setup_reference(app)
    resume.setup(app)
    searchfix.setup(app)
    return {
        "version": portfolio.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
