"""The exports: JSON Resume (checked against the vendored v1.2.1 schema), JSON-LD, and the PDF."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import jsonschema
import pypdf
import pytest

from portfolio.resume import Resume
from portfolio.resume.__main__ import main
from portfolio.resume.export import to_json_resume, to_jsonld, to_pdf
from portfolio.resume.markup import plain_text
from tests.helpers import DOCS, ROOT

DATA = DOCS / "resume.yaml"


@pytest.fixture(scope="module")
def resume() -> Resume:
    """The committed data."""
    return Resume.load(DATA)


# A made-up number (555-01xx is reserved for fiction): the committed data holds no phone number.
FAKE_PHONE = "555-0134"


def with_phone(tmp: Path) -> Path:
    """A copy of the data with ``FAKE_PHONE`` added to ``basics``."""
    text = DATA.read_text(encoding="utf-8")
    copy = tmp / "resume.yaml"
    copy.write_text(text.replace("\nbasics:\n", f"\nbasics:\n  phone: {FAKE_PHONE}\n", 1), "utf-8")
    return copy


@pytest.fixture(scope="module")
def phoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the data with a phone number in it."""
    return with_phone(tmp_path_factory.mktemp("phoned"))


@pytest.fixture(scope="module")
def pdf(resume: Resume) -> pypdf.PdfReader:
    """The Letter PDF, parsed."""
    return pypdf.PdfReader(io.BytesIO(to_pdf(resume)))


def _words(text: str) -> str:
    """Collapse whitespace; a line broken after ``/`` or ``-`` (no space there) is rejoined."""
    return " ".join(re.sub(r"(?<=[/-]) ?\n", "", text).split())


SCHEMA_PATH = ROOT / "src" / "portfolio" / "resume" / "schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
# sha256 of https://github.com/jsonresume/resume-schema/blob/v1.2.1/schema.json
UPSTREAM_V1_2_1_SHA256 = "8911e912ee487954b10cb59da39265c7e62ef7cba5973706d125448adc853969"


class TestJsonResume:
    """Tests for the ``json`` export."""

    def test_validates_against_the_schema(self, resume: Resume) -> None:
        """resume.json validates against the vendored v1.2.1 schema, formats included."""
        jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(
            to_json_resume(resume)
        )

    def test_vendored_schema_is_upstream_v1_2_1(self) -> None:
        """The vendored schema is byte for byte the upstream v1.2.1 ``schema.json``."""
        digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
        assert UPSTREAM_V1_2_1_SHA256 == digest

    def test_phone_private_by_default(self, phoned: Path) -> None:
        """A phone number in the data stays out unless the owner publishes it."""
        resume = Resume.load(phoned)
        assert "phone" not in to_json_resume(resume)["basics"]
        assert FAKE_PHONE == to_json_resume(resume, ["email", "phone"])["basics"]["phone"]

    def test_no_extras_and_no_hash_links(self, resume: Resume) -> None:
        """No x- property leaks out, and lost links are plain text, never ``](#)``."""
        text = json.dumps(to_json_resume(resume))
        assert re.findall(r'"x-(?!sha256)[a-z]+"', text) == []
        assert "](#)" not in text

    def test_plain_text_no_markdown(self, resume: Resume) -> None:
        """Highlights and award titles are plain text: no ``**``, no ``\\$``, no link syntax."""
        doc = to_json_resume(resume)
        texts = [h for w in doc["work"] for h in w["highlights"]] + [
            a["title"] for a in doc["awards"]
        ]
        assert 11 + 7 == len(texts)
        assert [] == [t for t in texts if "**" in t or "\\$" in t or "](" in t]
        assert "**" not in json.dumps(doc)
        assert any("over 800k RPS." in t for t in texts)
        assert "Placed 4th at Google Tech Challenge: Cambridge 2018" in texts

    def test_study_abroad_keeps_place_and_term(self, resume: Resume) -> None:
        """The study abroad entry says where (Budapest) and when (Spring 2020)."""
        doc = to_json_resume(resume)
        abroad = next(e for e in doc["education"] if "Acquincum" in e["institution"])
        assert "Budapest" == abroad["location"]
        assert "Spring 2020" == abroad["term"]
        assert "Williamstown, MA" == doc["education"][0]["location"]

    def test_no_computed_durations(self, resume: Resume) -> None:
        """Nothing in the JSON is a length of time the source does not state."""
        text = json.dumps(to_json_resume(resume))
        assert [] == re.findall(r"\b\d+\s*(?:yrs?|mos?|years?|months?)\b", text)

    def test_apostrophes_agree_with_pdf(self, resume: Resume, pdf: pypdf.PdfReader) -> None:
        """``Spring '21`` keeps its apostrophe in the JSON and the PDF; no opening quote."""
        text = json.dumps(to_json_resume(resume), ensure_ascii=False)
        printed = pdf.pages[0].extract_text()
        for export in (text, printed):
            assert "(Spring '21)" in export
            assert "\u2018" not in export

    def test_cli_writes_json(self, tmp_path: Path) -> None:
        """``export --format json`` writes the same document."""
        out = tmp_path / "r.json"
        assert 0 == main(["export", "--format", "json", "-o", str(out), str(DATA)])
        assert to_json_resume(Resume.load(DATA)) == json.loads(out.read_text(encoding="utf-8"))


class TestJsonLd:
    """Tests for the ``jsonld`` export."""

    def test_person(self, resume: Resume) -> None:
        """A schema.org Person with the current employer, the college, the skills and GitHub."""
        ld = to_jsonld(resume)
        assert ("https://schema.org", "Person") == (ld["@context"], ld["@type"])
        assert ["OpenAI"] == [org["name"] for org in ld["worksFor"]]
        assert ["Williams College"] == [org["name"] for org in ld["alumniOf"]]
        assert {"Python", "Solidity", ".NET", "PyTorch"} <= set(ld["knowsAbout"])
        assert ["https://github.com/pzhao1799"] == ld["sameAs"]
        assert "telephone" not in ld


class TestPdf:
    """Tests for the Typst PDF."""

    def test_every_bullet_of_every_role(self, resume: Resume, pdf: pypdf.PdfReader) -> None:
        """The PDF's text contains every bullet of every role, word for word."""
        text = _words(" ".join(page.extract_text() for page in pdf.pages))
        bullets = [plain_text(h.text) for r in resume.roles for h in r.highlights]
        assert 11 == len(bullets)
        assert [] == [b for b in bullets if _words(b) not in text]

    def test_one_page_on_letter_and_a4(self, resume: Resume, pdf: pypdf.PdfReader) -> None:
        """Letter and A4 each fit on exactly one page, with the same text."""
        a4 = pypdf.PdfReader(io.BytesIO(to_pdf(resume, paper="a4")))
        assert 1 == len(pdf.pages)
        assert 1 == len(a4.pages)
        assert pytest.approx(595, abs=1) == float(a4.pages[0].mediabox.width)
        assert pytest.approx(612, abs=1) == float(pdf.pages[0].mediabox.width)
        assert _words(pdf.pages[0].extract_text()).replace(" ", "") == _words(
            a4.pages[0].extract_text()
        ).replace(" ", "")

    def test_study_abroad_printed(self, pdf: pypdf.PdfReader) -> None:
        """The PDF prints the study abroad line as the source writes it."""
        text = _words(pdf.pages[0].extract_text())
        assert "Study Abroad: Acquincum Institute for Technology in Budapest - Spring 2020" in text

    def test_no_computed_durations(self, pdf: pypdf.PdfReader) -> None:
        """The PDF states dates only, never a computed length of time."""
        text = _words(pdf.pages[0].extract_text())
        assert [] == re.findall(r"\b\d+\s*(?:yrs?|mos?|years?|months?)\b", text)

    def test_hash_in_metadata_and_footer(self, resume: Resume, pdf: pypdf.PdfReader) -> None:
        """The PDF carries the data's SHA-256: in full in its keywords, short in the footer."""
        assert pdf.metadata is not None
        assert f"sha256:{resume.content_hash}" == pdf.metadata["/Keywords"]
        for page in pdf.pages:
            assert f"SHA-256 {resume.short_hash}" in page.extract_text()

    def test_no_phone_by_default(self, phoned: Path) -> None:
        """A phone number in the data is not printed unless published."""
        pdf = pypdf.PdfReader(io.BytesIO(to_pdf(Resume.load(phoned))))
        assert FAKE_PHONE not in " ".join(page.extract_text() for page in pdf.pages)

    def test_committed_data_has_no_phone(self, resume: Resume) -> None:
        """The public data file holds no phone number at all (the overlay is the place for it)."""
        assert "phone" not in to_json_resume(resume, ["email", "phone", "github"])["basics"]

    def test_bad_paper(self, resume: Resume) -> None:
        """An unknown paper size is refused with a message naming the argument."""
        with pytest.raises(ValueError, match="paper must be one of"):
            to_pdf(resume, paper="legal")


class TestCli:
    """Tests for ``python -m portfolio.resume export``."""

    def test_paper_any_case(self, tmp_path: Path) -> None:
        """``--paper A4`` selects A4 (595 pt wide), ``--paper Letter`` selects Letter (612 pt)."""
        widths = []
        for paper in ("A4", "Letter"):
            out = tmp_path / f"{paper}.pdf"
            assert 0 == main(["export", "-f", "pdf", "--paper", paper, "-o", str(out), str(DATA)])
            widths.append(round(float(pypdf.PdfReader(out).pages[0].mediabox.width)))
        assert [595, 612] == widths

    def test_phone_only_when_public(self, tmp_path: Path) -> None:
        """The JSON-LD has no telephone by default, and has it with ``--public ...,phone``."""
        data = with_phone(tmp_path)
        default, public = tmp_path / "d.jsonld", tmp_path / "p.jsonld"
        assert 0 == main(["export", "-f", "jsonld", "-o", str(default), str(data)])
        argv = ["export", "-f", "jsonld", "--public", "email,phone,github", "-o", str(public)]
        assert 0 == main([*argv, str(data)])
        assert "telephone" not in json.loads(default.read_text(encoding="utf-8"))
        assert FAKE_PHONE == json.loads(public.read_text(encoding="utf-8"))["telephone"]

    def test_unknown_public_field(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown ``--public`` field is a usage error (exit 2) that names it."""
        out = tmp_path / "r.json"
        assert 2 == main(["export", "-f", "json", "--public", "fax", "-o", str(out), str(DATA)])
        assert "--public: unknown field(s) fax" in capsys.readouterr().err
        assert not out.exists()
