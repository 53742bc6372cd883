r"""Compiled twins of the filters' hot loops (numba), and the switch between them and Python.

Every function here repeats, in numba's nopython mode, a loop whose *reference* is pure Python
in :mod:`~portfolio.filters.hashing`, :mod:`~portfolio.filters.bloom` or
:mod:`~portfolio.filters.cuckoo`. The tests build every filter both ways and compare the bytes
(the same bits, the same answers, the same errors).

The kernels compile on first use (about 0.3 s each, a few seconds for all) and are cached in
``__pycache__`` (or numba's per-user cache when that folder is read-only), so later processes
load them in milliseconds. ``PORTFOLIO_FILTERS_PURE_PYTHON=1`` in the environment, a missing
numba, or :func:`pure_python` selects the reference path.

Integer types: numba mixes ``uint64`` and ``int64`` into ``float64``, so every 64-bit hash
operation below stays in ``uint64`` and every index in ``int64``, with explicit casts.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from portfolio.filters.hashing import FMIX1, FMIX2, LEN_MIX, MASK32, P61, SPLITMIX_GAMMA

__all__ = ["bloom_entries", "compiled", "cuckoo_entries", "pure_python"]

_F = TypeVar("_F", bound=Callable[..., Any])

_numba: Any = None
if os.environ.get("PORTFOLIO_FILTERS_PURE_PYTHON", "") == "":  # set: numba is not even imported
    with contextlib.suppress(ImportError):  # numba is a locked dependency; still optional
        _numba = importlib.import_module("numba")

_state = {"compiled": _numba is not None}


def compiled() -> bool:
    """Whether new filters use the compiled kernels (numba is importable and not switched off)."""
    return _state["compiled"]


@contextlib.contextmanager
def pure_python() -> Iterator[None]:
    """Build and use filters on the pure-Python reference path inside the ``with`` block.

    Examples
    --------
    >>> from portfolio.filters import BloomFilter
    >>> with pure_python():
    ...     slow = BloomFilter(100, 0.01)
    ...     slow.update(["a", "b"])
    >>> fast = BloomFilter(100, 0.01)
    >>> fast.update(["a", "b"])
    >>> slow == fast
    True
    """
    before = _state["compiled"]
    _state["compiled"] = False
    try:
        yield
    finally:
        _state["compiled"] = before


def _jit(fn: _F) -> _F:
    """``numba.njit`` with the on-disk cache where one is writable; identity without numba."""
    if _numba is None:  # pragma: no cover
        return fn
    try:
        return _numba.njit(cache=True, nogil=True)(fn)  # type: ignore[no-any-return]
    except RuntimeError:  # pragma: no cover - no writable cache location at all
        return _numba.njit(nogil=True)(fn)  # type: ignore[no-any-return]


def _inline(fn: _F) -> _F:
    """A helper that numba inlines into each kernel (no compile of its own)."""
    if _numba is None:  # pragma: no cover
        return fn
    return _numba.njit(inline="always")(fn)  # type: ignore[no-any-return]


_U0 = np.uint64(0)
_U3 = np.uint64(3)
_U8 = np.uint64(8)
_U27 = np.uint64(27)
_U30 = np.uint64(30)
_U31 = np.uint64(31)
_U32 = np.uint64(32)
_U33 = np.uint64(33)
_U58 = np.uint64(58)
_U61 = np.uint64(61)
_U63 = np.uint64(63)
_P61 = np.uint64(P61)
_M32 = np.uint64(MASK32)
_LEN_MIX = np.uint64(LEN_MIX)
_FMIX1 = np.uint64(FMIX1)
_FMIX2 = np.uint64(FMIX2)
_GAMMA = np.uint64(SPLITMIX_GAMMA)
_SM1 = np.uint64(0xBF58476D1CE4E5B9)
_SM2 = np.uint64(0x94D049BB133111EB)


# -- hashing -------------------------------------------------------------------------------------
@_inline
def fmix(v: Any, n: Any) -> Any:
    """:func:`~portfolio.filters.hashing.finalise` on ``uint64``."""
    z = np.uint64(v) + np.uint64(n) * _LEN_MIX
    z ^= z >> _U33
    z *= _FMIX1
    z ^= z >> _U33
    z *= _FMIX2
    z ^= z >> _U33
    return z


@_inline
def _residue(buf: Any, start: Any, length: Any) -> Any:
    """:math:`X \\bmod (2^{61} - 1)` of the ``length`` bytes at ``start``, read as 8-byte words."""
    acc = _U0
    for j in range((length + 7) // 8 - 1, -1, -1):  # Horner from the top 8-byte word
        off = start + 8 * j
        w = _U0
        for t in range(min(8, length - 8 * j)):
            w |= np.uint64(buf[off + t]) << np.uint64(8 * t)
        acc = ((acc << _U3) & _P61) | (acc >> _U58)  # acc * 2^64 = acc * 8 (mod p)
        acc += (w & _P61) + (w >> _U61)
        acc = (acc & _P61) + (acc >> _U61)
        acc = (acc & _P61) + (acc >> _U61)
    if acc >= _P61:
        acc -= _P61
    return acc


@_inline
def _hash_bytes(data: Any) -> Any:
    """:meth:`~portfolio.filters.hashing.MersenneHasher.hash_key` of one key's bytes."""
    return fmix(_residue(data, 0, len(data)), len(data))


@_jit
def mersenne_many(
    buf: NDArray[np.uint8], starts: NDArray[np.int64], lengths: NDArray[np.int64]
) -> NDArray[np.uint64]:
    """:meth:`~portfolio.filters.hashing.MersenneHasher.hash_key` of every key in ``buf``."""
    n = len(starts)
    out = np.empty(n, dtype=np.uint64)
    for i in range(n):
        out[i] = fmix(_residue(buf, starts[i], lengths[i]), lengths[i])
    return out


_ONES = np.uint64(0x0101010101010101)
_HIGHS = np.uint64(0x8080808080808080)


@_jit
def mersenne_joined(buf: NDArray[np.uint8], wide: NDArray[np.uint64], n: int) -> NDArray[np.uint64]:
    r"""The hashes of ``n`` NUL-separated keys in ``buf``, read 8 bytes at a time.

    ``wide[i]`` holds bytes ``i .. i + 7`` of ``buf`` (an overlapping view); the last few
    words are assembled byte by byte, reading past the end as NUL. Word :math:`j` of a key
    weighs :math:`2^{64 j} \equiv 2^{3 j \bmod 61} \pmod p`, so it is folded in with a rotation
    inside 61 bits; a key ends at its first NUL byte. Returns an empty array unless ``buf``
    holds exactly ``n`` keys (otherwise a key held a NUL).
    """
    out = np.empty(n, dtype=np.uint64)
    size = len(buf)
    pos = 0
    for key in range(n):
        start, acc, rot = pos, _U0, 0
        while True:
            if pos + 8 <= size:
                w = wide[pos]
            else:
                w = _U0
                for t in range(max(0, size - pos)):
                    w |= np.uint64(buf[pos + t]) << np.uint64(8 * t)
            zero = (w - _ONES) & ~w & _HIGHS  # lowest set bit marks the first NUL byte
            if zero == _U0:
                tail = 8
            else:
                tail = 0
                while (w >> np.uint64(8 * tail)) & np.uint64(255):
                    tail += 1
                w &= (np.uint64(1) << np.uint64(8 * tail)) - np.uint64(1)
            if tail:
                x = (w & _P61) + (w >> _U61)
                if x >= _P61:
                    x -= _P61
                r = np.uint64(rot)
                acc += ((x << r) & _P61) | (x >> (_U61 - r))
                acc = (acc & _P61) + (acc >> _U61)
                rot = rot + 3 if rot < 58 else rot - 58
            pos += tail
            if tail < 8:
                break
        if acc >= _P61:
            acc -= _P61
        out[key] = fmix(acc, pos - start)
        pos += 1  # the NUL
    if pos != size + 1:  # one past the end: the last key ended at the virtual NUL
        return out[:0]
    return out


# -- Bloom ---------------------------------------------------------------------------------------
@_inline
def _magic(d: Any) -> Any:
    """Lemire's constant for :func:`_fastmod` by ``d`` (``0`` when ``d`` needs a real division)."""
    if d >= 1 << 32:
        return _U0
    return np.uint64(0xFFFFFFFFFFFFFFFF) // np.uint64(d) + np.uint64(1)


@_inline
def _fastmod(a: Any, magic: Any, d: Any) -> Any:
    """``a % d`` for 32-bit ``a`` and ``d``, by multiplication (Lemire, Kaser and Kurz 2019).

    :math:`\\lfloor ((M a \\bmod 2^{64})\\, d) / 2^{64} \\rfloor` with
    :math:`M = \\lfloor (2^{64} - 1)/d \\rfloor + 1`; the 64 x 32-bit high product is split
    into two 64-bit multiplications.
    """
    if magic == _U0:
        return np.int64(np.uint64(a) % np.uint64(d))
    low = magic * np.uint64(a)
    ud = np.uint64(d)
    return np.int64(((low >> _U32) * ud + (((low & _M32) * ud) >> _U32)) >> _U32)


@_inline
def _bloom_set(bits: Any, z: Any, m: Any, m1: Any, k: Any, mm: Any, mm1: Any) -> None:
    g = _fastmod(np.uint64(z) >> _U32, mm, m)
    step = 1 + _fastmod(np.uint64(z) & _M32, mm1, m1)
    for _ in range(k):
        bits[g >> 3] |= np.uint8(1 << (g & 7))
        g += step
        g -= m * (g >= m)  # no branch: it would be mispredicted about half the time


@_inline
def _bloom_test(bits: Any, z: Any, m: Any, m1: Any, k: Any, mm: Any, mm1: Any) -> Any:
    g = _fastmod(np.uint64(z) >> _U32, mm, m)
    step = 1 + _fastmod(np.uint64(z) & _M32, mm1, m1)
    for _ in range(k):
        if not (bits[g >> 3] >> (g & 7)) & 1:
            return False
        g += step
        if g >= m:
            g -= m
    return True


@_jit
def bloom_add(bits: NDArray[np.uint8], data: bytes, m: int, m1: int, k: int) -> None:
    """Set the ``k`` bits of the key whose bytes are ``data`` (default hash)."""
    _bloom_set(bits, _hash_bytes(data), m, m1, k, _U0, _U0)


@_jit
def bloom_has(bits: NDArray[np.uint8], data: bytes, m: int, m1: int, k: int) -> bool:
    """Whether all ``k`` bits of the key whose bytes are ``data`` are set (default hash)."""
    return bool(_bloom_test(bits, _hash_bytes(data), m, m1, k, _U0, _U0))


_BATCH = 16  # keys whose bit writes are interleaved: independent memory accesses overlap


@_jit
def bloom_add_many(bits: NDArray[np.uint8], z: NDArray[np.uint64], m: int, m1: int, k: int) -> None:
    """Set the bits of every hash in ``z``, :data:`_BATCH` keys at a time.

    Setting one key's ``k`` bits and then the next key's makes each write wait for the one
    before; interleaving the writes of several keys lets the processor overlap them (about
    2.4 times faster here). The bits set are the same.
    """
    mm, mm1 = _magic(m), _magic(m1)
    g = np.empty(_BATCH, dtype=np.int64)
    step = np.empty(_BATCH, dtype=np.int64)
    for base in range(0, len(z), _BATCH):
        count = min(_BATCH, len(z) - base)
        for j in range(count):
            zj = np.uint64(z[base + j])
            g[j] = _fastmod(zj >> _U32, mm, m)
            step[j] = 1 + _fastmod(zj & _M32, mm1, m1)
        for _ in range(k):
            for j in range(count):
                gj = g[j]
                bits[gj >> 3] |= np.uint8(1 << (gj & 7))
                gj += step[j]
                g[j] = gj - m * (gj >= m)


@_jit
def bloom_has_many(
    bits: NDArray[np.uint8], z: NDArray[np.uint64], m: int, m1: int, k: int
) -> NDArray[np.bool_]:
    """Membership of every hash in ``z``, :data:`_BATCH` keys at a time (as in
    :func:`bloom_add_many`, every probe made: a branch per probe would cost more)."""
    mm, mm1 = _magic(m), _magic(m1)
    out = np.empty(len(z), dtype=np.bool_)
    g = np.empty(_BATCH, dtype=np.int64)
    step = np.empty(_BATCH, dtype=np.int64)
    hit = np.empty(_BATCH, dtype=np.uint8)
    for base in range(0, len(z), _BATCH):
        count = min(_BATCH, len(z) - base)
        for j in range(count):
            zj = np.uint64(z[base + j])
            g[j] = _fastmod(zj >> _U32, mm, m)
            step[j] = 1 + _fastmod(zj & _M32, mm1, m1)
            hit[j] = 1
        for _ in range(k):
            for j in range(count):
                gj = g[j]
                hit[j] &= bits[gj >> 3] >> (gj & 7)
                gj += step[j]
                g[j] = gj - m * (gj >= m)
        for j in range(count):
            out[base + j] = hit[j] & 1 == 1
    return out


# -- cuckoo --------------------------------------------------------------------------------------
# ``params`` is an int64 array: [buckets, bucket_size, fingerprint bits, max_kicks, rng state].
@_jit
def _get(bits: NDArray[np.uint8], slot: Any, f: Any) -> Any:
    off = slot * f
    start = off >> 3
    w = _U0
    for t in range(5):  # f <= 32 bits at a bit offset <= 7 fit in 5 bytes
        w |= np.uint64(bits[start + t]) << np.uint64(8 * t)
    return np.int64((w >> np.uint64(off & 7)) & ((np.uint64(1) << np.uint64(f)) - np.uint64(1)))


@_jit
def _put(bits: NDArray[np.uint8], slot: Any, f: Any, fp: Any) -> Any:
    off = slot * f
    start, sh = off >> 3, np.uint64(off & 7)
    w = _U0
    for t in range(5):
        w |= np.uint64(bits[start + t]) << np.uint64(8 * t)
    mask = ((np.uint64(1) << np.uint64(f)) - np.uint64(1)) << sh
    old = np.int64((w & mask) >> sh)
    w = (w & ~mask) | (np.uint64(fp) << sh)
    for t in range(5):
        bits[start + t] = np.uint8((w >> np.uint64(8 * t)) & np.uint64(255))
    return old


@_jit
def _alt(i: Any, fp: Any, nb: Any) -> Any:
    h = np.int64((np.uint64(fp) * _FMIX2) >> _U32)
    return (h - i) % nb


@_jit
def _free(bits: NDArray[np.uint8], i: Any, b: Any, f: Any) -> Any:
    for j in range(b):
        if _get(bits, i * b + j, f) == 0:
            return j
    return -1


@_jit
def _has(bits: NDArray[np.uint8], i: Any, b: Any, f: Any, fp: Any) -> Any:
    for j in range(b):  # noqa: SIM110  # numba compiles the loop, not any() of a generator
        if _get(bits, i * b + j, f) == fp:
            return True
    return False


@_jit
def _mix(s: Any) -> Any:
    """splitmix64's output for the state ``s``."""
    z = (np.uint64(s) ^ (np.uint64(s) >> _U30)) * _SM1
    z = (z ^ (z >> _U27)) * _SM2
    return z ^ (z >> _U31)


@_jit
def _cuckoo_insert(bits: NDArray[np.uint8], params: NDArray[np.int64], z: Any) -> Any:
    nb, b, f, max_kicks = params[0], params[1], params[2], params[3]
    zz = np.uint64(z)
    fp = 1 + np.int64(zz >> _U32) % ((np.int64(1) << f) - 1)
    i1 = np.int64(zz & _M32) % nb
    j = _free(bits, i1, b, f)
    if j >= 0:
        _put(bits, i1 * b + j, f, fp)
        return True
    i2 = _alt(i1, fp, nb)
    j = _free(bits, i2, b, f)
    if j >= 0:
        _put(bits, i2 * b + j, f, fp)
        return True
    # The eviction walk. Draw d of the walk is splitmix64 at state s0 + d * gamma, so the walk
    # can be undone without a log: step t's slot is recomputed from its draw, and its bucket
    # from the next bucket and the fingerprint that was evicted there (_alt is an involution).
    s0 = np.uint64(params[4])
    params[4] = np.int64(s0 + np.uint64(max_kicks + 1) * _GAMMA)  # 1 + max_kicks draws
    i = i1 if _mix(s0 + _GAMMA) >> _U63 == _U0 else i2
    ub = np.uint64(b)
    for kick in range(max_kicks):
        draw = _mix(s0 + np.uint64(kick + 2) * _GAMMA)
        old = _put(bits, i * b + np.int64(draw % ub), f, fp)
        fp, i = old, _alt(i, old, nb)
        j = _free(bits, i, b, f)
        if j >= 0:
            _put(bits, i * b + j, f, fp)
            params[4] = np.int64(s0 + np.uint64(kick + 2) * _GAMMA)  # draws actually used
            return True
    for kick in range(max_kicks - 1, -1, -1):  # undo, last kick first
        i = _alt(i, fp, nb)
        draw = _mix(s0 + np.uint64(kick + 2) * _GAMMA)
        fp = _put(bits, i * b + np.int64(draw % ub), f, fp)
    return False


@_jit
def cuckoo_add(bits: NDArray[np.uint8], params: NDArray[np.int64], data: bytes) -> bool:
    """Insert the key whose bytes are ``data``; ``False`` (table unchanged) if it is full."""
    return bool(_cuckoo_insert(bits, params, _hash_bytes(data)))


@_jit
def cuckoo_add_many(
    bits: NDArray[np.uint8], params: NDArray[np.int64], z: NDArray[np.uint64]
) -> int:
    """Insert the hashes ``z`` in order; the number inserted before the first that did not fit."""
    for idx in range(len(z)):
        if not _cuckoo_insert(bits, params, z[idx]):
            return idx
    return len(z)


@_jit
def _cuckoo_test(bits: NDArray[np.uint8], params: NDArray[np.int64], z: Any) -> Any:
    nb, b, f = params[0], params[1], params[2]
    zz = np.uint64(z)
    fp = 1 + np.int64(zz >> _U32) % ((np.int64(1) << f) - 1)
    i1 = np.int64(zz & _M32) % nb
    return _has(bits, i1, b, f, fp) or _has(bits, _alt(i1, fp, nb), b, f, fp)


@_jit
def cuckoo_has(bits: NDArray[np.uint8], params: NDArray[np.int64], data: bytes) -> bool:
    """Whether the key whose bytes are ``data`` may be in the table (default hash)."""
    return bool(_cuckoo_test(bits, params, _hash_bytes(data)))


@_jit
def cuckoo_has_many(
    bits: NDArray[np.uint8], params: NDArray[np.int64], z: NDArray[np.uint64]
) -> NDArray[np.bool_]:
    """Membership of every hash in ``z``."""
    out = np.empty(len(z), dtype=np.bool_)
    for i in range(len(z)):
        out[i] = _cuckoo_test(bits, params, z[i])
    return out


# -- single-key entry points ---------------------------------------------------------------------
def _entry(kernel: Callable[..., Any], *args: Any) -> Callable[..., Any]:
    """``kernel``'s compiled entry point for the types of ``args`` (compiled now if need be).

    A dispatcher call resolves the argument types on every call; the entry point skips that
    and halves the cost of a call (about 0.2 µs instead of 0.4 µs here). The filters always
    pass these exact types: C-contiguous arrays, ``bytes`` and Python ``int`` values below
    :math:`2^{63}`.
    """
    kernel(*args)
    if _numba is None:  # pragma: no cover
        return kernel
    signature = tuple(_numba.typeof(a) for a in args)
    return kernel.overloads[signature].entry_point  # type: ignore[attr-defined, no-any-return]


@functools.cache
def bloom_entries() -> tuple[Callable[..., None], Callable[..., bool]]:
    """Entry points of :func:`bloom_add` and :func:`bloom_has`, compiled on first use."""
    bits = np.zeros(16, dtype=np.uint8)
    return _entry(bloom_add, bits, b"k", 64, 63, 1), _entry(bloom_has, bits, b"k", 64, 63, 1)


@functools.cache
def cuckoo_entries() -> tuple[Callable[..., bool], Callable[..., bool]]:
    """Entry points of :func:`cuckoo_add` and :func:`cuckoo_has`, compiled on first use."""
    bits = np.zeros(16, dtype=np.uint8)
    params = np.array([1, 1, 8, 0, 0], dtype=np.int64)
    return _entry(cuckoo_add, bits, params, b"k"), _entry(cuckoo_has, bits, params, b"k")
