"""Labels and headings: neutral defaults in the engine, the résumé's own wording from its data."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from portfolio.resume import LABELS, Resume, ResumeValidationError
from portfolio.resume.export import to_json_resume, to_pdf
from tests.helpers import DOCS

TEXT = (DOCS / "resume.yaml").read_text(encoding="utf-8")


def without_labels(text: str) -> str:
    """The data with its ``meta.x-labels`` block removed (it is the file's last block)."""
    head, sep, _ = text.partition("\nmeta:\n")
    assert sep, "the data file has a meta block"
    return head + "\n"


def pdf_text(resume: Resume) -> str:
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(resume)))
    return " ".join(page.extract_text() for page in reader.pages)


class TestLabels:
    """Tests for :attr:`Resume.labels` and where they show."""

    def test_data_overrides_only_what_it_names(self) -> None:
        """The data's labels replace the defaults they name; the others stay neutral."""
        resume = Resume.parse(TEXT.encode(), "resume.yaml")
        given = resume.data["meta"]["x-labels"]
        assert given, "the committed data names some of its own headings"
        for key, default in LABELS.items():
            assert given.get(key, default) == resume.labels[key]

    def test_without_labels_the_defaults(self) -> None:
        """A résumé without ``meta.x-labels`` gets the neutral defaults, everywhere."""
        resume = Resume.parse(without_labels(TEXT).encode(), "resume.yaml")
        assert dict(LABELS) == dict(resume.labels)
        text = pdf_text(resume)
        for key in ("education", "skills", "work", "projects", "awards"):
            assert LABELS[key].upper() in text  # the PDF's section titles are upper case
        assert f"{LABELS['courses']}:" in text
        studies = [e for e in to_json_resume(resume)["education"] if "term" in e]
        assert studies
        assert all(LABELS["study-abroad"] == e["studyType"] for e in studies)

    def test_pdf_uses_the_datas_headings_and_names_the_file(self) -> None:
        """Headings from the data; the footer names the file that was read."""
        text = TEXT.replace("skills: Technical Skills", "skills: Toolbox")
        resume = Resume.parse(text.encode(), "someone.yaml")
        shown = pdf_text(resume)
        assert "TOOLBOX" in shown
        assert "Generated from someone.yaml" in shown

    def test_unknown_label_is_named_with_a_hint(self) -> None:
        """A misspelt label key fails with its line and a did-you-mean hint."""
        text = TEXT.replace("    courses: ", "    cources: ")
        with pytest.raises(ResumeValidationError) as info:
            Resume.parse(text.encode(), "resume.yaml")
        line = text[: text.index("cources:")].count("\n") + 1
        messages = [str(e) for e in info.value.errors]
        assert any(
            re.match(
                rf"resume\.yaml:{line}:\d+: meta\.x-labels\.cources: .*did you mean 'courses'", m
            )
            for m in messages
        ), messages

    def test_empty_label_is_refused(self) -> None:
        """A label must say something."""
        text = TEXT.replace("    awards: Additional Experience & Achievements", '    awards: " "')
        with pytest.raises(ResumeValidationError) as info:
            Resume.parse(text.encode(), "resume.yaml")
        assert any("meta.x-labels.awards" in str(e) for e in info.value.errors)
