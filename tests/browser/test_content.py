"""What a visitor sees: screenshots of the key pages, and each plot caption shown once."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import DESKTOP, PHONE, Scheme, Served, visible_text_in_viewport

pytestmark = pytest.mark.browser

# The text of every caption a visitor can see (figure captions and table captions), in order.
_VISIBLE_CAPTIONS_JS = """
() => [...document.querySelectorAll("article figcaption, article table > caption")]
  .filter((el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true})
                  && el.getBoundingClientRect().height > 0)
  .map((el) => el.textContent.replace(/[¶#]/g, "").replace(/\\s+/g, " ").trim())
  .filter((t) => t !== "")
"""

# name -> (page, viewport, scheme): the screenshots a reviewer looks at.
SHOTS = {
    "landing-390-light": ("index.html", PHONE, "light"),
    "landing-390-dark": ("index.html", PHONE, "dark"),
    "landing-1280-light": ("index.html", DESKTOP, "light"),
    "landing-1280-dark": ("index.html", DESKTOP, "dark"),
    "roblox-1280-light": ("experience/roblox.html", DESKTOP, "light"),
    "roblox-390-dark": ("experience/roblox.html", PHONE, "dark"),
    "project-community-detection-1280-light": (
        "projects/community-detection.html",
        DESKTOP,
        "light",
    ),
    "skills-1280-light": ("skills.html", DESKTOP, "light"),
}


def open_page(
    browser: Browser, served: Served, path: str, viewport: object, scheme: Scheme
) -> Page:
    """``path`` in a fresh context of the given size and colour scheme."""
    ctx = browser.new_context(viewport=viewport, color_scheme=scheme)  # type: ignore[arg-type]
    page = ctx.new_page()
    page.goto(served.url(path))
    return page


class TestScreenshots:
    """Screenshots of the landing page (phone and desktop, light and dark) and key pages."""

    @pytest.mark.parametrize("name", list(SHOTS))
    def test_screenshot(
        self, browser: Browser, served: Served, screenshots: Path, name: str
    ) -> None:
        """Each page renders and is saved as a full-page PNG for a person to look at."""
        path, viewport, scheme = SHOTS[name]
        page = open_page(browser, served, path, viewport, scheme)  # type: ignore[arg-type]
        out = screenshots / f"{name}.png"
        page.screenshot(path=str(out), full_page=True)
        page.context.close()
        assert out.stat().st_size > 10_000

    @pytest.mark.parametrize(("viewport", "scheme"), [(DESKTOP, "light"), (PHONE, "dark")])
    def test_landing_first_screen(
        self, browser: Browser, served: Served, viewport: object, scheme: Scheme
    ) -> None:
        """The first screen names the current role and its employer, and says Roblox when it
        shows a Roblox figure."""
        page = open_page(browser, served, "index.html", viewport, scheme)
        text = visible_text_in_viewport(page)
        page.context.close()
        assert "Member of Technical Staff, Fleet Infrastructure" in text
        assert "OpenAI" in text
        if "800k RPS" in text:
            assert "Roblox" in text


class TestCaptions:
    """Each figure, caption included, shows once in each colour scheme."""

    @pytest.mark.parametrize("scheme", ["light", "dark"])
    def test_no_caption_visible_twice(
        self, browser: Browser, served: Served, scheme: Scheme
    ) -> None:
        """On every page with figures or captioned tables, no caption text is visible twice."""
        doubled: dict[str, list[str]] = {}
        checked = 0
        for path, page in served.visit(browser, scheme, containing=("<figcaption", "<caption")):
            checked += 1
            captions: list[str] = page.evaluate(_VISIBLE_CAPTIONS_JS)
            twice = sorted({c for c in captions if captions.count(c) > 1})
            if twice:
                doubled[path] = twice
        assert checked >= 3, "expected the benchmark pages' captioned plots"
        assert {} == doubled
