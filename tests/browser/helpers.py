"""In-page measurements shared by the browser checks (colours, visibility, axe)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

__all__ = [
    "AXE_TAGS",
    "background_luminance",
    "run_axe",
    "visible_text_in_viewport",
]

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
