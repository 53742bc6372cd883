"""The résumé parts of the real site (the session's shared build of docs/)."""

from __future__ import annotations

import io
import json

import pypdf
from bs4 import BeautifulSoup

from portfolio.resume import Resume
from tests.helpers import DOCS, BuiltSite


class TestSiteResume:
    """Tests for the exports and the hash in the built site."""

    def test_exports_at_site_root(self, site: BuiltSite) -> None:
        """The build writes resume.pdf, resume.json and resume.jsonld at the site's root."""
        assert (site.html / "resume.pdf").read_bytes().startswith(b"%PDF-")
        assert "Peter Zhao" == json.loads(site.page("resume.json"))["basics"]["name"]
        assert "Person" == json.loads(site.page("resume.jsonld"))["@type"]

    def test_every_shown_hash_is_the_pdf_hash(self, site: BuiltSite) -> None:
        """Each hash the pages show is the data's hash, which the PDF carries too."""
        reader = pypdf.PdfReader(io.BytesIO((site.html / "resume.pdf").read_bytes()))
        assert reader.metadata is not None
        full = reader.metadata["/Keywords"].removeprefix("sha256:")
        shown = {
            node.get_text()
            for page in site.html.rglob("*.html")
            for node in BeautifulSoup(page.read_text("utf-8"), "html.parser").select(".resume-hash")
        }
        assert {Resume.load(DOCS / "resume.yaml").short_hash} == shown
        assert full.startswith(shown.pop())
