"""HTML pages: main text by trafilatura on the local string (boilerplate removed), plus its metadata.

Metadata gives the title, the publication date (from meta tags / JSON-LD only: guessing it from the body
would pick the event's date), the site name as outlet, and the canonical URL. Nothing is ever fetched.
"""
from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Iterator
from datetime import date

from ..errors import InputError, message
from ..records import Article, ErrorRecord
from . import limits
from .fields import parse_published

log = logging.getLogger(__name__)
# Publication date from the page's own metadata only (htmldate's extensive search reads the body text).
DATE_PARAMS = {"extensive_search": False, "original_date": True}
# A page that is not UTF-8 must say what it is within its first bytes (the HTML spec's prescan window).
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 1024


def read(path: str, *, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    data = limits.read_file(path)
    if (notice := cut_notice(data)) is not None:
        yield ErrorRecord(source=path, line=None, code="EW121", reason=notice)
    yield article_from_html(data, source=path, published=published)


def cut_notice(data: bytes) -> str | None:
    """Why only part of `data` is parsed (EW121), or None when all of it is."""
    kept = len(limits.cut_html(data))
    if kept == len(data):
        return None
    return message("EW121", bytes=limits.MAX_HTML_BYTES, tags=limits.MAX_HTML_TAGS, kept=kept)


def article_from_html(data: bytes, *, source: str, url: str | None = None, charset: str | None = None,
                      published: date | None = None) -> Article:
    """One Article from an HTML document, cut to limits.MAX_HTML_BYTES first; `url` is used when the page
    names no canonical URL."""
    import trafilatura  # heavy (lxml, htmldate); loaded only when HTML is read

    data = limits.cut_html(data)
    limits.check_not_binary(data)
    page = decode_html(data, charset=charset)
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, date_extraction_params=DATE_PARAMS,
                                      fast=data.count(b"<") > limits.FALLBACK_MAX_TAGS)
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise InputError("EW112")
    page_url = doc.url or url
    return Article(
        id=Article.content_id(text, page_url),
        text=text,
        url=page_url,
        outlet=doc.sitename or doc.hostname or None,
        title=doc.title or None,
        published=_published(doc.date, source=source) or published,
        source=source,
    )


def decode_html(data: bytes, *, charset: str | None = None) -> str:
    """UTF-8, or the charset the transport or the page itself declares; otherwise EW103."""
    try:
        return limits.decode_utf8(data)
    except InputError:
        declared = charset or _declared_charset(data)
        if declared is None:
            raise
    try:
        return data.decode(declared)
    except (LookupError, UnicodeDecodeError):
        raise InputError("EW103", detail=f"neither UTF-8 nor the declared charset {declared!r}") from None


def _declared_charset(data: bytes) -> str | None:
    found = _DECLARED_CHARSET.search(data[:_PRESCAN_BYTES])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _published(value: str | None, *, source: str) -> date | None:
    # A page whose metadata date cannot be read still has usable text: fall back, and say so in the log.
    try:
        return parse_published(value)
    except InputError:
        log.info("%s: ignoring unreadable metadata date %r", source, value)
        return None
