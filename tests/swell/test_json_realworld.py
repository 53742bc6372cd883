"""The JSON grammar's cost model on broken JSON from the wild: required repairs, the property
that no letter or digit is lost, the A* bounds against plain Dijkstra, and the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.swell import CostModel, RepairError
from portfolio.swell.grammars.json import JSONCostModel, document, main


def cli(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line on ``text`` given on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "portfolio.swell.grammars.json", "repair", "-", *args],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )


class TestRequiredRepairs:
    """The repairs a person expects, from the API and the command line."""

    def test_bare_words_from_the_command_line(self) -> None:
        """`{"city": New York}` prints `{"city": "New York"}` (exit 1: repaired)."""
        proc = cli('{"city": New York}')
        assert (1, '{"city": "New York"}') == (proc.returncode, proc.stdout)
        assert "quoted a bare word" in proc.stderr

    def test_missing_comma_from_the_command_line(self) -> None:
        """`{"a": [1 2]}` gets a comma, not a deleted 2."""
        proc = cli('{"a": [1 2]}')
        assert (1, '{"a": [1, 2]}') == (proc.returncode, proc.stdout)

    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("string", "string"),
            ("{key:value,key2:value2}", {"key": "value", "key2": "value2"}),
            ('{"key": 1/3}', {"key": "1/3"}),
            ("{'a': 'it''s'}", None),
            ('{"a": 1, // note: keep\n "b": 2}', {"a": 1, "b": 2}),
            ('{"a": 1 /* b: 2 */}', {"a": 1}),
            (
                '{"a": 1, # x\n "b": True, "c": None, "d": False}',
                {"a": 1, "b": True, "c": None, "d": False},
            ),
            ('Here it is:\n```json\n{"a": [1, 2,]}\n```\nAnything else?', {"a": [1, 2]}),
            ('{"t": "say "hi" now"}', {"t": 'say "hi" now'}),
            ('{"a": {"b": [1, 2', {"a": {"b": [1, 2]}}),
            ('{"a": "line\none"}', {"a": "line\none"}),
            ('{"path": "C:\\Users\\me"}', {"path": "C:\\Users\\me"}),
            ("{'a': 'it\\'s'}", {"a": "it's"}),
            ('{"a": "b\\\'c"}', {"a": "b'c"}),
            ('{"ok": true, "error": undefined}', {"ok": True, "error": None}),
        ],
    )
    def test_values(self, text: str, value: Any) -> None:
        """Each gives the value a person expects (None: only that it repairs)."""
        fixed = document.repair(text)
        if value is not None:
            assert value == fixed.value
        assert json.loads(fixed.text) == fixed.value

    def test_comment_is_dropped_not_absorbed(self) -> None:
        """A comment disappears as one edit; no string swallows it."""
        fixed = document.repair('{"a": 1, // the "first"\n "b": 2}')
        assert {"a": 1, "b": 2} == fixed.value
        assert ["dropped a comment"] == [e.label for e in fixed.edits]

    def test_digits_never_change_silently(self) -> None:
        """No repair of a number merges, splits or changes its digits."""
        for text, value in [('{"n": 12 34}', None), ('{"v": 1.2.3}', "1.2.3"), ("[5-3]", None)]:
            fixed = document.repair(text)
            numbers = re.findall(r"\d+", text)
            kept = re.findall(r"\d+", json.dumps(fixed.value))
            assert Counter(numbers) <= Counter(kept), (text, fixed.text)
            if value is not None:
                assert value == fixed.value["v"]

    def test_unit_costs_still_available(self) -> None:
        """A cost_model passed to repair overrides the grammar's own."""
        fixed = document.repair('{"a": 1,}', cost_model=CostModel())
        assert ["1:8: deleted ','"] == [str(e) for e in fixed.edits]


class TestCosts:
    """The rules the issue asks of the costs, checked on the model itself."""

    def test_destroying_content_is_dearer_than_keeping_it(self) -> None:
        """Deleting or overwriting a letter or digit costs more than inserting punctuation
        next to it, and more than the two quotes around it."""
        model = JSONCostModel()
        text = '{"a": b1}'
        labels = model.contexts(text)
        for pos in (6, 7):
            char, ctx = text[pos], labels[pos]
            insert = max(model.insert_cost_at(c, ctx) for c in '",:]}')
            assert model.delete_cost_at(char, ctx) > insert
            assert model.substitute_cost_at(char, ",", ctx) > insert
        assert model.delete_cost_at("b", labels[6]) >= 1.5

    def test_lower_bounds_hold(self) -> None:
        """Every character edit costs at least edit_floor of its context, and every token edit at
        least lower_bound()."""
        model = JSONCostModel()
        text = "{'a': True, b: [1 2,], // c\n}"
        labels = model.contexts(text)
        for pos, ctx in enumerate(labels):
            low = model.edit_floor(ctx)
            char = text[pos] if pos < len(text) else ""
            for c in "\"',:[]{}a1 -.":
                assert model.insert_cost_at(c, ctx) >= low
                if char and c != char:
                    assert model.substitute_cost_at(char, c, ctx) >= low
            if char:
                assert model.delete_cost_at(char, ctx) >= low
        assert all(e.cost >= model.lower_bound() for e in model.token_edits(text))


# -- the property: one token-level corruption never costs a letter or digit ----------------------
WORD = st.from_regex(r"[A-Za-z][a-z0-9]{0,6}", fullmatch=True).filter(
    lambda w: w.lower() not in {"true", "false", "null", "none", "nan"}
)
SCALARS = st.one_of(
    WORD,
    st.lists(WORD, min_size=1, max_size=3).map(" ".join),
    st.integers(-999, 99_999),
    st.booleans(),
    st.none(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4),
        st.dictionaries(WORD, inner, min_size=1, max_size=4),
    ),
    max_leaves=8,
)


def alnum(value: Any) -> Counter[str]:
    """The letters and digits of a value's keys, strings and numbers (not of true/false/null)."""
    out: Counter[str] = Counter()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, item in v.items():
                out.update(c for c in k if c.isalnum())
                stack.append(item)
        elif isinstance(v, list):
            stack.extend(v)
        elif isinstance(v, str) or (isinstance(v, int | float) and not isinstance(v, bool)):
            out.update(c for c in str(v) if c.isalnum())
    return out


def corruptions(text: str) -> list[str]:
    """Every token-level corruption of a valid document, one at a time."""
    out = []
    for m in re.finditer(r'"([A-Za-z][a-z0-9]*(?: [A-Za-z][a-z0-9]*)*)"', text):
        out.append(text[: m.start()] + m.group(1) + text[m.end() :])  # unquoted
        out.append(text[: m.start()] + "'" + m.group(1) + "'" + text[m.end() :])  # single quotes
    for word, python in (("true", "True"), ("false", "False"), ("null", "None")):
        out.extend(text[: m.start()] + python + text[m.end() :] for m in re.finditer(word, text))
    for m in re.finditer(r"[,{\[]", text):
        out.append(text[: m.end()] + " // a note\n" + text[m.end() :])
        out.append(text[: m.end()] + " /* note */ " + text[m.end() :])
    out.extend(  # a trailing comma
        text[: m.start()] + "," + text[m.start() :]
        for m in re.finditer(r"[\]}]", text)
        if text[m.start() - 1] not in "[{"
    )
    out.extend(text[: m.start()] + " " + text[m.end() :] for m in re.finditer(r", ?", text))
    out.append("Here is the JSON:\n" + text + "\nHope it helps!")
    out.append("```json\n" + text + "\n```")
    closers = len(text) - len(text.rstrip("]}"))
    if closers:
        out.append(text[: len(text) - closers])  # truncated: the closing brackets lost
    return [c for c in out if c != text]


class TestKeepsContent:
    """Hypothesis: any valid document with one token-level corruption keeps its content."""

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(VALUES, st.booleans(), st.data())
    def test_letters_and_digits_survive(
        self, value: Any, pretty: bool, data: st.DataObject
    ) -> None:
        """The repaired value holds every letter and digit of the original's keys, strings and
        numbers (as a multiset)."""
        text = json.dumps(value, indent=2 if pretty else None)
        options = corruptions(text)
        broken = data.draw(st.sampled_from(options))
        try:
            json.loads(broken)
            return  # the corruption left valid JSON (a comma lost between a key and ':', say)
        except ValueError:
            pass
        fixed = document.repair(broken, max_cost=20)
        assert alnum(value) <= alnum(fixed.value), (broken, fixed.text)


class TestBounds:
    """The A* bounds are admissible: with them the search finds the same minimum cost."""

    @settings(max_examples=25, deadline=None)
    @given(
        value=VALUES,
        edits=st.lists(
            st.tuples(st.integers(0, 10_000), st.sampled_from('",:[]{}x1 ')), min_size=1, max_size=3
        ),
    )
    def test_same_cost_as_dijkstra(self, value: Any, edits: list[tuple[int, str]]) -> None:
        """Random documents with up to three random insertions: A* and Dijkstra agree."""
        text = json.dumps(value)
        for at, char in edits:
            i = at % (len(text) + 1)
            text = text[:i] + char + text[i:]
        module = sys.modules["portfolio.swell.repair"]
        costs = []
        try:
            for use in (True, False):
                module._USE_BOUND = use  # type: ignore[attr-defined]
                try:
                    costs.append(document.repair(text, max_cost=6).cost)
                except RepairError as err:
                    costs.append(err.limit)  # never max_steps: the same string both ways
        finally:
            module._USE_BOUND = True  # type: ignore[attr-defined]
        assert costs[0] == costs[1], text


class TestCommandLineOptions:
    """`--max-steps` exists, and every give-up message names options that exist."""

    def test_max_steps_gives_up_naming_the_option(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With a tiny work bound the CLI says to raise --max-steps (not max_steps)."""
        path = tmp_path / "in.json"
        path.write_text('{"a": [1 2 3 4 5 6 7 8 9 x y z w]', encoding="utf-8")
        code = main(["repair", str(path), "--max-steps", "5"])
        err = capsys.readouterr().err
        assert 2 == code
        assert "--max-steps=5" in err
        assert "raise --max-steps" in err
        assert "max_cost" not in err
        assert " max_steps" not in err

    def test_max_cost_message_names_the_option(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """No repair within --max-cost: the message names --max-cost."""
        path = tmp_path / "in.json"
        path.write_text("[[[[", encoding="utf-8")
        assert 2 == main(["repair", str(path), "--max-cost", "1"])
        err = capsys.readouterr().err
        assert "no repair costs at most 1;" in err
        assert "raise --max-cost" in err

    def test_api_message_names_the_argument(self) -> None:
        """The API's give-up names its keyword argument, max_steps."""
        with pytest.raises(RepairError, match=r"max_steps=5 steps .*raise max_steps") as info:
            document.repair('{"a": [1 2 3 4 5 6 7 8 9 x y z w]', max_steps=5)
        assert "max_steps" == info.value.limit

    def test_bad_option_values(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A negative --max-cost or a --max-steps below 1 is a usage error naming the option."""
        for args in (["--max-cost", "-1"], ["--max-steps", "0"]):
            with pytest.raises(SystemExit) as info:
                main(["repair", "-", *args])
            assert 2 == info.value.code
            assert args[0] in capsys.readouterr().err
