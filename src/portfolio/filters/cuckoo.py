r"""A cuckoo filter (Fan et al. 2014) whose failed inserts are atomic: no key is ever lost."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from portfolio.filters import _kernels
from portfolio.filters._errors import FilterFullError
from portfolio.filters._packed import _PackedFilter
from portfolio.filters._serial import Reader
from portfolio.filters._validate import as_bytes, check_capacity, check_int, check_rate
from portfolio.filters.base import Key
from portfolio.filters.hashing import (
    FMIX2,
    MASK32,
    MASK64,
    SPLITMIX_GAMMA,
    Hasher,
    hasher_by_name,
    resolve_hasher,
)

__all__ = ["CuckooFilter", "fingerprint_bits"]

_TARGET_LOAD = 0.95
_MAX_BITS = 1 << 36  # 8 GiB of fingerprints
_MAX_KICKS = (1 << 32) - 1
_MAGIC = b"PZCF\x03"
# Format 2 differs only in the eviction walk's random choices (Python's random.Random(seed));
# its tables load unchanged and answer the same.
_OLD_MAGICS = (b"PZCF\x02",)
_HEADER = struct.Struct("<QBBQIdqB")  # buckets, b, f, count, max_kicks, rate, seed, len(name)
_SM1, _SM2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # splitmix64's multipliers
_NB, _B, _F, _KICKS, _RNG = range(5)  # the fields of the int64 parameter array


def fingerprint_bits(false_positive_rate: float, bucket_size: int) -> int:
    r"""Fingerprint width :math:`f = \lceil \log_2(2b/\varepsilon) \rceil` (Fan et al. 2014, §5.1).

    Examples
    --------
    >>> fingerprint_bits(0.01, 4)
    10
    """
    return max(1, math.ceil(math.log2(2 * bucket_size / false_positive_rate)))


class CuckooFilter(_PackedFilter):
    r"""Partial-key cuckoo filter with deletion; a failed insert changes nothing.

    Parameters
    ----------
    capacity
        Number of keys the table is sized for: :math:`\lceil n / (0.95\, b) \rceil` buckets.
    false_positive_rate
        Target rate :math:`\varepsilon`; sets the fingerprint width :func:`fingerprint_bits`.
    bucket_size
        Slots per bucket, :math:`b` (4 is the paper's recommendation).
    hasher
        The key hash: any :class:`~portfolio.filters.hashing.Hasher`, or a shipped one's name
        (``"mersenne61"``, the default :class:`~portfolio.filters.hashing.MersenneHasher`, or
        ``"blake2b"``, :class:`~portfolio.filters.hashing.Blake2bHasher`).
    max_kicks
        Longest eviction chain tried before an insert gives up.
    seed
        Seed of the eviction walk's random choices (runs are reproducible).

    Notes
    -----
    A key :math:`x` with 64-bit hash :math:`h` gets a fingerprint
    :math:`\phi = 1 + \lfloor h / 2^{32} \rfloor \bmod (2^f - 1)` (0 marks an empty slot) and two
    candidate buckets

    .. math:: i_1 = (h \bmod 2^{32}) \bmod B, \qquad i_2 = (H(\phi) - i_1) \bmod B,

    so either bucket is computable from the other and the fingerprint alone (partial-key cuckoo
    hashing, Fan et al. 2014). Fan et al. use :math:`i_1 \oplus H(\phi)`, which needs
    :math:`B` to be a power of two; the subtraction form is an involution for any :math:`B`,
    so the table is sized exactly and bits per key stay near :math:`f / 0.95`.

    The fingerprints are bit-packed: slot :math:`s` occupies bits :math:`[sf, sf + f)` of one
    byte array, so :attr:`size_in_bits` is :math:`B b f` plus 64 bits of padding.

    **Failed inserts lose nothing.** When every slot of both buckets is taken, the insert walks
    an eviction chain of at most ``max_kicks`` steps, logging each swap. If the chain does not
    end in an empty slot, the log is replayed backwards, the table is restored exactly, and
    :class:`~portfolio.filters.FilterFullError` is raised. Several Python cuckoo filters instead
    drop the fingerprint in hand at that point, which silently deletes an earlier key.

    References
    ----------
    - B. Fan, D. G. Andersen, M. Kaminsky and M. D. Mitzenmacher, "Cuckoo filter:
      practically better than Bloom," *Proc. CoNEXT '14*, 75–88, 2014.
      `doi:10.1145/2674005.2674994 <https://doi.org/10.1145/2674005.2674994>`__

    Examples
    --------
    >>> cf = CuckooFilter(capacity=1_000, false_positive_rate=0.01)
    >>> cf.update(["ada", "grace"])
    >>> "ada" in cf, len(cf)
    (True, 2)
    >>> cf.remove("ada")
    >>> "ada" in cf, len(cf)
    (False, 1)
    >>> cf.fingerprint_bits, cf.num_buckets, cf.bucket_size
    (10, 264, 4)
    """

    __slots__ = ("_bmask", "_f", "_fmask", "_nb", "_params", "_seed", "bucket_size", "max_kicks")
    _MAGIC = _MAGIC
    _OLD_MAGICS = _OLD_MAGICS
    _HEADER = _HEADER

    def __init__(
        self,
        capacity: int,
        false_positive_rate: float,
        bucket_size: int = 4,
        *,
        hasher: Hasher | str | None = None,
        max_kicks: int = 500,
        seed: int = 0,
    ) -> None:
        n = check_capacity(capacity)
        rate = check_rate(false_positive_rate)
        b = check_capacity(bucket_size, "bucket_size")
        if b > 64:
            raise ValueError(f"bucket_size must be at most 64, got {bucket_size}")
        kicks = check_int(max_kicks, "max_kicks", 0, _MAX_KICKS, "be between 0 and 2**32 - 1")
        seed = check_int(seed, "seed", -(1 << 63), (1 << 63) - 1, "fit in a signed 64-bit integer")
        f = fingerprint_bits(rate, b)
        if f > 32:
            raise ValueError(
                f"false_positive_rate {false_positive_rate} needs {f}-bit fingerprints; "
                "at most 32 are supported"
            )
        nb = max(1, math.ceil(n / (b * _TARGET_LOAD)))
        if nb * b * f > _MAX_BITS:
            raise ValueError(
                f"capacity {capacity} at false_positive_rate {false_positive_rate} needs "
                f"{nb * b * f} bits of fingerprints; this filter supports at most 2**36"
            )
        self._init(nb, b, f, rate, resolve_hasher(hasher), kicks, seed)

    def _init(
        self, nb: int, b: int, f: int, rate: float, hasher: Hasher, max_kicks: int, seed: int
    ) -> None:
        self._nb, self.bucket_size, self._f = nb, b, f
        self.max_kicks, self._seed = max_kicks, seed
        # Shared by both paths: the shape, and the eviction walk's splitmix64 state.
        self._params = np.array([nb, b, f, max_kicks, seed], dtype=np.int64)
        self._fmask = (1 << f) - 1
        self._bmask = (1 << (b * f)) - 1
        # +8 bytes: the kernels read 5-byte windows past the last slot.
        self._init_table((nb * b * f + 7) // 8 + 8, rate, hasher)

    # -- sizes -----------------------------------------------------------------------------
    @property
    def num_buckets(self) -> int:
        """Number of buckets, :math:`B`."""
        return self._nb

    @property
    def fingerprint_bits(self) -> int:
        """Fingerprint width in bits, :math:`f`."""
        return self._f

    @property
    def num_slots(self) -> int:
        """Number of fingerprint slots, :math:`B b`."""
        return self._nb * self.bucket_size

    @property
    def load_factor(self) -> float:
        """Fraction of the slots that hold a fingerprint."""
        return self._count / self.num_slots

    def __len__(self) -> int:
        """Number of fingerprints stored (keys added minus keys removed)."""
        return self._count

    def __repr__(self) -> str:
        return (
            f"CuckooFilter(num_buckets={self._nb}, bucket_size={self.bucket_size}, "
            f"fingerprint_bits={self._f}, len={self._count}, hasher={self._hasher.name!r})"
        )

    # -- the reference path (pure Python) --------------------------------------------------
    def _locate(self, z: int) -> tuple[int, int]:
        fp = 1 + (z >> 32) % self._fmask
        return (z & MASK32) % self._nb, fp

    def _alt(self, i: int, fp: int) -> int:
        return ((((fp * FMIX2) & MASK64) >> 32) - i) % self._nb

    def _bucket(self, i: int) -> int:
        width = self.bucket_size * self._f
        off = i * width
        start = off >> 3
        raw = int.from_bytes(self._bits[start : start + ((off & 7) + width + 7 >> 3)], "little")
        return (raw >> (off & 7)) & self._bmask

    def _has(self, word: int, fp: int) -> bool:
        f, mask = self._f, self._fmask
        return any((word >> (j * f)) & mask == fp for j in range(self.bucket_size))

    def _free_slot(self, word: int) -> int:
        f, mask = self._f, self._fmask
        for j in range(self.bucket_size):
            if not (word >> (j * f)) & mask:
                return j
        return -1

    def _set(self, i: int, j: int, fp: int) -> int:
        """Write ``fp`` into slot ``j`` of bucket ``i``; return what was there."""
        f = self._f
        off = (i * self.bucket_size + j) * f
        start, sh = off >> 3, off & 7
        end = start + (sh + f + 7 >> 3)
        raw = int.from_bytes(self._bits[start:end], "little")
        old = (raw >> sh) & self._fmask
        raw = (raw & ~(self._fmask << sh)) | (fp << sh)
        self._bits[start:end] = raw.to_bytes(end - start, "little")
        return old

    def _find(self, i: int, fp: int) -> int:
        f, mask, word = self._f, self._fmask, self._bucket(i)
        for j in range(self.bucket_size):
            if (word >> (j * f)) & mask == fp:
                return j
        return -1

    def _next_random(self) -> int:
        """The eviction walk's next splitmix64 output (its state is shared with the kernels)."""
        s = (int(self._params[_RNG]) + SPLITMIX_GAMMA) & MASK64
        self._params[_RNG] = s - (1 << 64) if s >> 63 else s
        z = ((s ^ (s >> 30)) * _SM1) & MASK64
        z = ((z ^ (z >> 27)) * _SM2) & MASK64
        return z ^ (z >> 31)

    def _insert_hash(self, z: int) -> bool:
        """Insert the key with hash ``z``; ``False``, with the table unchanged, if it is full."""
        i1, fp = self._locate(z)
        j = self._free_slot(self._bucket(i1))
        if j >= 0:
            self._set(i1, j, fp)
            return True
        i2 = self._alt(i1, fp)
        j = self._free_slot(self._bucket(i2))
        if j >= 0:
            self._set(i2, j, fp)
            return True
        # Eviction walk, logging every swap so a failure can be undone exactly.
        b = self.bucket_size
        i = i1 if self._next_random() >> 63 == 0 else i2
        log: list[tuple[int, int, int]] = []
        for _ in range(self.max_kicks):
            j = self._next_random() % b
            old = self._set(i, j, fp)
            log.append((i, j, old))
            fp, i = old, self._alt(i, old)
            j = self._free_slot(self._bucket(i))
            if j >= 0:
                self._set(i, j, fp)
                return True
        for i, j, old in reversed(log):
            self._set(i, j, old)
        return False

    def _has_hash(self, z: int) -> bool:
        i1, fp = self._locate(z)
        return self._has(self._bucket(i1), fp) or self._has(self._bucket(self._alt(i1, fp)), fp)

    def _full(self, key: object) -> FilterFullError:
        return FilterFullError(
            f"CuckooFilter is full: no room for key {key!r:.60} after {self.max_kicks} kicks "
            f"at load factor {self.load_factor:.4f}; the filter is unchanged"
        )

    # -- single keys -----------------------------------------------------------------------
    def add(self, key: Key) -> None:
        """Insert ``key`` (a second copy if it is already in).

        Complexity: O(1) expected; O(``max_kicks``) worst case.

        Raises
        ------
        FilterFullError
            If no eviction chain of at most ``max_kicks`` steps frees a slot. The filter is
            then exactly as it was before the call.
        TypeError
            If ``key`` is not ``str`` or ``bytes``.
        """
        if self._single:
            if self._kadd is None:
                self._kadd, self._khas = _kernels.cuckoo_entries()
            done = self._kadd(self._view, self._params, as_bytes(key))
        else:
            done = self._insert_hash(self._hasher.hash_key(key))
        if not done:
            raise self._full(key)
        self._count += 1

    def __contains__(self, key: object) -> bool:
        """Return whether ``key`` may be in the filter (never ``False`` for a stored key).

        Complexity: O(1): two bucket reads.
        """
        if self._single:
            if self._khas is None:
                self._kadd, self._khas = _kernels.cuckoo_entries()
            return self._khas(self._view, self._params, as_bytes(key))
        return self._has_hash(self._hasher.hash_key(key))  # type: ignore[arg-type]

    def remove(self, key: Key) -> None:
        """Delete one copy of ``key``. Only remove keys that were added: removing a key that
        was never added can delete another key's matching fingerprint.

        Complexity: O(1).

        Raises
        ------
        KeyError
            If no fingerprint of ``key`` is stored in either candidate bucket.
        """
        i1, fp = self._locate(self._hasher.hash_key(key))
        for i in (i1, self._alt(i1, fp)):
            j = self._find(i, fp)
            if j >= 0:
                self._set(i, j, 0)
                self._count -= 1
                return
        raise KeyError(key)

    # -- bulk ------------------------------------------------------------------------------
    def update(self, keys: Iterable[Key]) -> None:
        """Insert every key of ``keys``, in order, exactly as one ``add`` per key would.

        Complexity: O(n) expected, compiled.

        Raises
        ------
        FilterFullError
            At the first key that does not fit. The keys before it stay inserted (their
            number is the error's ``inserted``); it and the keys after it are not, and the
            keys stored before the call are all still present.
        TypeError
            If ``keys`` is a single key, or a key is not ``str`` or ``bytes``; then no key of
            the batch is inserted.
        """
        keys, z = self._hash_all(keys)  # every key is checked before any goes in
        if not keys:
            return
        if self._compiled:
            done = int(_kernels.cuckoo_add_many(self._view, self._params, z))
        else:
            done = 0
            for h in z.tolist():
                if not self._insert_hash(h):
                    break
                done += 1
        self._count += done
        if done < len(keys):
            raise FilterFullError(
                f"{self._full(keys[done])}; {done} of the {len(keys)} keys of this update "
                "were inserted",
                inserted=done,
            )

    def _has_many_compiled(self, z: NDArray[np.uint64]) -> NDArray[np.bool_]:
        return _kernels.cuckoo_has_many(self._view, self._params, z)

    # -- serialisation -----------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """Serialise the filter (header, hasher name, packed slots, CRC-32).

        Examples
        --------
        >>> cf = CuckooFilter(100, 0.01)
        >>> cf.add("x")
        >>> "x" in CuckooFilter.from_bytes(cf.to_bytes())
        True
        >>> CuckooFilter.from_bytes(b"PZBF")
        Traceback (most recent call last):
        ...
        ValueError: data is not a serialised CuckooFilter (bad magic or too short)
        """
        return self._seal(
            self._nb,
            self.bucket_size,
            self._f,
            self._count,
            self.max_kicks,
            self.false_positive_rate,
            self._seed,
        )

    @classmethod
    def _restore(cls, reader: Reader, fields: tuple[Any, ...], name: str, payload: bytes) -> Self:
        nb, b, f, count, kicks, rate, seed = fields
        if nb < 1 or not 1 <= b <= 64 or not 1 <= f <= 32 or nb * b * f > _MAX_BITS:
            raise reader.fail(f"B={nb}, b={b}, f={f}")
        if len(payload) != (nb * b * f + 7) // 8 + 8:
            raise reader.fail(f"payload {len(payload)} bytes for B={nb}, b={b}, f={f}")
        if count > nb * b:
            raise reader.fail(f"{count} fingerprints in {nb * b} slots")
        cf = cls.__new__(cls)
        cf._init(nb, b, f, check_rate(rate), hasher_by_name(name), kicks, seed)
        return cf._load(reader, payload, count)

    def _slots(self) -> NDArray[np.int64]:
        """Every slot's content, in order (0 = empty).

        Complexity: O(B b f), in NumPy.
        """
        used = self.num_slots * self._f
        bits = np.unpackbits(self._view, bitorder="little")[:used].reshape(-1, self._f)
        weights = np.left_shift(np.int64(1), np.arange(self._f, dtype=np.int64))
        return bits.astype(np.int64) @ weights

    def _problems(self) -> list[str]:
        """Every broken invariant, described (empty when the structure is sound)."""
        if self._nb < 1 or not 1 <= self.bucket_size <= 64 or not 1 <= self._f <= 32:
            return [f"B={self._nb}, b={self.bucket_size}, f={self._f}"]
        problems = []
        used = self.num_slots * self._f
        if len(self._bits) != (used + 7) // 8 + 8:
            problems.append(f"{len(self._bits)} bytes for {used} bits of slots")
        tail = np.unpackbits(self._view, bitorder="little")[used:]
        if tail.any():
            problems.append("bits past the last slot are set")
        occupied = int(np.count_nonzero(self._slots()))
        if occupied != self._count:
            problems.append(f"count {self._count} but {occupied} fingerprints stored")
        shape = [self._nb, self.bucket_size, self._f, self.max_kicks]
        if self._params[:_RNG].tolist() != shape:
            problems.append(f"kernel parameters {self._params[:_RNG].tolist()} != {shape}")
        return problems
