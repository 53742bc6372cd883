"""Grammars written with portfolio.swell: :mod:`~portfolio.swell.grammars.json` (RFC 8259) and
:mod:`~portfolio.swell.grammars.arith` (arithmetic with an evaluator)."""

from __future__ import annotations

__all__: list[str] = []
