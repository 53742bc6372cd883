"""The bundled grammars: JSON (JSONTestSuite conformance, repair, CLI, fuzz) and arithmetic."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio.swell import ParseError, Repair, RepairError
from portfolio.swell.grammars import arith
from portfolio.swell.grammars.json import document, loads, main


def suite(datadir: Path, prefix: str) -> list[Path]:
    files = sorted((datadir / "JSONTestSuite" / "test_parsing").glob(f"{prefix}_*.json"))
    assert files, "the JSONTestSuite corpus is missing"
    return files


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True)


# The vendored corpus, pinned by content (see tests/data/JSONTestSuite/README.md).
CORPUS_SHA256 = "7e8dccd1635abaf1aa4f03bcb9e752cf3aa790104411cf2416775e2f8ed3c63f"


class TestJSONConformance:
    """JSONTestSuite: bytes in, strict UTF-8 decoding inside `document.parse`."""

    def test_corpus_is_the_pinned_copy(self, datadir: Path) -> None:
        """The corpus is byte for byte the copy its README pins (sha256sum over sorted files)."""
        root = datadir / "JSONTestSuite"
        files = sorted(p.relative_to(root).as_posix() for p in root.glob("test_parsing/*"))
        listing = "".join(
            f"{hashlib.sha256((root / name).read_bytes()).hexdigest()}  {name}\n" for name in files
        )
        assert (318, CORPUS_SHA256) == (
            len(files),
            hashlib.sha256(listing.encode()).hexdigest(),
        )

    def test_accepts_every_y_file(self, datadir: Path) -> None:
        """Every y_ file parses, to the same value as the standard library's json."""
        rejected = []
        for path in suite(datadir, "y"):
            data = path.read_bytes()
            try:
                value = document.parse(data)
            except ParseError:
                rejected.append(path.name)
                continue
            assert canonical(json.loads(data)) == canonical(value), path.name
        assert [] == rejected

    def test_rejects_every_n_file(self, datadir: Path) -> None:
        """Every n_ file raises ParseError (and nothing else)."""
        accepted = []
        for path in suite(datadir, "n"):
            try:
                document.parse(path.read_bytes())
                accepted.append(path.name)
            except ParseError:
                pass
        assert [] == accepted

    def test_i_files_never_crash(self, datadir: Path) -> None:
        """Every i_ file gives a value or a ParseError, nothing else."""
        outcomes = set()
        for path in suite(datadir, "i"):
            try:
                document.parse(path.read_bytes())
                outcomes.add("value")
            except ParseError:
                outcomes.add("error")
        assert outcomes <= {"value", "error"}

    def test_nesting_100000_deep(self) -> None:
        """100,000 nested arrays parse to a value; unclosed ones raise ParseError."""
        depth = 100_000
        value = document.parse("[" * depth + "]" * depth)
        levels = 0
        while value:
            value, levels = value[0], levels + 1
        assert depth - 1 == levels
        with pytest.raises(ParseError):
            document.parse("[" * depth)

    def test_repair_of_100000_unclosed_arrays_is_bounded(self) -> None:
        """Repair mode on 100,000 unclosed brackets: the A* bound proves at once that closing
        them costs more than max_cost (it used to give up at the work bound)."""
        with pytest.raises(RepairError, match="no repair costs at most 10") as info:
            document.repair("[" * 100_000)
        assert "max_cost" == info.value.limit
        with pytest.raises(RepairError, match="max_steps=1000 steps"):
            document.repair("[" * 100_000, max_cost=1e9, max_steps=1_000)

    def test_values(self) -> None:
        """Numbers, escapes and surrogate pairs decode like the standard library."""
        text = r'{"a": [1, -0.5e2, 1E400, "\u00e9\ud83d\ude00\n", true, false, null], "a": 2}'
        assert canonical(json.loads(text)) == canonical(loads(text))


# With JSONCostModel (the default of `document` since the real-world repairs): a trailing comma
# is one token edit, and an inserted comma or colon goes right after the item it follows.
JSON_REPAIRS = [
    ('{"a": 1,}', '{"a": 1}', ["1:8: dropped a trailing comma: ',' -> ''"]),
    ("[1, 2", "[1, 2]", ["1:6: inserted ']'"]),
    ('{"a" 1}', '{"a": 1}', ["1:5: inserted ':'"]),
    ('{"k": "v" "k2": 3}', '{"k": "v", "k2": 3}', ["1:10: inserted ','"]),
    ("tru", "true", ["1:4: inserted 'e'"]),
    ('{"port": 80,\n "host": "x"', '{"port": 80,\n "host": "x"}', ["2:13: inserted '}'"]),
]


class TestJSONRepair:
    """Tests for `document.repair`."""

    @pytest.mark.parametrize(("text", "fixed", "edits"), JSON_REPAIRS)
    def test_cases(self, text: str, fixed: str, edits: list[str]) -> None:
        """Each broken document gets a one-edit repair that parses as JSON."""
        result = document.repair(text)
        assert (fixed, edits) == (result.text, [str(e) for e in result.edits])
        assert json.loads(fixed) == result.value

    @given(st.text(max_size=40))
    def test_fuzz_text(self, text: str) -> None:
        """Any text gives a Repair (which parses to its value) or a ParseError, nothing else."""
        try:
            result = document.repair(text, max_cost=3, max_steps=20_000)
        except ParseError:
            return
        assert isinstance(result, Repair)
        assert canonical(json.loads(result.text)) == canonical(result.value)

    @settings(max_examples=50)
    @given(st.binary(max_size=40))
    def test_fuzz_bytes(self, data: bytes) -> None:
        """Any bytes, decoded with replacement, give a Repair or a ParseError; raw bytes too."""
        for text in (data.decode("utf-8", errors="replace"), data):
            with contextlib.suppress(ParseError):
                document.repair(text, max_cost=3, max_steps=20_000)


class TestCommandLine:
    """`python -m portfolio.swell.grammars.json repair FILE`."""

    @pytest.mark.parametrize(
        ("content", "status", "stdout", "stderr"),
        [
            (b'{"a": 1}', 0, '{"a": 1}', ""),
            (b'{"a": 1,}', 1, '{"a": 1}', "1:8: dropped a trailing comma: ',' -> ''\n"),
            (b"[[[", 2, "", "no repair costs at most 1"),
            (b'["\xff"]', 2, "", "invalid UTF-8 (byte 0xff)"),
        ],
    )
    def test_exit_status(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        content: bytes,
        status: int,
        stdout: str,
        stderr: str,
    ) -> None:
        """0 valid, 1 repaired (edits on stderr), 2 not repairable (reason on stderr)."""
        path = tmp_path / "in.json"
        path.write_bytes(content)
        code = main(["repair", str(path), "--max-cost", "1"])
        out, err = capsys.readouterr()
        assert (status, stdout) == (code, out)
        assert stderr in err

    @pytest.mark.parametrize("kind", ["missing", "directory"])
    def test_unreadable_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
    ) -> None:
        """A missing file or a directory exits 2 with the reason on stderr, no traceback."""
        path = tmp_path / "in.json"
        if kind == "directory":
            path.mkdir()
        reason = {"missing": "No such file or directory", "directory": "Is a directory"}[kind]
        code = main(["repair", str(path)])
        out, err = capsys.readouterr()
        assert (2, "") == (code, out)
        assert f"{path}: cannot read the file: {reason}\n" == err

    def test_empty_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An empty file is not JSON: its cheapest repair inserts a 0 (exit 1)."""
        path = tmp_path / "empty.json"
        path.write_bytes(b"")
        code = main(["repair", str(path)])
        assert (1, ("0", "1:1: inserted '0'\n")) == (code, capsys.readouterr())

    def test_stdout_is_utf8(self, tmp_path: Path) -> None:
        """The repaired JSON is written as UTF-8 even when the terminal's encoding is ASCII."""
        path = tmp_path / "in.json"
        path.write_bytes('["é" "ü"]'.encode())
        proc = subprocess.run(
            [sys.executable, "-m", "portfolio.swell.grammars.json", "repair", str(path)],
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
        )
        assert (1, '["é", "ü"]'.encode(), b"1:5: inserted ','\n") == (
            proc.returncode,
            proc.stdout,
            proc.stderr,
        )

    def test_module_entry_point(self, tmp_path: Path) -> None:
        """The module runs as a script with `python -m`."""
        path = tmp_path / "config.json"
        path.write_text('{"debug": true "port": 8080}', encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "portfolio.swell.grammars.json", "repair", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert (1, '{"debug": true, "port": 8080}', "1:15: inserted ','\n") == (
            proc.returncode,
            proc.stdout,
            proc.stderr,
        )


class TestArithmetic:
    """Tests for `portfolio.swell.grammars.arith`."""

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("1", Fraction(1)),
            ("1 + 2 * 3", Fraction(7)),
            ("(1 + 2) * 3", Fraction(9)),
            ("8 / 4 / 2", Fraction(1)),
            ("10 - 4 - 3", Fraction(3)),
            ("-2 * -3", Fraction(6)),
            ("1 / 3 + 0.5", Fraction(5, 6)),
        ],
    )
    def test_evaluate(self, text: str, value: Fraction) -> None:
        """Precedence, left associativity, unary minus and exact division."""
        assert value == arith.calculate(text)

    def test_division_by_zero(self) -> None:
        """Division by zero raises ZeroDivisionError."""
        with pytest.raises(ZeroDivisionError, match="division by zero"):
            arith.calculate("1 / (2 - 2)")

    def test_deep(self) -> None:
        """Deep parentheses and long chains of unary minus evaluate without recursion."""
        assert Fraction(1) == arith.calculate("(" * 20_000 + "1" + ")" * 20_000)
        assert Fraction(-1) == arith.calculate("-" * 20_001 + "1")

    @pytest.mark.parametrize(
        ("text", "fixed"),
        [("2 * (3 + 4", "2 * (3 + 4)"), ("1 +", "1 +0"), ("(1 2)", "(1 )")],
    )
    def test_repair(self, text: str, fixed: str) -> None:
        """One-edit repairs of broken expressions."""
        assert fixed == arith.expression.repair(text).text

    @given(st.text(alphabet="0123456789+-*/() .", max_size=20))
    def test_fuzz(self, text: str) -> None:
        """Any expression-like text: a value, ZeroDivisionError, or a ParseError."""
        with contextlib.suppress(ParseError, ZeroDivisionError):
            arith.calculate(text)
