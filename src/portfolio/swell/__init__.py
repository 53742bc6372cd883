"""Parser combinators that parse strictly, and repair broken input with a minimum-cost edit.

Build a grammar from :func:`string`, :func:`regex`, :func:`seq`, :func:`alt`, :func:`many`,
:func:`optional`, :func:`sep_by` and :func:`lazy`; :meth:`Parser.parse` returns its value or
raises :class:`ParseError`, and :meth:`Parser.repair` returns a :class:`Repair` of minimum cost
under a :class:`CostModel`.

Examples
--------
>>> from portfolio.swell import regex, sep_by, string
>>> ints = string("[") >> sep_by(regex("[0-9]+").map(int), string(",")) << string("]")
>>> ints.parse("[1,2,3]")
[1, 2, 3]
>>> fixed = ints.repair("[1,2,,3")
>>> fixed.value, [str(e) for e in fixed.edits]
([1, 2, 3], ["1:6: deleted ','", "1:8: inserted ']'"])
"""

from __future__ import annotations

from portfolio.swell.core import (
    ParseError,
    Parser,
    alt,
    lazy,
    many,
    optional,
    regex,
    sep_by,
    seq,
    string,
)
from portfolio.swell.repair import CostModel, Edit, Repair, RepairError, repair

__all__ = [
    "CostModel",
    "Edit",
    "ParseError",
    "Parser",
    "Repair",
    "RepairError",
    "alt",
    "lazy",
    "many",
    "optional",
    "regex",
    "repair",
    "sep_by",
    "seq",
    "string",
]
