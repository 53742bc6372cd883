"""Lighthouse (mobile preset) on four kinds of page; the scores go to docs/_data/lighthouse.csv."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_FLAGS, LIGHTHOUSE_CLI, SUMMARY, Served
from tests.helpers import DOCS

pytestmark = pytest.mark.browser

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
RESULTS = DOCS / "_data" / "lighthouse.csv"
KINDS = ["landing", "role", "project", "api"]


def pick_pages(served: Served) -> dict[str, str]:
    """The page of each kind: the landing page, the Roblox role, the first project and API page."""
    pages = served.pages()
    projects = [p for p in pages if p.startswith("projects/") and p != "projects/index.html"]
    apis = [p for p in pages if p.startswith("samples/") and p.endswith("/api.html")]
    chosen = {
        k: p
        for k, p in (("landing", "index.html"), ("role", "experience/roblox.html"))
        if p in pages
    }
    if projects:
        chosen["project"] = projects[0]
    if apis:
        chosen["api"] = apis[0]
    return chosen


def lighthouse(url: str, out: Path) -> dict[str, int]:
    """Run the pinned Lighthouse CLI (its default: the mobile preset) on ``url``; return scores."""
    flags = ["--headless=new" if f == "--headless" else f for f in CHROMIUM_FLAGS]
    proc = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE_CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={' '.join(flags)}",
        ],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(f"lighthouse failed on {url} ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        pytest.fail(f"lighthouse runtime error on {url}: {report['runtimeError']}")
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def median_scores(url: str, out: Path, runs: int = 3) -> dict[str, int]:
    """Scores of one Lighthouse run, or, when it misses a minimum, the median of ``runs`` runs.

    Performance is simulated on a throttled CPU, so on a busy machine one run can lose points
    to total blocking time that the next does not; Lighthouse's own guidance for pass/fail
    thresholds is the median of several runs. A page that passes first time is run once.
    """
    first = lighthouse(url, out)
    if all(first[c] >= MINIMUM[c] for c in CATEGORIES):
        return first
    every = [first, *(lighthouse(url, out) for _ in range(runs - 1))]
    return {c: sorted(r[c] for r in every)[len(every) // 2] for c in CATEGORIES}


def failing_audits(out: Path) -> list[str]:
    """The weighted audits that lost points, e.g. ``"seo/meta-description 0"``, for the message."""
    report = json.loads(out.read_text(encoding="utf-8"))
    lost = []
    for cat in report["categories"].values():
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{cat['id']}/{ref['id']} {audit['score']}")
    return lost


@pytest.fixture(scope="module")
def scores(
    served: Served, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, object]]:
    """Lighthouse results per kind of page; also written to docs/_data/lighthouse.csv."""
    if not LIGHTHOUSE_CLI.is_file():
        pytest.fail(f"{LIGHTHOUSE_CLI} is missing: run `bash tests/browser/setup.sh` (npm ci)")
    out_dir = tmp_path_factory.mktemp("lighthouse")
    results: dict[str, dict[str, object]] = {}
    for kind, path in pick_pages(served).items():
        out = out_dir / f"{kind}.json"
        results[kind] = {"page": path, "scores": median_scores(served.url(path), out)}
        results[kind]["lost"] = failing_audits(out)
        SUMMARY[f"lighthouse {kind}"] = f"{path} " + json.dumps(results[kind]["scores"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["page", *CATEGORIES])
        for res in results.values():
            s = res["scores"]
            assert isinstance(s, dict)
            writer.writerow([str(res["page"]).removesuffix(".html"), *(s[c] for c in CATEGORIES)])
    return results


class TestLighthouse:
    """Tests for Lighthouse's mobile scores on the landing, role, project and API pages."""

    @pytest.mark.parametrize("kind", KINDS)
    def test_scores(self, scores: dict[str, dict[str, object]], kind: str) -> None:
        """Performance is at least 95 and accessibility, best practices and SEO are 100."""
        assert kind in scores, f"no {kind} page was built"
        result = scores[kind]
        got = result["scores"]
        assert isinstance(got, dict)
        below = {c: got[c] for c in CATEGORIES if got[c] < MINIMUM[c]}
        assert {} == below, f"{result['page']}: lost points in {result['lost']}"
