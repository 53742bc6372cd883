"""Dark mode: OS preference, furo's theme toggle, readable code blocks, plots with dark variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.helpers import DESKTOP, Scheme, Served, background_luminance

pytestmark = pytest.mark.browser

# A light page's background has luminance near 1, a dark one's near 0; 0.5 separates them.
DARK_BELOW = 0.5

# For every rendered code token: the contrast ratio of its colour against its code block's
# background (WCAG formula). Comments and prompts count too: a visitor reads them.
_CODE_CONTRAST_JS = """
() => {
  const parse = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const bgOf = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0.99) return c;
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const pre of document.querySelectorAll("div.highlight pre")) {
    if (!pre.checkVisibility()) continue;
    const bg = lum(bgOf(pre));
    for (const el of [pre, ...pre.querySelectorAll("span")]) {
      if (!el.textContent.trim()) continue;
      const r = ratio(lum(parse(getComputedStyle(el).color)), bg);
      if (r < 4.5) worst.push({cls: el.className, text: el.textContent.slice(0, 30),
                               ratio: Math.round(r * 100) / 100});
    }
  }
  return worst.slice(0, 10);
}
"""

# Plots must work on a dark page: an image shown by default (no only-light/only-dark class)
# needs a transparent background (its four corner pixels are transparent), and an only-light
# image needs an only-dark variant on the same page (as many only-dark images as only-light).
_PLOTS_JS = """
async () => {
  const bad = [];
  // Sphinx's own UI icons (the module index's +/- togglers) are not plots.
  const imgs = [...document.querySelectorAll("article img:not(.toggler)")];
  const darkCount = imgs.filter((i) => i.closest(".only-dark")).length;
  const lightCount = imgs.filter((i) => i.closest(".only-light")).length;
  for (const img of imgs) {
    const cls = (el) => img.closest(el) !== null;
    if (cls(".only-dark")) continue;
    if (cls(".only-light")) {
      if (img.checkVisibility()) bad.push({src: img.src, why: "light variant shown on dark"});
      if (darkCount < lightCount) bad.push({src: img.src, why: "fewer only-dark than only-light"});
      continue;
    }
    await img.decode().catch(() => {});
    const w = img.naturalWidth, h = img.naturalHeight;
    if (!w || !h) { bad.push({src: img.src, why: "does not load"}); continue; }
    const c = document.createElement("canvas");
    c.width = w; c.height = h;
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0, w, h);
    const corners = [[0, 0], [w - 1, 0], [0, h - 1], [w - 1, h - 1]];
    const opaque = corners.some(([x, y]) => ctx.getImageData(x, y, 1, 1).data[3] > 0);
    if (opaque) bad.push({src: img.src, why: "opaque background and no dark variant"});
  }
  return bad;
}
"""


def open_page(browser: Browser, served: Served, path: str, scheme: Scheme) -> Page:
    """Open ``path`` in a fresh desktop context with the given preferred colour scheme."""
    ctx = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = ctx.new_page()
    page.goto(served.url(path))
    return page


class TestColourScheme:
    """Tests for the light and dark renderings of the landing page."""

    def test_light_preference_renders_light(
        self, browser: Browser, served: Served, screenshots: Path
    ) -> None:
        """With prefers-color-scheme: light the landing page has a light background."""
        page = open_page(browser, served, "index.html", "light")
        page.screenshot(path=str(screenshots / "landing-light.png"))
        assert background_luminance(page) > DARK_BELOW
        page.context.close()

    def test_dark_preference_renders_dark(
        self, browser: Browser, served: Served, screenshots: Path
    ) -> None:
        """With prefers-color-scheme: dark the landing page has a dark background."""
        page = open_page(browser, served, "index.html", "dark")
        page.screenshot(path=str(screenshots / "landing-dark.png"))
        assert background_luminance(page) < DARK_BELOW
        page.context.close()


class TestThemeToggle:
    """Tests for furo's theme toggle button."""

    def test_toggle_switches_and_survives_navigation(
        self, browser: Browser, served: Served
    ) -> None:
        """Clicking the toggle on a light page turns it dark, and the next page opens dark."""
        page = open_page(browser, served, "index.html", "light")
        assert background_luminance(page) > DARK_BELOW
        page.locator(".content-icon-container .theme-toggle").click()
        assert "dark" == page.evaluate("document.body.dataset.theme")
        assert background_luminance(page) < DARK_BELOW
        # Navigate by following a link, as a visitor does.
        page.locator(".sidebar-tree a.reference").first.click()
        page.wait_for_load_state()
        assert "index.html" not in page.url
        assert "dark" == page.evaluate("localStorage.getItem('theme')")
        assert "dark" == page.evaluate("document.body.dataset.theme")
        assert background_luminance(page) < DARK_BELOW
        page.context.close()

    def test_toggle_back_to_light(self, browser: Browser, served: Served) -> None:
        """From dark (OS preference) the toggle switches to light, and it sticks after reload."""
        page = open_page(browser, served, "index.html", "dark")
        page.locator(".content-icon-container .theme-toggle").click()
        assert "light" == page.evaluate("document.body.dataset.theme")
        page.reload()
        assert background_luminance(page) > DARK_BELOW
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
class TestReadableInBothSchemes:
    """Tests that code blocks stay readable in each colour scheme, on every page."""

    def test_code_blocks_have_contrast(
        self, browser: Browser, served: Served, scheme: Scheme
    ) -> None:
        """Every code token has a contrast ratio of at least 4.5 against its block's background."""
        low: dict[str, Any] = {}
        for path, page in served.visit(browser, scheme, containing=("highlight",)):
            if found := page.evaluate(_CODE_CONTRAST_JS):
                low[path] = found
        assert {} == low


class TestPlots:
    """Tests for the images (plots) on every page."""

    def test_plots_work_on_dark(self, browser: Browser, served: Served) -> None:
        """On a dark page every content image is a dark variant or has a transparent background."""
        bad: dict[str, Any] = {}
        for path, page in served.visit(browser, "dark", containing=("<img",)):
            if found := page.evaluate(_PLOTS_JS):
                bad[path] = found
        assert {} == bad
