"""The private overlay (``docs/resume.local.yaml``): merged for the owner's PDF, never published."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from portfolio.resume import Resume, ResumeValidationError
from portfolio.resume.__main__ import main
from portfolio.resume.export import to_json_resume
from portfolio.resume.loader import merge_overlay, overlay_path, parse_document
from tests.helpers import DOCS, build_site, run_sphinx

# Made up (555-01xx numbers are reserved for fiction); a second field shows that more than the
# phone can be private.
PHONE = "555-0134"
OVERLAY = f"""\
# Private: never committed.
basics:
  phone: {PHONE}
  summary: Private note for recruiters only.
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the committed data with a private overlay beside it."""
    copy = tmp_path / "resume.yaml"
    shutil.copy(DOCS / "resume.yaml", copy)
    overlay_path(copy).write_text(OVERLAY, encoding="utf-8")
    return copy


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


class TestMerge:
    """Tests for :func:`merge_overlay` and ``Resume.load(..., overlay=...)``."""

    def test_overlay_fields_are_added(self, data: Path) -> None:
        """The overlay's fields join the data's; the data's own fields stay."""
        resume = Resume.load(data, overlay=overlay_path(data))
        basics = resume.data["basics"]
        assert (PHONE, "Peter Zhao") == (basics["phone"], basics["name"])
        assert "phone" not in Resume.load(data).data["basics"]

    def test_lists_are_replaced_whole_and_inputs_untouched(self) -> None:
        """A list in the overlay replaces the base list; neither document is changed."""
        base = parse_document(b"a:\n  - 1\n  - 2\nb: {c: 1, d: 2}\n", "r.yaml")
        local = parse_document(b"a: [3]\nb: {d: 4}\n", "r.local.yaml")
        merged = merge_overlay(base, local)
        assert {"a": [3], "b": {"c": 1, "d": 4}} == merged.data
        assert {"a": [1, 2], "b": {"c": 1, "d": 2}} == base.data
        # Positions inside a replaced list come from the overlay, and none of the base's remain.
        assert ("r.local.yaml", 1) == (merged.origins[("a", 0)], merged.values[("a", 0)].line)
        assert ("a", 1) not in merged.values

    def test_hash_is_the_public_data(self, data: Path) -> None:
        """The content hash identifies the public data file, with or without the overlay."""
        assert Resume.load(data).content_hash == (
            Resume.load(data, overlay=overlay_path(data)).content_hash
        )


class TestErrors:
    """Tests that a mistake in the overlay names the overlay's file, line and field."""

    def test_bad_field_names_the_overlay(self, data: Path) -> None:
        """A field that breaks the schema is reported at the overlay's line and column."""
        overlay = overlay_path(data)
        overlay.write_text("basics:\n  phone: 555-0134\n  email: not-an-email\n", "utf-8")
        with pytest.raises(ResumeValidationError) as info:
            Resume.load(data, overlay=overlay)
        [error] = info.value.errors
        assert (overlay.as_posix().endswith(error.file), error.position.line) == (True, 3)
        assert ("basics.email", 10) == (error.field, error.position.column)
        assert "email" in error.message

    def test_malformed_overlay_names_the_overlay(self, data: Path) -> None:
        """Broken YAML in the overlay is reported in the overlay, not the data file."""
        overlay = overlay_path(data)
        overlay.write_text("basics:\n  phone: [unclosed\n", "utf-8")
        with pytest.raises(ResumeValidationError) as info:
            Resume.load(data, overlay=overlay)
        assert all(e.file.endswith("resume.local.yaml") for e in info.value.errors)

    def test_check_reports_overlay_errors_and_writes_nothing(
        self, data: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``check`` validates the overlay beside the data; both files stay byte for byte."""
        overlay = overlay_path(data)
        overlay.write_text("basics:\n  email: 42\n", "utf-8")
        before = (data.read_bytes(), overlay.read_bytes())
        assert 1 == main(["check", str(data)])
        err = capsys.readouterr().err
        assert "resume.local.yaml:2:10: basics.email: 42 is not of type 'string'" in err
        assert before == (data.read_bytes(), overlay.read_bytes())

    def test_check_names_both_files_when_valid(
        self, data: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``check`` says that it checked the overlay too."""
        assert 0 == main(["check", str(data)])
        assert "resume.yaml + " in capsys.readouterr().out


class TestPrivatePdf:
    """Tests that the overlay reaches the PDF only when asked for."""

    def test_pdf_has_the_phone_when_asked(self, data: Path, tmp_path: Path) -> None:
        """``export --overlay FILE --public ...,phone`` prints the private phone number."""
        out = tmp_path / "private.pdf"
        argv = ["export", "-f", "pdf", "--public", "email,phone,github"]
        assert 0 == main([*argv, "--overlay", str(overlay_path(data)), "-o", str(out), str(data)])
        assert PHONE in pdf_text(out)

    @pytest.mark.parametrize("fmt", ["pdf", "json", "jsonld"])
    def test_no_overlay_without_the_flag(self, data: Path, tmp_path: Path, fmt: str) -> None:
        """Without ``--overlay`` no export holds an overlay field, even with the phone public."""
        out = tmp_path / f"public.{fmt}"
        argv = ["export", "-f", fmt, "--public", "email,phone,github", "-o", str(out), str(data)]
        assert 0 == main(argv)
        text = pdf_text(out) if fmt == "pdf" else out.read_text("utf-8")
        assert (PHONE not in text, "Private note" not in text) == (True, True)

    def test_refuses_to_overwrite_the_overlay(self, data: Path) -> None:
        """``-o`` naming the overlay is refused (exit 2): an input is never written."""
        overlay = overlay_path(data)
        before = overlay.read_bytes()
        argv = ["export", "-f", "json", "--overlay", str(overlay), "-o", str(overlay), str(data)]
        assert 2 == main(argv)
        assert before == overlay.read_bytes()


SITE_CONF = """\
extensions = ["myst_parser", "sphinx_design", "portfolio.sphinxext"]
html_theme = "basic"
exclude_patterns = ["_build"]
resume_public_contact = ["email", "phone", "github"]
"""
SITE_INDEX = "# Résumé\n\n```{resume-contact}\n```\n\n```{resume-full}\n```\n"


def small_site(root: Path, overlay: str) -> Path:
    """A one-page site with the committed data and ``overlay`` beside it; return its srcdir."""
    src = root / "docs"
    src.mkdir()
    (src / "conf.py").write_text(SITE_CONF, encoding="utf-8")
    (src / "index.md").write_text(SITE_INDEX, encoding="utf-8")
    shutil.copy(DOCS / "resume.yaml", src / "resume.yaml")
    (src / "resume.local.yaml").write_text(overlay, encoding="utf-8")
    # Every page the data names must exist: stubs, listed in a hidden toctree.
    pages = sorted(set(re.findall(r"x-page: (\S+)", (DOCS / "resume.yaml").read_text("utf-8"))))
    for page in pages:
        (src / f"{page}.md").parent.mkdir(parents=True, exist_ok=True)
        (src / f"{page}.md").write_text(f"# {page}\n", encoding="utf-8")
    toctree = "\n```{toctree}\n:hidden:\n\n" + "\n".join(pages) + "\n```\n"
    (src / "index.md").write_text(SITE_INDEX + toctree, encoding="utf-8")
    return src


class TestSite:
    """Tests that the site build never publishes the overlay, and still checks it."""

    def test_overlay_never_reaches_the_site(self, tmp_path: Path) -> None:
        """With the phone public, no overlay field is in any built file (pages, JSON, PDF)."""
        site = build_site(small_site(tmp_path, OVERLAY), tmp_path / "out")
        leaks = []
        for path in site.html.rglob("*"):
            if not path.is_file() or path.suffix in {".png", ".woff2", ".ico"}:
                continue
            text = pdf_text(path) if path.suffix == ".pdf" else path.read_text("utf-8", "replace")
            if PHONE in text or "Private note" in text:
                leaks.append(path.name)
        assert [] == leaks
        exported = json.loads((site.html / "resume.json").read_text("utf-8"))
        assert exported == to_json_resume(Resume.load(DOCS / "resume.yaml"), [
            "email", "phone", "github"
        ])  # fmt: skip

    def test_bad_overlay_fails_the_build_naming_it(self, tmp_path: Path) -> None:
        """A typo in the overlay stops the strict build with the overlay's file, line and field."""
        src = small_site(tmp_path, "basics:\n  phone: 555-0134\n  email: nope\n")
        build = run_sphinx(src, tmp_path / "o", "-W", "-q")
        assert 0 != build.returncode
        assert "resume.local.yaml:3:10: basics.email: 'nope' is not a 'email'" in build.stderr
