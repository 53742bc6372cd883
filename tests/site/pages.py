"""Helpers shared by the site tests: walking the built pages and resolving their links."""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

__all__ = [
    "CONTENT_PAGES",
    "PERSON_PAGES",
    "base_url",
    "html_pages",
    "ids_of",
    "main_text",
    "resolve",
    "soup_of",
]

# The pages this site promises (their URLs are the public contract).
CONTENT_PAGES = [
    "index",
    "experience/openai",
    "experience/roblox",
    "experience/de-generate",
    "experience/williams-research",
    "projects/learned-filters",
    "projects/cuckoo-filter",
    "projects/community-detection",
    "projects/swell",
    "projects/firestone",
    "education",
    "skills",
    "honors",
    "resume",
    "about",
]
# The pages whose text is about the person (the others explain algorithms or the site).
PERSON_PAGES = [
    "index",
    "experience/openai",
    "experience/roblox",
    "experience/de-generate",
    "experience/williams-research",
    "education",
    "skills",
    "honors",
    "resume",
]


def base_url() -> str:
    """The canonical base URL the build uses (conf.py's rule)."""
    return os.environ.get(
        "READTHEDOCS_CANONICAL_URL", "https://pzhao-portfolio.readthedocs.io/en/latest/"
    )


def html_pages(root: Path) -> list[Path]:
    """Every HTML page of the built site (not the theme's static files)."""
    return sorted(p for p in root.rglob("*.html") if "_static" not in p.relative_to(root).parts)


@functools.cache
def soup_of(path: Path) -> BeautifulSoup:
    """The parsed page (cached: several tests walk every page)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@functools.cache
def ids_of(path: Path) -> frozenset[str]:
    """Every fragment a link can point at on a page: ``id`` attributes and ``<a name>``."""
    soup = soup_of(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(str(i) for i in ids)


def main_text(path: Path) -> str:
    """The visible text of a page's article (no navigation), whitespace collapsed."""
    article = soup_of(path).find("article")
    assert article is not None, path
    return " ".join(article.get_text(" ").split())


def resolve(root: Path, page: Path, ref: str) -> tuple[Path, str] | None:
    """The file and fragment an internal reference points at, or None for an external one.

    404.html is served for any missing path, so its links are root-relative (``/about.html``,
    or ``/en/latest/about.html`` on Read the Docs); they resolve from the site root.
    """
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        prefix = urlsplit(base_url()).path if page.name == "404.html" else "/"
        rel = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
        target = root / rel
    else:
        target = page.parent / PurePosixPath(path)
    target = Path(os.path.normpath(target))
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)
