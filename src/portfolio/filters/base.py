"""The contract every filter in :mod:`portfolio.filters` keeps: the :class:`Filter` protocol.

Examples
--------
>>> from portfolio.filters import BloomFilter, CuckooFilter
>>> all(isinstance(f, Filter) for f in (BloomFilter(10, 0.1), CuckooFilter(10, 0.1)))
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, Self, runtime_checkable

import numpy as np
from numpy.typing import NDArray

__all__ = ["Filter", "Key"]

Key = str | bytes
"""The type of a filter key (text is hashed as UTF-8; bytes as they are)."""


@runtime_checkable
class Filter(Protocol):
    """Approximate set membership with no false negatives.

    :class:`~portfolio.filters.bloom.BloomFilter`,
    :class:`~portfolio.filters.cuckoo.CuckooFilter`,
    :class:`~portfolio.filters.learned.LearnedBloomFilter` and
    :class:`~portfolio.filters.learned.SandwichedLearnedBloomFilter` all satisfy it.

    The guarantees:

    - every key that went in through :meth:`add` or :meth:`update` (and, for a cuckoo
      filter, was not removed) is found by ``in`` and by :meth:`contains_many`;
    - a key is the same key whether it comes alone or in a batch, and a ``str`` is the same key
      as its UTF-8 bytes;
    - a key that is neither ``str`` nor ``bytes`` is a ``TypeError`` naming it, and a bare
      ``str`` or ``bytes`` passed as a batch is a ``TypeError`` too;
    - :meth:`from_bytes` of :meth:`to_bytes` answers exactly like the original, and bytes that
      were truncated or changed raise ``ValueError``, never load.
    """

    def add(self, key: Key) -> None:
        """Insert one key."""
        ...

    def update(self, keys: Iterable[Key]) -> None:
        """Insert every key of ``keys``."""
        ...

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` may be in the set (never ``False`` for a key that went in)."""
        ...

    def contains_many(self, keys: Iterable[Key]) -> NDArray[np.bool_]:
        """Element ``i`` is ``keys[i] in self``."""
        ...

    def __len__(self) -> int:
        """Number of keys represented."""
        ...

    @property
    def size_in_bits(self) -> int:
        """Memory needed to answer queries."""
        ...

    def to_bytes(self) -> bytes:
        """Serialise the filter."""
        ...

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> Self:
        """Rebuild a filter written by :meth:`to_bytes`."""
        ...
