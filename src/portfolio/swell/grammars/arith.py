"""Arithmetic expressions: a grammar with precedence, a syntax tree and an exact evaluator.

``+ -`` bind looser than ``* /``, both associate to the left, unary minus binds tightest, and
parentheses group. Numbers are decimal (``12``, ``0.5``); arithmetic is exact, with
``fractions.Fraction``.

Examples
--------
>>> calculate("1 + 2 * (3 - 1) / 4")
Fraction(2, 1)
>>> fixed = expression.repair("2 * (3 + 4")
>>> fixed.text, evaluate(fixed.value)
('2 * (3 + 4)', Fraction(14, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NewType

from portfolio.swell.core import Parser, alt, lazy, many, regex, seq, string

__all__ = ["BinOp", "Expr", "Neg", "Num", "Rational", "calculate", "evaluate", "expression"]

Rational = NewType("Rational", Fraction)
"""The result of an evaluation: an exact fraction."""


@dataclass(frozen=True)
class Num:
    """A number literal."""

    value: Fraction


@dataclass(frozen=True)
class Neg:
    """Unary minus."""

    operand: Expr


@dataclass(frozen=True)
class BinOp:
    """A binary operation; ``op`` is one of ``+ - * /``."""

    op: str
    left: Expr
    right: Expr


Expr = Num | Neg | BinOp


def _fold(parts: list[Any]) -> Expr:
    tree: Expr = parts[0]
    rest = parts[1]
    for op, right in rest:
        tree = BinOp(op, tree, right)
    return tree


_ws = regex(r"[ \t\n\r]*", name="whitespace")


def _token(s: str) -> Parser[str]:
    return string(s) << _ws


_number = (regex(r"[0-9]+(?:\.[0-9]+)?", name="number").map(Fraction).map(Num)) << _ws
_factor: Parser[Expr] = lazy(
    lambda: alt(
        _number,
        _token("(") >> _sum << _token(")"),
        (_token("-") >> _factor).map(Neg),
    )
)
_product: Parser[Expr] = seq(_factor, many(seq(_token("*") | _token("/"), _factor))).map(_fold)
_sum: Parser[Expr] = lazy(
    lambda: seq(_product, many(seq(_token("+") | _token("-"), _product))).map(_fold)
)

expression: Parser[Expr] = _ws >> _sum
"""The whole text, as one expression with whitespace allowed around every token."""


def evaluate(tree: Expr) -> Rational:
    """Evaluate a syntax tree exactly, without recursion (any depth works).

    Raises
    ------
    ZeroDivisionError
        On division by zero.

    Examples
    --------
    >>> evaluate(BinOp("/", Num(Fraction(1)), Neg(Num(Fraction(3)))))
    Fraction(-1, 3)
    """
    results: list[Fraction] = []
    todo: list[tuple[Expr, bool]] = [(tree, False)]
    while todo:
        node, ready = todo.pop()
        if isinstance(node, Num):
            results.append(node.value)
        elif isinstance(node, Neg):
            if ready:
                results.append(-results.pop())
            else:
                todo += [(node, True), (node.operand, False)]
        elif ready:
            right, left = results.pop(), results.pop()
            if node.op == "+":
                results.append(left + right)
            elif node.op == "-":
                results.append(left - right)
            elif node.op == "*":
                results.append(left * right)
            else:
                if right == 0:
                    raise ZeroDivisionError(f"division by zero: {left} / 0")
                results.append(left / right)
        else:
            todo += [(node, True), (node.right, False), (node.left, False)]
    return Rational(results[0])


def calculate(text: str) -> Rational:
    """Parse ``text`` strictly and evaluate it (ParseError if it is not an expression).

    Examples
    --------
    >>> calculate("-(1.5 + 0.5) * 3")
    Fraction(-6, 1)
    """
    return evaluate(expression.parse(text))
