"""Fixtures for the ingest tests: small, clearly synthetic inputs written into tmp_path by the tests."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from eventwire.ingest import read_inputs

# Synthetic reports about made-up places ("Testville", "Norland"); no real news text.
REPORT = ("Police in Testville fired tear gas at several hundred protesters on Tuesday, the Norland "
          "interior ministry said. Two people were injured.")

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Teachers march in Testville | Norland Ledger</title>
<meta property="og:site_name" content="Norland Ledger">
<link rel="canonical" href="https://ledger.example/news/testville-march">
<meta property="article:published_time" content="2024-03-04T09:00:00+02:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<article><h1>Teachers march in Testville</h1>
<p>Hundreds of teachers marched through central Testville on Monday to demand unpaid wages, organisers said.</p>
<p>Police watched from a distance and no arrests were reported, according to a spokesperson for the regional police.</p>
<p>The union said it would strike again next week if the ministry did not answer its letter about wages.</p>
</article>
<footer>Copyright Norland Ledger. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>
"""


class Run:
    """read_inputs over some paths, with the articles and the errors it produced."""

    def __init__(self, paths, *, published: date | None = None, stdin: bytes | None = None):
        self.errors = []
        stream = io.BytesIO(stdin) if stdin is not None else None
        self.articles = list(read_inputs([str(p) for p in paths], on_error=self.errors.append,
                                         published=published, stdin=stream))

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.errors]


@pytest.fixture
def write(tmp_path: Path):
    """write(name, content) -> path; str content is written as UTF-8, bytes as they are."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def run():
    """run(paths, published=..., stdin=...) -> Run."""
    return Run


@pytest.fixture
def page() -> str:
    return PAGE


@pytest.fixture
def report() -> str:
    return REPORT


def write_warc(path, pages, *, gz: bool) -> None:
    """A web archive of HTTP responses: pages are (uri, body) or (uri, status, content type, body bytes)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for page in pages:
            uri, status, ctype, body = page if len(page) == 4 else (page[0], "200 OK", "text/html", page[1].encode())
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=http))


@pytest.fixture
def warc():
    """warc(path, pages, gz=...) writes a web archive."""
    return write_warc
