"""What a polled document lists: the entries of an RSS/Atom feed, the pages of a (news) sitemap, or the
child sitemaps of a sitemap index. Pure functions of the bytes fetched; nothing here touches the network.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from ..errors import InputError
from ..ingest.fields import parse_published
from ..ingest.markup import html_to_text

log = logging.getLogger(__name__)

MAX_ENTRIES = 500  # per poll: a feed or sitemap listing more gives its first (newest, by convention) ones
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(frozen=True, slots=True)
class Entry:
    url: str | None  # the page to fetch; None when a feed entry has no link (its own text is used)
    title: str | None = None
    published: date | None = None
    text: str | None = None  # the feed's own text for it (summary or content), a fallback to the page
    entry_id: str | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    kind: str  # feed or sitemap
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = ()  # child sitemaps of a sitemap index
    title: str | None = None


def listing(data: bytes) -> Listing:
    """The feed or sitemap in `data`; InputError EW110 when it is neither, or cannot be parsed."""
    head = data[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return sitemap(data)
    return feed(data)


def feed(data: bytes) -> Listing:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.version or (parsed.bozo and not parsed.entries):
        detail = parsed.get("bozo_exception") or "not an RSS or Atom feed, nor a sitemap"
        raise InputError("EW110", detail=str(detail).strip())
    entries = []
    for e in parsed.entries[:MAX_ENTRIES]:
        bodies = [c.get("value", "") for c in e.get("content") or ()]
        text = html_to_text(max(bodies, key=len) if bodies else e.get("summary", "")) or None
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        entries.append(Entry(url=(e.get("link") or "").strip() or None, title=html_to_text(e.get("title", "")) or None,
                             published=date(*stamp[:3]) if stamp else None, text=text, entry_id=e.get("id")))
    return Listing("feed", tuple(entries), title=parsed.feed.get("title") or None)


def sitemap(data: bytes) -> Listing:
    from lxml import etree

    # No entity expansion, no network, no huge trees: a sitemap is untrusted input.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError("EW110", detail=f"sitemap is not well-formed XML ({exc})") from None
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        locs = [_text(s, "loc") for s in root if etree.QName(s).localname == "sitemap"]
        return Listing("sitemap", sitemaps=tuple(u for u in locs if u)[:MAX_ENTRIES])
    if tag != "urlset":
        raise InputError("EW110", detail=f"sitemap root is <{tag}>, not <urlset> or <sitemapindex>")
    entries = []
    for node in root:
        if etree.QName(node).localname != "url":
            continue
        loc = _text(node, "loc")
        if not loc:
            continue
        news = node.find(f"{NEWS_NS}news")
        title = _text(news, "title", NEWS_NS) if news is not None else None
        day = (_text(news, "publication_date", NEWS_NS) if news is not None else None) or _text(node, "lastmod")
        entries.append(Entry(url=loc, title=title, published=_day(day)))
        if len(entries) == MAX_ENTRIES:
            break
    return Listing("sitemap", tuple(entries))


def _text(node, name: str, ns: str = SITEMAP_NS) -> str | None:
    child = node.find(f"{ns}{name}")
    if child is None:
        child = node.find(name)  # sitemaps written without the namespace
    value = (child.text or "").strip() if child is not None else ""
    return value or None


def _day(value: str | None) -> date | None:
    try:
        return parse_published(value)
    except InputError:
        log.info("ignoring unreadable sitemap date %r", value)
        return None
