"""An optional PyTorch scorer for the learned filters (the source project was PyTorch).

This module imports without ``torch``: torch is imported inside the methods, so the API
reference builds where torch is absent. Using the model needs ``pip install torch``.

Examples
--------
>>> TorchNgramModel(num_features=1024, embedding_dim=8, hidden=8).size_in_bits
264736
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from portfolio.filters._validate import check_int, check_power_of_two
from portfolio.filters.base import Key
from portfolio.filters.models import MAX_N, ngram_features

__all__ = ["TorchNgramModel"]


class TorchNgramModel:
    r"""Hashed character n-grams into a small neural network: embedding bag, ReLU layer, logit.

    Parameters
    ----------
    num_features
        Hash buckets for the n-grams (a power of two).
    embedding_dim
        Width of each bucket's embedding (summed over a key's n-grams).
    hidden
        Width of the hidden ReLU layer.
    epochs
        Passes over the training data (mini-batches of ``batch_size``).
    batch_size
        Keys per Adam step.
    learning_rate
        Adam's step size.
    seed
        Seed for the initial weights and the batch order.

    Notes
    -----
    :math:`s(x) = v^\top \operatorname{ReLU}(W \sum_{g \in x} E_{h(g)} + c) + d`. Parameters
    are stored as float32 and scores are computed in float64, row by row independent of the
    batch, so a key scores alike alone or in a batch (the filter adds a tiny tolerance).
    """

    name = "torch-ngram-mlp"

    def __init__(
        self,
        num_features: int = 4096,
        *,
        embedding_dim: int = 16,
        hidden: int = 16,
        max_n: int = 3,
        epochs: int = 8,
        batch_size: int = 512,
        learning_rate: float = 0.01,
        seed: int = 0,
    ) -> None:
        check_power_of_two(num_features, "num_features")
        check_int(max_n, "max_n", 1, MAX_N)
        self.num_features, self.embedding_dim, self.hidden = num_features, embedding_dim, hidden
        self.max_n, self.epochs, self.batch_size = max_n, epochs, batch_size
        self.learning_rate, self.seed = learning_rate, seed
        self._params: dict[str, NDArray[np.float32]] = {}

    @property
    def size_in_bits(self) -> int:
        """Memory of the parameters, 32 bits each (embeddings, hidden and output layers)."""
        f, e, h = self.num_features, self.embedding_dim, self.hidden
        return 32 * (f * e + e * h + h + h + 1)

    def _network(self) -> Any:
        """The modules, by the parameter names :meth:`_shapes` lists (no ``nn.Module`` subclass:
        mypy then checks this file the same with and without torch installed)."""
        from torch import nn

        return nn.ModuleDict(
            {
                "embed": nn.EmbeddingBag(self.num_features, self.embedding_dim, mode="sum"),
                "hidden": nn.Linear(self.embedding_dim, self.hidden),
                "out": nn.Linear(self.hidden, 1),
            }
        )

    @staticmethod
    def _forward(net: Any, buckets: Any, offsets: Any) -> Any:
        """The logits of a batch: embedding bag, ReLU layer, output layer."""
        import torch

        x = torch.relu(net["hidden"](net["embed"](buckets, offsets)))
        return net["out"](x).squeeze(-1)

    def _inputs(self, keys: Sequence[Key]) -> tuple[Any, Any]:
        import torch

        rows, buckets = ngram_features(keys, self.num_features, self.max_n)
        order = np.argsort(rows, kind="stable")
        counts = np.bincount(rows, minlength=len(keys))
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        return torch.from_numpy(buckets[order].astype(np.int64)), torch.from_numpy(offsets)

    def fit(self, keys: Sequence[Key], negatives: Sequence[Key]) -> None:
        """Train with Adam on a class-balanced logistic loss.

        Complexity: O(epochs × total n-grams).
        """
        import torch

        torch.manual_seed(self.seed)
        net = self._network()
        data = [*keys, *negatives]
        y = torch.zeros(len(data))
        y[: len(keys)] = 1.0
        pos_weight = torch.tensor(len(negatives) / max(1, len(keys)))
        loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
        opt = torch.optim.Adam(net.parameters(), lr=self.learning_rate)
        rng = np.random.default_rng(self.seed)
        for _ in range(self.epochs):
            perm = rng.permutation(len(data))
            for start in range(0, len(data), self.batch_size):
                idx = perm[start : start + self.batch_size]
                buckets, offsets = self._inputs([data[i] for i in idx])
                opt.zero_grad()
                loss = loss_fn(self._forward(net, buckets, offsets), y[torch.from_numpy(idx)])
                loss.backward()
                opt.step()
        self._params = {
            k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()
        }

    def score(self, keys: Sequence[Key]) -> NDArray[np.float64]:
        """Logit scores in float64 (higher means more key-like).

        Complexity: O(total n-grams).
        """
        if not self._params:
            raise ValueError("TorchNgramModel.score called before fit")
        rows, buckets = ngram_features(keys, self.num_features, self.max_n)
        p = {k: v.astype(np.float64) for k, v in self._params.items()}
        bag = np.zeros((len(keys), self.embedding_dim))
        np.add.at(bag, rows, p["embed.weight"][buckets])
        hidden = np.maximum(bag @ p["hidden.weight"].T + p["hidden.bias"], 0.0)
        result: NDArray[np.float64] = hidden @ p["out.weight"][0] + p["out.bias"][0]
        return result

    def score_one(self, key: Key) -> float:
        """Score one key, as :meth:`score` does in a batch (row by row, so alike).

        Complexity: O(len(key)).
        """
        return float(self.score([key])[0])

    _HEADER = struct.Struct("<IIIB")

    def to_bytes(self) -> bytes:
        """Serialise the shape and the float32 parameters."""
        head = self._HEADER.pack(self.num_features, self.embedding_dim, self.hidden, self.max_n)
        buf = io.BytesIO()
        np.savez(buf, **cast(dict[str, Any], self._params))
        return head + buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> TorchNgramModel:
        """Rebuild a model written by :meth:`to_bytes` (no torch needed to score).

        Raises
        ------
        ValueError
            If ``data`` does not hold a model of this kind with parameters of its shape.
        """
        if len(data) < cls._HEADER.size:
            raise ValueError("data is too short for a TorchNgramModel")
        f, e, h, max_n = cls._HEADER.unpack_from(data)
        model = cls(f, embedding_dim=e, hidden=h, max_n=max_n)
        try:
            with np.load(io.BytesIO(data[cls._HEADER.size :]), allow_pickle=False) as npz:
                params = {k: npz[k].astype(np.float32) for k in npz.files}
        except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
            raise ValueError(f"TorchNgramModel parameters are unreadable: {exc}") from None
        shapes = {k: v.shape for k, v in params.items()}
        if shapes != model._shapes():
            raise ValueError(f"TorchNgramModel parameters have shapes {shapes}")
        model._params = params
        return model

    def _shapes(self) -> dict[str, tuple[int, ...]]:
        """The shape of every parameter, by its name."""
        f, e, h = self.num_features, self.embedding_dim, self.hidden
        return {
            "embed.weight": (f, e),
            "hidden.weight": (h, e),
            "hidden.bias": (h,),
            "out.weight": (1, h),
            "out.bias": (1,),
        }
