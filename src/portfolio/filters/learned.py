r"""Learned Bloom filters (Kraska et al. 2018) and the sandwiched variant (Mitzenmacher 2018).

A classifier scores every key; keys scoring at least a threshold :math:`\tau` are answered by
the model, and a backup :class:`~portfolio.filters.bloom.BloomFilter` holds every key the model
scores below :math:`\tau`, so no added key is ever reported absent.

References
----------
- T. Kraska, A. Beutel, E. H. Chi, J. Dean and N. Polyzotis, "The case for learned index
  structures," *Proc. SIGMOD '18*, 489–504, 2018.
  `doi:10.1145/3183713.3196909 <https://doi.org/10.1145/3183713.3196909>`__
- M. Mitzenmacher, "A model for learned Bloom filters and optimizing by sandwiching,"
  *Advances in Neural Information Processing Systems 31* (NeurIPS 2018).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from portfolio.filters._serial import Reader, seal
from portfolio.filters._validate import as_bytes, as_key_list, check_key_sets, check_rate
from portfolio.filters.base import Key
from portfolio.filters.bloom import BloomFilter
from portfolio.filters.models import NgramLogisticModel, ScoreModel, model_from_bytes

__all__ = ["LearnedBloomFilter", "SandwichedLearnedBloomFilter", "bloom_bits"]

_LN2_SQ = math.log(2) ** 2
_MAX_BACKUP_RATE = 0.99
# Backup rates the sandwich tries for every threshold besides the paper's closed form.
_BACKUP_RATE_GRID = np.geomspace(1e-6, _MAX_BACKUP_RATE, 241)
_MAGIC_L = b"PZLB\x02"
_MAGIC_S = b"PZSB\x02"
_HEADER = struct.Struct("<dddQB")  # target rate, tau, tol, count, len(model name)
_LENGTH = struct.Struct("<Q")  # each blob's length prefix


def bloom_bits(n: float, rate: float) -> float:
    r"""Bits the Bloom filter for ``n`` keys at ``rate`` needs, before rounding up.

    :math:`-n\ln p/(\ln 2)^2` up to :math:`p = 1/2` and :math:`-n/\ln(1 - p)` (one hash
    function) above, as :func:`~portfolio.filters.bloom.optimal_parameters` builds it; 0 when
    there are no keys or the rate is 1 (no filter at all).

    Examples
    --------
    >>> round(bloom_bits(1000, 0.01))
    9585
    >>> round(bloom_bits(1000, 0.9)), bloom_bits(1000, 1.0)
    (434, 0.0)
    """
    return float(_bloom_bits(np.float64(n), np.float64(rate)))


def _bloom_bits(n: NDArray[np.float64] | np.float64, rate: NDArray[np.float64] | np.float64) -> Any:
    """Vectorised :func:`bloom_bits` (element-wise over broadcast arrays)."""
    r = np.clip(rate, 1e-300, np.nextafter(1.0, 0.0))
    with np.errstate(divide="ignore", over="ignore"):
        bits = np.where(r <= 0.5, -n * np.log(r) / _LN2_SQ, -n / np.log1p(-r))
    return np.where((n > 0) & (rate < 1.0), bits, 0.0)


class LearnedBloomFilter:
    r"""A classifier in front of a backup Bloom filter; never a false negative.

    Parameters
    ----------
    keys
        The set to represent (``str`` or ``bytes``).
    negatives
        Known non-keys, disjoint from ``keys``. When ``fit`` is true the model trains on every
        other one and the threshold is chosen on the rest; otherwise the threshold uses all.
    model
        A :class:`~portfolio.filters.models.ScoreModel`; fitted here.
        :class:`~portfolio.filters.models.NgramLogisticModel` by default.
    false_positive_rate
        The target overall rate :math:`p`.
    fit
        Fit ``model`` on ``keys`` and ``negatives`` (``False`` if it is already fitted).

    Notes
    -----
    For each candidate threshold :math:`\tau` let :math:`F_p(\tau)` be the fraction of
    negatives scoring :math:`\ge \tau` and :math:`F_n(\tau)` the fraction of keys scoring below
    it. The overall rate is :math:`F_p + (1 - F_p)\,\alpha` for a backup filter of rate
    :math:`\alpha`, so :math:`\alpha = (p - F_p)/(1 - F_p)` and the backup needs
    :math:`F_n n \ln(1/\alpha)/(\ln 2)^2` bits. The filter picks the :math:`\tau` with the
    fewest total bits (model included), as in Mitzenmacher (2018).

    References
    ----------
    - T. Kraska, A. Beutel, E. H. Chi, J. Dean and N. Polyzotis, "The case for learned
      index structures," *Proc. SIGMOD '18*, 489–504, 2018.
      `doi:10.1145/3183713.3196909 <https://doi.org/10.1145/3183713.3196909>`__
    - M. Mitzenmacher, "A model for learned Bloom filters and optimizing by sandwiching,"
      *NeurIPS 2018*.

    Examples
    --------
    >>> from portfolio.filters.models import NgramLogisticModel
    >>> keys = [f"user-{i}" for i in range(300)]
    >>> negatives = [f"{i}-order" for i in range(300)]
    >>> lbf = LearnedBloomFilter(
    ...     keys, negatives, model=NgramLogisticModel(256, epochs=40), false_positive_rate=0.05
    ... )
    >>> all(k in lbf for k in keys), len(lbf)
    (True, 300)
    """

    _magic = _MAGIC_L

    def __init__(
        self,
        keys: Iterable[Key],
        negatives: Iterable[Key],
        *,
        model: ScoreModel | None = None,
        false_positive_rate: float = 0.01,
        fit: bool = True,
    ) -> None:
        rate = check_rate(false_positive_rate)
        key_list, neg_list = check_key_sets(keys, negatives)
        self.model: ScoreModel = model if model is not None else NgramLogisticModel()
        if fit and len(neg_list) >= 2:
            # Train on half the negatives, choose the threshold on the other half: scores of
            # negatives the model trained on are optimistic.
            self.model.fit(key_list, neg_list[::2])
            neg_list = neg_list[1::2]
        elif fit:
            self.model.fit(key_list, neg_list)
        self.false_positive_rate = rate
        key_scores = self.model.score(key_list)
        neg_scores = self.model.score(neg_list)
        # Tolerance for models whose score may differ in the last bits between batch sizes.
        self._tol = 1e-9 * max(1.0, float(np.abs(key_scores).max()))
        self._build(key_list, key_scores, neg_scores)

    # -- construction ----------------------------------------------------------------------
    def _candidates(
        self, key_scores: NDArray[np.float64], neg_scores: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Arrays ``tau, F_p, F_n`` for thresholds at the negatives' score quantiles."""
        neg_sorted, key_sorted = np.sort(neg_scores), np.sort(key_scores)
        taus = np.unique(np.quantile(neg_sorted, np.linspace(0.0, 1.0, 401)))
        taus = np.append(taus, np.nextafter(neg_sorted[-1], np.inf))
        f_p = 1.0 - np.searchsorted(neg_sorted, taus, side="left") / len(neg_sorted)
        f_n = np.searchsorted(key_sorted, taus + self._tol, side="left") / len(key_sorted)
        return taus, f_p, f_n

    def _build(
        self,
        keys: list[Key],
        key_scores: NDArray[np.float64],
        neg_scores: NDArray[np.float64],
    ) -> None:
        n, p = len(keys), self.false_positive_rate
        taus, f_p, f_n = self._candidates(key_scores, neg_scores)
        feasible = f_p < p  # the last candidate has F_p = 0 < p
        with np.errstate(divide="ignore", invalid="ignore"):
            alphas = np.minimum(_MAX_BACKUP_RATE, (p - f_p) / (1.0 - f_p))
        bits = np.where(feasible, _bloom_bits(np.maximum(1.0, f_n * n), alphas), np.inf)
        best = int(np.argmin(bits))  # the first of equals, as a strict-< scan would pick
        self._tau = float(taus[best])
        self._backup = self._make_backup(keys, key_scores, float(alphas[best]))
        self._count = n

    def _make_backup(
        self, keys: list[Key], key_scores: NDArray[np.float64], alpha: float
    ) -> BloomFilter:
        low = [
            k for k, s in zip(keys, key_scores.tolist(), strict=True) if s < self._tau + self._tol
        ]
        backup = BloomFilter(max(1, len(low)), alpha)
        backup.update(low)
        return backup

    # -- queries ---------------------------------------------------------------------------
    @property
    def threshold(self) -> float:
        r"""The score threshold :math:`\tau` above which the model answers alone."""
        return self._tau

    @property
    def backup(self) -> BloomFilter:
        """The backup filter holding the keys the model scores below the threshold."""
        return self._backup

    @property
    def size_in_bits(self) -> int:
        """Model plus backup filter (plus the initial filter, when sandwiched)."""
        return self.model.size_in_bits + self._backup.size_in_bits

    def __len__(self) -> int:
        """Number of keys represented."""
        return self._count

    def __contains__(self, key: object) -> bool:
        """Return whether ``key`` may be in the set (never ``False`` for a key).

        Complexity: one model evaluation plus, below the threshold, O(k) backup probes.
        """
        as_bytes(key)
        return self.model.score_one(key) >= self._tau or key in self._backup  # type: ignore[arg-type]

    def contains_many(self, keys: Iterable[Key]) -> NDArray[np.bool_]:
        """Vectorised membership for many keys.

        Complexity: one batched model evaluation plus O(n k) backup probes.
        """
        key_list = as_key_list(keys)
        if not key_list:
            return np.zeros(0, dtype=bool)
        hit = self.model.score(key_list) >= self._tau
        rest = np.flatnonzero(~hit)
        if len(rest):
            hit[rest] = self._backup.contains_many([key_list[i] for i in rest.tolist()])
        return hit

    def add(self, key: Key) -> None:
        """Add a key after construction: it goes to the backup filter (raising its FPR).

        Complexity: O(k).
        """
        self._backup.add(key)
        self._count += 1

    def update(self, keys: Iterable[Key]) -> None:
        """Add many keys after construction (all into the backup filter).

        Complexity: O(n k).
        """
        key_list = as_key_list(keys)
        self._backup.update(key_list)
        self._count += len(key_list)

    # -- serialisation -----------------------------------------------------------------------
    def _parts(self) -> list[bytes]:
        return [self._backup.to_bytes()]

    def to_bytes(self) -> bytes:
        """Serialise the filter: threshold, model, backup filter(s), CRC-32."""
        name = self.model.name.encode()
        head = _HEADER.pack(self.false_positive_rate, self._tau, self._tol, self._count, len(name))
        blobs = [self.model.to_bytes(), *self._parts()]
        return seal(self._magic, head + name + b"".join(_LENGTH.pack(len(b)) + b for b in blobs))

    @classmethod
    def from_bytes(cls, data: bytes | bytearray | memoryview) -> Self:
        """Rebuild a filter written by :meth:`to_bytes`: its model and its Bloom filter parts.

        Raises
        ------
        TypeError
            If ``data`` is not bytes-like.
        ValueError
            If ``data`` is not a whole, intact serialised filter of this class: wrong magic,
            truncated or corrupted bytes, a model or Bloom filter part that does not load, or
            parts that disagree (more backup keys than keys).
        """
        reader, (rate, tau, tol, count), name = Reader.open(data, cls._magic, cls.__name__, _HEADER)
        blobs = []
        while not reader.done():
            (size,) = reader.unpack(_LENGTH)
            blobs.append(reader.take(size))
        if not math.isfinite(tau) or not (math.isfinite(tol) and tol >= 0):
            raise reader.fail(f"threshold {tau}, tolerance {tol}")
        if len(blobs) not in cls._blob_counts:
            raise reader.fail(f"{len(blobs)} parts")
        self = cls.__new__(cls)
        self.model = model_from_bytes(name, blobs[0])
        self.false_positive_rate = check_rate(rate)
        self._tau, self._tol, self._count = tau, tol, count
        self._restore([BloomFilter.from_bytes(b) for b in blobs[1:]])
        problem = self._problem()
        if problem:  # not an assert: python -O must refuse an inconsistent filter too
            raise reader.fail(problem)
        return self

    _blob_counts: tuple[int, ...] = (2,)

    def _problem(self) -> str:
        """Why the restored parts are inconsistent, or ``""``."""
        if len(self._backup) > self._count:
            return f"{len(self._backup)} backup keys but {self._count} keys"
        return ""

    def _restore(self, filters: list[BloomFilter]) -> None:
        (self._backup,) = filters

    def _check(self) -> None:
        """Assert the structure's invariants."""
        self._backup._check()
        assert self._count >= len(self._backup) >= 0
        assert math.isfinite(self._tau)


class SandwichedLearnedBloomFilter(LearnedBloomFilter):
    r"""An initial Bloom filter, then the classifier, then a backup Bloom filter.

    Parameters are those of :class:`LearnedBloomFilter`.

    Notes
    -----
    Every key is in the initial filter (rate :math:`\alpha_1`); a query passing it is then
    answered as in a learned Bloom filter with a backup of rate :math:`\alpha_2`, so the
    overall rate is :math:`\alpha_1 \bigl(F_p + (1 - F_p)\alpha_2\bigr)`. The threshold and
    the split are chosen together: over every candidate :math:`\tau` and backup rate, the
    filter minimises the total bits
    :math:`b(n, \alpha_1) + b(F_n n, \alpha_2)` (:func:`bloom_bits`) subject to
    :math:`\alpha_1 \bigl(F_p + (1 - F_p)\alpha_2\bigr) = p` and :math:`\alpha_1 \le 1`.
    Mitzenmacher (2018) shows the optimal backup rate does not depend on the budget,

    .. math:: \alpha_2^* = \frac{F_p}{(1 - F_p)(1/F_n - 1)},

    and that the initial filter gets the bits that remain. When no bits remain, because
    :math:`\alpha_2^*` already meets the target, the constraint :math:`\alpha_1 \le 1` binds:
    there is no initial filter and :math:`\alpha_2 = (p - F_p)/(1 - F_p)`, which is exactly the
    plain learned filter at that :math:`\tau`. Those configurations are candidates too, so on
    the negatives the threshold is chosen on the sandwich never needs more bits than
    :class:`LearnedBloomFilter` for the same target. The paper's closed form assumes the
    idealised cost :math:`-n\ln\alpha/(\ln 2)^2`; a real filter above :math:`\alpha = 1/2` has
    one hash function and costs more, so each :math:`\tau` also tries a grid of backup rates
    and the cheapest configuration overall wins.

    References
    ----------
    - M. Mitzenmacher, "A model for learned Bloom filters and optimizing by sandwiching,"
      *NeurIPS 2018*.

    Examples
    --------
    >>> from portfolio.filters.models import NgramLogisticModel
    >>> keys = [f"user-{i}" for i in range(300)]
    >>> negatives = [f"{i}-order" for i in range(300)]
    >>> sbf = SandwichedLearnedBloomFilter(
    ...     keys, negatives, model=NgramLogisticModel(256, epochs=40), false_positive_rate=0.05
    ... )
    >>> all(sbf.contains_many(keys)), "user-7" in sbf
    (True, True)
    """

    _magic = _MAGIC_S

    def _build(
        self,
        keys: list[Key],
        key_scores: NDArray[np.float64],
        neg_scores: NDArray[np.float64],
    ) -> None:
        n, p = len(keys), self.false_positive_rate
        taus, f_p, f_n = self._candidates(key_scores, neg_scores)
        initial_rates, backup_rates, bits = self._splits(n, p, f_p, f_n)
        # The cheapest (threshold, split) pair; ties go to the first column, no initial filter.
        row, col = np.unravel_index(int(np.argmin(bits)), bits.shape)
        self._tau = float(taus[row])
        alpha1, alpha2 = float(initial_rates[row, col]), float(backup_rates[row, col])
        self._initial: BloomFilter | None = None
        if alpha1 < 1.0:
            self._initial = BloomFilter(n, alpha1)
            self._initial.update(keys)
        self._backup = self._make_backup(keys, key_scores, alpha2)
        self._count = n

    @staticmethod
    def _splits(
        n: int, p: float, f_p: NDArray[np.float64], f_n: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        r"""Candidate ``alpha1, alpha2, bits`` (one row per threshold) for target ``p``.

        Columns: no initial filter (the plain learned split), Mitzenmacher's optimal backup
        rate, then ``_BACKUP_RATE_GRID``; each backup rate is clipped to where
        :math:`\alpha_1 \le 1`, and :math:`\alpha_1 = 1` means no initial filter (0 bits).
        """
        f_p, f_n = f_p[:, None], f_n[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            no_initial = (p - f_p) / (1.0 - f_p)
            paper = f_p / ((1.0 - f_p) * (1.0 / f_n - 1.0))
        grid = np.broadcast_to(_BACKUP_RATE_GRID, (len(f_p), len(_BACKUP_RATE_GRID)))
        rates = np.nan_to_num(
            np.hstack([no_initial, paper, grid]),
            nan=_MAX_BACKUP_RATE,
            posinf=_MAX_BACKUP_RATE,
            neginf=0.0,
        )
        low = np.maximum(np.nan_to_num(no_initial, neginf=0.0), 1e-12)
        alpha2 = np.clip(rates, low, _MAX_BACKUP_RATE)
        alpha1 = np.minimum(1.0, p / (f_p + (1.0 - f_p) * alpha2))
        alpha1 = np.where(alpha1 > 1.0 - 1e-9, 1.0, alpha1)  # rounding off the exact split
        bits = _bloom_bits(np.float64(n), alpha1) + _bloom_bits(np.maximum(1.0, f_n * n), alpha2)
        return alpha1, alpha2, bits

    @property
    def initial(self) -> BloomFilter | None:
        """The initial filter holding every key (``None`` when the optimum needs none)."""
        return self._initial

    @property
    def size_in_bits(self) -> int:
        """Initial filter, model and backup filter."""
        first = self._initial.size_in_bits if self._initial is not None else 0
        return first + super().size_in_bits

    def __contains__(self, key: object) -> bool:
        """Return whether ``key`` may be in the set (never ``False`` for a key).

        Complexity: O(k) initial probes, then as :meth:`LearnedBloomFilter.__contains__`.
        """
        if self._initial is not None and key not in self._initial:
            return False
        return super().__contains__(key)

    def contains_many(self, keys: Iterable[Key]) -> NDArray[np.bool_]:
        """Vectorised membership for many keys."""
        key_list = as_key_list(keys)
        if self._initial is None or not key_list:
            return super().contains_many(key_list)
        hit = self._initial.contains_many(key_list)
        passed = np.flatnonzero(hit)
        if len(passed):
            hit[passed] = super().contains_many([key_list[i] for i in passed.tolist()])
        return hit

    def add(self, key: Key) -> None:
        """Add a key after construction (into the initial and the backup filter).

        Complexity: O(k).
        """
        if self._initial is not None:
            self._initial.add(key)
        super().add(key)

    def update(self, keys: Iterable[Key]) -> None:
        """Add many keys after construction.

        Complexity: O(n k).
        """
        key_list = as_key_list(keys)
        if self._initial is not None:
            self._initial.update(key_list)
        super().update(key_list)

    def _parts(self) -> list[bytes]:
        first = [self._initial.to_bytes()] if self._initial is not None else []
        return [*first, self._backup.to_bytes()]

    _blob_counts = (2, 3)

    def _problem(self) -> str:
        if self._initial is not None and len(self._initial) != self._count:
            return f"{len(self._initial)} initial keys but {self._count} keys"
        return super()._problem()

    def _restore(self, filters: list[BloomFilter]) -> None:
        if len(filters) == 2:
            self._initial, self._backup = filters
        else:
            self._initial, (self._backup,) = None, filters

    def _check(self) -> None:
        """Assert the structure's invariants."""
        super()._check()
        if self._initial is not None:
            self._initial._check()
            assert len(self._initial) == self._count
