"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any page, in either colour scheme."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import DESKTOP, Scheme, Served
from tests.browser.helpers import run_axe

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
class TestAxe:
    """Tests for axe-core's WCAG 2.1 A and AA rules over the whole site."""

    def test_no_violations(
        self, browser: Browser, served: Served, axe_source: str, screenshots: Path, scheme: Scheme
    ) -> None:
        """Every built page has zero axe violations (counts per page go to axe-<scheme>.json)."""
        ctx = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
        page = ctx.new_page()
        found: dict[str, list[dict[str, Any]]] = {}
        counts: dict[str, int] = {}
        for path in served.pages():
            page.goto(served.url(path))
            violations = run_axe(page, axe_source)
            counts[path] = sum(v["count"] for v in violations)
            if violations:
                found[path] = violations
        ctx.close()
        report = {"pages": len(counts), "violations_per_page": counts, "details": found}
        (screenshots / f"axe-{scheme}.json").write_text(json.dumps(report, indent=1))
        assert counts, "no page was checked"
        assert {} == found
