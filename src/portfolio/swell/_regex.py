"""A parser for the regular-expression subset that portfolio.swell can repair, into a syntax tree.

The strict parser matches terminals with :mod:`re` (compiled with :data:`re.ASCII`); the repair
search needs the same language as a character automaton, so ``regex()`` accepts only the features
listed in :func:`parse_regex`, and rejects the rest when the parser is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.swell._charset import CharSet

__all__ = ["Alt", "Chars", "Concat", "RegexNode", "Repeat", "first_and_nullable", "parse_regex"]


@dataclass(frozen=True)
class Chars:
    """One character from ``chars``."""

    chars: CharSet


@dataclass(frozen=True)
class Concat:
    """The items in order (an empty tuple matches the empty string)."""

    items: tuple[RegexNode, ...]


@dataclass(frozen=True)
class Alt:
    """Any one of the options."""

    options: tuple[RegexNode, ...]


@dataclass(frozen=True)
class Repeat:
    """``item`` repeated between ``low`` and ``high`` times (``high`` None: unbounded)."""

    item: RegexNode
    low: int
    high: int | None


RegexNode = Chars | Concat | Alt | Repeat

_DIGIT = CharSet([(0x30, 0x39)])
_SPACE = CharSet.of(" \t\n\r\f\v")
_WORD = CharSet([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
_CLASS_ESCAPES = {"d": _DIGIT, "D": ~_DIGIT, "s": _SPACE, "S": ~_SPACE, "w": _WORD, "W": ~_WORD}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "0": "\0"}
_DOT = ~CharSet.of("\n")


class _Reader:
    """Recursive-descent reader over the pattern (patterns are short and shallow)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.pos = 0

    def error(self, what: str) -> ValueError:
        return ValueError(
            f"pattern: {self.pattern!r}: {what} at index {self.pos} is not supported by "
            "portfolio.swell (supported: literals, escapes, ., [classes], (groups), (?:groups), |, "
            "*, +, ?, {m,n})"
        )

    def peek(self) -> str:
        return self.pattern[self.pos] if self.pos < len(self.pattern) else ""

    def take(self) -> str:
        char = self.peek()
        if not char:
            raise self.error("unexpected end of pattern")
        self.pos += 1
        return char

    def alternation(self) -> RegexNode:
        options = [self.concatenation()]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.concatenation())
        return options[0] if len(options) == 1 else Alt(tuple(options))

    def concatenation(self) -> RegexNode:
        items: list[RegexNode] = []
        while self.peek() and self.peek() not in "|)":
            items.append(self.quantified())
        return items[0] if len(items) == 1 else Concat(tuple(items))

    def quantified(self) -> RegexNode:
        item = self.atom()
        while True:
            char = self.peek()
            if char in ("*", "+", "?"):
                self.pos += 1
                low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
            elif char == "{" and self._looks_like_count():
                low, high = self._count()
            else:
                return item
            if self.peek() == "?":  # a lazy quantifier matches the same language
                self.pos += 1
            if self.peek() == "+":
                raise self.error("a possessive quantifier")
            item = Repeat(item, low, high)

    def _looks_like_count(self) -> bool:
        end = self.pattern.find("}", self.pos)
        body = self.pattern[self.pos + 1 : end] if end > 0 else ""
        parts = body.split(",")
        return (
            1 <= len(parts) <= 2 and parts[0].isdigit() and all(p.isdigit() or not p for p in parts)
        )

    def _count(self) -> tuple[int, int | None]:
        end = self.pattern.index("}", self.pos)
        body = self.pattern[self.pos + 1 : end]
        self.pos = end + 1
        if "," not in body:
            return int(body), int(body)
        low, high = body.split(",")
        if high and int(high) < int(low):
            raise self.error("a count {m,n} with n < m")
        return int(low), (int(high) if high else None)

    def atom(self) -> RegexNode:
        char = self.take()
        if char == "(":
            if self.peek() == "?":
                if self.pattern.startswith("?:", self.pos):
                    self.pos += 2
                else:
                    raise self.error("a group extension (?...)")
            inner = self.alternation()
            if self.take() != ")":
                raise self.error("an unbalanced parenthesis")
            return inner
        if char == "[":
            return Chars(self.char_class())
        if char == ".":
            return Chars(_DOT)
        if char == "\\":
            return Chars(self.escape(in_class=False))
        if char in "^$":
            raise self.error(f"the anchor {char!r}")
        if char in "*+?{)":
            raise self.error(f"a misplaced {char!r}")
        return Chars(CharSet.of(char))

    def escape(self, *, in_class: bool) -> CharSet:
        char = self.take()
        if char in _CLASS_ESCAPES:
            return _CLASS_ESCAPES[char]
        if char in _SIMPLE_ESCAPES:
            return CharSet.of(_SIMPLE_ESCAPES[char])
        if char in ("x", "u", "U"):
            width = {"x": 2, "u": 4, "U": 8}[char]
            digits = self.pattern[self.pos : self.pos + width]
            if len(digits) != width or any(d not in "0123456789abcdefABCDEF" for d in digits):
                raise self.error(f"a malformed \\{char} escape")
            self.pos += width
            return CharSet([(int(digits, 16), int(digits, 16))])
        if char == "b" and in_class:
            return CharSet.of("\b")
        if char.isalnum():
            raise self.error(f"the escape \\{char}")
        return CharSet.of(char)

    def char_class(self) -> CharSet:
        negate = self.peek() == "^"
        if negate:
            self.pos += 1
        parts: list[CharSet] = []
        first = True
        while True:
            char = self.take()
            if char == "]" and not first:
                break
            first = False
            if char == "[":
                raise self.error("a nested set")
            low = self.escape(in_class=True) if char == "\\" else CharSet.of(char)
            if self.peek() == "-" and self.pattern[self.pos + 1 : self.pos + 2] not in ("]", ""):
                self.pos += 1
                high_char = self.take()
                high = self.escape(in_class=True) if high_char == "\\" else CharSet.of(high_char)
                if len(low) != 1 or len(high) != 1:
                    raise self.error("a range with a class escape")
                lo, hi = ord(low.first()), ord(high.first())
                if hi < lo:
                    raise self.error("a reversed range")
                parts.append(CharSet([(lo, hi)]))
            else:
                parts.append(low)
        merged = CharSet(r for part in parts for r in part.ranges)
        return ~merged if negate else merged


def parse_regex(pattern: str) -> RegexNode:
    r"""Parse ``pattern`` into a syntax tree, or raise ValueError naming the unsupported feature.

    Supported: literal characters, escapes (``\n \t \r \f \v \xHH \uHHHH`` and the ASCII classes
    ``\d \D \s \S \w \W``), ``.``, character classes with ranges and negation, capturing and
    ``(?:...)`` groups, ``|``, and the quantifiers ``* + ? {m} {m,} {m,n}`` (lazy forms too).
    Anchors, look-arounds, back-references and flags are not: they are not regular languages over
    characters, or not local to one terminal.

    Examples
    --------
    >>> parse_regex("a|b")
    Alt(options=(Chars(chars=CharSet([(97, 97)])), Chars(chars=CharSet([(98, 98)]))))
    >>> parse_regex("^a")
    Traceback (most recent call last):
    ...
    ValueError: pattern: '^a': the anchor '^' at index 1 is not supported by portfolio.swell ...
    """
    reader = _Reader(pattern)
    tree = reader.alternation()
    if reader.pos != len(pattern):
        raise reader.error("an unbalanced parenthesis")
    return tree


def first_and_nullable(node: RegexNode) -> tuple[CharSet, bool]:
    """Return the characters that can start a match of ``node``, and whether it matches ``""``.

    Examples
    --------
    >>> first, nullable = first_and_nullable(parse_regex("-?[0-9]+"))
    >>> sorted(first.members())[:3], nullable
    (['-', '0', '1'], False)
    """
    if isinstance(node, Chars):
        return node.chars, False
    if isinstance(node, Alt):
        first, nullable = CharSet(), False
        for option in node.options:
            f, n = first_and_nullable(option)
            first, nullable = first | f, nullable or n
        return first, nullable
    if isinstance(node, Repeat):
        f, n = first_and_nullable(node.item)
        return f, n or node.low == 0
    first = CharSet()
    for item in node.items:
        f, n = first_and_nullable(item)
        first = first | f
        if not n:
            return first, False
    return first, True
