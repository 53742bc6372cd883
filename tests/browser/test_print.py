"""Print: the résumé page printed by Chromium fits on two pages, with no navigation chrome."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.browser.helpers import Served

pytestmark = pytest.mark.browser

RESUME = "resume.html"
MAX_PAGES = 2
# Site chrome: navigation, search, theme toggle, skip link, back-to-top, prev/next, footer.
CHROME_SELECTORS = [
    "nav",
    "aside",
    "header",
    "footer",
    "form",
    "[role=navigation]",
    "[role=search]",
    ".theme-toggle",
    ".skip-to-content",
    ".back-to-top",
    ".related-pages",
    ".bottom-of-page",
    ".headerlink",
    "button",
]
# Strings that only chrome prints (furo's labels); none belongs in a printed résumé.
CHROME_TEXT = ["Skip to content", "Back to top", "On this page", "Made with"]


def pdf_text(page: Page) -> tuple[int, str]:
    """Print the loaded page to a US Letter PDF; return its page count and text."""
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter", print_background=False)))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


class TestPrint:
    """Tests for printing the résumé page."""

    def test_fits_on_two_pages(self, page: Page, served: Served) -> None:
        """The printed résumé has at most two pages and opens with the person's name."""
        page.goto(served.url(RESUME))
        name = page.locator(".resume-full .resume-name").inner_text().strip()
        pages, text = pdf_text(page)
        assert name
        assert name == text.strip().splitlines()[0].strip()
        assert pages <= MAX_PAGES, f"{pages} pages"

    def test_no_chrome_rendered(self, page: Page, served: Served) -> None:
        """In print media no navigation, search, toggle or footer element is rendered."""
        page.goto(served.url(RESUME))
        page.emulate_media(media="print")
        shown = page.evaluate(
            """(sels) => sels.flatMap((s) => [...document.querySelectorAll(s)]
                 .filter((el) => el.checkVisibility({visibilityProperty: true})
                                 && el.getClientRects().length > 0)
                 .map((el) => s + ": " + (el.className || el.tagName)))""",
            CHROME_SELECTORS,
        )
        assert [] == shown

    def test_no_chrome_text_in_pdf(self, page: Page, served: Served) -> None:
        """The printed PDF contains none of the theme's navigation labels."""
        page.goto(served.url(RESUME))
        _, text = pdf_text(page)
        assert [] == [label for label in CHROME_TEXT if label in text]
