"""Tests for `portfolio.filters`: no false negatives, atomic failed inserts, rates, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.filters import (
    BloomFilter,
    CuckooFilter,
    FilterFullError,
    LearnedBloomFilter,
    SandwichedLearnedBloomFilter,
    _kernels,
)
from portfolio.filters.hashing import Blake2bHasher, MersenneHasher
from portfolio.filters.models import NgramLogisticModel

keys_st = st.lists(st.one_of(st.text(max_size=12), st.binary(max_size=12)), max_size=200)


def _random_keys(seed: int, n: int, prefix: str = "") -> list[str]:
    rng = np.random.default_rng(seed)
    return [f"{prefix}{x:x}" for x in rng.integers(0, 2**62, size=n).tolist()]


class TestHashers:
    """Tests for the scalar and vectorised hash paths."""

    @given(keys_st)
    def test_scalar_and_batch_agree(self, keys: list[str | bytes]) -> None:
        """Every hasher's batch result equals its per-key result, for any str/bytes keys."""
        for hasher in (MersenneHasher(), Blake2bHasher()):
            expected = [hasher.hash_key(k) for k in keys]
            assert expected == hasher.hash_keys(keys).tolist()

    def test_mersenne_matches_definition(self) -> None:
        """The default hash is X mod (2^61 - 1), length-mixed, then MurmurHash3's fmix64."""
        data = "naïve key ✓".encode()
        z = (int.from_bytes(data, "little") % (2**61 - 1) + len(data) * 0x9E3779B97F4A7C15) % 2**64
        z ^= z >> 33
        z = z * 0xFF51AFD7ED558CCD % 2**64
        z ^= z >> 33
        z = z * 0xC4CEB9FE1A85EC53 % 2**64
        assert z ^ (z >> 33) == MersenneHasher().hash_key("naïve key ✓")

    def test_sequential_keys_fill_a_cuckoo_filter(self) -> None:
        """Keys differing only in their last bytes spread well: b = 4 still passes 95 % load."""
        for hasher in (MersenneHasher(), Blake2bHasher()):
            cf = CuckooFilter(2_000, 0.01, hasher=hasher)
            with pytest.raises(FilterFullError):
                cf.update(f"user-{i}" for i in range(4_000))
            assert cf.load_factor >= 0.95

    def test_trailing_zero_bytes_change_the_hash(self) -> None:
        """Keys differing only by trailing NUL bytes hash differently (the length is mixed in)."""
        h = MersenneHasher()
        assert len({h.hash_key(b"a"), h.hash_key(b"a\x00"), h.hash_key(b"a\x00\x00")}) == 3


class TestBloomFilter:
    """Tests for `BloomFilter`."""

    def test_optimal_size(self) -> None:
        """m and k follow the textbook optimum for n = 10^4, p = 1 %."""
        bf = BloomFilter(10_000, 0.01)
        assert math.ceil(-10_000 * math.log(0.01) / math.log(2) ** 2) == bf.num_bits
        assert 7 == bf.num_hashes

    @given(keys_st, keys_st)
    def test_no_false_negatives(self, first: list[str | bytes], second: list[str | bytes]) -> None:
        """Keys added singly or in bulk are found singly, in bulk and after a round trip."""
        bf = BloomFilter(max(1, len(first) + len(second)), 0.05)
        for key in first:
            bf.add(key)
            bf._check()
        bf.update(second)
        bf._check()
        everything = first + second
        restored = BloomFilter.from_bytes(bf.to_bytes())
        restored._check()
        assert all(k in bf for k in everything)
        assert bool(bf.contains_many(everything).all())
        assert all(k in restored for k in everything)
        assert len(everything) == len(bf) == len(restored)
        with _kernels.pure_python():  # the reference path sets the same bits
            reference = BloomFilter(max(1, len(first) + len(second)), 0.05)
            for key in first:
                reference.add(key)
            reference.update(second)
            assert [k in reference for k in everything] == bf.contains_many(everything).tolist()
        assert reference == bf

    def test_bulk_agrees_with_single(self) -> None:
        """contains_many and `in` agree on absent keys too (same hash positions)."""
        bf = BloomFilter(2_000, 0.1)
        bf.update(_random_keys(1, 2_000))
        probes = _random_keys(2, 3_000, "n")
        assert [p in bf for p in probes] == bf.contains_many(probes).tolist()

    @pytest.mark.parametrize("rate", [0.01, 0.05])
    def test_false_positive_rate(self, rate: float) -> None:
        """At capacity, the FPR on 20 000 fresh non-keys is within [0.8, 1.25] of the target."""
        bf = BloomFilter(20_000, rate)
        bf.update(_random_keys(3, 20_000))
        measured = float(bf.contains_many(_random_keys(4, 20_000, "absent-")).mean())
        assert 0.8 * rate <= measured <= 1.25 * rate

    @pytest.mark.parametrize("rate", [0.6, 0.75, 0.9])
    def test_false_positive_rate_above_one_half(self, rate: float) -> None:
        """Above p = 1/2 a filter has one hash and its FPR at capacity is within 0.02 of p."""
        bf = BloomFilter(20_000, rate)
        bf.update(_random_keys(3, 20_000))
        measured = float(bf.contains_many(_random_keys(4, 20_000, "absent-")).mean())
        assert 1 == bf.num_hashes
        assert abs(measured - rate) <= 0.02

    def test_bad_arguments(self) -> None:
        """Bad capacities, rates and keys get errors naming the value."""
        with pytest.raises(ValueError, match="capacity must be a positive integer, got 0"):
            BloomFilter(0, 0.01)
        with pytest.raises(ValueError, match=r"false_positive_rate .* got 1.0"):
            BloomFilter(10, 1.0)
        with pytest.raises(ValueError, match=r"false_positive_rate .* got 0"):
            BloomFilter(10, 0)
        bf = BloomFilter(10, 0.01)
        with pytest.raises(TypeError, match="key must be str or bytes, got int: 5"):
            bf.add(5)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="got float"):
            bf.update(["a", 1.5])  # type: ignore[list-item]
        with pytest.raises(ValueError, match="not a serialised BloomFilter"):
            BloomFilter.from_bytes(b"nonsense")


class TestCuckooFilter:
    """Tests for `CuckooFilter`."""

    def test_fingerprint_width(self) -> None:
        """f = ceil(log2(2b/eps)): 10 bits at 1 % with b = 4."""
        assert 10 == CuckooFilter(100, 0.01).fingerprint_bits

    @settings(max_examples=60)
    @given(
        st.lists(st.binary(max_size=6), max_size=300),
        st.sampled_from([1, 2, 4]),
        st.sampled_from(["mersenne61", "blake2b"]),
    )
    def test_failed_insert_loses_nothing(self, keys: list[bytes], b: int, hasher: str) -> None:
        """A full filter raises FilterFullError, is unchanged, and still holds every key."""
        cf = CuckooFilter(
            40,
            0.1,
            bucket_size=b,
            max_kicks=20,
            hasher=MersenneHasher() if hasher == "mersenne61" else Blake2bHasher(),
        )
        with _kernels.pure_python():
            reference = CuckooFilter(40, 0.1, bucket_size=b, max_kicks=20, hasher=hasher)
        accepted: list[bytes] = []
        for key in keys:
            before = cf.to_bytes()
            try:
                cf.add(key)
            except FilterFullError:
                assert before == cf.to_bytes()
                with pytest.raises(FilterFullError):
                    reference.add(key)
            else:
                accepted.append(key)
                reference.add(key)
            cf._check()
            assert reference == cf  # the pure-Python reference: the same slots
            assert all(k in cf for k in accepted)
        assert len(accepted) == len(cf)
        assert bool(cf.contains_many(accepted).all())
        assert all(k in CuckooFilter.from_bytes(cf.to_bytes()) for k in accepted)

    @given(st.lists(st.text(max_size=8), max_size=120, unique=True), st.data())
    def test_removes_keep_the_rest(self, keys: list[str], data: st.DataObject) -> None:
        """Removing some added keys leaves every other added key present."""
        cf = CuckooFilter(max(1, len(keys)) * 2, 0.01)
        cf.update(keys)
        cf._check()
        removed = data.draw(st.lists(st.sampled_from(keys), unique=True) if keys else st.just([]))
        for key in removed:
            cf.remove(key)
            cf._check()
        rest = list(keys)
        for key in removed:
            rest.remove(key)
        assert all(k in cf for k in rest)
        assert len(rest) == len(cf)
        with _kernels.pure_python():
            reference = CuckooFilter(max(1, len(keys)) * 2, 0.01)
            reference.update(keys)
            for key in removed:
                reference.remove(key)
            assert [k in reference for k in keys] == cf.contains_many(keys).tolist()
        assert reference == cf

    def test_duplicates_are_counted(self) -> None:
        """A key added twice survives one removal; at most 2b copies fit (two buckets of b)."""
        cf = CuckooFilter(100, 0.01, bucket_size=2)
        cf.add("twice")
        cf.add("twice")
        cf.remove("twice")
        assert "twice" in cf
        cf.update(["twice"] * 3)
        with pytest.raises(FilterFullError):
            cf.add("twice")
        cf._check()
        assert 4 == len(cf)

    def test_load_factor_before_first_failure(self) -> None:
        """With b = 4 the table fills past 95 % before the first failed insert."""
        cf = CuckooFilter(5_000, 0.01)
        keys = _random_keys(5, 10_000)
        with pytest.raises(FilterFullError, match="the filter is unchanged"):
            cf.update(keys)
        cf._check()
        assert cf.load_factor >= 0.95
        assert bool(cf.contains_many(keys[: len(cf)]).all())

    def test_bulk_update_reports_progress(self) -> None:
        """A bulk update that overflows says how many of its keys went in; those are present."""
        cf = CuckooFilter(200, 0.01)
        keys = _random_keys(6, 1_000)
        with pytest.raises(FilterFullError, match=r"(\d+) of the 1000 keys"):
            cf.update(keys)
        assert bool(cf.contains_many(keys[: len(cf)]).all())

    def test_false_positive_rate(self) -> None:
        """At 95 % load the measured FPR stays below the target 1 %."""
        cf = CuckooFilter(20_000, 0.01)
        cf.update(_random_keys(7, 19_000))
        measured = float(cf.contains_many(_random_keys(8, 20_000, "absent-")).mean())
        assert measured <= 0.01

    def test_bad_arguments(self) -> None:
        """Errors name the bad value; removing an absent key is a KeyError."""
        with pytest.raises(ValueError, match="capacity must be a positive integer, got -3"):
            CuckooFilter(-3, 0.01)
        with pytest.raises(ValueError, match="bucket_size must be a positive integer, got 0"):
            CuckooFilter(10, 0.01, bucket_size=0)
        with pytest.raises(ValueError, match=r"false_positive_rate .* got 2"):
            CuckooFilter(10, 2)
        with pytest.raises(KeyError, match="ghost"):
            CuckooFilter(10, 0.01).remove("ghost")
        with pytest.raises(TypeError, match="got list"):
            CuckooFilter(10, 0.01).add(["a"])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def words() -> tuple[list[str], list[str], list[str]]:
    """English words as keys; other languages' non-English words as training/held-out negatives."""
    wordfreq = pytest.importorskip("wordfreq")
    english = wordfreq.top_n_list("en", 3_000)
    known = set(wordfreq.top_n_list("en", 50_000))
    foreign = sorted(
        {w for lang in ("de", "fr", "es") for w in wordfreq.top_n_list(lang, 3_000)} - known
    )
    rng = np.random.default_rng(0)
    rng.shuffle(foreign)
    half = len(foreign) // 2
    return english, foreign[:half], foreign[half:]


@pytest.fixture(scope="module")
def fitted(
    words: tuple[list[str], list[str], list[str]],
) -> tuple[list[str], list[str], NgramLogisticModel]:
    """Keys, validation negatives, and a model fitted on the other training negatives."""
    keys, train, _ = words
    model = NgramLogisticModel(1024, epochs=60)
    model.fit(keys, train[::2])
    return keys, train[1::2], model


def _learned_and_sandwiched(
    fitted: tuple[list[str], list[str], NgramLogisticModel], rate: float
) -> tuple[LearnedBloomFilter, SandwichedLearnedBloomFilter]:
    """Both filters on the same fitted model, threshold chosen on the validation negatives."""
    keys, validation, model = fitted
    learned = LearnedBloomFilter(keys, validation, model=model, fit=False, false_positive_rate=rate)
    sandwich = SandwichedLearnedBloomFilter(
        keys, validation, model=model, fit=False, false_positive_rate=rate
    )
    return learned, sandwich


class TestLearnedFilters:
    """Tests for `LearnedBloomFilter` and `SandwichedLearnedBloomFilter`."""

    @pytest.mark.parametrize("cls", [LearnedBloomFilter, SandwichedLearnedBloomFilter])
    def test_no_false_negatives_and_round_trip(
        self, cls: type[LearnedBloomFilter], words: tuple[list[str], list[str], list[str]]
    ) -> None:
        """Every key is found (singly, in bulk, after a round trip, after later adds)."""
        keys, train, held_out = words
        f = cls(keys, train, model=NgramLogisticModel(1024, epochs=60), false_positive_rate=0.02)
        f._check()
        assert all(k in f for k in keys)
        assert bool(f.contains_many(keys).all())
        restored = cls.from_bytes(f.to_bytes())
        restored._check()
        assert f.contains_many(held_out).tolist() == restored.contains_many(held_out).tolist()
        assert [k in f for k in held_out[:300]] == f.contains_many(held_out[:300]).tolist()
        f.update(["zzzq-new", "qqqz-new"])
        f._check()
        assert "zzzq-new" in f
        assert len(keys) + 2 == len(f)

    @pytest.mark.parametrize("cls", [LearnedBloomFilter, SandwichedLearnedBloomFilter])
    def test_held_out_rate_near_target(
        self, cls: type[LearnedBloomFilter], words: tuple[list[str], list[str], list[str]]
    ) -> None:
        """On held-out negatives the FPR is at most twice the 5 % target (fixed seed)."""
        keys, train, held_out = words
        f = cls(keys, train, model=NgramLogisticModel(1024, epochs=60), false_positive_rate=0.05)
        assert float(f.contains_many(held_out).mean()) <= 0.10

    def test_model_scores_alone_as_in_a_batch(
        self, words: tuple[list[str], list[str], list[str]]
    ) -> None:
        """The integer-weight model scores a key bit-identically alone and in a batch."""
        keys, train, _ = words
        model = NgramLogisticModel(512, epochs=20)
        model.fit(keys, train)
        batch = model.score(keys[:500]).tolist()
        assert [model.score_one(k) for k in keys[:500]] == batch

    @given(st.floats(0.0005, 0.95))
    @settings(max_examples=30)
    def test_sandwich_never_larger_than_learned(
        self, fitted: tuple[list[str], list[str], NgramLogisticModel], rate: float
    ) -> None:
        """At any target the sandwich needs no more bits than the learned filter; no key is lost."""
        keys = fitted[0]
        learned, sandwich = _learned_and_sandwiched(fitted, rate)
        sandwich._check()
        # The plain learned split is one of the sandwich's candidates; each built bit array is
        # its planned size rounded up to whole bytes, so at most 8 bits more per filter.
        assert sandwich.size_in_bits <= learned.size_in_bits + 16
        assert bool(sandwich.contains_many(keys).all())
        sandwich.add("zzzq-new")
        sandwich._check()
        sandwich.update(["qqqz-new", "zzzq-new-2"])
        sandwich._check()
        assert all(k in sandwich for k in [*keys[:200], "zzzq-new", "qqqz-new", "zzzq-new-2"])
        assert bool(sandwich.contains_many(keys).all())

    @pytest.mark.parametrize("rate", [0.2, 0.3, 0.5])
    def test_no_initial_filter_when_the_budget_is_too_small(
        self, fitted: tuple[list[str], list[str], NgramLogisticModel], rate: float
    ) -> None:
        """When the paper leaves the initial filter no bits, the sandwich is the learned filter."""
        keys, validation, model = fitted
        learned, sandwich = _learned_and_sandwiched(fitted, rate)
        # Mitzenmacher's optimal backup rate at the learned threshold already meets the target:
        # F_p + (1 - F_p) alpha_2 <= p, so nothing remains for an initial filter.
        f_p = float((model.score(validation) >= learned.threshold).mean())
        f_n = float((model.score(keys) < learned.threshold).mean())
        alpha2 = f_p / ((1 - f_p) * (1 / f_n - 1))
        assert f_p + (1 - f_p) * alpha2 <= rate
        assert sandwich.initial is None
        assert learned.threshold == sandwich.threshold
        assert learned.backup == sandwich.backup
        assert learned.size_in_bits == sandwich.size_in_bits
        sandwich_fpr = float(sandwich.contains_many(validation).mean())
        assert sandwich_fpr <= float(learned.contains_many(validation).mean())

    def test_initial_filter_when_the_budget_allows(
        self, fitted: tuple[list[str], list[str], NgramLogisticModel]
    ) -> None:
        """At a 0.1 % target the sandwich builds an initial filter and needs fewer bits in all."""
        keys = fitted[0]
        learned, sandwich = _learned_and_sandwiched(fitted, 0.001)
        sandwich._check()
        assert sandwich.initial is not None
        assert len(keys) == len(sandwich.initial)
        assert sandwich.size_in_bits < learned.size_in_bits

    def test_bad_arguments(self) -> None:
        """Overlapping negatives, empty inputs and bad rates are rejected with the value named."""
        with pytest.raises(ValueError, match=r"negatives overlap the keys in 1 value\(s\).*'b'"):
            LearnedBloomFilter(["a", "b"], ["b", "c"])
        with pytest.raises(ValueError, match="keys must not be empty"):
            LearnedBloomFilter([], ["c"])
        with pytest.raises(ValueError, match=r"false_positive_rate .* got 0.0"):
            SandwichedLearnedBloomFilter(["a"], ["c"], false_positive_rate=0.0)
        with pytest.raises(TypeError, match="got int"):
            LearnedBloomFilter(["a", 3], ["c"])  # type: ignore[list-item]


class TestTorchModel:
    """Tests for the optional PyTorch model (run where torch is installed; CI installs it)."""

    def test_learned_filter_with_torch_model(
        self, words: tuple[list[str], list[str], list[str]]
    ) -> None:
        """A torch-scored learned filter has no false negatives and survives a round trip."""
        pytest.importorskip("torch")
        from portfolio.filters.torch_model import TorchNgramModel

        keys, train, held_out = words
        model = TorchNgramModel(512, embedding_dim=8, hidden=8, epochs=3, batch_size=2048)
        f = SandwichedLearnedBloomFilter(keys, train, model=model, false_positive_rate=0.05)
        f._check()
        assert all(k in f for k in keys)
        assert bool(f.contains_many(keys).all())
        restored = SandwichedLearnedBloomFilter.from_bytes(f.to_bytes())
        assert bool(restored.contains_many(keys).all())
        assert float(f.contains_many(held_out).mean()) <= 0.10
        assert model.score(keys[:50]).mean() > model.score(held_out[:50]).mean()


def _reseal(blob: bytes, magic_len: int, body: bytes) -> bytes:
    """``blob``'s magic with a new body and a valid CRC-32 (a crafted, well-framed input)."""
    import zlib

    data = blob[:magic_len] + body
    return data + zlib.crc32(data).to_bytes(4, "little")


def _small_learned(cls: type[LearnedBloomFilter], rate: float) -> LearnedBloomFilter:
    keys = [f"user-{i}" for i in range(150)]
    negatives = [f"{i}-order" for i in range(150)]
    return cls(keys, negatives, model=NgramLogisticModel(64, epochs=10), false_positive_rate=rate)


def _every_filter() -> list[object]:
    bf = BloomFilter(50, 0.05)
    cf = CuckooFilter(50, 0.05)
    for f in (bf, cf):
        f.update(["a", b"b", "ü"])
    return [
        bf,
        cf,
        _small_learned(LearnedBloomFilter, 0.05),
        _small_learned(SandwichedLearnedBloomFilter, 0.05),
        _small_learned(SandwichedLearnedBloomFilter, 1e-4),
    ]


class TestSerialisationIntegrity:
    """`from_bytes` rejects truncated, corrupted and inconsistent bytes with a ValueError."""

    @pytest.mark.parametrize("index", range(5))
    def test_every_truncation_is_a_value_error(self, index: int) -> None:
        """Every proper prefix of a serialised filter raises ValueError (none loads)."""
        f = _every_filter()[index]
        blob = f.to_bytes()  # type: ignore[attr-defined]
        for cut in range(len(blob)):
            with pytest.raises(ValueError, match="not a serialised"):
                type(f).from_bytes(blob[:cut])  # type: ignore[attr-defined]

    @pytest.mark.parametrize("index", range(5))
    @settings(max_examples=40)
    @given(st.data())
    def test_a_changed_byte_is_a_value_error(self, index: int, data: st.DataObject) -> None:
        """Changing any one byte, or appending one, raises ValueError instead of loading."""
        f = _every_filter()[index]
        blob = bytearray(f.to_bytes())  # type: ignore[attr-defined]
        pos = data.draw(st.integers(0, len(blob) - 1))
        blob[pos] ^= data.draw(st.integers(1, 255))
        with pytest.raises(ValueError, match="not a serialised"):
            type(f).from_bytes(bytes(blob))  # type: ignore[attr-defined]
        with pytest.raises(ValueError, match="not a serialised"):
            type(f).from_bytes(f.to_bytes() + b"\x00")  # type: ignore[attr-defined]

    def test_bytes_like_and_wrong_types(self) -> None:
        """bytearray and memoryview load; str and None are a TypeError naming the type."""
        bf = BloomFilter(10, 0.1)
        bf.add("x")
        assert bf == BloomFilter.from_bytes(bytearray(bf.to_bytes()))
        assert bf == BloomFilter.from_bytes(memoryview(bf.to_bytes()))
        with pytest.raises(TypeError, match="data must be bytes, got str"):
            BloomFilter.from_bytes("PZBF")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="data must be bytes, got NoneType"):
            CuckooFilter.from_bytes(None)  # type: ignore[arg-type]

    def test_other_classes_bytes_are_rejected(self) -> None:
        """Each class refuses another class's bytes (the magic differs)."""
        sandwich = _small_learned(SandwichedLearnedBloomFilter, 0.05)
        with pytest.raises(ValueError, match="not a serialised LearnedBloomFilter"):
            LearnedBloomFilter.from_bytes(sandwich.to_bytes())
        with pytest.raises(ValueError, match="not a serialised BloomFilter"):
            BloomFilter.from_bytes(CuckooFilter(10, 0.1).to_bytes())

    def test_inconsistent_bloom_header(self) -> None:
        """Well-framed Bloom bytes with a huge k, a low count or stray bits are refused."""
        import struct

        bf = BloomFilter(20, 0.1)
        bf.update(["a", "b", "c"])
        blob = bf.to_bytes()
        head = struct.Struct("<QQQdB")
        m, k, count, rate, name_len = head.unpack_from(blob, 5)
        rest = blob[5 + head.size : -4]
        for fields, reason in [
            ((m, 2**60, count, rate, name_len), "k="),
            ((m, k, 0, rate, name_len), "more bits set than 0 keys"),
            ((m, k, count, float("nan"), name_len), "false_positive_rate"),
        ]:
            with pytest.raises(ValueError, match=reason):
                BloomFilter.from_bytes(_reseal(blob, 5, head.pack(*fields) + rest))
        payload = bytearray(rest)
        payload[-1] |= 0x80  # m = 96 for 20 keys at 10 %: no spare bits, so use m - 1
        with pytest.raises(ValueError, match="bits past m"):
            BloomFilter.from_bytes(
                _reseal(blob, 5, head.pack(m - 1, k, count, rate, name_len) + bytes(payload))
            )

    def test_inconsistent_cuckoo_header(self) -> None:
        """Well-framed cuckoo bytes with a wrong count or a huge table are refused, not built."""
        import struct

        cf = CuckooFilter(20, 0.1)
        cf.update(["a", "b", "c"])
        blob = cf.to_bytes()
        head = struct.Struct("<QBBQIdqB")
        nb, b, f, count, kicks, rate, seed, name_len = head.unpack_from(blob, 5)
        rest = blob[5 + head.size : -4]
        for fields, reason in [
            ((nb, b, f, 2, kicks, rate, seed, name_len), "count 2 but 3 fingerprints"),
            ((nb, b, f, 10**6, kicks, rate, seed, name_len), "fingerprints in"),
            ((2**62, b, f, count, kicks, rate, seed, name_len), "B="),
        ]:
            with pytest.raises(ValueError, match=reason):
                CuckooFilter.from_bytes(_reseal(blob, 5, head.pack(*fields) + rest))


class TestKeyBatches:
    """Tests for the batch arguments of `update` and `contains_many`."""

    @pytest.mark.parametrize("index", range(5))
    def test_single_key_is_not_a_batch(self, index: int) -> None:
        """A bare str or bytes passed as the batch is a TypeError, and nothing is added."""
        f = _every_filter()[index]
        before = len(f)  # type: ignore[arg-type]
        for batch in ("abc", b"abc"):
            with pytest.raises(TypeError, match="not a single"):
                f.update(batch)  # type: ignore[attr-defined]
            with pytest.raises(TypeError, match="not a single"):
                f.contains_many(batch)  # type: ignore[attr-defined]
        with pytest.raises(TypeError, match="keys must be an iterable of str or bytes, got int"):
            f.update(5)  # type: ignore[attr-defined]
        with pytest.raises(TypeError, match="got NoneType"):
            f.update(["ok", None])  # type: ignore[attr-defined]
        assert before == len(f)  # type: ignore[arg-type]

    @pytest.mark.parametrize("index", range(5))
    def test_str_and_bytes_keys_everywhere(self, index: int) -> None:
        """Every filter takes str and bytes keys through add, in, update and contains_many."""
        f = _every_filter()[index]
        f.add("añadido")  # type: ignore[attr-defined]
        f.add(b"\xffraw")  # type: ignore[attr-defined]
        f.update(["uno", b"dos"])  # type: ignore[attr-defined]
        f._check()  # type: ignore[attr-defined]
        probes = ["añadido", "añadido".encode(), b"\xffraw", "uno", b"dos", "dos"]
        assert [True] * 6 == [p in f for p in probes]  # type: ignore[operator]
        hits = f.contains_many(probes)  # type: ignore[attr-defined]
        assert (np.dtype(bool), [True] * 6) == (hits.dtype, hits.tolist())
        restored = type(f).from_bytes(f.to_bytes())  # type: ignore[attr-defined]
        restored._check()
        assert [True] * 6 == restored.contains_many(probes).tolist()
        assert (len(f), f.size_in_bits) == (len(restored), restored.size_in_bits)  # type: ignore[arg-type, attr-defined]


class TestCuckooArguments:
    """Validation of the cuckoo filter's keyword arguments."""

    def test_bad_seed_and_max_kicks(self) -> None:
        """A non-int or out-of-range seed or max_kicks is refused at construction, named."""
        with pytest.raises(TypeError, match="seed must be an int, got str: 'abc'"):
            CuckooFilter(10, 0.1, seed="abc")  # type: ignore[arg-type]
        with pytest.raises(
            ValueError, match=f"seed must fit in a signed 64-bit integer, got {2**70}"
        ):
            CuckooFilter(10, 0.1, seed=2**70)
        with pytest.raises(TypeError, match=r"max_kicks must be an int, got float: 1\.5"):
            CuckooFilter(10, 0.1, max_kicks=1.5)  # type: ignore[arg-type]
        with pytest.raises(
            ValueError, match="max_kicks must be between 0 and 2\\*\\*32 - 1, got -1"
        ):
            CuckooFilter(10, 0.1, max_kicks=-1)
        cf = CuckooFilter(10, 0.1, seed=-5, max_kicks=2**32 - 1)
        assert cf == CuckooFilter.from_bytes(cf.to_bytes())

    def test_too_large_is_a_value_error(self) -> None:
        """A capacity needing over 2**36 fingerprint bits is a ValueError, not a MemoryError."""
        with pytest.raises(ValueError, match=r"capacity 1000000000000 .* at most 2\*\*36"):
            CuckooFilter(10**12, 0.01)

    def test_partial_update_keeps_the_prefix(self) -> None:
        """An overflowing update keeps exactly the keys before the failing one, and says so."""
        cf = CuckooFilter(100, 0.01)
        early = _random_keys(9, 60, "early-")
        cf.update(early)
        batch = _random_keys(10, 400, "batch-")
        with pytest.raises(FilterFullError) as info:
            cf.update(batch)
        cf._check()
        done = info.value.inserted
        assert done is not None
        assert len(early) + done == len(cf)
        assert bool(cf.contains_many([*early, *batch[:done]]).all())
        reference = CuckooFilter(100, 0.01)  # the same keys added one by one: the same table
        for key in [*early, *batch[:done]]:
            reference.add(key)
        assert reference == cf
        with pytest.raises(FilterFullError) as single:
            cf.add(batch[done])
        assert single.value.inserted is None


class TestImports:
    """The public import line and the torch-free import."""

    def test_issue_import_line(self) -> None:
        """The exact import line of the contract works."""
        import subprocess
        import sys

        line = (
            "from portfolio.filters import BloomFilter, CuckooFilter, LearnedBloomFilter, "
            "SandwichedLearnedBloomFilter, FilterFullError"
        )
        assert 0 == subprocess.run([sys.executable, "-c", line], check=False).returncode

    def test_imports_without_torch(self) -> None:
        """The package and the torch model import, and a learned filter works, without torch."""
        import subprocess
        import sys

        code = (
            "import sys; sys.modules['torch'] = None\n"
            "import portfolio.filters, portfolio.filters.torch_model as tm\n"
            "from portfolio.filters import LearnedBloomFilter\n"
            "f = LearnedBloomFilter(['a', 'b'], ['c', 'd'])\n"
            "assert all(f.contains_many(['a', 'b']))\n"
            "print(tm.TorchNgramModel(64).size_in_bits)\n"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert ("", str(32 * (64 * 16 + 16 * 16 + 16 + 16 + 1))) == (
            proc.stderr,
            proc.stdout.strip(),
        )


class TestHasherChoice:
    """Both hashers are selectable, by object or by name, in both hashed filters."""

    @pytest.mark.parametrize("cls", [BloomFilter, CuckooFilter])
    @pytest.mark.parametrize("name", ["mersenne61", "blake2b"])
    def test_by_name_equals_by_object(self, cls: type[BloomFilter], name: str) -> None:
        """A hasher given by name builds the same filter as its object, and round-trips."""
        obj = MersenneHasher() if name == "mersenne61" else Blake2bHasher()
        by_name, by_object = cls(100, 0.01, hasher=name), cls(100, 0.01, hasher=obj)
        for f in (by_name, by_object):
            f.update(["a", b"b"])
            f._check()
        assert (name, by_object) == (by_name.hasher.name, by_name)
        assert by_name == cls.from_bytes(by_name.to_bytes())

    @pytest.mark.parametrize("cls", [BloomFilter, CuckooFilter])
    def test_bad_hasher(self, cls: type[BloomFilter]) -> None:
        """An unknown name is a ValueError and a non-hasher a TypeError, each naming the value."""
        with pytest.raises(ValueError, match="hasher name 'md5' is not one of"):
            cls(10, 0.1, hasher="md5")
        with pytest.raises(TypeError, match=r"hasher must be a Hasher .* got int: 7"):
            cls(10, 0.1, hasher=7)  # type: ignore[arg-type]


learned_key_st = st.one_of(st.text(max_size=10), st.binary(max_size=10))


class TestLearnedProperties:
    """Hypothesis properties of the learned filters on arbitrary keys."""

    @settings(max_examples=40)
    @given(
        st.lists(learned_key_st, min_size=1, max_size=30),
        st.lists(learned_key_st, min_size=1, max_size=30),
        st.lists(learned_key_st, max_size=8),
        st.sampled_from([LearnedBloomFilter, SandwichedLearnedBloomFilter]),
        st.floats(1e-4, 0.9),
    )
    def test_no_false_negatives(
        self,
        keys: list[str | bytes],
        negatives: list[str | bytes],
        extra: list[str | bytes],
        cls: type[LearnedBloomFilter],
        rate: float,
    ) -> None:
        """Keys given, updated or added later are found, singly, in bulk and after a round trip."""
        as_b = [k.encode("utf-8", "surrogatepass") if isinstance(k, str) else k for k in keys]
        negatives = [
            n
            for n in negatives
            if (n.encode("utf-8", "surrogatepass") if isinstance(n, str) else n) not in as_b
        ]
        if not negatives:
            negatives = ["\x00never a key\x00" + "".join(map(repr, keys))]
        f = cls(keys, negatives, model=NgramLogisticModel(32, epochs=5), false_positive_rate=rate)
        f._check()
        f.update(extra)
        f._check()
        for key in extra[:3]:
            f.add(key)
            f._check()
        with _kernels.pure_python():  # the reference path builds the same bytes
            model = NgramLogisticModel(32, epochs=5)
            ref = cls(keys, negatives, model=model, false_positive_rate=rate)
            ref.update(extra)
            for key in extra[:3]:
                ref.add(key)
        assert ref.to_bytes() == f.to_bytes()
        everything = keys + extra
        restored = cls.from_bytes(f.to_bytes())
        restored._check()
        for g in (f, restored):
            assert all(k in g for k in everything)
            assert bool(g.contains_many(everything).all())
        assert len(keys) + len(extra) + len(extra[:3]) == len(f) == len(restored)


class TestPackedBase:
    """Tests for the private base the Bloom and cuckoo filters share."""

    def test_base_is_abstract(self) -> None:
        """The base cannot be built, and a subclass missing a required method cannot either."""
        from portfolio.filters._packed import _PackedFilter

        with pytest.raises(TypeError, match="abstract"):
            _PackedFilter()  # type: ignore[abstract]

        class Partial(_PackedFilter):
            __slots__ = ()

            def to_bytes(self) -> bytes:
                return b""

        with pytest.raises(TypeError, match="_has_hash"):
            Partial()  # type: ignore[abstract]

    @pytest.mark.parametrize("cls", [BloomFilter, CuckooFilter])
    def test_filters_implement_the_base(self, cls: type[BloomFilter | CuckooFilter]) -> None:
        """Both filters fill every abstract method and the class constants the base reads."""
        assert frozenset() == cls.__abstractmethods__
        assert isinstance(cls._MAGIC, bytes)
        assert cls._HEADER.size > 0
        f = cls(100, 0.01)
        f.add("x")
        f._check()
        assert f == cls.from_bytes(f.to_bytes())
