"""Argument checks shared by every filter: each bad value raises an error that names it.

Examples
--------
>>> check_capacity(0)
Traceback (most recent call last):
...
ValueError: capacity must be a positive integer, got 0
>>> check_int(1.5, "max_kicks", 0, 10)
Traceback (most recent call last):
...
TypeError: max_kicks must be an int, got float: 1.5
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from portfolio.filters.base import Key

__all__ = [
    "as_bytes",
    "as_key_list",
    "check_capacity",
    "check_int",
    "check_key_sets",
    "check_power_of_two",
    "check_rate",
]


def check_int(value: object, name: str, low: int, high: int, what: str = "") -> int:
    """Return ``value`` as an ``int`` if it is an integer in ``[low, high]``, else raise naming it.

    ``what`` (such as ``"be between 0 and 9"``) replaces the range wording of the
    ``ValueError``.

    Raises
    ------
    TypeError
        If ``value`` is not an ``int`` (``bool`` is refused too).
    ValueError
        If ``value`` is outside ``[low, high]``.
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}: {value!r:.60}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must {what or f'be between {low} and {high}'}, got {value}")
    return number


def check_power_of_two(value: object, name: str) -> int:
    """Return ``value`` if it is an ``int`` power of two of at least 2, else raise naming it.

    Examples
    --------
    >>> check_power_of_two(48, "num_features")
    Traceback (most recent call last):
    ...
    ValueError: num_features must be a power of two ≥ 2, got 48
    """
    number = check_int(value, name, -(2**63), 2**63 - 1)
    if number < 2 or number & (number - 1):
        raise ValueError(f"{name} must be a power of two ≥ 2, got {value}")
    return number


def check_capacity(capacity: object, name: str = "capacity") -> int:
    """Return ``capacity`` if it is a positive ``int``, else raise an error naming it.

    Examples
    --------
    >>> check_capacity(True)
    Traceback (most recent call last):
    ...
    TypeError: capacity must be an int, got bool: True
    """
    if isinstance(capacity, bool) or not isinstance(capacity, int | np.integer):
        raise TypeError(f"{name} must be an int, got {type(capacity).__name__}: {capacity!r:.60}")
    if capacity <= 0:
        raise ValueError(f"{name} must be a positive integer, got {capacity}")
    return int(capacity)


def check_rate(false_positive_rate: object, name: str = "false_positive_rate") -> float:
    """Return the rate if it is a real number strictly between 0 and 1, else raise naming it.

    Examples
    --------
    >>> check_rate(1.5)
    Traceback (most recent call last):
    ...
    ValueError: false_positive_rate must be in the open interval (0, 1), got 1.5
    """
    if isinstance(false_positive_rate, bool) or not isinstance(
        false_positive_rate, int | float | np.floating
    ):
        raise TypeError(
            f"{name} must be a float, got {type(false_positive_rate).__name__}: "
            f"{false_positive_rate!r:.60}"
        )
    rate = float(false_positive_rate)
    if not 0.0 < rate < 1.0:  # also rejects NaN
        raise ValueError(f"{name} must be in the open interval (0, 1), got {false_positive_rate}")
    return rate


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


def check_key_sets(keys: Iterable[Key], negatives: Iterable[Key]) -> tuple[list[Key], list[Key]]:
    """A learned filter's keys and negatives as lists: both non-empty, and disjoint.

    Raises
    ------
    TypeError
        If either is not an iterable of ``str`` or ``bytes`` keys.
    ValueError
        If either is empty, or a negative is also a key (a ``str`` and its UTF-8 bytes are the
        same key).

    Examples
    --------
    >>> check_key_sets(["a", "b"], [b"b"])
    Traceback (most recent call last):
    ...
    ValueError: negatives overlap the keys in 1 value(s), e.g. [b'b']; a negative must ...
    """
    key_list, neg_list = as_key_list(keys), as_key_list(negatives)
    if not key_list:
        raise ValueError("keys must not be empty")
    if not neg_list:
        raise ValueError("negatives must not be empty: the threshold is chosen on them")
    overlap = {as_bytes(k) for k in key_list} & {as_bytes(k) for k in neg_list}
    if overlap:
        example = sorted(overlap)[:3]
        raise ValueError(
            f"negatives overlap the keys in {len(overlap)} value(s), e.g. {example!r}; "
            "a negative must never be a key"
        )
    return key_list, neg_list
