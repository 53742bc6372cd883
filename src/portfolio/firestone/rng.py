r"""A pure pseudo-random number generator: SplitMix64 over an integer kept in the game state.

Every function takes the generator state (a 64-bit ``int``) and returns the next state together
with its result, so randomness is an ordinary value: the same state always gives the same numbers,
in every process, and nothing global is touched.

References
----------
.. [1] G. L. Steele Jr., D. Lea and C. H. Flood, "Fast splittable pseudorandom number
   generators", *OOPSLA 2014*, pp. 453–472. `doi:10.1145/2660193.2660195 <https://doi.org/10.1145/2660193.2660195>`__

Examples
--------
>>> state, value = next_u64(42)
>>> state, value
(11400714819323198527, 13679457532755275413)
>>> randbelow(state, 6)[1] in range(6)
True
"""

from __future__ import annotations

# typing's alias, not collections.abc: the docs build resolves typing names offline.
from typing import Any, Sequence  # noqa: UP035

__all__ = ["MASK64", "derive", "next_u64", "randbelow", "shuffle"]

MASK64 = (1 << 64) - 1
"""The largest 64-bit value; generator states and outputs are in :math:`[0, 2^{64})`."""

_GAMMA = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB


def next_u64(state: int) -> tuple[int, int]:
    r"""Advance the generator once.

    Parameters
    ----------
    state
        The current generator state, any integer (it is reduced modulo :math:`2^{64}`).

    Returns
    -------
    tuple
        ``(new_state, output)``, both in :math:`[0, 2^{64})`.

    Notes
    -----
    The state advances by the odd constant :math:`\gamma = \lfloor 2^{64}/\varphi \rfloor`, and
    the output is the state passed through two xor-shift-multiply rounds (the SplitMix64
    finaliser of Steele, Lea and Flood).

    Complexity: O(1).

    Examples
    --------
    >>> next_u64(0)
    (11400714819323198485, 16294208416658607535)
    """
    s = (state + _GAMMA) & MASK64
    z = ((s ^ (s >> 30)) * _MIX1) & MASK64
    z = ((z ^ (z >> 27)) * _MIX2) & MASK64
    return s, z ^ (z >> 31)


def randbelow(state: int, n: int) -> tuple[int, int]:
    """Draw an integer uniformly from ``range(n)``.

    Parameters
    ----------
    state
        The current generator state.
    n
        The exclusive upper bound; must be positive.

    Returns
    -------
    tuple
        ``(new_state, value)`` with ``0 <= value < n``.

    Raises
    ------
    ValueError
        If ``n`` is not positive.

    Notes
    -----
    The value is ``output % n``; for the small ``n`` of a card game (at most a few dozen) the
    modulo bias is below :math:`n / 2^{64}`, far too small to matter. Complexity: O(1).

    Examples
    --------
    >>> randbelow(7, 10)
    (11400714819323198492, 7)
    """
    if n <= 0:
        raise ValueError(f"n must be positive, got {n}")
    state, out = next_u64(state)
    return state, out % n


def shuffle(state: int, items: Sequence[Any]) -> tuple[int, tuple[Any, ...]]:
    """Return a shuffled copy of ``items`` (Fisher–Yates), leaving the input alone.

    Parameters
    ----------
    state
        The current generator state.
    items
        The items to shuffle.

    Returns
    -------
    tuple
        ``(new_state, shuffled)``.

    Notes
    -----
    Complexity: O(n) time and one generator step per item.

    Examples
    --------
    >>> shuffle(1, "abcde")[1]
    ('c', 'b', 'e', 'd', 'a')
    >>> sorted(shuffle(1, "abcde")[1]) == list("abcde")
    True
    """
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        state, j = randbelow(state, i + 1)
        out[i], out[j] = out[j], out[i]
    return state, tuple(out)


def derive(seed: int, *path: int) -> int:
    """Derive an independent generator state from a seed and a path of integers.

    Used by the imperative shell to give each game, and each agent decision, its own stream
    (for example ``derive(seed, game_index)``).

    Parameters
    ----------
    seed
        The root seed.
    *path
        Integers naming the sub-stream.

    Returns
    -------
    int
        A generator state in :math:`[0, 2^{64})`.

    Examples
    --------
    >>> derive(7, 0) == derive(7, 0)
    True
    >>> derive(7, 0) != derive(7, 1)
    True
    """
    state = seed & MASK64
    for part in path:
        state, out = next_u64(state ^ (part & MASK64))
        state = out
    return next_u64(state)[1]
