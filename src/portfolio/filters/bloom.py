"""The classic Bloom filter (Bloom 1970), with compiled single-key and bulk paths."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from portfolio.filters import _kernels
from portfolio.filters._packed import _PackedFilter
from portfolio.filters._serial import Reader
from portfolio.filters._validate import as_bytes, check_capacity, check_rate
from portfolio.filters.base import Key
from portfolio.filters.hashing import MASK32, Hasher, hasher_by_name, resolve_hasher

__all__ = ["BloomFilter", "optimal_parameters"]

_MAX_BITS = 1 << 32
_MAX_HASHES = 2048  # the optimum needs about 1075 at the smallest positive float rate
_MAGIC = b"PZBF\x02"
_HEADER = struct.Struct("<QQQdB")  # m, k, count, false_positive_rate, len(hasher name)


def optimal_parameters(capacity: int, false_positive_rate: float) -> tuple[int, int]:
    r"""Return the optimal bit count :math:`m` and hash count :math:`k` for ``n`` keys, rate ``p``.

    .. math:: m = \left\lceil \frac{-n \ln p}{(\ln 2)^2} \right\rceil, \qquad
              k = \max\bigl(1, \operatorname{round}(\tfrac{m}{n} \ln 2)\bigr)
              \qquad (p \le 1/2).

    Above :math:`p = 1/2` the textbook optimum would need :math:`k < 1` hash functions, and the
    same :math:`m` with :math:`k = 1` misses the target badly (:math:`p = 0.9` would give
    0.99). There the smallest filter that reaches :math:`p` has one hash function and
    :math:`m = \lceil -n / \ln(1 - p) \rceil`; at :math:`p = 1/2` the two rules agree.

    Examples
    --------
    >>> optimal_parameters(1_000_000, 0.01)
    (9585059, 7)
    >>> optimal_parameters(1_000, 0.9)
    (435, 1)
    """
    n = check_capacity(capacity)
    p = check_rate(false_positive_rate)
    if p > 0.5:
        return math.ceil(-n / math.log1p(-p)), 1
    m = math.ceil(-n * math.log(p) / math.log(2) ** 2)
    k = max(1, round(m / n * math.log(2)))
    return m, k


class BloomFilter(_PackedFilter):
    r"""Set-membership filter with no false negatives, sized optimally for ``capacity`` keys.

    Parameters
    ----------
    capacity
        Expected number of distinct keys, :math:`n`.
    false_positive_rate
        Target probability :math:`p` that an absent key is reported present, once ``capacity``
        keys are in.
    hasher
        The key hash: a :class:`~portfolio.filters.hashing.Hasher`, or a shipped one's name
        (``"mersenne61"``, the default :class:`~portfolio.filters.hashing.MersenneHasher`, or
        ``"blake2b"``, :class:`~portfolio.filters.hashing.Blake2bHasher`).

    Attributes
    ----------
    num_hashes : int
        Number of bit positions per key, :math:`k`.
    false_positive_rate : float
        The target rate the filter was sized for.

    Notes
    -----
    The :math:`k` bit positions of a key come from one 64-bit hash split into 32-bit halves
    :math:`h_1, h_2` by double hashing (Kirsch and Mitzenmacher 2008):
    :math:`g_i = \bigl(h_1 + i\,(1 + h_2 \bmod (m-1))\bigr) \bmod m`. With the optimal
    :math:`m` and :math:`k` (see :func:`optimal_parameters`) the false-positive rate at capacity is

    .. math:: \left(1 - e^{-kn/m}\right)^k \approx p.

    The methods run compiled kernels (numba): a bulk call hashes every key's bytes in
    one pass and sets or tests the bits in another; a single key is one kernel call on its
    bytes (with the default hasher). The pure-Python methods are the reference: the
    tests build every filter both ways and compare the bits (see ``_kernels.pure_python``).

    References
    ----------
    - B. H. Bloom, "Space/time trade-offs in hash coding with allowable errors,"
      *Communications of the ACM* 13(7), 422–426, 1970. `doi:10.1145/362686.362692 <https://doi.org/10.1145/362686.362692>`__
    - A. Kirsch and M. Mitzenmacher, "Less hashing, same performance: building a better
      Bloom filter," *Random Structures & Algorithms* 33(2), 187–218, 2008.
      `doi:10.1002/rsa.20208 <https://doi.org/10.1002/rsa.20208>`__

    Examples
    --------
    >>> bf = BloomFilter(capacity=1_000, false_positive_rate=0.01)
    >>> bf.add("ada")
    >>> "ada" in bf
    True
    >>> bf.update(["grace", b"hopper"])  # a str key and its UTF-8 bytes are the same key
    >>> bf.contains_many(["grace", "hopper", "turing"]).tolist()
    [True, True, False]
    >>> len(bf), bf.num_bits, bf.num_hashes
    (3, 9586, 7)
    """

    __slots__ = ("_m", "_m1", "num_hashes")
    _MAGIC = _MAGIC
    _HEADER = _HEADER

    def __init__(
        self, capacity: int, false_positive_rate: float, *, hasher: Hasher | str | None = None
    ) -> None:
        m, k = optimal_parameters(capacity, false_positive_rate)
        if m > _MAX_BITS:
            raise ValueError(
                f"capacity {capacity} at false_positive_rate {false_positive_rate} needs {m} bits; "
                f"this filter supports at most 2**32"
            )
        self._init(m, k, check_rate(false_positive_rate), resolve_hasher(hasher))

    def _init(self, m: int, k: int, rate: float, hasher: Hasher) -> None:
        self._m = m
        self._m1 = max(1, m - 1)  # the step is 1 + h2 mod (m - 1): never 0
        self.num_hashes = k
        self._init_table((m + 7) // 8, rate, hasher)

    # -- sizes -----------------------------------------------------------------------------
    @property
    def num_bits(self) -> int:
        """Number of addressable bits, :math:`m`."""
        return self._m

    def __len__(self) -> int:
        """Number of keys added (duplicates counted: a Bloom filter cannot tell)."""
        return self._count

    def __repr__(self) -> str:
        return (
            f"BloomFilter(num_bits={self._m}, num_hashes={self.num_hashes}, "
            f"len={self._count}, hasher={self._hasher.name!r})"
        )

    # -- single keys -----------------------------------------------------------------------
    def add(self, key: Key) -> None:
        """Insert ``key``.

        Complexity: O(k) bit writes plus one hash of the key.

        Raises
        ------
        TypeError
            If ``key`` is not ``str`` or ``bytes``.
        """
        if self._single:
            if self._kadd is None:
                self._kadd, self._khas = _kernels.bloom_entries()
            self._kadd(self._view, as_bytes(key), self._m, self._m1, self.num_hashes)
            self._count += 1
        else:
            self._add_hash(self._hasher.hash_key(key))

    def __contains__(self, key: object) -> bool:
        """Return whether ``key`` may have been added (never ``False`` for an added key).

        Complexity: O(k) bit reads plus one hash of the key; stops at the first clear bit.
        """
        if self._single:
            if self._khas is None:
                self._kadd, self._khas = _kernels.bloom_entries()
            return self._khas(self._view, as_bytes(key), self._m, self._m1, self.num_hashes)
        return self._has_hash(self._hasher.hash_key(key))  # type: ignore[arg-type]

    def _add_hash(self, z: int) -> None:
        """The reference insert (pure Python): set the ``k`` bits of hash ``z``."""
        m, bits = self._m, self._bits
        g, step = (z >> 32) % m, 1 + (z & MASK32) % self._m1
        for _ in range(self.num_hashes):
            bits[g >> 3] |= 1 << (g & 7)
            g += step
            if g >= m:
                g -= m
        self._count += 1

    def _has_hash(self, z: int) -> bool:
        """The reference lookup (pure Python): whether every bit of hash ``z`` is set."""
        m, bits = self._m, self._bits
        g, step = (z >> 32) % m, 1 + (z & MASK32) % self._m1
        for _ in range(self.num_hashes):
            if not bits[g >> 3] >> (g & 7) & 1:
                return False
            g += step
            if g >= m:
                g -= m
        return True

    # -- bulk ------------------------------------------------------------------------------
    def update(self, keys: Iterable[Key]) -> None:
        """Insert every key of ``keys``.

        Complexity: O(n k), compiled.

        Raises
        ------
        TypeError
            If ``keys`` is a single key, or a key is not ``str`` or ``bytes``; then no key of
            the batch is added (every key is hashed before any bit is set).
        """
        keys, z = self._hash_all(keys)
        if not keys:
            return
        if self._compiled:
            _kernels.bloom_add_many(self._view, z, self._m, self._m1, self.num_hashes)
            self._count += len(keys)
            return
        for h in z.tolist():
            self._add_hash(h)

    def _has_many_compiled(self, z: NDArray[np.uint64]) -> NDArray[np.bool_]:
        return _kernels.bloom_has_many(self._view, z, self._m, self._m1, self.num_hashes)

    # -- statistics --------------------------------------------------------------------------
    def fill_ratio(self) -> float:
        """Fraction of the :math:`m` bits that are set.

        Complexity: O(m / 8).
        """
        return int(np.unpackbits(self._view).sum()) / self._m

    def estimated_false_positive_rate(self) -> float:
        r"""The false-positive rate implied by the current fill, :math:`\rho^k`.

        Examples
        --------
        >>> BloomFilter(100, 0.01).estimated_false_positive_rate()
        0.0
        """
        return self.fill_ratio() ** self.num_hashes

    # -- serialisation -----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """Serialise the filter (header, hasher name, bit array, CRC-32).

        Examples
        --------
        >>> bf = BloomFilter(100, 0.05)
        >>> bf.add("x")
        >>> "x" in BloomFilter.from_bytes(bf.to_bytes())
        True
        >>> BloomFilter.from_bytes(bf.to_bytes()[:-1])
        Traceback (most recent call last):
        ...
        ValueError: data is not a serialised BloomFilter: checksum mismatch (truncated or corrupted)
        """
        return self._seal(self._m, self.num_hashes, self._count, self.false_positive_rate)

    @classmethod
    def _restore(cls, reader: Reader, fields: tuple[Any, ...], name: str, payload: bytes) -> Self:
        m, k, count, rate = fields
        if not 0 < m <= _MAX_BITS or not 1 <= k <= _MAX_HASHES or len(payload) != (m + 7) // 8:
            raise reader.fail(f"m={m}, k={k}, payload {len(payload)} bytes")
        spare = len(payload) * 8 - m
        if spare and payload[-1] >> (8 - spare):
            raise reader.fail("bits past m are set")
        if int(np.unpackbits(np.frombuffer(payload, dtype=np.uint8)).sum()) > k * count:
            raise reader.fail(f"more bits set than {count} keys can set")
        bf = cls.__new__(cls)
        bf._init(m, k, check_rate(rate), hasher_by_name(name))
        return bf._load(reader, payload, count)

    def _problems(self) -> list[str]:
        """Every broken invariant, described (empty when the structure is sound)."""
        problems = []
        if self._m < 1 or self.num_hashes < 1 or len(self._bits) != (self._m + 7) // 8:
            problems.append(f"m={self._m}, k={self.num_hashes}, {len(self._bits)} bytes")
        if len(self._view) != len(self._bits) or not np.shares_memory(
            self._view, np.frombuffer(self._bits, dtype=np.uint8)
        ):
            problems.append("the bit view does not share the bit array")
        spare = len(self._bits) * 8 - self._m
        if spare and self._bits[-1] >> (8 - spare):
            problems.append("bits past m are set")
        if self._count < 0:
            problems.append(f"count {self._count} is negative")
        if int(np.unpackbits(self._view).sum()) > self.num_hashes * self._count:
            problems.append(f"more bits set than {self._count} keys can set")
        return problems
