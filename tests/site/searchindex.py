"""A Python port of the ranking in Sphinx's ``searchtools.js``, run over a built ``searchindex.js``.

The port follows ``sphinx/themes/basic/static/searchtools.js`` (Sphinx 9): title matches, index
entries, object names and full-text terms are scored with the same ``Scorer`` constants, sorted
and de-duplicated the same way, and returned in the order the page displays them. Query words are
stemmed with the stemmer Sphinx uses to build the English index (Snowball ``english``, through
:class:`sphinx.search.en.SearchEnglish`), so a query matches exactly the terms the browser would.
The site's ``html_search_scorer`` (``docs/_static/search-scorer.js``) is ported as
:func:`site_score`; ``tests/browser/test_search_port.py`` checks the port against the real JS.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.search.en import SearchEnglish

__all__ = ["Result", "SearchIndex"]

# Scorer constants from searchtools.js.
OBJ_NAME_MATCH = 11
OBJ_PARTIAL_MATCH = 6
OBJ_PRIO = {0: 15, 1: 5, 2: -5}
OBJ_PRIO_DEFAULT = 0
TITLE = 15
PARTIAL_TITLE = 7
TERM = 5
PARTIAL_TERM = 2
INDEX_ENTRY = 100
# The site's own Scorer.score (docs/_static/search-scorer.js): pages outrank API objects, and
# role and project pages outrank other pages that match as well.
OBJECT_PENALTY = 30
WORK_PAGE_BOOST = 5
_WORK_PAGE = re.compile(r"^(experience|projects)/")

_ENGLISH = SearchEnglish({})


@dataclass(frozen=True)
class Result:
    """One search hit, as ``[docname, title, anchor, descr, score, filename, kind]`` in JS."""

    docname: str
    title: str
    anchor: str
    descr: str | None
    score: int
    filename: str
    kind: str

    def key(self) -> tuple[str, str, str, str, str]:
        """The fields searchtools.js compares to drop duplicate results."""
        return (self.docname, self.title, self.anchor, str(self.descr), self.filename)


def _js_round(x: float) -> int:
    """``Math.round``: halves round up (Python's ``round`` rounds them to even)."""
    return math.floor(x + 0.5)


def split_query(query: str) -> list[str]:
    """``splitQuery``: split on runs of characters that are not letters, digits or ``_``."""
    return [t for t in re.split(r"[^\w]+", query) if t]


def site_score(result: Result) -> int:
    """``Scorer.score`` of docs/_static/search-scorer.js: the score the page sorts by."""
    if result.kind == "object":
        return result.score - OBJECT_PENALTY
    if _WORK_PAGE.match(result.docname):
        return result.score + WORK_PAGE_BOOST
    return result.score


def _order(a: Result, b: Result) -> int:
    """``_orderResultsByScoreThenName``: by score, ties by title in reverse alphabetical order."""
    if a.score == b.score:
        left, right = a.title.lower(), b.title.lower()
        if left == right:
            return 0
        return -1 if left > right else 1
    return 1 if a.score > b.score else -1


class SearchIndex:
    """A loaded ``searchindex.js`` and the ``Search.query`` ranking over it."""

    def __init__(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        prefix = "Search.setIndex("
        if not text.startswith(prefix) or not text.rstrip().endswith(")"):
            raise ValueError(f"{path}: not a Sphinx search index")
        self.index: dict[str, Any] = json.loads(text[len(prefix) : text.rstrip().rfind(")")])

    def query(self, query: str) -> list[Result]:
        """Return the results for ``query`` in the order the search page shows them."""
        search_terms: list[str] = []
        for term in split_query(query.strip()):
            lower = term.lower()
            if lower in _ENGLISH.stopwords or re.fullmatch(r"\d+", term):
                continue
            word = _ENGLISH.stem(lower)
            if word not in search_terms and not word.startswith("-"):
                search_terms.append(word)
        object_terms = list(dict.fromkeys(split_query(query.lower().strip())))
        return self._perform_search(query, search_terms, object_terms)

    def top_pages(self, query: str, n: int = 3) -> list[str]:
        """The docnames of the first ``n`` results shown (a page may appear more than once)."""
        return [r.docname for r in self.query(query)[:n]]

    def _perform_search(
        self, query: str, search_terms: list[str], object_terms: list[str]
    ) -> list[Result]:
        idx = self.index
        filenames, docnames, titles = idx["filenames"], idx["docnames"], idx["titles"]
        normal: list[Result] = []
        non_main: list[Result] = []
        q = query.lower().strip()

        for title, found in idx["alltitles"].items():
            if q in title.lower().strip() and len(q) >= len(title) / 2:
                for file, anchor in found:
                    score = _js_round(TITLE * len(q) / len(title))
                    boost = 1 if titles[file] == title else 0
                    shown = title if titles[file] == title else f"{titles[file]} > {title}"
                    normal.append(
                        Result(
                            docnames[file],
                            shown,
                            f"#{anchor}" if anchor is not None else "",
                            None,
                            score + boost,
                            filenames[file],
                            "title",
                        )
                    )

        for entry, found in idx["indexentries"].items():
            if q in entry and len(q) >= len(entry) / 2:
                for file, anchor, is_main in found:
                    result = Result(
                        docnames[file],
                        titles[file],
                        f"#{anchor}" if anchor else "",
                        None,
                        _js_round(INDEX_ENTRY * len(q) / len(entry)),
                        filenames[file],
                        "index",
                    )
                    (normal if is_main else non_main).append(result)

        for term in object_terms:
            normal.extend(self._object_search(term, object_terms))
        normal.extend(self._terms_search(search_terms))

        # Scorer.score rewrites every score before the sort.
        normal = [dataclasses.replace(r, score=site_score(r)) for r in normal]
        non_main = [dataclasses.replace(r, score=site_score(r)) for r in non_main]
        by_score = functools.cmp_to_key(_order)
        results = sorted(non_main, key=by_score) + sorted(normal, key=by_score)
        # Keep the highest-scoring copy of duplicates; the page shows the list from its end.
        seen: set[tuple[str, str, str, str, str]] = set()
        shown_order: list[Result] = []
        for result in reversed(results):
            if result.key() not in seen:
                seen.add(result.key())
                shown_order.append(result)
        return shown_order

    def _object_search(self, obj: str, object_terms: list[str]) -> list[Result]:
        idx = self.index
        filenames, docnames, titles = idx["filenames"], idx["docnames"], idx["titles"]
        objnames = idx["objnames"]
        results: list[Result] = []
        for prefix, matches in idx["objects"].items():
            for match in matches:
                doc, objtype, prio, anchor, name = match[:5]
                fullname = f"{prefix}.{name}" if prefix else name
                lower = fullname.lower()
                if obj not in lower:
                    continue
                parts = lower.split(".")
                score = 0
                if lower == obj or parts[-1] == obj:
                    score += OBJ_NAME_MATCH
                elif obj in parts[-1]:
                    score += OBJ_PARTIAL_MATCH
                objname = objnames[str(objtype)][2]
                title = titles[doc]
                others = [t for t in object_terms if t != obj]
                haystack = f"{prefix} {name} {objname} {title}".lower()
                if others and any(t not in haystack for t in others):
                    continue
                if anchor == "":
                    anchor = fullname
                elif anchor == "-":
                    anchor = f"{objnames[str(objtype)][1]}-{fullname}"
                score += OBJ_PRIO.get(prio, OBJ_PRIO_DEFAULT)
                results.append(
                    Result(
                        docnames[doc],
                        fullname,
                        f"#{anchor}",
                        f"{objname}, in {title}",
                        score,
                        filenames[doc],
                        "object",
                    )
                )
        return results

    def _terms_search(self, search_terms: list[str]) -> list[Result]:
        idx = self.index
        terms, title_terms = idx["terms"], idx["titleterms"]
        filenames, docnames, titles = idx["filenames"], idx["docnames"], idx["titles"]
        score_map: dict[int, dict[str, int]] = {}
        file_map: dict[int, list[str]] = {}
        for word in search_terms:
            records: list[tuple[Any, int]] = [
                (terms.get(word), TERM),
                (title_terms.get(word), TITLE),
            ]
            if len(word) > 2:
                if word not in terms:
                    records += [(f, PARTIAL_TERM) for t, f in terms.items() if word in t]
                if word not in title_terms:
                    records += [(f, PARTIAL_TITLE) for t, f in title_terms.items() if word in t]
            if all(files is None for files, _ in records):
                continue
            found: list[int] = []
            for files, score in records:
                if files is None:
                    continue
                files_list = files if isinstance(files, list) else [files]
                found.extend(files_list)
                for file in files_list:
                    score_map.setdefault(file, {})[word] = score
            for file in found:
                words = file_map.setdefault(file, [])
                if word not in words:
                    words.append(word)
        results: list[Result] = []
        long_terms = len([t for t in search_terms if len(t) > 2])
        for file, words in file_map.items():
            if len(words) != len(search_terms) and len(words) != long_terms:
                continue
            score = max(score_map[file][w] for w in words)
            results.append(
                Result(docnames[file], titles[file], "", None, score, filenames[file], "text")
            )
        return results
