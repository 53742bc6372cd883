"""The portfolio's Sphinx extension: directives that render the résumé data, and MathML math.

One module per concern, each with a ``setup_<feature>(app)``:

- :mod:`~portfolio.sphinxext.data`: the ``resume_*`` config values, the data cache, validation
  before any page is read (and the private overlay's check), dependency noting;
- :mod:`~portfolio.sphinxext.links`: the ``resume_link`` node, the résumé domain, and link
  resolution at write time;
- :mod:`~portfolio.sphinxext.render`: free functions that render records, given a
  ``RenderContext``;
- :mod:`~portfolio.sphinxext.directives`: thin directive classes and :data:`DIRECTIVES`;
- :mod:`~portfolio.sphinxext.exports`: JSON-LD in the landing page's head, and the files written
  when the build ends;
- :mod:`~portfolio.sphinxext.mathml` and :mod:`~portfolio.sphinxext.searchfix`: MathML math and
  search aliases that survive incremental builds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

import portfolio
from portfolio.sphinxext.data import setup_data
from portfolio.sphinxext.directives import DIRECTIVES, setup_directives
from portfolio.sphinxext.exports import setup_exports
from portfolio.sphinxext.links import setup_links
from portfolio.sphinxext.mathml import setup_mathml
from portfolio.sphinxext.searchfix import setup_searchfix

__all__ = ["DIRECTIVES", "ENV_VERSION", "setup"]

#: Bumped whenever the doctrees the directives write change shape, so that Sphinx re-reads
#: every page instead of reusing a stale pickled environment. 3: the extension became a package
#: (``resume_link`` moved to ``portfolio.sphinxext.links``); 2: no durations, skills as badges,
#: figures grouped by role.
ENV_VERSION = 3

_FEATURES: tuple[Callable[[Sphinx], dict[str, Any]], ...] = (
    setup_data,
    setup_links,
    setup_directives,
    setup_exports,
    setup_mathml,
    setup_searchfix,
)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the extension; return one metadata dict for all of them.

    The parallel flags are true only when every part says so.
    """
    parts = [feature(app) for feature in _FEATURES]
    return {
        "version": portfolio.__version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": all(p.get("parallel_read_safe", False) for p in parts),
        "parallel_write_safe": all(p.get("parallel_write_safe", False) for p in parts),
    }
