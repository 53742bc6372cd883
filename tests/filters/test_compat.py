"""Old serialisations keep loading; from_bytes refuses bad bytes even under python -O."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from portfolio.filters import (
    BloomFilter,
    CuckooFilter,
    Filter,
    LearnedBloomFilter,
    SandwichedLearnedBloomFilter,
)
from portfolio.filters.models import NgramLogisticModel, ScoreModel

DATA = Path(__file__).parent / "data"
CLASSES = {
    cls.__name__: cls
    for cls in (BloomFilter, CuckooFilter, LearnedBloomFilter, SandwichedLearnedBloomFilter)
}
META = json.loads((DATA / "v2-blobs.json").read_text(encoding="utf-8"))


def _key(text: str) -> str | bytes:
    return bytes.fromhex(text[4:]) if text.startswith("hex:") else text


@pytest.mark.parametrize("name", sorted(META["filters"]))
def test_format_2_blobs_load_and_answer_as_before(name: str) -> None:
    """Each v2 blob loads, holds its keys, and answers every probe as the version that wrote it."""
    info = META["filters"][name]
    blob = (DATA / f"{name}.v2.bin").read_bytes()
    f = CLASSES[info["class"]].from_bytes(blob)
    f._check()
    held = [_key(k) for k in info["held"]]
    assert info["len"] == len(f)
    assert all(k in f for k in held)
    assert bool(f.contains_many(held).all())
    assert info["probe_answers"] == [p in f for p in META["probes"]]
    assert info["probe_answers"] == f.contains_many(META["probes"]).tolist()


def test_format_2_bloom_bytes_are_unchanged() -> None:
    """The Bloom format did not change: a v2 Bloom blob re-serialises to the same bytes."""
    for name in ("bloom-mersenne61", "bloom-blake2b"):
        blob = (DATA / f"{name}.v2.bin").read_bytes()
        assert blob == BloomFilter.from_bytes(blob).to_bytes()


def test_format_2_cuckoo_is_rewritten_as_format_3() -> None:
    """A v2 cuckoo blob is rewritten with the v3 magic and the same table, and keeps working."""
    blob = (DATA / "cuckoo-mersenne61.v2.bin").read_bytes()
    f = CuckooFilter.from_bytes(blob)
    new = f.to_bytes()
    assert (b"PZCF\x02", b"PZCF\x03") == (blob[:5], new[:5])
    assert blob[5:-4] == new[5:-4]
    f.remove("user-0")
    f.add("user-0")
    assert "user-0" in CuckooFilter.from_bytes(f.to_bytes())


def _reseal(blob: bytes, body: bytes) -> bytes:
    data = blob[:5] + body
    return data + zlib.crc32(data).to_bytes(4, "little")


def _inconsistent_blobs() -> dict[str, bytes]:
    """Well-framed (valid CRC-32) bytes whose content breaks an invariant."""
    bf = BloomFilter(20, 0.1)
    bf.update(["a", "b", "c"])
    blob = bf.to_bytes()
    count_at = 5 + 16  # m, k, then count
    low_count = blob[5:count_at] + (0).to_bytes(8, "little") + blob[count_at + 8 : -4]
    cf = CuckooFilter(20, 0.1)
    cf.update(["a", "b", "c"])
    cblob = cf.to_bytes()
    count_at = 5 + 8 + 1 + 1  # buckets, b, f, then count
    wrong = cblob[5:count_at] + (2).to_bytes(8, "little") + cblob[count_at + 8 : -4]
    lbf = LearnedBloomFilter(  # random hex keys and negatives: the model cannot tell them apart
        [f"{i * 7919 % 10007:x}" for i in range(60)],
        [f"{i * 7919 % 10007:x}" for i in range(60, 120)],
        model=NgramLogisticModel(16, epochs=3),
    )
    lblob = lbf.to_bytes()
    count_at = 5 + 24  # rate, threshold, tolerance, then count
    no_keys = lblob[5:count_at] + (0).to_bytes(8, "little") + lblob[count_at + 8 : -4]
    assert len(lbf.backup) > 0  # so a count of 0 is inconsistent
    return {
        "BloomFilter": _reseal(blob, low_count),
        "CuckooFilter": _reseal(cblob, wrong),
        "LearnedBloomFilter": _reseal(lblob, no_keys),
    }


@pytest.mark.parametrize("cls", ["BloomFilter", "CuckooFilter", "LearnedBloomFilter"])
def test_inconsistent_bytes_are_a_value_error(cls: str) -> None:
    """An inconsistent body with a valid checksum is a ValueError naming the class."""
    with pytest.raises(ValueError, match=f"not a serialised {cls}"):
        CLASSES[cls].from_bytes(_inconsistent_blobs()[cls])


def test_value_error_under_python_dash_o() -> None:
    """Under python -O (no asserts), corrupted or inconsistent bytes still raise ValueError."""
    blobs = {name: blob.hex() for name, blob in _inconsistent_blobs().items()}
    good = BloomFilter(50, 0.1).to_bytes()
    blobs["truncated"] = good[:-3].hex()
    code = (
        "import json, sys\n"
        "from portfolio import filters\n"
        "assert False, 'asserts are on'\n"
        "out = {}\n"
        "for name, blob in json.loads(sys.argv[1]).items():\n"
        "    cls = getattr(filters, name if name != 'truncated' else 'BloomFilter')\n"
        "    try:\n"
        "        cls.from_bytes(bytes.fromhex(blob))\n"
        "        out[name] = 'loaded'\n"
        "    except ValueError as e:\n"
        "        out[name] = 'ValueError: ' + str(e)\n"
        "print(json.dumps(out))\n"
    )
    # The pure-Python path spares the subprocess importing numba without .opt-1.pyc files;
    # from_bytes validates the same on either path.
    env = {**os.environ, "PORTFOLIO_FILTERS_PURE_PYTHON": "1"}
    proc = subprocess.run(
        [sys.executable, "-O", "-c", code, json.dumps(blobs)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert 0 == proc.returncode, proc.stderr
    out = json.loads(proc.stdout)
    assert sorted(blobs) == sorted(out)
    assert all(v.startswith("ValueError: data is not a serialised") for v in out.values()), out


def test_every_filter_satisfies_the_protocol() -> None:
    """Each filter is a Filter; the models declare score_one on ScoreModel."""
    keys, negatives = ["a", "b", "c"], ["x", "y", "z"]
    filters = [
        BloomFilter(10, 0.1),
        CuckooFilter(10, 0.1),
        LearnedBloomFilter(keys, negatives, model=NgramLogisticModel(16, epochs=2)),
        SandwichedLearnedBloomFilter(keys, negatives, model=NgramLogisticModel(16, epochs=2)),
    ]
    assert all(isinstance(f, Filter) for f in filters)
    assert "score_one" in ScoreModel.__dict__
    assert isinstance(NgramLogisticModel(16), ScoreModel)

    class NoScoreOne:
        name = "x"
        size_in_bits = 0

        def fit(self, keys: object, negatives: object) -> None: ...

        def score(self, keys: object) -> object: ...

        def to_bytes(self) -> bytes:
            return b""

    assert not isinstance(NoScoreOne(), ScoreModel)
