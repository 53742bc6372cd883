"""What the browser checks share: paths, Chromium flags, viewports, the served site, and in-page
measurements (colours, visibility, axe). Tests import these from here, never from conftest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from playwright.sync_api import Browser, Page, ViewportSize

from tests.helpers import ROOT, BuiltSite

__all__ = [
    "AXE_JS",
    "AXE_TAGS",
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "DESKTOP",
    "HERE",
    "LIGHTHOUSE_CLI",
    "PHONE",
    "SCREENSHOTS",
    "SUMMARY",
    "Scheme",
    "Served",
    "background_luminance",
    "run_axe",
    "visible_text_in_viewport",
]

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = HERE / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
# The flags the issue prescribes: headless, no sandbox (root in CI), nothing phoning home.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Screenshots and axe reports for a person to look at: beside the built site, never inside it (the
# html folder is published as it is).
SCREENSHOTS = ROOT / "docs" / "_build" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
# The colour schemes a visitor can prefer.
Scheme = Literal["light", "dark"]


@dataclass(frozen=True)
class Served:
    """The built site and the URL it is served at."""

    site: BuiltSite
    base: str

    def url(self, page: str) -> str:
        """Return the URL of a built page, e.g. ``url("experience/roblox.html")``."""
        return f"{self.base}/{page}"

    def pages(self) -> list[str]:
        """Every built HTML page, relative to the site root, sorted (static assets excluded)."""
        return sorted(
            p.relative_to(self.site.html).as_posix()
            for p in self.site.html.rglob("*.html")
            if not p.relative_to(self.site.html).parts[0].startswith("_static")
        )

    def visit(
        self, browser: Browser, scheme: Scheme, *, containing: tuple[str, ...] = ()
    ) -> Iterator[tuple[str, Page]]:
        """Open each built page in turn in one desktop-sized tab: yield its path and the tab.

        With ``containing``, only the pages whose HTML holds one of those strings are opened.
        The browser context is closed when the loop ends, or is left early.
        """
        ctx = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        try:
            page = ctx.new_page()
            for path in self.pages():
                html = (self.site.html / path).read_text(encoding="utf-8")
                if containing and not any(marker in html for marker in containing):
                    continue
                page.goto(self.url(path))
                yield path, page
        finally:
            ctx.close()


# Numbers worth reading in a CI log, filled in by the tests and printed after the run.
SUMMARY: dict[str, str] = {}

# WCAG 2.1 levels A and AA (2.0 rules are tagged wcag2a/wcag2aa, 2.1 additions wcag21a/wcag21aa).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Relative luminance (WCAG) of the page's effective background colour: the first opaque
# background found walking up from <article> (furo paints it on body / .page).
_LUMINANCE_JS = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let el = document.querySelector("article") || document.body;
  while (el) {
    const m = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (m.length === 3 || m[3] > 0.99) return lum(m.slice(0, 3));
    el = el.parentElement;
  }
  return 1.0;  // the canvas default is white
}
"""

# The text of every text node that is rendered and lies fully inside the first screenful.
_VISIBLE_TEXT_JS = """
() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight
        && r.left >= 0 && r.right <= window.innerWidth) out.push(node.textContent);
  }
  return out.join(" ").replace(/\\s+/g, " ");
}
"""


def background_luminance(page: Page) -> float:
    """Return the WCAG relative luminance (0 black .. 1 white) of the content's background."""
    value: float = page.evaluate(_LUMINANCE_JS)
    return value


def visible_text_in_viewport(page: Page) -> str:
    """Return the text a visitor sees without scrolling, whitespace collapsed."""
    text: str = page.evaluate(_VISIBLE_TEXT_JS)
    return text


def run_axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA rules) on the loaded page; return its violations.

    Each violation is reduced to its rule id, impact, and the CSS targets of the failing nodes.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
          const res = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                               resultTypes: ["violations"]});
          return res.violations.map((v) => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
            count: v.nodes.length,
          }));
        }""",
        AXE_TAGS,
    )
    return violations
