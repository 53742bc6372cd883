r"""Key hashing shared by every filter: one 64-bit hash per key, single or vectorised.

A filter needs the *same* hash for a key whether it arrives alone (``key in f``) or in a batch
(``f.contains_many(keys)``), otherwise a key added in bulk could be missed when looked up alone.
Each :class:`Hasher` therefore has a scalar method and a batch method that agree bit for bit.

Two hashers ship:

- :class:`MersenneHasher` (the default): the key's UTF-8 bytes read as one little-endian integer
  :math:`X`, reduced modulo the Mersenne prime :math:`p = 2^{61} - 1`, then mixed with the length
  and MurmurHash3's 64-bit finaliser. In Python that is a handful of C-level big-integer
  operations; in NumPy it is a few vector operations per 8-byte word, because
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
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "HASHERS",
    "Blake2bHasher",
    "Hasher",
    "Key",
    "MersenneHasher",
    "as_bytes",
    "as_key_list",
    "hasher_by_name",
    "resolve_hasher",
]

Key = str | bytes
"""The type of a filter key (text is hashed as UTF-8; bytes as they are)."""

_M64 = (1 << 64) - 1
_P61 = (1 << 61) - 1
_LEN_MIX = 0x9E3779B97F4A7C15  # 2^64 / golden ratio: spreads the length over all bits
_MUL = 0xFF51AFD7ED558CCD  # MurmurHash3's fmix64 multipliers (odd)
_MUL2 = 0xC4CEB9FE1A85EC53


def as_bytes(key: object) -> bytes:
    """Return the bytes that are hashed for ``key``; reject anything but ``str`` and ``bytes``.

    Parameters
    ----------
    key
        A ``str`` (encoded as UTF-8, lone surrogates allowed) or ``bytes``.

    Raises
    ------
    TypeError
        If ``key`` is of any other type.

    Examples
    --------
    >>> as_bytes("é")
    b'\\xc3\\xa9'
    >>> as_bytes(3)
    Traceback (most recent call last):
    ...
    TypeError: key must be str or bytes, got int: 3
    """
    if isinstance(key, str):
        return key.encode("utf-8", "surrogatepass")
    if isinstance(key, bytes):
        return key
    raise TypeError(f"key must be str or bytes, got {type(key).__name__}: {key!r:.60}")


def as_key_list(keys: Iterable[object]) -> list[Key]:
    """Materialise ``keys`` as a list, checking each element's type.

    A single ``str`` or ``bytes`` is rejected rather than read as its characters or bytes.

    Raises
    ------
    TypeError
        If ``keys`` is not an iterable, is a single key, or holds a key that is not ``str``
        or ``bytes``.

    Examples
    --------
    >>> as_key_list(iter(["a", b"b"]))
    ['a', b'b']
    >>> as_key_list("ab")
    Traceback (most recent call last):
    ...
    TypeError: keys must be an iterable of keys, not a single str: 'ab'; wrap it in a list
    """
    if isinstance(keys, str | bytes):
        raise TypeError(
            f"keys must be an iterable of keys, not a single {type(keys).__name__}: "
            f"{keys!r:.60}; wrap it in a list"
        )
    if not isinstance(keys, list):
        try:
            keys = list(keys)
        except TypeError:
            raise TypeError(
                f"keys must be an iterable of str or bytes, got {type(keys).__name__}: {keys!r:.60}"
            ) from None
    out = keys
    for key in out:
        if not isinstance(key, str | bytes):
            as_bytes(key)  # raises the TypeError naming the key
    return out  # type: ignore[return-value]


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


def _mix(v: NDArray[np.uint64], nbytes: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Vector form of the final mix in :meth:`MersenneHasher.hash_key` (wrapping uint64)."""
    s33 = np.uint64(33)
    with np.errstate(over="ignore"):
        z = v + nbytes * np.uint64(_LEN_MIX)
        z ^= z >> s33
        z *= np.uint64(_MUL)
        z ^= z >> s33
        z *= np.uint64(_MUL2)
    z ^= z >> s33
    return z


def _mod_p61(words: list[NDArray[np.uint64]]) -> NDArray[np.uint64]:
    r"""Reduce :math:`X = \sum_j w_j 2^{64 j}` modulo :math:`2^{61}-1`, exactly like Python."""
    p = np.uint64(_P61)
    s61, s58, s3 = np.uint64(61), np.uint64(58), np.uint64(3)
    acc = np.zeros_like(words[0])
    tmp = np.empty_like(acc)
    for w in reversed(words):  # Horner from the most significant word: acc = acc * 2^64 + w
        # acc * 2^64 ≡ acc * 8: a 3-bit rotation inside 61 bits (acc < 2^61 here).
        np.right_shift(acc, s58, out=tmp)
        acc <<= s3
        acc &= p
        acc |= tmp
        # w ≡ (w mod 2^61) + (w >> 61); the sum stays < 2^63.
        np.right_shift(w, s61, out=tmp)
        acc += tmp
        w &= p
        acc += w
        for _ in range(2):  # < 2^61 + 4, then < 2^61
            np.right_shift(acc, s61, out=tmp)
            acc &= p
            acc += tmp
    acc[acc >= p] -= p  # canonical: [0, p)
    return acc


class MersenneHasher:
    r"""The default hasher: :math:`X \bmod (2^{61}-1)`, length-mixed, MurmurHash3-finalised.

    Notes
    -----
    For key bytes :math:`b_0 \dots b_{n-1}`, :math:`X = \sum_i b_i 256^i` and

    .. math::

        v = X \bmod (2^{61}-1), \quad
        h = \operatorname{fmix64}\bigl((v + n\,\varphi) \bmod 2^{64}\bigr)

    with :math:`\varphi` a fixed odd 64-bit constant and fmix64 MurmurHash3's finaliser
    (xor-shift, multiply, xor-shift, multiply, xor-shift), which makes every input bit affect
    every output bit. Keys differing only by
    trailing zero bytes get different hashes through the length term.

    Examples
    --------
    >>> h = MersenneHasher()
    >>> h.hash_key("abc") == h.hash_key(b"abc")
    True
    >>> h.hash_key(b"a") != h.hash_key(b"a\x00")
    True
    """

    name = "mersenne61"

    def hash_key(self, key: Key) -> int:
        """Hash one key.

        Complexity: O(len(key)).
        """
        data = key.encode("utf-8", "surrogatepass") if isinstance(key, str) else as_bytes(key)
        z = ((int.from_bytes(data, "little") % _P61) + len(data) * _LEN_MIX) & _M64
        z ^= z >> 33
        z = (z * _MUL) & _M64
        z ^= z >> 33
        z = (z * _MUL2) & _M64
        return z ^ (z >> 33)

    def hash_keys(self, keys: Sequence[Key]) -> NDArray[np.uint64]:
        """Hash many keys with NumPy: a few vector operations per 8 bytes of the longest key.

        Complexity: O(total bytes), vectorised.
        """
        data, lengths = _concat(keys)
        n = len(lengths)
        if n == 0:
            return np.zeros(0, dtype=np.uint64)
        starts = np.zeros(n, dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        buf = np.frombuffer(data + bytes(8), dtype=np.uint8)
        # Overlapping little-endian uint64 view: element i holds bytes i .. i+7.
        wide = np.ndarray(shape=(len(data) + 1,), dtype="<u8", buffer=buf, strides=(1,))
        words: list[NDArray[np.uint64]] = []
        longest = int(lengths.max())
        shortest = int(lengths.min())
        for off in range(0, max(longest, 1), 8):
            if off + 8 <= shortest:
                w = wide[starts + off].astype(np.uint64)
            else:  # some keys end inside (or before) this word: clip the read, mask the rest
                w = wide[np.minimum(starts + off, len(data))].astype(np.uint64)
                keep = np.clip(lengths - off, 0, 8).astype(np.uint64) * np.uint64(8)
                mask = np.where(
                    keep == 64,
                    np.uint64(_M64),
                    (np.uint64(1) << (keep & np.uint64(63))) - np.uint64(1),
                )
                w &= mask
            words.append(w)
        return _mix(_mod_p61(words), lengths.astype(np.uint64))


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


def _concat(keys: Sequence[Key]) -> tuple[bytes, NDArray[np.int64]]:
    """Concatenate the keys' bytes and return them with each key's byte length."""
    n = len(keys)
    try:
        joined = "".join(keys)  # type: ignore[arg-type]
    except TypeError:
        pass
    else:
        data = joined.encode("utf-8", "surrogatepass")
        if len(data) == len(joined):  # all ASCII: byte lengths are the string lengths
            return data, np.fromiter(map(len, keys), dtype=np.int64, count=n)
    encoded = [as_bytes(k) for k in keys]
    return b"".join(encoded), np.fromiter(map(len, encoded), dtype=np.int64, count=n)


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
