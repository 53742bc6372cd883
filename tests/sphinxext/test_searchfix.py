"""Search aliases survive incremental builds (portfolio.sphinxext.searchfix)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from portfolio.sphinxext.searchfix import restore_index_entries

CONF = 'extensions = ["myst_parser", "portfolio.sphinxext.searchfix"]\nroot_doc = "index"\n'
PAGES = {
    "index.md": "# Home\n\n```{toctree}\na\nb\n```\n",
    "a.md": "# Page A\n\n```{index} !k8s\n```\n\nText about Kubernetes.\n",
    "b.md": "# Page B\n\n```{index} !feature store\n```\n\nText about Frost.\n",
}


def _build(src: Path, out: Path) -> dict[str, object]:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(src), str(out)],
        check=True,
        capture_output=True,
    )
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert isinstance(data, dict)
    return data


def _entries(index: dict[str, object]) -> dict[str, set[str]]:
    docnames = index["docnames"]
    entries = index["indexentries"]
    assert isinstance(docnames, list)
    assert isinstance(entries, dict)
    return {entry: {docnames[ref[0]] for ref in refs} for entry, refs in entries.items()}


class TestSearchFix:
    """Tests for restoring index entries across incremental builds."""

    def test_aliases_survive_a_rebuild(self, tmp_path: Path) -> None:
        """After only page A changes, page B's index entry is still in the search index."""
        src, out = tmp_path / "src", tmp_path / "out"
        src.mkdir()
        (src / "conf.py").write_text(CONF, encoding="utf-8")
        for name, text in PAGES.items():
            (src / name).write_text(text, encoding="utf-8")
        first = _entries(_build(src, out))
        assert {"k8s": {"a"}, "feature store": {"b"}} == first

        later = time.time() + 5
        (src / "a.md").write_text(PAGES["a.md"] + "\nMore text.\n", encoding="utf-8")
        os.utime(src / "a.md", (later, later))
        assert first == _entries(_build(src, out))

    def test_removed_page_entries_are_dropped(self) -> None:
        """Entries of documents outside ``keep`` (deleted or re-read) are not restored."""
        frozen = {"docnames": ["a", "b"], "indexentries": {"x": [[0, "", False], [1, "t", True]]}}
        assert {"b": [("x", "t", "main")]} == restore_index_entries(frozen, {"b"})
