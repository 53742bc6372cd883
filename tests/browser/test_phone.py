"""Phone: at 390x844 no page scrolls sideways, and the landing page shows who and how to reach."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import PHONE, Served, visible_text_in_viewport

pytestmark = pytest.mark.browser


def phone_page(browser: Browser) -> Page:
    """A page in a phone-sized, touch, high-density context."""
    ctx = browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True, color_scheme="light"
    )
    return ctx.new_page()


def source_facts(datadir: Path) -> dict[str, str]:
    """Name, e-mail, GitHub, and the current role (company, title) from the source résumé."""
    lines = [
        ln.strip() for ln in (datadir / "resume-source" / "resume.txt").read_text().splitlines()
    ]
    lines = [ln for ln in lines if ln]
    contact = lines[1].split(" | ")
    present = next(i for i, ln in enumerate(lines) if ln.endswith("- Present"))
    return {
        "name": lines[0],
        "email": next(c for c in contact if "@" in c),
        "github": next(c for c in contact if c.startswith("github.com/")),
        "company": lines[present - 3],
        "title": lines[present - 2].split(",")[0],
    }


class TestPhone:
    """Tests for the site on a 390x844 phone screen."""

    def test_source_facts_parse(self, datadir: Path) -> None:
        """The current role is read from the source résumé's "- Present" entry."""
        facts = source_facts(datadir)
        assert ("OpenAI", "Member of Technical Staff") == (facts["company"], facts["title"])

    def test_no_page_scrolls_horizontally(self, browser: Browser, served: Served) -> None:
        """On every page the document is no wider than the phone's viewport."""
        page = phone_page(browser)
        too_wide: dict[str, int] = {}
        for path in served.pages():
            page.goto(served.url(path))
            width: int = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[path] = width
        page.context.close()
        assert {} == too_wide

    def test_landing_page_above_the_fold(
        self, browser: Browser, served: Served, datadir: Path, screenshots: Path
    ) -> None:
        """Name, current role and the e-mail and GitHub links are visible without scrolling."""
        facts = source_facts(datadir)
        page = phone_page(browser)
        page.goto(served.url("index.html"))
        page.screenshot(path=str(screenshots / "landing-phone.png"))
        text = visible_text_in_viewport(page)
        missing = [facts[k] for k in ("name", "company", "title") if facts[k] not in text]
        links = page.eval_on_selector_all(
            "a[href]",
            """els => els.filter(a => {
                 const r = a.getBoundingClientRect();
                 return a.checkVisibility() && r.width > 0 && r.top >= 0
                        && r.bottom <= window.innerHeight;
               }).map(a => a.href)""",
        )
        hrefs = {unquote(h) for h in links}
        if f"mailto:{facts['email']}" not in hrefs:
            missing.append(f"mailto:{facts['email']}")
        if not any(re.fullmatch(rf"https://{re.escape(facts['github'])}/?", h) for h in hrefs):
            missing.append(f"https://{facts['github']}")
        page.context.close()
        assert [] == missing
