"""Tests for the pure SplitMix64 generator."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portfolio.firestone.rng import MASK64, derive, next_u64, randbelow, shuffle


class TestSplitMix64:
    """Tests for `next_u64`, `randbelow`, `shuffle` and `derive`."""

    def test_matches_reference_outputs(self) -> None:
        """Seeded with 0, the outputs match the reference C implementation (splitmix64.c)."""
        state, outputs = 0, []
        for _ in range(4):
            state, out = next_u64(state)
            outputs.append(out)
        expected = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F, 0xF88BB8A8724C81EC]
        assert expected == outputs

    @given(st.integers(min_value=0, max_value=MASK64), st.integers(min_value=1, max_value=1000))
    def test_randbelow_in_range_and_pure(self, state: int, n: int) -> None:
        """randbelow stays in range(n) and gives the same answer for the same state."""
        new_state, value = randbelow(state, n)
        assert 0 <= value < n
        assert (new_state, value) == randbelow(state, n)

    def test_randbelow_rejects_empty_range(self) -> None:
        """A non-positive bound is a clear error naming n."""
        with pytest.raises(ValueError, match="n must be positive"):
            randbelow(1, 0)

    @given(st.integers(min_value=0, max_value=MASK64), st.lists(st.integers(), max_size=40))
    def test_shuffle_is_a_permutation_and_leaves_input(self, state: int, items: list[int]) -> None:
        """shuffle returns a permutation and does not touch its input."""
        before = list(items)
        _, out = shuffle(state, items)
        assert sorted(before) == sorted(out)
        assert before == items

    def test_shuffle_is_roughly_uniform(self) -> None:
        """All 6 orders of 3 items come up about equally often over 6,000 shuffles."""
        state, counts = 99, Counter[tuple[str, ...]]()
        for _ in range(6_000):
            state, out = shuffle(state, "abc")
            counts[out] += 1
        assert 6 == len(counts)
        assert all(850 < c < 1150 for c in counts.values()), counts

    def test_derive_separates_streams(self) -> None:
        """Different paths give different states; the same path gives the same state."""
        states = {derive(5, g) for g in range(1_000)}
        assert 1_000 == len(states)
        assert derive(5, 3, 1) == derive(5, 3, 1)
