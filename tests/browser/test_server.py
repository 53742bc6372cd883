"""The test server compresses text as the real host does, and serves files byte for byte."""

from __future__ import annotations

import gzip
import urllib.request

import pytest

from tests.browser.helpers import Served

pytestmark = pytest.mark.browser


class TestServer:
    """Tests for ``serve.py``."""

    def test_gzips_html_for_clients_that_accept_it(self, served: Served) -> None:
        """With Accept-Encoding: gzip the landing page arrives gzipped and decodes to the file."""
        req = urllib.request.Request(served.url("index.html"), headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            encoding, body = resp.headers["Content-Encoding"], resp.read()
        assert "gzip" == encoding
        assert (served.site.html / "index.html").read_bytes() == gzip.decompress(body)

    def test_plain_without_accept_encoding(self, served: Served) -> None:
        """Without Accept-Encoding the file is sent as it is."""
        with urllib.request.urlopen(served.url("index.html"), timeout=10) as resp:
            encoding, body = resp.headers["Content-Encoding"], resp.read()
        assert encoding is None
        assert (served.site.html / "index.html").read_bytes() == body
