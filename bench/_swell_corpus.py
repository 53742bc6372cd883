"""The seeded corpus of bench/swell.py: generated JSON documents, each with one random edit."""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass
from typing import Any

__all__ = ["Case", "corpus", "corrupt", "document"]

_WORDS = [
    "name",
    "version",
    "port",
    "host",
    "timeout",
    "retries",
    "enabled",
    "debug",
    "path",
    "user",
    "email",
    "tags",
    "items",
    "id",
    "price",
    "count",
    "title",
    "description",
    "url",
    "level",
    "mode",
    "threshold",
    "weights",
    "layers",
    "cache",
    "region",
]
_ALPHABET = string.ascii_letters + string.digits + string.punctuation + " \n"


def _scalar(rng: random.Random) -> Any:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.randrange(-1000, 100_000)
    if kind == 1:
        return round(rng.uniform(-100, 100), rng.randrange(1, 4))
    if kind == 2:
        return rng.choice([True, False])
    if kind == 3:
        return None
    words = rng.sample(_WORDS, rng.randrange(1, 4))
    return " ".join(words) if rng.random() < 0.8 else "/" + "/".join(words)


def _value(rng: random.Random, depth: int) -> Any:
    roll = rng.random()
    if depth < 3 and roll < 0.25:
        return {rng.choice(_WORDS): _value(rng, depth + 1) for _ in range(rng.randrange(1, 5))}
    if depth < 3 and roll < 0.4:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    return _scalar(rng)


def document(rng: random.Random, keys: int = 6) -> str:
    """A JSON object with ``keys`` keys, pretty-printed or compact at random."""
    obj = {rng.choice(_WORDS) + str(i): _value(rng, 1) for i in range(keys)}
    return json.dumps(obj, indent=2 if rng.random() < 0.5 else None)


@dataclass(frozen=True)
class Case:
    """One corrupted document and how it was made."""

    original: str
    corrupted: str
    edit: str  # "insert", "delete" or "substitute"
    offset: int


def corrupt(rng: random.Random, text: str) -> Case:
    """Apply one random edit (insert, delete or substitute one character) to ``text``."""
    kind = rng.choice(["insert", "delete", "substitute"])
    if kind == "insert":
        i = rng.randrange(len(text) + 1)
        return Case(text, text[:i] + rng.choice(_ALPHABET) + text[i:], kind, i)
    i = rng.randrange(len(text))
    if kind == "delete":
        return Case(text, text[:i] + text[i + 1 :], kind, i)
    new = rng.choice([c for c in _ALPHABET if c != text[i]])
    return Case(text, text[:i] + new + text[i + 1 :], kind, i)


def corpus(seed: int, size: int) -> list[Case]:
    """``size`` cases from ``seed``: documents of 2 to 8 keys, one random edit each."""
    rng = random.Random(seed)
    return [corrupt(rng, document(rng, rng.randrange(2, 9))) for _ in range(size)]
