"""RSS and Atom feeds: one Article per entry, parsed by feedparser from the file's bytes (never a URL).

The text is the entry's full content when the feed carries it, else its summary, with HTML dropped. An
entry's id is the feed's own id for it (guid / atom:id) when present, else a content hash.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date

from ..errors import InputError
from ..records import Article, ErrorRecord
from . import limits
from .markup import html_to_text

log = logging.getLogger(__name__)


def read(path: str, *, published: date | None = None) -> Iterator[Article | ErrorRecord]:
    import feedparser

    data = limits.read_file(path)
    # Bytes, so feedparser parses them as the document itself: a str could be taken for a URL or path.
    parsed = feedparser.parse(data)
    # Without a version feedparser did not recognise RSS or Atom (it still turns any <item> into an entry);
    # an empty file has no version at all.
    if not parsed.get("version") or (parsed.bozo and not parsed.entries):
        detail = parsed.get("bozo_exception") or "not an RSS or Atom document"
        raise InputError("EW110", detail=str(detail).strip())
    if parsed.bozo:
        log.info("%s: feed is not well formed, read anyway (%s)", path, parsed.get("bozo_exception"))
    outlet = parsed.feed.get("title") or None
    for index, entry in enumerate(parsed.entries, start=1):
        try:
            yield _article(entry, outlet=outlet, source=f"{path}#{index}", published=published)
        except InputError as exc:
            yield ErrorRecord(source=path, line=None, code=exc.code, reason=f"{exc.reason} (entry {index})")


def _article(entry, *, outlet: str | None, source: str, published: date | None) -> Article:
    bodies = [c.get("value", "") for c in entry.get("content") or ()]
    body = max(bodies, key=len) if bodies else entry.get("summary", "")
    text = html_to_text(body)
    if not text:
        raise InputError("EW104")
    url = entry.get("link") or None
    title = html_to_text(entry.get("title", "")) or None
    # feedparser normalises the entry's timestamp to UTC.
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return Article(
        id=limits.check_id(entry["id"]) if entry.get("id") else Article.content_id(text, url),
        text=text,
        url=url,
        outlet=outlet,
        title=title,
        published=date(*stamp[:3]) if stamp else published,
        source=source,
    )
