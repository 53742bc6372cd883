"""What the Bloom and cuckoo filters share: a packed byte table behind a key hash.

Both filters keep their state in one ``bytearray`` with a NumPy view for the compiled kernels,
count what they hold, hash keys with a :class:`~portfolio.filters.hashing.Hasher`, load their
single-key kernel entry points on first use, and serialise as a header, the hasher's name and
the table, sealed with a CRC-32. :class:`_PackedFilter` holds that once; each filter keeps its
own layout, probes, header and invariants. It is private: the public contract is
:class:`~portfolio.filters.base.Filter`.
"""

from __future__ import annotations

import struct
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self

import numpy as np
from numpy.typing import NDArray

from portfolio.filters import _kernels
from portfolio.filters._serial import Reader, seal
from portfolio.filters._validate import as_key_list
from portfolio.filters.base import Key
from portfolio.filters.hashing import Hasher, MersenneHasher

__all__: list[str] = []


class _PackedFilter(ABC):
    """A filter stored as one packed byte table (the Bloom and cuckoo filters' shared part).

    An abstract base: subclasses call :meth:`_init_table` from their ``_init``, implement the
    abstract methods ``_has_hash`` (the pure-Python lookup of one hash), ``_has_many_compiled``
    (the bulk kernel), ``_problems`` (every broken invariant), ``to_bytes`` (through
    :meth:`_seal`) and ``_restore``, and set the class constants ``_MAGIC`` and ``_HEADER``.
    """

    __slots__ = (
        "_bits",
        "_compiled",
        "_count",
        "_hasher",
        "_kadd",
        "_khas",
        "_single",
        "_view",
        "false_positive_rate",
    )

    _MAGIC: ClassVar[bytes]  # the current format's magic
    _OLD_MAGICS: ClassVar[tuple[bytes, ...]] = ()  # earlier formats that still load
    _HEADER: ClassVar[struct.Struct]  # the header's fields, then the hasher name's length

    _bits: bytearray
    _view: NDArray[np.uint8]

    def _init_table(self, nbytes: int, rate: float, hasher: Hasher) -> None:
        """Allocate an empty table of ``nbytes`` bytes and choose the code paths."""
        self.false_positive_rate = rate
        self._hasher = hasher
        self._bits = bytearray(nbytes)
        self._view = np.frombuffer(self._bits, dtype=np.uint8)
        self._count = 0
        self._compiled = _kernels.compiled()
        # Single keys take the compiled path with the default hasher: the kernel hashes the
        # key's bytes and sets or tests the bits in one call.
        self._single = self._compiled and type(hasher) is MersenneHasher
        self._kadd: Callable[..., Any] | None = None  # entry points, loaded on first use
        self._khas: Callable[..., bool] | None = None

    # -- sizes -----------------------------------------------------------------------------
    @property
    def size_in_bits(self) -> int:
        """Memory needed to answer queries, in bits (the packed table, in whole bytes)."""
        return 8 * len(self._bits)

    @property
    def hasher(self) -> Hasher:
        """The key hash in use."""
        return self._hasher

    # -- bulk ------------------------------------------------------------------------------
    def _hash_all(self, keys: Iterable[Key]) -> tuple[list[Key], NDArray[np.uint64]]:
        """The keys as a list and their hashes; a bad key raises before any key is used."""
        keys = keys if type(keys) is list else as_key_list(keys)
        if not keys:
            return keys, np.zeros(0, dtype=np.uint64)
        return keys, self._hasher.hash_keys(keys)

    def contains_many(self, keys: Iterable[Key]) -> NDArray[np.bool_]:
        """Return a boolean array: element ``i`` is ``keys[i] in self``.

        Complexity: O(n) lookups, each as costly as ``in``; compiled.

        Raises
        ------
        TypeError
            If ``keys`` is a single key, or a key is not ``str`` or ``bytes``.
        """
        keys, z = self._hash_all(keys)
        if not keys:
            return np.zeros(0, dtype=bool)
        if self._compiled:
            return self._has_many_compiled(z)
        return np.array([self._has_hash(h) for h in z.tolist()], dtype=bool)

    @abstractmethod
    def _has_hash(self, z: int) -> bool:
        """The pure-Python lookup: whether hash ``z`` may belong to a stored key."""

    @abstractmethod
    def _has_many_compiled(self, z: NDArray[np.uint64]) -> NDArray[np.bool_]:
        """The compiled bulk lookup of the hashes ``z``."""

    # -- serialisation -----------------------------------------------------------------------
    def _seal(self, *fields: object) -> bytes:
        """The blob: magic, header (``fields``, then the name's length), hasher name, table."""
        name = self._hasher.name.encode()
        return seal(self._MAGIC, self._HEADER.pack(*fields, len(name)) + name + bytes(self._bits))

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> Self:
        """Rebuild a filter written by :meth:`to_bytes`.

        Raises
        ------
        TypeError
            If ``data`` is not bytes-like.
        ValueError
            If ``data`` is not a whole, intact serialised filter of this class (wrong magic,
            truncated, corrupted, or inconsistent).
        """
        reader, fields, name = Reader.open(
            data, cls._MAGIC, cls.__name__, cls._HEADER, older=cls._OLD_MAGICS
        )
        return cls._restore(reader, fields, name, reader.rest())

    @classmethod
    @abstractmethod
    def _restore(cls, reader: Reader, fields: tuple[Any, ...], name: str, payload: bytes) -> Self:
        """Check the header ``fields`` against the ``payload`` (the table), then ``_load`` it."""

    def _load(self, reader: Reader, payload: bytes, count: int) -> Self:
        """Fill a freshly initialised filter from a checked blob; refuse it if inconsistent.

        Raises
        ------
        ValueError
            If the loaded filter breaks an invariant (not an assert: ``python -O`` must refuse
            an inconsistent filter too).
        """
        self._bits[:] = payload
        self._count = count
        problems = self._problems()
        if problems:
            raise reader.fail("; ".join(problems))
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]  # mutable

    @abstractmethod
    def to_bytes(self) -> bytes:
        """Serialise the filter (each filter's header, through :meth:`_seal`)."""

    # -- invariants --------------------------------------------------------------------------
    @abstractmethod
    def _problems(self) -> list[str]:
        """Every broken invariant, described (empty when the structure is sound)."""

    def _check(self) -> None:
        """Assert the structure's invariants (tests call this after every mutation)."""
        problems = self._problems()
        assert not problems, problems
