"""Each validation rule, exercised on a corrupted copy of the real data file."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from portfolio.resume import Resume, ResumeValidationError
from portfolio.resume.__main__ import main
from tests.helpers import DOCS

DATA = DOCS / "resume.yaml"


@dataclass(frozen=True)
class Corruption:
    """Replace ``old`` by ``new`` (once); the error is expected where ``at`` occurs in ``new``."""

    old: str
    new: str
    at: str
    field: str
    message: str


def _where(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text`` (computed here, not by the code)."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


CASES = {
    "bad-date": Corruption(
        'startDate: "2021-07"',
        'startDate: "2021-13"',
        '"2021-13"',
        "work[1].startDate",
        "'2021-13' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
    ),
    "end-before-start": Corruption(
        'endDate: "2019-12"',
        'endDate: "2018-12"',
        '"2018-12"',
        "work[3].endDate",
        "'2018-12' is before startDate '2019-06'",
    ),
    "unknown-extra-key": Corruption(
        "    x-slug: firestone\n",
        "    x-slgu: firestone\n",
        "x-slgu",
        "projects[1].x-slgu",
        "unknown key 'x-slgu'; did you mean 'x-slug'?",
    ),
    "duplicate-slug": Corruption(
        "    x-slug: de-generate\n",
        "    x-slug: roblox\n",
        "roblox\n    x-page: experience/de-generate",
        "work[2].x-slug",
        "duplicate slug 'roblox' (first used at work[1].x-slug, line "
        f"{_where(DATA.read_text(encoding='utf-8'), 'x-slug: roblox')[0]})",
    ),
    "unknown-skill-tag": Corruption(
        "skills: [kubernetes]",
        "skills: [kubernets]",
        "kubernets",
        "work[1].x-highlights[0].skills[0]",
        "unknown skill 'kubernets'",
    ),
    "missing-required-field": Corruption(
        "    position: Blockchain Architect\n",
        "",
        "name: De-Generate",
        "work[2].position",
        "missing required field",
    ),
    "schema-type": Corruption(
        "    location: Remote\n",
        "    location: [Remote]\n",
        "[Remote]",
        "work[2].location",
        "['Remote'] is not of type 'string'",
    ),
    "schema-format": Corruption(
        "  email: pzhao1799@gmail.com\n",
        "  email: pzhao1799.gmail.com\n",
        "pzhao1799.gmail.com",
        "basics.email",
        "'pzhao1799.gmail.com' is not a 'email'",
    ),
    "metric-not-in-bullet": Corruption(
        "{text: 1m+ RPS,",
        "{text: 2m+ RPS,",
        "2m+ RPS",
        "work[1].x-highlights[6].metrics[2].text",
        "'2m+ RPS' is not in the highlight",
    ),
    "link-not-in-bullet": Corruption(
        "links: [Roblox ML Gateway]",
        "links: [Roblox ML Gate]",
        "Roblox ML Gate]",
        "work[1].x-highlights[3].links[0]",
        "link text 'Roblox ML Gate' is not in the highlight",
    ),
    "duplicate-key": Corruption(
        "    x-slug: openai\n",
        "    x-slug: openai\n    x-slug: openai2\n",
        "x-slug: openai2",
        "work[0].x-slug",
        "duplicate key",
    ),
    "malformed-yaml": Corruption(
        "  name: Peter Zhao\n",
        "  name: [Peter Zhao\n",
        ": pzhao1799@gmail.com",
        "",
        "malformed YAML: while parsing a flow sequence: expected ',' or ']', but got ':'",
    ),
}


@pytest.fixture
def corrupt(tmp_path: Path) -> object:
    """Write a corrupted copy of the data; return (path, expected error line, original bytes)."""

    def make(case: Corruption) -> tuple[Path, str]:
        text = DATA.read_text(encoding="utf-8")
        assert case.old in text
        bad = text.replace(case.old, case.new, 1)
        path = tmp_path / "resume.yaml"
        path.write_text(bad, encoding="utf-8")
        line, column = _where(bad, case.at)
        where = f"{path}:{line}:{column}"
        expected = (
            f"{where}: {case.field}: {case.message}" if case.field else f"{where}: {case.message}"
        )
        return path, expected

    return make


class TestValidationRules:
    """Each rule gives exit 1, the precise file:line:col message, and leaves the file alone."""

    @pytest.mark.parametrize("name", sorted(CASES))
    def test_rule(self, name: str, corrupt: object, capsys: pytest.CaptureFixture[str]) -> None:
        """The CLI reports the corruption at its exact place and exits non-zero."""
        path, expected = corrupt(CASES[name])  # type: ignore[operator]
        before = path.read_bytes()
        status = main(["check", str(path)])
        err = capsys.readouterr().err
        assert 1 == status
        assert expected in err.splitlines()
        assert before == path.read_bytes()

    def test_all_errors_in_one_run(self, tmp_path: Path) -> None:
        """Several corruptions are all reported together, in file order."""
        text = DATA.read_text(encoding="utf-8")
        for key in ("bad-date", "unknown-extra-key", "unknown-skill-tag"):
            text = text.replace(CASES[key].old, CASES[key].new, 1)
        path = tmp_path / "resume.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ResumeValidationError) as info:
            Resume.load(path)
        fields = [e.field for e in info.value.errors]
        expected = [
            "work[1].startDate",
            "work[1].x-highlights[0].skills[0]",
            "projects[1].x-slug",  # the typo also leaves the required slug missing
            "projects[1].x-slgu",
        ]
        assert expected == fields

    def test_real_data_is_valid(self) -> None:
        """The committed data file passes every rule."""
        assert "Peter Zhao" == Resume.load(DATA).name

    def test_module_entry_point(self, tmp_path: Path) -> None:
        """``python -m portfolio.resume check`` prints the errors on stderr and exits 1."""
        case = CASES["bad-date"]
        path = tmp_path / "resume.yaml"
        path.write_text(DATA.read_text(encoding="utf-8").replace(case.old, case.new), "utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "portfolio.resume", "check", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 1 == proc.returncode
        assert f"work[1].startDate: {case.message}" in proc.stderr
        assert "" == proc.stdout

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A missing data file is one clear error, not a traceback."""
        assert 1 == main(["check", str(tmp_path / "nope.yaml")])
        assert "cannot read the file" in capsys.readouterr().err
