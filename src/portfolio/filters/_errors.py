"""The exception a full filter raises."""

from __future__ import annotations

__all__ = ["FilterFullError"]


class FilterFullError(RuntimeError):
    """An insert found no room; the filter is unchanged and still holds every earlier key.

    Examples
    --------
    >>> from portfolio.filters import CuckooFilter, FilterFullError
    >>> cf = CuckooFilter(capacity=8, false_positive_rate=0.01, bucket_size=1)
    >>> try:
    ...     for i in range(100):
    ...         cf.add(f"key-{i}")
    ... except FilterFullError:
    ...     pass
    >>> all(f"key-{j}" in cf for j in range(len(cf)))
    True
    """
