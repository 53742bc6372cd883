"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page, in either colour scheme."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.helpers import DESKTOP, SUMMARY, Scheme, Served, run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
class TestAxe:
    """Tests for axe-core's WCAG 2.1 A and AA rules over the whole site."""

    def test_no_violations(
        self, browser: Browser, served: Served, axe_source: str, screenshots: Path, scheme: Scheme
    ) -> None:
        """Every built page has zero axe violations (counts per page go to axe-<scheme>.json)."""
        found: dict[str, list[dict[str, Any]]] = {}
        counts: dict[str, int] = {}
        for path, page in served.visit(browser, scheme):
            violations = run_axe(page, axe_source)
            counts[path] = sum(v["count"] for v in violations)
            if violations:
                found[path] = violations
        report = {"pages": len(counts), "violations_per_page": counts, "details": found}
        (screenshots / f"axe-{scheme}.json").write_text(json.dumps(report, indent=1))
        SUMMARY[f"axe {scheme}"] = (
            f"{sum(counts.values())} violations on {len(counts)} pages"
            + "".join(f"; {p}: {n}" for p, n in counts.items() if n)
        )
        assert counts, "no page was checked"
        assert {} == found


# What the keyboard focus currently rests on, and whether it draws a focus indicator
# (an outline, or a box-shadow ring) once the element is focused.
_FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // sphinx-design's stretched card links draw their outline on ::after, around the whole card.
  const drawn = (cs) => (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0)
                        || cs.boxShadow !== "none";
  const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
  return {what: el.tagName.toLowerCase() + "." + el.className + " " + label.slice(0, 30),
          indicated: drawn(getComputedStyle(el)) || drawn(getComputedStyle(el, "::after"))};
}
"""
TAB_STOPS = 60


@pytest.mark.parametrize("scheme", ["light", "dark"])
class TestFocus:
    """Tests for the keyboard focus indicator (WCAG 2.4.7), which axe cannot check."""

    def test_every_tab_stop_shows_focus(
        self, browser: Browser, served: Served, scheme: Scheme
    ) -> None:
        """Tabbing through the landing page, every focused element draws an outline or ring."""
        ctx = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        page = ctx.new_page()
        page.goto(served.url("index.html"))
        seen: list[str] = []
        unmarked: list[str] = []
        for _ in range(TAB_STOPS):
            page.keyboard.press("Tab")
            focused = page.evaluate(_FOCUSED_JS)
            if focused is None:
                break
            seen.append(focused["what"])
            if not focused["indicated"]:
                unmarked.append(focused["what"])
        ctx.close()
        assert len(seen) >= 10, f"only {len(seen)} tab stops: {seen}"
        assert [] == unmarked, "\n".join(unmarked)
