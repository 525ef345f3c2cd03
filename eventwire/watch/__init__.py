"""Live sources: feeds, sitemaps and folders polled on a schedule, new pages fetched politely, read,
extracted and stored. `eventwire watch` calls `watch()`.

    watch(store, sources, every=600, once=False) -> totals

For each due source: fetch it (conditional GET), list its entries (discover.py), and for each entry not
seen before fetch the page (fetch.py), take its main text and metadata with trafilatura, extract events and
store them. The entry is marked done in the transaction that stores its article (state.py), so a killed
watcher resumes where it stopped and never stores a page twice; a page already stored under its URL, or
with the same text under another URL (a mirror, a re-publication), is known and skipped. A failing source
is recorded and backed off, and never stops the others; so is a failing page.
"""
from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from ..errors import InputError
from ..records import Article, ErrorRecord
from . import discover, state
from .fetch import FetchError, Fetcher, Policy
from .sources import Source

__all__ = ["Fetcher", "Policy", "PollResult", "Source", "watch", "poll"]

log = logging.getLogger(__name__)

LISTING_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", ""})
MAX_CHILD_SITEMAPS = 20
# Failures that another try will not change: the page is given up at once.
PERMANENT = frozenset({"robots", "not_html", "too_large", "scheme", "redirects", "extract"})


@dataclass
class PollResult:
    source: str
    status: str = "ok"  # ok, not modified, failed, backing off
    kind: str | None = None
    entries: int = 0  # listed
    added: int = 0  # new articles stored
    known: int = 0  # listed but already stored (same URL or same text)
    page_failures: int = 0
    error: str | None = None
    next_poll_in: float | None = None

    def __str__(self) -> str:
        if self.status in ("failed", "backing off"):
            return f"{self.source}: {self.status}: {self.error} (next try in {_human(self.next_poll_in)})"
        return (f"{self.source}: {self.status}, {self.entries} listed, {self.added} added, {self.known} known, "
                f"{self.page_failures} failed pages")


@dataclass
class _Context:
    store: object
    fetcher: Fetcher
    triage: bool
    at: datetime
    interval: float
    result: PollResult
    source: Source
    errors: list[ErrorRecord] = field(default_factory=list)


def watch(store, sources: Sequence[Source], *, every: float = 600.0, once: bool = False, triage: bool = True,
          policy: Policy | None = None, report: Callable[[PollResult], None] | None = None,
          should_stop: Callable[[], bool] = lambda: False, sleep: Callable[[float], None] = time.sleep) -> dict:
    """Poll `sources` until stopped (or one pass with `once`); returns totals over the run."""
    totals = {"polls": 0, "added": 0, "failed_polls": 0, "page_failures": 0}
    with Fetcher(policy or Policy()) as fetcher:
        while not should_stop():
            for src in sources:
                if should_stop():
                    break
                res = poll(store, src, fetcher, every=every, triage=triage, force=once)
                totals["polls"] += 1
                totals["added"] += res.added
                totals["failed_polls"] += res.status == "failed"
                totals["page_failures"] += res.page_failures
                if report is not None and res.status != "not due":
                    report(res)
            if once:
                break
            sleep(_until_next(store, sources, every))
    return totals


def poll(store, src: Source, fetcher: Fetcher, *, every: float = 600.0, triage: bool = True,
         force: bool = False) -> PollResult:
    """Poll one source if it is due (or `force`d and not backing off after failures); never raises for
    what the source or its pages do."""
    at = state.now()
    interval = src.interval(every)
    with store.connection() as conn:
        row = state.register(conn, src.url, kind="folder" if src.is_folder else None, outlet=src.outlet)
    backing_off = row["failures"] > 0 and not state.is_due(row, at)
    if backing_off or not (force or state.is_due(row, at)):
        res = PollResult(src.url, "backing off" if backing_off else "not due", error=row["last_error"])
        if row["next_poll_at"]:
            res.next_poll_in = (datetime.fromisoformat(row["next_poll_at"]) - at).total_seconds()
        return res
    ctx = _Context(store, fetcher, triage, at, interval, PollResult(src.url), src)
    try:
        if src.is_folder:
            _poll_folder(ctx)
        else:
            _poll_remote(ctx, row)
    except Exception as exc:  # our own bug on one source: recorded like any failure; the others go on
        log.exception("watch: unexpected error polling %s", src.url)
        _source_failed(ctx, f"internal error: {type(exc).__name__}: {exc}")
    return ctx.result


# ---- remote sources ---------------------------------------------------------------------------------
def _poll_remote(ctx: _Context, row: dict) -> None:
    src, res = ctx.source, ctx.result
    try:
        resp = ctx.fetcher.get(src.url, etag=row["etag"], last_modified=row["last_modified"], accept=LISTING_ACCEPT)
    except FetchError as exc:
        _source_failed(ctx, str(exc), retry_after=exc.retry_after)
        return
    entries: list[discover.Entry] = []
    if resp.not_modified:
        res.status = "not modified"
    else:
        try:
            found = discover.listing(resp.body)
            res.kind = found.kind
            entries = list(found.entries)
            for child in found.sitemaps[:MAX_CHILD_SITEMAPS]:
                entries += _child_sitemap(ctx, child)
        except InputError as exc:
            _source_failed(ctx, f"{exc.code} {exc.reason} ({src.url})")
            return
    res.entries = len(entries)
    # Feeds and sitemaps list the newest first: store in the order things happened.
    for entry in reversed(entries):
        _entry(ctx, entry)
    for url in _retry_due(ctx):
        _entry(ctx, discover.Entry(url=url))
    with ctx.store.connection() as conn:
        state.polled(conn, src.url, at=ctx.at, interval=ctx.interval, etag=resp.headers.get("etag"),
                     last_modified=resp.headers.get("last-modified"), keep_validators=resp.not_modified,
                     added=res.added, kind=res.kind)
    ctx.store.commit()
    res.next_poll_in = ctx.interval


def _child_sitemap(ctx: _Context, url: str) -> list[discover.Entry]:
    try:
        found = discover.listing(ctx.fetcher.get(url, accept=LISTING_ACCEPT).body)
    except (FetchError, InputError) as exc:
        _page_failed(ctx, url, exc)
        return []
    return list(found.entries)


def _retry_due(ctx: _Context) -> list[str]:
    with ctx.store.connection() as conn:
        return state.retry_due(conn, ctx.source.url, at=ctx.at)


def _entry(ctx: _Context, entry: discover.Entry) -> None:
    key = entry.url or f"{ctx.source.url}#{entry.entry_id or Article.content_id(entry.text or '', None)}"
    with ctx.store.connection() as conn:
        if not state.to_fetch(conn, key, at=ctx.at):
            ctx.result.known += 1
            return
    try:
        article = _article_from_entry(entry) if entry.url is None else _fetch_page(ctx, entry)
    except (FetchError, InputError) as exc:
        _page_failed(ctx, key, exc)
        return
    _store(ctx, key, [article])


def _fetch_page(ctx: _Context, entry: discover.Entry) -> Article:
    from ..ingest.html import article_from_html

    resp = ctx.fetcher.get(entry.url, accept=PAGE_ACCEPT)
    if resp.content_type not in HTML_TYPES:
        raise FetchError("not_html", f"not an HTML page ({resp.content_type})", url=resp.url)
    article = article_from_html(resp.body, source=entry.url, url=resp.url, charset=resp.charset,
                                published=entry.published or ctx.at.date())
    return _as_source(ctx, article, entry)


def _article_from_entry(entry: discover.Entry) -> Article:
    if not entry.text:
        raise InputError("EW104")
    return Article(id=entry.entry_id or Article.content_id(entry.text, None), text=entry.text, title=entry.title,
                   published=entry.published)


def _as_source(ctx: _Context, article: Article, entry: discover.Entry) -> Article:
    """The source file's outlet name wins over the page's site name; the feed's title fills a missing one."""
    return dataclasses.replace(article, outlet=ctx.source.outlet or article.outlet,
                               title=article.title or entry.title, published=article.published or date.today())


# ---- folders ----------------------------------------------------------------------------------------
def _poll_folder(ctx: _Context) -> None:
    from ..ingest import read_inputs
    from ..ingest.sources import expand

    src, res = ctx.source, ctx.result
    if not os.path.isdir(src.folder):
        _source_failed(ctx, f"EW109 {InputError('EW109', detail='no such directory').reason} ({src.folder})")
        return
    res.kind = "folder"
    for path in expand([src.folder], on_error=ctx.errors.append):
        res.entries += 1
        try:
            st = os.stat(path)
        except OSError:
            continue  # removed while we listed the folder
        fingerprint = f"{st.st_size}:{st.st_mtime_ns}"
        with ctx.store.connection() as conn:
            if not state.to_fetch(conn, path, at=ctx.at, fingerprint=fingerprint):
                res.known += 1
                continue
        errors: list[ErrorRecord] = []
        arts = read_inputs([path], on_error=errors.append, published=ctx.at.date())
        _store(ctx, path, (dataclasses.replace(a, outlet=src.outlet or a.outlet) for a in arts),
               fingerprint=fingerprint, errors=errors)
    with ctx.store.connection() as conn:
        state.polled(conn, src.url, at=ctx.at, interval=ctx.interval, added=res.added, kind="folder")
    ctx.store.commit()
    res.next_poll_in = ctx.interval


# ---- storing ----------------------------------------------------------------------------------------
def _store(ctx: _Context, key: str, articles, *, fingerprint: str | None = None,
           errors: list[ErrorRecord] | None = None) -> None:
    """Extract and store `articles` and mark `key` done, in one transaction."""
    store, res = ctx.store, ctx.result
    with store.batch():
        last_id = None
        try:
            for article, mentions in _extract(articles, triage=ctx.triage):
                got = store.add(article, mentions)
                last_id = article.id
                res.added += got.added
                res.known += not got.added
        except Exception as exc:  # one article the extractor chokes on is reported, never stops the watch
            log.exception("watch: extraction failed on %s", key)
            store.rollback()
            _page_failed(ctx, key, FetchError("extract", f"internal error: {type(exc).__name__}: {exc}", url=key))
            return
        for err in errors or ():
            store.add_error(err)
        with store.connection() as conn:
            state.done(conn, ctx.source.url, key, at=ctx.at, article_id=last_id, fingerprint=fingerprint)


def _extract(articles, *, triage: bool) -> Iterator[tuple[Article, list]]:
    from .. import pipeline
    from ..scale.triage import is_relevant

    for article in articles:
        if triage and not is_relevant(article.text, article.title):
            yield article, []  # stored, so it is known, but not read: nothing in it is about violence or protest
            continue
        yield from pipeline.extract([article], batch_size=1)


# ---- failures ---------------------------------------------------------------------------------------
def _source_failed(ctx: _Context, error: str, *, retry_after: float | None = None) -> None:
    ctx.store.rollback()
    with ctx.store.connection() as conn:
        wait = state.failed(conn, ctx.source.url, at=ctx.at, interval=ctx.interval, error=error, retry_after=retry_after)
    ctx.store.commit()
    ctx.result.status, ctx.result.error, ctx.result.next_poll_in = "failed", error, wait
    log.warning("watch: %s", error)


def _page_failed(ctx: _Context, key: str, exc: Exception) -> None:
    kind = getattr(exc, "kind", None)
    status = getattr(exc, "status", None)
    permanent = kind in PERMANENT or (kind == "http" and status is not None and 400 <= status < 500
                                      and status not in (408, 429))
    error = f"{exc.code} {exc.reason} ({key})" if isinstance(exc, InputError) else str(exc)
    with ctx.store.connection() as conn:
        state.page_failed(conn, ctx.source.url, key, at=ctx.at, interval=ctx.interval, error=error,
                          permanent=permanent)
    ctx.store.commit()
    ctx.result.page_failures += 1
    log.info("watch: page failed: %s", error)


def _until_next(store, sources: Sequence[Source], every: float) -> float:
    """Seconds until the earliest next poll among `sources` (at least 1, at most `every`)."""
    with store.connection() as conn:
        rows = {r["url"]: r for r in state.summaries(conn)}
    at = state.stamp(state.now())
    nexts = [rows[s.url]["next_poll_at"] for s in sources if s.url in rows and rows[s.url]["next_poll_at"]]
    if not nexts:
        return 1.0
    wait = (datetime.fromisoformat(min(nexts)) - datetime.fromisoformat(at)).total_seconds()
    return min(max(wait, 1.0), every)


def _human(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{max(seconds, 0):.0f}s"
