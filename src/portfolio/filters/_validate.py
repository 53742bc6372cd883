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

__all__ = ["as_bytes", "as_key_list", "check_capacity", "check_int", "check_rate"]


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
