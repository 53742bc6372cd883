"""Sets of characters as sorted, disjoint code-point ranges (the repair automaton's alphabet)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

__all__ = ["MAX_CODE_POINT", "CharSet"]

MAX_CODE_POINT = 0x10FFFF


class CharSet:
    """An immutable set of characters, stored as sorted disjoint inclusive code-point ranges.

    Parameters
    ----------
    ranges
        ``(low, high)`` code-point pairs, inclusive; they may overlap or touch, and are merged.

    Examples
    --------
    >>> digits = CharSet([(ord("0"), ord("9"))])
    >>> "7" in digits, "x" in digits
    (True, False)
    >>> (~digits).first()
    '\\x00'
    >>> len(CharSet.of("abca"))
    3
    """

    __slots__ = ("_hash", "_highs", "_lows")

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if not 0 <= lo <= hi <= MAX_CODE_POINT:
                raise ValueError(f"ranges: ({lo}, {hi}) is not a valid code-point range")
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self._lows = tuple(lo for lo, _ in merged)
        self._highs = tuple(hi for _, hi in merged)
        self._hash = hash((self._lows, self._highs))

    def _check(self) -> None:
        """Assert the invariants: ranges valid, sorted, disjoint and not touching."""
        assert len(self._lows) == len(self._highs)
        for lo, hi in zip(self._lows, self._highs, strict=True):
            assert 0 <= lo <= hi <= MAX_CODE_POINT
        for hi, next_lo in zip(self._highs, self._lows[1:], strict=False):
            assert hi + 1 < next_lo
        assert self._hash == hash((self._lows, self._highs))

    @classmethod
    def of(cls, chars: Iterable[str]) -> CharSet:
        """Return the set of the given characters.

        Examples
        --------
        >>> CharSet.of("ba").members()
        ['a', 'b']
        """
        return cls((ord(c), ord(c)) for c in chars)

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        """The disjoint inclusive code-point ranges, in increasing order."""
        return tuple(zip(self._lows, self._highs, strict=True))

    def __contains__(self, char: object) -> bool:
        """Membership of one character. Complexity: O(log r) for r ranges."""
        if not isinstance(char, str) or len(char) != 1:
            return False
        code = ord(char)
        i = bisect_right(self._lows, code) - 1
        return i >= 0 and code <= self._highs[i]

    def __len__(self) -> int:
        return sum(hi - lo + 1 for lo, hi in zip(self._lows, self._highs, strict=True))

    def __bool__(self) -> bool:
        return bool(self._lows)

    def __iter__(self) -> Iterator[str]:
        for lo, hi in zip(self._lows, self._highs, strict=True):
            for code in range(lo, hi + 1):
                yield chr(code)

    def __or__(self, other: CharSet) -> CharSet:
        return CharSet(self.ranges + other.ranges)

    def __invert__(self) -> CharSet:
        out: list[tuple[int, int]] = []
        start = 0
        for lo, hi in self.ranges:
            if lo > start:
                out.append((start, lo - 1))
            start = hi + 1
        if start <= MAX_CODE_POINT:
            out.append((start, MAX_CODE_POINT))
        return CharSet(out)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CharSet) and self.ranges == other.ranges

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"CharSet({list(self.ranges)!r})"

    def first(self) -> str:
        """Return the smallest member; raises ValueError when the set is empty."""
        if not self._lows:
            raise ValueError("the character set is empty")
        return chr(self._lows[0])

    def members(self, limit: int | None = None) -> list[str]:
        """Return the members in increasing order, at most ``limit`` of them."""
        out: list[str] = []
        for char in self:
            if limit is not None and len(out) >= limit:
                break
            out.append(char)
        return out

    def candidates(self) -> tuple[str, ...]:
        """Return the characters the repair search may insert for this set.

        All members when there are at most 64; otherwise the printable ASCII members (or the
        smallest member when there is none). Under unit costs any member gives the same cost, so
        this choice never changes the minimum. Printable ASCII comes first: when costs tie, the
        search takes the first candidate.

        Examples
        --------
        >>> CharSet.of("x1").candidates()
        ('1', 'x')
        >>> (~CharSet.of('"\\\\')).candidates()[:3]
        (' ', '!', '#')
        """
        members = self.members() if len(self) <= 64 else []
        if not members:
            for lo, hi in self.ranges:
                members.extend(chr(code) for code in range(max(lo, 0x20), min(hi, 0x7E) + 1))
            members = members or [self.first()]
        # Printable characters first (a space before a tab), then the rest, by code point.
        return tuple(sorted(members, key=lambda c: (not " " <= c <= "~", c)))
