"""Bloom, cuckoo, learned and sandwiched learned Bloom filters that never lose a key.

Every filter keeps the :class:`~portfolio.filters.base.Filter` protocol: ``str`` or ``bytes``
keys, ``add``, ``in``, ``update``, ``contains_many`` (returns a NumPy boolean array), ``len``,
``size_in_bits`` and a ``to_bytes``/``from_bytes`` round trip.

Examples
--------
>>> from portfolio.filters import BloomFilter, CuckooFilter
>>> bf = BloomFilter(capacity=1_000, false_positive_rate=0.01)
>>> bf.update(["ada", "grace"])
>>> "ada" in bf
True
>>> cf = CuckooFilter(capacity=1_000, false_positive_rate=0.01)
>>> cf.add("ada")
>>> cf.remove("ada")
>>> "ada" in cf
False
"""

from __future__ import annotations

from portfolio.filters._errors import FilterFullError
from portfolio.filters.base import Filter, Key
from portfolio.filters.bloom import BloomFilter
from portfolio.filters.cuckoo import CuckooFilter
from portfolio.filters.learned import LearnedBloomFilter, SandwichedLearnedBloomFilter

__all__ = [
    "BloomFilter",
    "CuckooFilter",
    "Filter",
    "FilterFullError",
    "Key",
    "LearnedBloomFilter",
    "SandwichedLearnedBloomFilter",
]
