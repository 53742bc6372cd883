"""Fixtures for the real-browser checks: one site build, a local HTTP server, and Chromium.

The site is built once (the ``site`` fixture of ``tests/conftest.py``: warnings are errors) into
a temporary directory, served on 127.0.0.1 on a free port by ``serve.py`` (the standard
library's ``http.server`` plus gzip, as the real host compresses), and stopped by its process
id. Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright; it is never downloaded
(``playwright install`` cannot reach its servers here). A missing Chromium is a test error, not
a skip: ``tests/browser/setup.sh`` installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    sync_playwright,
)

from tests.browser.helpers import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_FLAGS,
    DESKTOP,
    HERE,
    SCREENSHOTS,
    SUMMARY,
    Served,
)
from tests.helpers import BuiltSite


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"serve.py exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail(f"serve.py did not answer {url} within {timeout} s")


@pytest.fixture(scope="session")
def built(request: pytest.FixtureRequest) -> BuiltSite:
    """The site under test: the session's strict build, or ``$BROWSER_SITE_HTML`` if set.

    The variable (a built HTML folder, e.g. ``docs/_build/html``) is for a quick look at an
    existing build while editing CSS; CI never sets it, so CI always checks a fresh build.
    """
    if given := os.environ.get("BROWSER_SITE_HTML"):
        html = Path(given).resolve()
        if not (html / "index.html").is_file():
            pytest.fail(f"BROWSER_SITE_HTML={given} has no index.html")
        return BuiltSite(html=html, doctrees=html.parent / "doctrees", warnings="")
    site: BuiltSite = request.getfixturevalue("site")
    return site


@pytest.fixture(scope="session")
def served(built: BuiltSite) -> Iterator[Served]:
    """The built site served on 127.0.0.1 by ``serve.py`` (http.server + gzip); stopped by pid."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "serve.py"), str(port), str(built.html)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/index.html", proc)
        yield Served(site=built, base=base)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's synchronous driver."""
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; an error (never a skip) when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: run `bash tests/browser/setup.sh` (apt-get install chromium)"
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The pinned axe-core script, to inject into pages."""
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `bash tests/browser/setup.sh` (npm ci)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh desktop browser context (empty localStorage, light scheme)."""
    ctx = browser.new_context(viewport=DESKTOP, color_scheme="light")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A fresh page in a fresh desktop context."""
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots(built: BuiltSite) -> Iterator[Path]:
    """Folder beside the temp build for screenshots and axe reports; copied to docs/_build."""
    out = built.html.parent / "screenshots"
    out.mkdir(exist_ok=True)
    yield out
    if out.resolve() == SCREENSHOTS.resolve():
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for shot in out.glob("*"):
        shutil.copy2(shot, SCREENSHOTS / shot.name)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the axe counts and Lighthouse scores that the tests measured."""
    if SUMMARY:
        terminalreporter.section("browser checks: measured")
        for key, line in sorted(SUMMARY.items()):
            terminalreporter.write_line(f"{key}: {line}")
