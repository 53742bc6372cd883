"""The compiled kernels against the pure-Python reference: the same hashes, bits and answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.filters import BloomFilter, CuckooFilter, FilterFullError, _kernels
from portfolio.filters.hashing import Blake2bHasher, MersenneHasher, finalise

key_st = st.one_of(st.text(max_size=20), st.binary(max_size=20))
# Keys without NUL take the joined fast path; keys with one take the fallback. Mix both.
nul_key_st = st.one_of(key_st, st.text(alphabet="a\x00é", max_size=9), st.just(b"\x00"))
keys_st = st.lists(nul_key_st, max_size=120)


def _pair(make: Callable[[], Any]) -> tuple[Any, Any]:
    """The same filter built on the compiled path and on the pure-Python reference path."""
    assert _kernels.compiled(), "the compiled path is the default"
    with _kernels.pure_python():
        reference = make()
    return make(), reference


def _run(f: Any, op: str, arg: Any) -> object:
    """Apply one operation; return its result or the error it raised (type, message, inserted)."""
    try:
        if op == "add":
            return f.add(arg)
        if op == "update":
            return f.update(arg)
        if op == "remove":
            return f.remove(arg)
        if op == "has":
            return arg in f
        return f.contains_many(arg).tolist()
    except (FilterFullError, KeyError, TypeError) as error:
        return type(error).__name__, str(error), getattr(error, "inserted", None)


class TestHashes:
    """The compiled batch hash equals the Python scalar hash, key by key."""

    @given(keys_st)
    def test_batch_equals_scalar(self, keys: list[str | bytes]) -> None:
        """For any str/bytes keys (with or without NUL bytes), both paths give hash_key's value."""
        h = MersenneHasher()
        expected = [h.hash_key(k) for k in keys]
        assert expected == h.hash_keys(keys).tolist()
        with _kernels.pure_python():
            assert expected == h.hash_keys(keys).tolist()

    @given(st.binary(max_size=40))
    def test_scalar_is_the_definition(self, data: bytes) -> None:
        """hash_key is fmix64 of (X mod 2^61 - 1) plus the length term, on the key's bytes."""
        x = int.from_bytes(data, "little") % (2**61 - 1)
        assert finalise(x, len(data)) == MersenneHasher().hash_key(data)

    def test_long_and_odd_lengths(self) -> None:
        """Every length from 0 to 70 bytes, in one batch, joined and with a NUL key (fallback)."""
        h = MersenneHasher()
        keys: list[str | bytes] = [bytes(range(1, 1 + n)) for n in range(71)]
        assert [h.hash_key(k) for k in keys] == h.hash_keys(keys).tolist()
        keys.append(b"\x00")
        assert [h.hash_key(k) for k in keys] == h.hash_keys(keys).tolist()

    def test_bad_key_in_batch(self) -> None:
        """A bad key in a batch is a TypeError naming it, on both paths."""
        for ctx in (_kernels.pure_python, _noop):
            with ctx(), pytest.raises(TypeError, match="got int: 7"):
                MersenneHasher().hash_keys(["a", b"b", 7])  # type: ignore[list-item]


class _noop:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


ops_st = st.lists(
    st.one_of(
        st.tuples(st.just("add"), nul_key_st),
        st.tuples(st.just("update"), keys_st),
        st.tuples(st.just("has"), nul_key_st),
        st.tuples(st.just("many"), keys_st),
        st.tuples(st.just("remove"), nul_key_st),
    ),
    max_size=12,
)


class TestBloomPaths:
    """A Bloom filter on either path has the same bits and answers."""

    @settings(max_examples=60)
    @given(
        ops_st,
        st.sampled_from(["mersenne61", "blake2b"]),
        st.floats(1e-6, 0.9),
        st.integers(1, 5_000),
    )
    def test_same_bits_and_answers(
        self, ops: list[tuple[str, Any]], hasher: str, rate: float, capacity: int
    ) -> None:
        """Any sequence of add/update/lookups gives equal results and equal serialisations.

        Any size: the bulk kernels reduce modulo m and m - 1 by multiplication (Lemire's
        fastmod), which must equal Python's ``%`` for every m.
        """
        fast, ref = _pair(lambda: BloomFilter(capacity, rate, hasher=hasher))
        added: list[str | bytes] = []
        for op, arg in ops:
            if op == "remove":
                continue
            assert _run(ref, op, arg) == _run(fast, op, arg)
            fast._check()
            added += [arg] if op == "add" else arg if op == "update" else []
        assert ref.to_bytes() == fast.to_bytes()
        assert all(k in fast for k in added)
        assert bool(fast.contains_many(added).all())


class TestCuckooPaths:
    """A cuckoo filter on either path has the same slots, random state, answers and errors."""

    @settings(max_examples=80)
    @given(
        ops_st,
        st.sampled_from([1, 2, 4, 8]),
        st.sampled_from([0, 1, 5, 500]),
        st.integers(-(2**63), 2**63 - 1),
        st.sampled_from(["mersenne61", "blake2b"]),
    )
    def test_same_table_and_answers(
        self, ops: list[tuple[str, Any]], b: int, kicks: int, seed: int, hasher: str
    ) -> None:
        """Small tables overflow: failed inserts roll back the same way on both paths."""
        fast, ref = _pair(
            lambda: CuckooFilter(24, 0.05, bucket_size=b, max_kicks=kicks, seed=seed, hasher=hasher)
        )
        for op, arg in ops:
            assert _run(ref, op, arg) == _run(fast, op, arg)
            fast._check()
            assert ref._params.tolist() == fast._params.tolist()
        assert ref.to_bytes() == fast.to_bytes()

    @settings(max_examples=30)
    @given(st.lists(st.binary(min_size=1, max_size=8), min_size=50, max_size=300), st.data())
    def test_failed_update_keeps_prefix_on_both_paths(
        self, keys: list[bytes], data: st.DataObject
    ) -> None:
        """An overflowing update reports the same `inserted` on both paths and loses nothing."""
        seed = data.draw(st.integers(0, 2**32))
        fast, ref = _pair(lambda: CuckooFilter(30, 0.01, bucket_size=2, max_kicks=8, seed=seed))
        before = [k for k in keys[:10] if _run(fast, "add", k) is None]
        for k in keys[:10]:
            _run(ref, "add", k)
        outcome = _run(fast, "update", keys[10:])
        assert _run(ref, "update", keys[10:]) == outcome
        done = outcome[2] if isinstance(outcome, tuple) else len(keys) - 10
        assert bool(fast.contains_many([*before, *keys[10 : 10 + done]]).all())
        assert ref.to_bytes() == fast.to_bytes()

    def test_big_table_same_bytes(self) -> None:
        """200 000 slots filled to the first failure: the same table byte for byte."""
        keys = [f"user-{i}" for i in range(60_000)]
        fast, ref = _pair(lambda: CuckooFilter(50_000, 0.01))
        outcomes = [_run(f, "update", keys) for f in (fast, ref)]
        assert outcomes[0] == outcomes[1]
        assert isinstance(outcomes[0], tuple)
        assert ref.to_bytes() == fast.to_bytes()
        assert fast.load_factor >= 0.95


def test_single_key_entry_points_match_dispatch() -> None:
    """The entry points the filters call give the dispatchers' answers."""
    bloom_add, bloom_has = _kernels.bloom_entries()
    bits = np.zeros(64, dtype=np.uint8)
    bloom_add(bits, b"key", 500, 499, 3)
    assert bloom_has(bits, b"key", 500, 499, 3)
    assert _kernels.bloom_has(bits, b"key", 500, 499, 3)
    assert not bloom_has(bits, b"other", 500, 499, 3)
    cuckoo_add, cuckoo_has = _kernels.cuckoo_entries()
    params = np.array([4, 2, 8, 10, 0], dtype=np.int64)
    assert cuckoo_add(bits, params, b"key")
    assert cuckoo_has(bits, params, b"key") == _kernels.cuckoo_has(bits, params, b"key") is True


def test_blake2b_bulk_uses_the_kernels() -> None:
    """A filter with the non-default hasher gets the same bits on both paths."""
    keys = [f"k{i}" for i in range(500)]
    fast, ref = _pair(lambda: BloomFilter(500, 0.01, hasher=Blake2bHasher()))
    for f in (fast, ref):
        f.update(keys)
        f.add("one more")
    assert ref == fast
