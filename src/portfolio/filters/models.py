r"""Classifiers for the learned filters: a small protocol and a dependency-light NumPy model.

A model turns keys into real-valued scores; a learned filter trusts high scores and sends the
keys it scores low to a backup Bloom filter. Two models ship:

- :class:`NgramLogisticModel` (default): hashed character n-grams and logistic regression,
  in NumPy. Its weights are stored as 16-bit integers, so a key scores *exactly* the same
  alone and in a batch.
- :class:`~portfolio.filters.torch_model.TorchNgramModel`: the same features into a small
  PyTorch network (optional; needs ``torch``).

Examples
--------
>>> model = NgramLogisticModel(num_features=256, epochs=60)
>>> model.fit(["cat", "hat", "bat"], ["xqz", "zzv", "qjx"])
>>> bool(model.score(["mat"])[0] > model.score(["qqz"])[0])
True
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from portfolio.filters._validate import as_bytes, check_int, check_power_of_two
from portfolio.filters.base import Key
from portfolio.filters.hashing import MASK64

__all__ = [
    "MAX_N",
    "MODELS",
    "NgramLogisticModel",
    "ScoreModel",
    "model_from_bytes",
    "ngram_features",
]

_NGRAM_MUL = 0x9E3779B97F4A7C15
_START, _END = 2, 3  # boundary markers around each key
MAX_N = 4
"""The longest n-gram a model may use, in bytes."""


@runtime_checkable
class ScoreModel(Protocol):
    """What a learned filter needs from its classifier."""

    name: str
    """Stable identifier, stored by ``to_bytes`` to pick the loader."""

    def fit(self, keys: Sequence[Key], negatives: Sequence[Key]) -> None:
        """Learn to score ``keys`` high and ``negatives`` low."""
        ...

    def score(self, keys: Sequence[Key]) -> NDArray[np.float64]:
        """Score many keys; a key's score must not depend on the batch it comes in."""
        ...

    def score_one(self, key: Key) -> float:
        """Score one key; equal to ``score([key])[0]`` (the filter's ``in`` calls it)."""
        ...

    @property
    def size_in_bits(self) -> int:
        """Memory the fitted model needs to score keys."""
        ...

    def to_bytes(self) -> bytes:
        """Serialise the fitted model."""
        ...


def _bucket_shift(num_features: int) -> int:
    return 64 - (check_power_of_two(num_features, "num_features").bit_length() - 1)


def ngram_features(
    keys: Sequence[Key], num_features: int, max_n: int = 3
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    r"""Hashed character n-grams of every key, as parallel ``(row, bucket)`` arrays.

    Each key's UTF-8 bytes get a start and an end marker; every n-gram of
    :math:`1 \le n \le` ``max_n`` bytes, read as a little-endian integer :math:`c`, goes to bucket
    :math:`\lfloor (c\,\varphi \bmod 2^{64}) / 2^{64 - \log_2 F} \rfloor`.

    Examples
    --------
    >>> rows, buckets = ngram_features(["ab"], num_features=16, max_n=2)
    >>> rows.tolist()  # 4 unigrams (with the markers) and 3 bigrams
    [0, 0, 0, 0, 0, 0, 0]
    """
    shift = np.uint64(_bucket_shift(num_features))
    data = [as_bytes(k) for k in keys]
    n = len(data)
    if n == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    lengths = np.fromiter(map(len, data), dtype=np.intp, count=n)
    width = int(lengths.max()) + 2
    grid = np.zeros((n, width), dtype=np.uint64)
    if width > 2:
        body = np.array(data, dtype=f"S{width - 2}").view(np.uint8).reshape(n, width - 2)
        grid[:, 1:-1] = body
    grid[:, 0] = _START
    grid[np.arange(n), lengths + 1] = _END
    rows_out, buckets_out = [], []
    for g in range(1, max_n + 1):
        span = width - g + 1
        if span <= 0:
            break
        code = np.zeros((n, span), dtype=np.uint64)
        for t in range(g):
            code |= grid[:, t : t + span] << np.uint64(8 * t)
        with np.errstate(over="ignore"):
            bucket = (code * np.uint64(_NGRAM_MUL)) >> shift
        valid = np.arange(span)[None, :] + g <= (lengths + 2)[:, None]
        r, c = np.nonzero(valid)
        rows_out.append(r)
        buckets_out.append(bucket[r, c].astype(np.intp))
    return np.concatenate(rows_out), np.concatenate(buckets_out)


def _ngram_buckets_one(key: Key, shift: int, max_n: int) -> list[int]:
    """The scalar twin of :func:`ngram_features` for one key."""
    d = bytes((_START,)) + as_bytes(key) + bytes((_END,))
    out = []
    for g in range(1, max_n + 1):
        for j in range(len(d) - g + 1):
            c = int.from_bytes(d[j : j + g], "little")
            out.append(((c * _NGRAM_MUL) & MASK64) >> shift)
    return out


class NgramLogisticModel:
    r"""Logistic regression on hashed character n-grams, trained with Adam in NumPy.

    Parameters
    ----------
    num_features
        Number of hash buckets :math:`F` (a power of two); the model stores :math:`F + 1`
        16-bit weights.
    max_n
        Longest n-gram, in bytes (1 to 4).
    epochs
        Full-batch Adam steps.
    learning_rate
        Adam's step size.
    l2
        L2 penalty on the weights.

    Notes
    -----
    The score is the logit :math:`s(x) = w_0 + \sum_{g \in x} w_{h(g)}`. After training the
    weights are rounded to ``int16`` with one shared scale, and scores are integer sums times
    that scale, so a key scores bit-identically alone or in any batch: the filter's
    no-false-negative guarantee depends on it.

    Examples
    --------
    >>> m = NgramLogisticModel(num_features=1024)
    >>> m.size_in_bits
    16464
    """

    name = "ngram-logistic"

    def __init__(
        self,
        num_features: int = 4096,
        *,
        max_n: int = 3,
        epochs: int = 150,
        learning_rate: float = 0.05,
        l2: float = 1e-6,
    ) -> None:
        self._shift = _bucket_shift(num_features)
        check_int(max_n, "max_n", 1, MAX_N)
        check_int(epochs, "epochs", 1, 2**31, "be positive")
        self.num_features, self.max_n = num_features, max_n
        self.epochs, self.learning_rate, self.l2 = epochs, learning_rate, l2
        self._weights = np.zeros(num_features + 1, dtype=np.int16)  # [bias, w_1 .. w_F]
        self._scale = 1.0

    @property
    def size_in_bits(self) -> int:
        """16 bits per weight (bias included) plus the 64-bit scale."""
        return 16 * (self.num_features + 1) + 64

    def fit(self, keys: Sequence[Key], negatives: Sequence[Key]) -> None:
        """Train on ``keys`` (label 1) and ``negatives`` (label 0), classes weighted equally.

        Complexity: O(epochs × total n-grams).
        """
        if not keys or not negatives:
            raise ValueError("fit needs at least one key and one negative")
        rows, buckets = ngram_features([*keys, *negatives], self.num_features, self.max_n)
        n_pos, n = len(keys), len(keys) + len(negatives)
        y = np.zeros(n)
        y[:n_pos] = 1.0
        weight = np.where(y == 1, 0.5 / n_pos, 0.5 / (n - n_pos))
        w = np.zeros(self.num_features + 1)
        m1, m2 = np.zeros_like(w), np.zeros_like(w)
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for step in range(1, self.epochs + 1):
            logit = w[0] + np.bincount(rows, weights=w[1:][buckets], minlength=n)
            err = (1.0 / (1.0 + np.exp(-logit)) - y) * weight
            grad = np.empty_like(w)
            grad[0] = err.sum()
            grad[1:] = np.bincount(buckets, weights=err[rows], minlength=self.num_features)
            grad[1:] += self.l2 * w[1:]
            m1 = beta1 * m1 + (1 - beta1) * grad
            m2 = beta2 * m2 + (1 - beta2) * grad * grad
            w -= (
                self.learning_rate
                * (m1 / (1 - beta1**step))
                / (np.sqrt(m2 / (1 - beta2**step)) + eps)
            )
        peak = float(np.abs(w).max()) or 1.0
        self._scale = peak / 32767
        self._weights = np.round(w / self._scale).astype(np.int16)

    def score(self, keys: Sequence[Key]) -> NDArray[np.float64]:
        """Logit scores (higher means more key-like).

        Complexity: O(total n-grams), vectorised.
        """
        rows, buckets = ngram_features(keys, self.num_features, self.max_n)
        w = self._weights.astype(np.float64)  # integer sums below 2**53 are exact in float64
        sums = np.bincount(rows, weights=w[1:][buckets], minlength=len(keys)) + w[0]
        result: NDArray[np.float64] = sums * self._scale
        return result

    def score_one(self, key: Key) -> float:
        """Score one key in pure Python; equal to ``score([key])[0]``.

        Complexity: O(len(key)).
        """
        w = self._weights
        total = int(w[0]) + sum(
            int(w[1 + b]) for b in _ngram_buckets_one(key, self._shift, self.max_n)
        )
        return float(total) * self._scale

    _HEADER = struct.Struct("<IBd")

    def to_bytes(self) -> bytes:
        """Serialise: feature count, n, scale, weights."""
        head = self._HEADER.pack(self.num_features, self.max_n, self._scale)
        return head + self._weights.astype("<i2").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> NgramLogisticModel:
        """Rebuild a model written by :meth:`to_bytes`.

        Raises
        ------
        ValueError
            If ``data`` does not hold a model of this kind.
        """
        if len(data) < cls._HEADER.size:
            raise ValueError("data is too short for an NgramLogisticModel")
        features, max_n, scale = cls._HEADER.unpack_from(data)
        found = (len(data) - cls._HEADER.size) / 2
        if found != features + 1:
            raise ValueError(f"expected {features + 1} NgramLogisticModel weights, found {found}")
        if not (math.isfinite(scale) and scale > 0):
            raise ValueError(f"NgramLogisticModel scale must be positive and finite, got {scale}")
        model = cls(features, max_n=max_n)
        weights = np.frombuffer(data, dtype="<i2", offset=cls._HEADER.size)
        model._weights = weights.astype(np.int16)
        model._scale = scale
        return model


MODELS: dict[str, str] = {
    NgramLogisticModel.name: "portfolio.filters.models:NgramLogisticModel",
    "torch-ngram-mlp": "portfolio.filters.torch_model:TorchNgramModel",
}
"""Model loaders by :attr:`ScoreModel.name` (imported lazily: the torch one needs torch)."""


def model_from_bytes(name: str, data: bytes) -> ScoreModel:
    """Rebuild a model from its stored name and bytes.

    Raises
    ------
    ValueError
        If ``name`` is not a shipped model.
    """
    import importlib

    try:
        module_name, _, attr = MODELS[name].partition(":")
    except KeyError:
        raise ValueError(f"model name {name!r} is not one of {sorted(MODELS)}") from None
    loader = getattr(importlib.import_module(module_name), attr)
    model: ScoreModel = loader.from_bytes(data)
    return model
