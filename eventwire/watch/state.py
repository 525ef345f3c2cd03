"""The watcher's memory, kept in the event database (tables watch_sources and watch_entries, migration 0004):
when each source is polled next, the validators for conditional GET, failures and back-off, and every entry
seen. An entry is marked done in the same transaction that stores its article, so a killed watcher never
stores an article twice nor forgets one it committed.

Times are UTC ISO-8601 strings (they sort as text on both back ends).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection

from ..store.schema import articles, watch_entries, watch_sources

MAX_BACKOFF = 24 * 3600.0  # seconds: a failing source is still tried once a day
MAX_ATTEMPTS = 5  # a page that failed this often is given up


def now() -> datetime:
    return datetime.now(timezone.utc)


def stamp(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def backoff(interval: float, failures: int) -> float:
    """Seconds to the next try after `failures` consecutive failures: doubling, capped at a day."""
    return min(interval * 2 ** min(failures, 16), max(MAX_BACKOFF, interval))


def register(conn: Connection, url: str, *, kind: str, outlet: str | None) -> dict:
    """The state row of a source, created (due now) if it is new."""
    row = conn.execute(select(watch_sources).where(watch_sources.c.url == url)).mappings().first()
    if row is None:
        conn.execute(watch_sources.insert().values(url=url, kind=kind, outlet=outlet, failures=0, pages_failed=0,
                                                   articles_added=0))
        row = conn.execute(select(watch_sources).where(watch_sources.c.url == url)).mappings().first()
    return dict(row)


def is_due(row: dict, at: datetime) -> bool:
    return row["next_poll_at"] is None or row["next_poll_at"] <= stamp(at)


def polled(conn: Connection, url: str, *, at: datetime, interval: float, etag: str | None = None,
           last_modified: str | None = None, keep_validators: bool = False, added: int = 0,
           kind: str | None = None) -> None:
    """A successful poll: failures reset, next poll one interval on."""
    values = {"last_polled_at": stamp(at), "last_ok_at": stamp(at), "failures": 0,
              "next_poll_at": stamp(at + timedelta(seconds=interval)),
              "articles_added": watch_sources.c.articles_added + added}
    if not keep_validators:
        values.update(etag=etag, last_modified=last_modified)
    if kind:
        values["kind"] = kind
    conn.execute(update(watch_sources).where(watch_sources.c.url == url).values(**values))


def failed(conn: Connection, url: str, *, at: datetime, interval: float, error: str,
           retry_after: float | None = None) -> float:
    """A failed poll: recorded, and the next one backed off. Returns the seconds to it."""
    failures = conn.execute(select(watch_sources.c.failures).where(watch_sources.c.url == url)).scalar_one() + 1
    wait = max(backoff(interval, failures - 1), retry_after or 0.0)
    conn.execute(update(watch_sources).where(watch_sources.c.url == url).values(
        last_polled_at=stamp(at), failures=failures, last_error=error, last_error_at=stamp(at),
        next_poll_at=stamp(at + timedelta(seconds=wait))))
    return wait


def page_failed(conn: Connection, source_url: str, entry_url: str, *, at: datetime, interval: float,
                error: str, permanent: bool = False) -> None:
    """One page of a source could not be read: retried later with back-off, given up after MAX_ATTEMPTS
    (at once when another try cannot help: robots.txt, not HTML, too large)."""
    row = conn.execute(select(watch_entries.c.attempts).where(watch_entries.c.url == entry_url)).first()
    attempts = (row[0] if row else 0) + 1
    values = {"status": "gave_up" if permanent or attempts >= MAX_ATTEMPTS else "failed", "attempts": attempts,
              "last_error": error, "updated_at": stamp(at),
              "next_try_at": stamp(at + timedelta(seconds=backoff(interval, attempts - 1)))}
    if row is None:
        conn.execute(watch_entries.insert().values(url=entry_url, source_url=source_url, first_seen_at=stamp(at),
                                                   **values))
    else:
        conn.execute(update(watch_entries).where(watch_entries.c.url == entry_url).values(**values))
    conn.execute(update(watch_sources).where(watch_sources.c.url == source_url).values(
        pages_failed=watch_sources.c.pages_failed + 1, last_error=error, last_error_at=stamp(at)))


def done(conn: Connection, source_url: str, entry_url: str, *, at: datetime, article_id: str | None,
         fingerprint: str | None = None) -> None:
    """Mark an entry read (call in the transaction that stores its article)."""
    values = {"status": "done", "article_id": article_id, "fingerprint": fingerprint, "updated_at": stamp(at),
              "last_error": None, "next_try_at": None}
    hit = conn.execute(update(watch_entries).where(watch_entries.c.url == entry_url).values(**values))
    if hit.rowcount == 0:
        conn.execute(watch_entries.insert().values(url=entry_url, source_url=source_url, attempts=0,
                                                   first_seen_at=stamp(at), **values))


def to_fetch(conn: Connection, entry_url: str, *, at: datetime, fingerprint: str | None = None) -> bool:
    """Should this entry be read now? Not when done (with the same fingerprint, for files), given up,
    waiting out its back-off, or already stored as an article under this URL by any route."""
    row = conn.execute(select(watch_entries.c.status, watch_entries.c.fingerprint, watch_entries.c.next_try_at)
                       .where(watch_entries.c.url == entry_url)).first()
    if row is not None:
        if row.status == "done":
            return fingerprint is not None and row.fingerprint != fingerprint
        if row.status == "gave_up" or (row.next_try_at and row.next_try_at > stamp(at)):
            return False
    if fingerprint is None:
        return conn.execute(select(articles.c.id).where(articles.c.url == entry_url).limit(1)).first() is None
    return True


def retry_due(conn: Connection, source_url: str, *, at: datetime) -> list[str]:
    """Pages of the source that failed and whose back-off has run out (a feed may no longer list them)."""
    return list(conn.execute(select(watch_entries.c.url).where(
        watch_entries.c.source_url == source_url, watch_entries.c.status == "failed",
        watch_entries.c.next_try_at <= stamp(at)).order_by(watch_entries.c.first_seen_at)).scalars())


def summaries(conn: Connection) -> list[dict]:
    """Every watched source's state, for `sources list` and /api/health."""
    rows = conn.execute(select(watch_sources).order_by(watch_sources.c.url)).mappings()
    failing = select(watch_entries.c.source_url).where(or_(watch_entries.c.status == "failed",
                                                           watch_entries.c.status == "gave_up"))
    pending = {}
    for (src,) in conn.execute(failing):
        pending[src] = pending.get(src, 0) + 1
    out = []
    for r in rows:
        d = dict(r)
        d["ok"] = d["failures"] == 0
        d["pages_pending_or_failed"] = pending.get(d["url"], 0)
        out.append(d)
    return out
