"""Run the real ``searchtools.js`` of a built site under Node.js, to check the Python port."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

__all__ = ["NODE", "run_searchtools"]

NODE = shutil.which("node")

# Just enough of a browser for Search._parseQuery/_performSearch: no DOM is touched on that path
# except document.getElementById("search-progress"), which may be null.
_STUBS = """
globalThis.window = globalThis;
globalThis.document = { getElementById: () => null };
globalThis.localStorage = { setItem: () => {} };
globalThis.DOCUMENTATION_OPTIONS = {};
globalThis.SPHINX_HIGHLIGHT_ENABLED = false;
globalThis._ = (s) => s;
const _ready = () => {};
"""

_DRIVER = """
const index = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8")
  .replace(/^Search\\.setIndex\\(/, "").replace(/\\)\\s*$/, ""));
Search._index = index;
const queries = JSON.parse(process.argv[3]);
const out = {};
for (const q of queries) {
  const parsed = Search._parseQuery(q);
  // The page pops results from the end of this list: reverse it into display order.
  out[q] = Search._performSearch(...parsed).reverse().map((r) => [r[0], r[1], r[2], r[4], r[6]]);
}
process.stdout.write(JSON.stringify(out));
"""


def run_searchtools(html: Path, queries: list[str], workdir: Path) -> dict[str, list[list[object]]]:
    """Results of ``queries`` from the site's own JS: ``[docname, title, anchor, score, kind]``."""
    if NODE is None:
        raise RuntimeError("node is not installed")
    static = html / "_static"
    script = workdir / "searchtools-run.js"
    script.write_text(
        _STUBS
        + (static / "language_data.js").read_text(encoding="utf-8")
        + "\n"
        + (static / "searchtools.js").read_text(encoding="utf-8")
        + "\n"
        + _DRIVER,
        encoding="utf-8",
    )
    proc = subprocess.run(
        [NODE, str(script), str(html / "searchindex.js"), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, list[list[object]]] = json.loads(proc.stdout)
    return result
