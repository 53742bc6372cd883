"""Render LaTeX math as MathML at build time, so pages load no math script at all."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

__all__ = ["setup_mathml"]

logger = logging.getLogger(__name__)


def _to_mathml(latex: str, *, display: bool, node: nodes.Element) -> str:
    try:
        return convert(latex.strip(), display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises many kinds; report them all the same way
        logger.warning(
            "cannot render math %r as MathML: %s",
            latex,
            exc,
            location=node,
            type="portfolio",
            subtype="mathml",
        )
        return f"<code>{nodes.Text(latex).astext()}</code>"


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    """Write an inline ``<math>`` element."""
    self.body.append(_to_mathml(node.astext(), display=False, node=node))
    raise nodes.SkipNode


def visit_math_block(self: HTML5Translator, node: nodes.math_block) -> None:
    """Write a display ``<math>`` element inside a scrollable wrapper."""
    self.body.append(self.starttag(node, "div", CLASS="math-wrapper docutils container"))
    self.body.append(_to_mathml(node.astext(), display=True, node=node))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_mathml(app: Sphinx) -> dict[str, Any]:
    """Register the ``mathml`` HTML math renderer (select it with ``html_math_renderer``)."""
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_math_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
