r"""Key hashing shared by every filter: one 64-bit hash per key, single or vectorised.

A filter needs the *same* hash for a key whether it arrives alone (``key in f``) or in a batch
(``f.contains_many(keys)``), otherwise a key added in bulk could be missed when looked up alone.
Each :class:`Hasher` therefore has a scalar method and a batch method that agree bit for bit.

Two hashers ship:

- :class:`MersenneHasher` (the default): the key's UTF-8 bytes read as one little-endian integer
  :math:`X`, reduced modulo the Mersenne prime :math:`p = 2^{61} - 1`, then mixed with the length
  and MurmurHash3's 64-bit finaliser. In Python that is a handful of C-level big-integer
  operations; the compiled batch path reads 8-byte words, because
  :math:`2^{64} \equiv 8 \pmod p`.
- :class:`Blake2bHasher`: the first 8 bytes of BLAKE2b, a cryptographic hash. Better mixing, no
  vectorised path (the batch method loops in Python), so bulk operations are slower.

Examples
--------
>>> h = MersenneHasher()
>>> h.hash_key("ada") == int(h.hash_keys(["ada"])[0])
True
>>> Blake2bHasher().hash_key(b"ada") == int(Blake2bHasher().hash_keys([b"ada"])[0])
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from portfolio.filters._validate import as_bytes
from portfolio.filters.base import Key

__all__ = [
    "FMIX1",
    "FMIX2",
    "HASHERS",
    "LEN_MIX",
    "MASK32",
    "MASK64",
    "P61",
    "SPLITMIX_GAMMA",
    "Blake2bHasher",
    "Hasher",
    "MersenneHasher",
    "finalise",
    "hasher_by_name",
    "resolve_hasher",
]

MASK32 = (1 << 32) - 1
"""The low 32 bits."""
MASK64 = (1 << 64) - 1
"""The low 64 bits (arithmetic modulo :math:`2^{64}`)."""
P61 = (1 << 61) - 1
"""The Mersenne prime :math:`2^{61} - 1`."""
LEN_MIX = 0x9E3779B97F4A7C15
"""Odd 64-bit constant (:math:`2^{64}` over the golden ratio) that spreads a key's length."""
FMIX1 = 0xFF51AFD7ED558CCD
"""MurmurHash3's first fmix64 multiplier."""
FMIX2 = 0xC4CEB9FE1A85EC53
"""MurmurHash3's second fmix64 multiplier (the cuckoo filter also hashes fingerprints with it)."""
SPLITMIX_GAMMA = LEN_MIX
"""The increment of the splitmix64 generator behind the cuckoo filter's eviction walk."""


def finalise(residue: int, length: int) -> int:
    r"""The default hash of a key from its residue :math:`X \bmod p` and its byte length.

    Examples
    --------
    >>> finalise(0, 0)
    0
    """
    z = (residue + length * LEN_MIX) & MASK64
    z ^= z >> 33
    z = (z * FMIX1) & MASK64
    z ^= z >> 33
    z = (z * FMIX2) & MASK64
    return z ^ (z >> 33)


@runtime_checkable
class Hasher(Protocol):
    """A 64-bit key hash with a scalar and a batch form that agree exactly."""

    name: str
    """Stable identifier, stored by ``to_bytes`` so ``from_bytes`` can rebuild the hasher."""

    def hash_key(self, key: Key) -> int:
        """Hash one key to an integer in :math:`[0, 2^{64})`."""
        ...

    def hash_keys(self, keys: Sequence[Key]) -> NDArray[np.uint64]:
        """Hash many keys; element ``i`` equals ``hash_key(keys[i])``."""
        ...


class MersenneHasher:
    r"""The default hasher: :math:`X \bmod (2^{61}-1)`, length-mixed, MurmurHash3-finalised.

    Notes
    -----
    For key bytes :math:`b_0 \dots b_{n-1}`, :math:`X = \sum_i b_i 256^i` and

    .. math::

        v = X \bmod (2^{61}-1), \quad
        h = \operatorname{fmix64}\bigl((v + n\,\varphi) \bmod 2^{64}\bigr)

    with :math:`\varphi` = :data:`LEN_MIX` and fmix64 MurmurHash3's finaliser (xor-shift,
    multiply, xor-shift, multiply, xor-shift), which makes every input bit affect every output
    bit. Keys differing only by trailing zero bytes get different hashes through the length
    term.

    :meth:`hash_key` is the reference: in Python, :math:`v` is one C-level big-integer
    remainder. :meth:`hash_keys` runs a compiled loop over the keys' bytes (one 8-byte word at
    a time, since :math:`2^{64} \equiv 8 \pmod p`), or :meth:`hash_key` per key on the
    pure-Python path; the two agree bit for bit.

    Examples
    --------
    >>> h = MersenneHasher()
    >>> h.hash_key("abc") == h.hash_key(b"abc") == int(h.hash_keys(["abc"])[0])
    True
    >>> h.hash_key(b"a") != h.hash_key(b"a\x00")
    True
    """

    name = "mersenne61"

    def hash_key(self, key: Key) -> int:
        """Hash one key.

        Complexity: O(len(key)).
        """
        data = as_bytes(key)
        return finalise(int.from_bytes(data, "little") % P61, len(data))

    def hash_keys(self, keys: Sequence[Key]) -> NDArray[np.uint64]:
        """Hash many keys (compiled; :meth:`hash_key` per key on the pure-Python path).

        Complexity: O(total bytes).

        Raises
        ------
        TypeError
            If a key is not ``str`` or ``bytes``.
        """
        from portfolio.filters import _kernels

        if not _kernels.compiled():
            hash_key = self.hash_key
            return np.array([hash_key(k) for k in keys], dtype=np.uint64)
        n = len(keys)
        if n == 0:
            return np.zeros(0, dtype=np.uint64)
        buf = _joined(keys)
        # Overlapping little-endian view: element i holds bytes i .. i + 7.
        wide = np.ndarray(shape=(max(0, len(buf) - 7),), dtype="<u8", buffer=buf, strides=(1,))
        z = _kernels.mersenne_joined(buf, wide, n)
        if len(z) == n:
            return z
        return _kernels.mersenne_many(buf, *_boundaries(keys))  # a key holds a NUL


def _joined(keys: Sequence[Key]) -> NDArray[np.uint8]:
    """Every key's bytes, NUL-separated, in one buffer.

    Raises
    ------
    TypeError
        If a key is not ``str`` or ``bytes``.
    """
    try:
        data = "\x00".join(keys).encode("utf-8", "surrogatepass")  # type: ignore[arg-type]
    except TypeError:  # not all str: check each key
        data = b"\x00".join([as_bytes(k) for k in keys])
    return np.frombuffer(data, dtype=np.uint8)


def _boundaries(keys: Sequence[Key]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each key's start and length in :func:`_joined`'s buffer.

    Examples
    --------
    >>> starts, lengths = _boundaries(["ab", "", "é"])
    >>> starts.tolist(), lengths.tolist()
    ([0, 3, 4], [2, 0, 2])
    """
    n = len(keys)
    lengths = np.fromiter(map(len, [as_bytes(k) for k in keys]), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    return starts, lengths


class Blake2bHasher:
    """BLAKE2b (8-byte digest) as the key hash: cryptographic mixing, no vectorised batch path.

    Examples
    --------
    >>> Blake2bHasher().hash_key("ada") < 2**64
    True
    """

    name = "blake2b"

    def hash_key(self, key: Key) -> int:
        """Hash one key.

        Complexity: O(len(key)).
        """
        data = key.encode("utf-8", "surrogatepass") if isinstance(key, str) else as_bytes(key)
        return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")

    def hash_keys(self, keys: Sequence[Key]) -> NDArray[np.uint64]:
        """Hash many keys (a Python loop over :func:`hashlib.blake2b`).

        Complexity: O(total bytes).
        """
        blake = hashlib.blake2b
        digests = b"".join([blake(as_bytes(k), digest_size=8).digest() for k in keys])
        return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


HASHERS: dict[str, type[MersenneHasher] | type[Blake2bHasher]] = {
    MersenneHasher.name: MersenneHasher,
    Blake2bHasher.name: Blake2bHasher,
}
"""Every shipped hasher by its :attr:`Hasher.name`."""


def hasher_by_name(name: str) -> Hasher:
    """Return a new hasher from its stored name.

    Raises
    ------
    ValueError
        If ``name`` is not a shipped hasher.

    Examples
    --------
    >>> hasher_by_name("blake2b").name
    'blake2b'
    """
    try:
        return HASHERS[name]()
    except KeyError:
        raise ValueError(f"hasher name {name!r} is not one of {sorted(HASHERS)}") from None


def resolve_hasher(hasher: Hasher | str | None) -> Hasher:
    """The hasher a filter should use: the default for ``None``, a shipped one by name, or as is.

    Raises
    ------
    TypeError
        If ``hasher`` is neither ``None``, a name, nor a :class:`Hasher`.
    ValueError
        If ``hasher`` is a name that no shipped hasher has.

    Examples
    --------
    >>> resolve_hasher(None).name, resolve_hasher("blake2b").name
    ('mersenne61', 'blake2b')
    >>> resolve_hasher(5)
    Traceback (most recent call last):
    ...
    TypeError: hasher must be a Hasher or one of ['blake2b', 'mersenne61'], got int: 5
    """
    if hasher is None:
        return MersenneHasher()
    if isinstance(hasher, str):
        return hasher_by_name(hasher)
    if not isinstance(hasher, Hasher):
        raise TypeError(
            f"hasher must be a Hasher or one of {sorted(HASHERS)}, "
            f"got {type(hasher).__name__}: {hasher!r:.60}"
        )
    return hasher
