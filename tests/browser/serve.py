"""Serve a built site on 127.0.0.1 as ``python -m http.server`` does, plus gzip for text.

Read the Docs (where the site is published) compresses HTML, CSS and JS; ``http.server`` does
not. Without compression Lighthouse's simulated mobile network charges a large API page 200 kB
instead of 20 kB, so the performance score would measure this test server, not the site.
Usage: ``python tests/browser/serve.py PORT DIRECTORY``; stop it by its process id.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import sys
from pathlib import Path
from typing import BinaryIO

__all__ = ["GzipHandler", "main"]

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """``SimpleHTTPRequestHandler`` that gzips text files for clients that accept gzip."""

    def send_head(self) -> BinaryIO | None:
        """Answer as the base class does, but with a gzipped body for compressible files."""
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the tests report what matters."""


def main(argv: list[str]) -> None:
    """Serve ``argv[1]`` (a folder) on 127.0.0.1 port ``argv[0]`` until killed."""
    port, directory = int(argv[0]), argv[1]
    handler = functools.partial(GzipHandler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
