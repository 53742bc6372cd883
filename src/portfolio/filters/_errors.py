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

    A bulk ``update`` that overflows keeps the keys before the one that failed, and says how
    many those were in :attr:`inserted`; the failing key and every later key are not inserted:

    >>> keys = [f"more-{i}" for i in range(100)]
    >>> try:
    ...     cf.update(keys)
    ... except FilterFullError as error:
    ...     done = error.inserted
    >>> done is not None and all(cf.contains_many(keys[:done]))
    True
    """

    inserted: int | None
    """How many keys of the failed ``update`` batch went in (``None`` after a single ``add``)."""

    def __init__(self, message: str, *, inserted: int | None = None) -> None:
        super().__init__(message)
        self.inserted = inserted
