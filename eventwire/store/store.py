"""The event database: one interface over SQLite (default) and PostgreSQL.

One writer: `add` / `add_many` run on the store's own connection; inside `batch()` they share one
transaction that commits every `batch_size` articles, so an interrupted ingest loses at most the open batch
and a rerun skips every article already committed. Readers use fresh connections (SQLite runs in WAL mode,
so reads never wait for the writer).

Several writer processes on one database (issue 13):
- SQLite lets one write at a time. A writer that finds the lock held longer than `lock_timeout` says so
  and waits again, keeping its batch (SQLite reports the lock at a transaction's first write, before any
  of it is written). An article another process stored meanwhile is "already stored", not an error.
- PostgreSQL writes in parallel, so merging takes an advisory lock per event-type family until commit
  (see `_merge_lock`): two writers never merge reports of one family unseen by each other.
"""
from __future__ import annotations

import fcntl
import itertools
import logging
import math
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from importlib import resources

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import (JSON, Date, String, cast, create_engine, delete, text, event as sa_event, func, insert,
                        literal_column, or_, select, tuple_, update)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from .. import merge, taxonomy
from ..errors import StoreError, message
from ..geo import haversine_km
from ..merge.reconcile import EVENT_FIELDS
from ..merge import copies, sources as source_summary
from ..records import Article, ErrorRecord, Mention, SourceReport
from . import scorecards
from . import url as urls
from .query import LOOKED_UP, TEXT_COLUMNS, EventFilter, country_tests, fts_query, looked_up_text, where
from .schema import articles, assessments, errors, event_outlets, events, mentions

log = logging.getLogger(__name__)

MENTION_COLUMNS = tuple(c.name for c in mentions.columns)
CHUNK = 500  # articles stored together by add_many
# The consolidated-event dict: contract fields, then the extras the API and exports use.
EVENT_DICT_FIELDS = ("event_id", *EVENT_FIELDS)
# Who vouches for an event (merge.sources), carried by the event dict after the contract fields.
SOURCE_FIELDS = ("claim_status", "attribution", "independent_sources", "copies")
# What an event dict is built from: not the merge profile or search text (big, and parsed for nothing).
EVENT_COLUMNS = tuple(events.c[k] for k in (*EVENT_DICT_FIELDS, *SOURCE_FIELDS, "holder_kinds", "sources", "outlets",
                                           "n_mentions", "disagreements"))
EVENT_COLUMN_NAMES = tuple(col.name for col in EVENT_COLUMNS)
JSON_EVENT_COLUMNS = tuple(col.name for col in EVENT_COLUMNS if isinstance(col.type, JSON))
# The event rows of a page, read straight from the driver, JSON fields as their text (parsed or not: events())
EVENTS_BY_ID = {
    "sqlite": f"SELECT {', '.join(EVENT_COLUMN_NAMES)} FROM events WHERE event_id IN ({{marks}})",
    "postgresql": f"SELECT {', '.join(f'{k}::text' if k in JSON_EVENT_COLUMNS else k for k in EVENT_COLUMN_NAMES)} "
                  "FROM events WHERE event_id = ANY(%s)",
}
# A JSON column's value in an event dict when it is NULL, as stored JSON (see Store.events' stored_json)
NULL_JSON = {k: orjson.Fragment(b"{}" if k == "disagreements" else b"[]") for k in JSON_EVENT_COLUMNS}
# The same rows for a page answered as stored JSON (Store.events' stored_json), in the order of the event
# dict's keys (_event_dict's), so that one dict(zip()) per row makes it: building a row dict and then the
# event dict from it took 0.6 of the 1.2 ms of Python spent on a page of 101 events.
PAGE_KEYS = (*EVENT_DICT_FIELDS, "sources", "outlets", "mentions", "disagreements", *SOURCE_FIELDS, "holder_kinds")
PAGE_COLUMNS = tuple("n_mentions" if k == "mentions" else k for k in PAGE_KEYS)
PAGE_BY_ID = {
    "sqlite": f"SELECT {', '.join(PAGE_COLUMNS)} FROM events WHERE event_id IN ({{marks}})",
    "postgresql": f"SELECT {', '.join(f'{k}::text' if k in JSON_EVENT_COLUMNS else k for k in PAGE_COLUMNS)} "
                  "FROM events WHERE event_id = ANY(%s)",
}
PAGE_JSON_AT = tuple((i, NULL_JSON[k]) for i, k in enumerate(PAGE_COLUMNS) if k in JSON_EVENT_COLUMNS)
PAGE_HOLDER_KINDS_AT = PAGE_COLUMNS.index("holder_kinds")


@dataclass(frozen=True, slots=True)
class AddResult:
    article_id: str
    added: bool  # False: already stored (same id or same text), nothing changed
    events: tuple[str, ...] = ()  # the event each mention joined
    created: int = 0  # how many of those events are new


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _km(lat1, lon1, lat2, lon2):
    if None in (lat1, lon1, lat2, lon2):
        return None
    return haversine_km(lat1, lon1, lat2, lon2)


# SQL math functions the distance filter uses (query._within_km_sqlite), for an SQLite built without them
MATH = {"sin": (1, math.sin), "cos": (1, math.cos), "asin": (1, math.asin), "sqrt": (1, math.sqrt),
        "radians": (1, math.radians), "pow": (2, math.pow)}


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.create_function("ew_km", 4, _km, deterministic=True)
    cur = dbapi_conn.cursor()
    try:
        cur.execute("SELECT sin(0), pow(2, 2)")
    except sqlite3.OperationalError:
        for name, (n_args, function) in MATH.items():
            dbapi_conn.create_function(name, n_args, function, deterministic=True)
    # WAL: readers never block the writer; NORMAL sync keeps every commit across a killed process.
    # (How long a write waits for another process's lock is the connection's `timeout`: Store.open.)
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Reads through a memory map of the file, which every connection shares with the OS page cache: a
    # row looked up costs about a third of a read() per page (the server's many connections each had a
    # 2 MB cache of their own).
    cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    # Where a page puts the matches of its text search, looked up once for its count and its rows
    # (query.LOOKED_UP). (A temporary table stays in the page cache unless it outgrows it.)
    for name in LOOKED_UP.values():
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name.name} (r INTEGER PRIMARY KEY)")
    cur.close()


def _check_sqlite_path(path: str | None, *, create: bool) -> None:
    """Refuse, with the reason, a SQLite path eventwire cannot use (instead of a traceback or a new empty file)."""
    if not path or path == ":memory:":
        return
    folder = os.path.dirname(path) or "."
    problem = None
    if os.path.isdir(path):
        problem = "it is a directory, not a database file"
    elif not os.path.exists(path):
        if not create:
            raise StoreError(f"EW303 {message('EW303', path=path)}")
        if not os.path.isdir(folder):
            problem = f"its folder {folder} does not exist"
        elif not os.access(folder, os.W_OK):
            problem = f"its folder {folder} is read-only"
    elif not os.access(path, os.R_OK):
        problem = "the file is not readable"
    elif not os.access(path, os.W_OK):
        problem = ("the file is read-only (even to read it, eventwire keeps its schema current and SQLite its "
                   "write-ahead log: use a writable copy)")
    elif not os.access(folder, os.W_OK):
        problem = f"its folder {folder} is read-only (SQLite keeps its write-ahead log beside the file)"
    if problem:
        raise StoreError(f"EW304 {message('EW304', path=path, detail=problem)}")


def _password(url: str) -> str | None:
    try:
        return make_url(url).password
    except ArgumentError:
        return None


def _detail(exc: Exception, password: str | None) -> str:
    """The first line of a database error, never showing the database password."""
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return detail.replace(password, "***") if password else detail


def _locked(exc: OperationalError) -> bool:
    """SQLite's "another connection holds the lock" (SQLITE_BUSY / SQLITE_LOCKED)."""
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code in (5, 6) or "database is locked" in str(exc.orig)


MMAP_BYTES = 256 << 20
LOCK_TIMEOUT = 30.0  # seconds a SQLite write waits for another writer before saying so (then it waits again)
POOL_WAIT = 600.0  # seconds a reader waits for a pooled connection (only if more threads read than the pool holds)
MIGRATION_LOCK = 0x65770001  # PostgreSQL advisory lock key: one migrating process at a time
MERGE_LOCKS = 0x6577  # PostgreSQL advisory lock namespace: (MERGE_LOCKS, family key) per event-type family
TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:ns, :key)")
LOCK = text("SELECT pg_advisory_xact_lock(:ns, :key)")
# Another session waiting for one of the merge locks (this writer's, most likely): time to commit.
WAITERS = text("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
               f"AND classid = {MERGE_LOCKS} AND objsubid = 2)")
WAITERS_EVERY = 0.25  # seconds between looks for a waiting writer
# The planner's statistics are looked at after a batch that stored this many articles, and gathered again
# when the events table has grown by STALE of what they know (or they were never gathered): without them
# both back ends guess how selective each index is (SQLite never gathers them itself, and PostgreSQL's
# autovacuum does it at its own pace, well after a bulk load has been queried).
ANALYZE_AFTER = 1000
STALE = 0.1
NEXT_SEQ = text("SELECT nextval('ew_mention_seq')")


def _family_key(family: str | None) -> int:
    return zlib.crc32(str(family).encode("utf-8")) & 0x7FFFFFFF


@contextmanager
def _sqlite_file_lock(engine: Engine):
    """Serialise migrations of one SQLite file across processes (an ingest and a server started together).
    flock() on the directory holding it, never on the database file: closing any descriptor of that file
    drops every POSIX lock SQLite holds on it in this process, and other processes then stop seeing its
    commits."""
    path = engine.url.database
    if not path or path == ":memory:":
        yield
        return
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the flock


def migrate(engine: Engine) -> None:
    """Upgrade the schema in place to the newest migration (safe when several processes open at once)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("eventwire.store") / "migrations"))
    lock = _sqlite_file_lock(engine) if engine.dialect.name == "sqlite" else nullcontext()
    with lock, engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def event_values(rows: list[dict], titles: Iterable[str | None]) -> dict:
    """The events row of the mentions `rows` (each with "order"), sorted by arrival: reconciled fields,
    sources, disagreements, profile and search text."""
    for r in rows:
        r["order"] = r["seq"]
    fields, dis = merge.reconcile(rows)
    prof = merge.profile(fields, rows)
    sources = list(dict.fromkeys(r["article_id"] for r in rows))
    outlets = list(dict.fromkeys(r["outlet"] for r in rows if r.get("outlet")))
    search = " ".join(str(v) for v in (
        fields.get("location"), fields.get("admin1"), fields.get("admin2"), fields.get("country"),
        *prof["actors"], *prof["locations"], *(n for r in rows for n in r.get("notes") or ()), *titles) if v)
    return {**{k: fields[k] for k in EVENT_FIELDS}, "sources": sources, "outlets": outlets,
            "n_mentions": len(rows), "disagreements": dis,
            "profile": {k: prof[k] for k in ("actors", "locations", "snippets")},
            "search_text": search.casefold(), "updated_at": _now()}


def vouching(conn: Connection, rows: list[dict], signatures: dict | None = None) -> tuple[dict, dict[str, bool]]:
    """Who vouches for the event of mentions `rows`: its events-row fields (claim status, attribution,
    independent sources, copies of one wire text, holder kinds) and, per outlet, whether another outlet's
    independent report tells the same event. `signatures` (article id -> copies.Signature) holds those known
    already (a bulk chunk's articles, not yet written) and keeps those read here."""
    sources = list(dict.fromkeys(r["article_id"] for r in rows))
    sigs = {} if signatures is None else signatures
    missing = [aid for aid in sources if aid not in sigs]
    if missing:
        signed = dict(conn.execute(select(articles.c.id, articles.c.signature).where(articles.c.id.in_(missing))).all())
        sigs.update((aid, copies.Signature.from_json(signed.get(aid))) for aid in missing)
    groups = copies.groups((aid, sigs.get(aid)) for aid in sources)
    vouched = source_summary.summarise(rows, groups)
    kinds = vouched["holder_kinds"]
    fields = {**{k: vouched[k] for k in SOURCE_FIELDS}, "holder_kinds": "|" + "|".join(kinds) + "|" if kinds else None}
    by_article = {r["article_id"]: r.get("outlet") for r in rows}
    return fields, source_summary.corroborated(by_article, groups)


def unite(conn: Connection, old: str, new: str) -> None:
    """Event `old` becomes part of event `new`: its mentions move there and its own rows go (the caller
    refreshes `new`)."""
    conn.execute(update(mentions).where(mentions.c.event_id == old).values(event_id=new))
    conn.execute(delete(event_outlets).where(event_outlets.c.event_id == old))
    conn.execute(delete(events).where(events.c.event_id == old))


def write_outlets(conn: Connection, by_event: dict[str, dict[str, bool]]) -> None:
    """Each event's outlets and whether another outlet's independent report tells it (two statements)."""
    if not by_event:
        return
    conn.execute(delete(event_outlets).where(event_outlets.c.event_id.in_(list(by_event))))
    rows = [{"event_id": eid, "outlet": outlet[:255], "corroborated": int(ok)}
            for eid, corroborated in by_event.items() for outlet, ok in corroborated.items()]
    if rows:
        conn.execute(insert(event_outlets), rows)


def _cut(keys: list, *, offset: int, after: tuple | None, limit: int) -> list[str]:
    """The ids of one page of `keys` ((event_date, event_id) pairs), in page order: newest first, undated
    last, then by id descending. (SQLite compares text as Python does, code point by code point.)"""
    dated = sorted((k for k in keys if k[0] is not None), reverse=True)
    undated = sorted((k for k in keys if k[0] is None), key=lambda k: k[1], reverse=True)
    ordered = dated + undated
    if after is not None:
        day, eid = after
        if day is not None:
            key = (str(day)[:10], eid)
            ordered = [k for k in dated if (k[0], k[1]) < key] + undated
        else:
            ordered = [k for k in undated if k[1] < eid]
    return [eid for _day, eid in ordered[offset:offset + limit]]


class Store:
    def __init__(self, engine: Engine, *, lock_timeout: float = LOCK_TIMEOUT):
        self.engine = engine
        self.lock_timeout = lock_timeout
        self._conn: Connection | None = None  # the writer, while a batch is open
        self._settings = merge.load_settings()
        self._tax = taxonomy.load()
        self._seq: int | None = None  # SQLite: the last arrival number given in the open transaction
        self._held: set[int] = set()  # PostgreSQL: merge locks the open transaction holds
        self._stored = 0  # articles stored by the open batch
        self._waiters_checked = 0.0  # when another writer waiting for them was last looked for

    # ---- life cycle ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, url_or_path, *, create: bool = True, readers: int | None = None,
             lock_timeout: float = LOCK_TIMEOUT) -> "Store":
        """Open the database (a URL or a SQLite path) and bring its schema up to date.

        create: False for the read-only commands: a SQLite file that does not exist is an error (EW303),
            never a new empty database.
        readers: how many threads read at once (the API server): the pool keeps that many connections, so
            a burst of requests waits its turn instead of failing for want of a connection.
        lock_timeout: seconds a SQLite write waits for another process's lock before saying so.
        """
        url = urls.normalise(url_or_path)
        pool = {"pool_size": readers, "max_overflow": 0, "pool_timeout": POOL_WAIT} if readers else {}
        try:
            if url.startswith("sqlite"):
                _check_sqlite_path(make_url(url).database, create=create)
                # (psycopg decodes PostgreSQL's JSON itself; SQLite's JSON columns are text decoded here)
                engine = create_engine(url, connect_args={"timeout": lock_timeout}, json_deserializer=orjson.loads,
                                       **pool)
                sa_event.listen(engine, "connect", _sqlite_connect)
            else:
                engine = create_engine(url, pool_pre_ping=True, **pool)
            migrate(engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"EW302 {message('EW302', detail=_detail(exc, _password(url)))}") from exc
        return cls(engine, lock_timeout=lock_timeout)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.rollback()
            self._conn.close()
            self._conn = None
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # ---- write side ----------------------------------------------------------------------------------
    @contextmanager
    def batch(self):
        """Share one write transaction across many `add` calls; call `commit()` to make them durable."""
        if self._conn is not None:
            yield self
            return
        self._conn = self.engine.connect()
        self._conn.begin()
        self._stored = 0
        try:
            yield self
            self._patiently(self._conn.commit)
        except BaseException:
            self._conn.rollback()
            raise
        finally:
            self._conn.close()
            self._conn = None
            self._transaction_ended()
        if self._stored >= ANALYZE_AFTER and self.statistics_stale():
            self.analyze()

    def statistics_stale(self) -> bool:
        """Whether the planner's statistics are missing or know of fewer than 1 - STALE of the events."""
        with self._reader() as conn:
            have = conn.execute(select(func.count()).select_from(events)).scalar_one()
            if self.dialect == "sqlite":
                gathered = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
                stat = gathered and conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' "
                                                      "AND idx IS NOT NULL LIMIT 1")).scalar()
                known = int(stat.split()[0]) if stat else 0
            else:  # (reltuples alone is set by CREATE INDEX too)
                gathered = conn.execute(text("SELECT 1 FROM pg_stats WHERE tablename = 'events' LIMIT 1")).first()
                known = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'events'::regclass")).scalar()
                known = known if gathered else 0
        return have > 0 and known < have * (1 - STALE)

    def analyze(self) -> None:
        """Gather the query planner's statistics of every table (SQLite: ANALYZE, about 0.1 s on 50,000
        events; PostgreSQL: ANALYZE, which samples)."""
        log.info("gathering the query planner's statistics")
        with self._writer() as conn:
            self._patiently(lambda: conn.exec_driver_sql("ANALYZE"))

    def commit(self) -> None:
        if self._conn is not None:
            self._patiently(self._conn.commit)
            self._transaction_ended()
            self._conn.begin()

    def _transaction_ended(self) -> None:
        self._seq = None  # another process may write before our next transaction
        self._held.clear()  # transaction-scoped locks are released

    def rollback(self) -> None:
        """Undo everything since the last commit of the open batch, which stays open."""
        if self._conn is not None:
            self._conn.rollback()
            self._conn.begin()
            self._transaction_ended()

    @contextmanager
    def connection(self):
        """The writer's connection, for tables another stage keeps in this database (watch state): inside
        `batch()` its open transaction, else a transaction of its own committed on exit."""
        with self._writer() as conn:
            yield conn

    @contextmanager
    def _writer(self):
        if self._conn is not None:
            yield self._conn
        else:
            try:
                with self.engine.begin() as conn:
                    yield conn
            finally:
                self._transaction_ended()

    def _patiently(self, write: Callable):
        """Run `write`, and while another process holds SQLite's write lock past `lock_timeout`, say so and
        wait again. SQLite reports the lock at a transaction's first write (or, without WAL, at commit,
        which may be repeated), so nothing is written twice and nothing already written is lost."""
        waited = 0.0
        while True:
            try:
                return write()
            except OperationalError as exc:
                if self.dialect != "sqlite" or not _locked(exc):
                    raise
                self._seq = None
                waited += self.lock_timeout
                log.warning("%s is locked by another writer; waited %.0f s, waiting again (nothing is lost)",
                            self.engine.url.database, waited)

    def _next_seq(self, conn: Connection) -> int:
        """Arrival order of mentions, unique across writers: a sequence on PostgreSQL; on SQLite, where one
        transaction writes at a time, one more than the largest, read inside the writing transaction."""
        if self.dialect == "postgresql":
            return conn.execute(NEXT_SEQ).scalar_one()
        if self._seq is None:
            self._seq = conn.execute(select(func.coalesce(func.max(mentions.c.seq), 0))).scalar_one()
        self._seq += 1
        return self._seq

    def known(self, article: Article) -> bool:
        """Already stored (same id, or the same text under another id)?"""
        with self._reader() as conn:
            hit = conn.execute(select(articles.c.id).where(
                or_(articles.c.id == article.id, articles.c.content_hash == article.content_hash)).limit(1)).first()
        return hit is not None

    @contextmanager
    def _reader(self):
        # Inside a batch, read through the writer so uncommitted articles count as known.
        if self._conn is not None:
            yield self._conn
        else:
            with self.engine.connect() as conn:
                yield conn

    def add(self, article: Article, mention_list: Sequence[Mention], report: SourceReport | None = None) -> AddResult:
        """Store one article (with its source assessment, when given) and merge its mentions into events.
        Idempotent on article id and content hash."""
        try:
            res = self._patiently(lambda: self._add_locked(article, mention_list, report))
            self._stored += res.added
            return res
        except SQLAlchemyError as exc:
            self._seq = None
            raise StoreError(f"EW302 {message('EW302', detail=_detail(exc, self.engine.url.password))}") from exc

    def _add_locked(self, article: Article, mention_list: Sequence[Mention], report: SourceReport | None) -> AddResult:
        with self._writer() as conn:
            if self.dialect == "sqlite":
                return self._add(conn, article, mention_list, report)
            self._merge_lock(conn, mention_list)
            if self._conn is None:
                return self._add(conn, article, mention_list, report)
            # Inside a PostgreSQL batch, a savepoint per article: one refused article does not abort
            # the batch's transaction. (SQLite's driver mishandles savepoints, and SQLite enforces no
            # lengths or types that could refuse one article alone.)
            with conn.begin_nested():
                res = self._add(conn, article, mention_list, report)
        if self._held and time.monotonic() - self._waiters_checked > WAITERS_EVERY:
            self._waiters_checked = time.monotonic()
            if conn.execute(WAITERS).scalar():
                self.commit()  # another writer waits for a family this batch holds: let it through now
        return res

    def _merge_lock(self, conn: Connection, mention_list: Sequence[Mention]) -> None:
        """PostgreSQL: lock (until commit) the event-type family of each mention, the widest set of events
        it could merge with (merge.blocking never joins across families).

        A writer never waits while holding locks: if a lock is taken, the open batch is committed first
        (which publishes it and releases this writer's locks), then the locks are awaited in key order.
        So two writers cannot deadlock, and the second sees the first's events before it merges."""
        keys = sorted({_family_key(self._tax.types.get(m.event_type)) for m in mention_list} - self._held)
        if not keys:
            return
        if not all(conn.execute(TRY_LOCK, {"ns": MERGE_LOCKS, "key": k}).scalar() for k in keys):
            if self._conn is not None:
                self.commit()
            keys = sorted({_family_key(self._tax.types.get(m.event_type)) for m in mention_list})
            for k in keys:
                conn.execute(LOCK, {"ns": MERGE_LOCKS, "key": k})
        if self._conn is not None:  # (outside a batch the transaction ends with this article)
            self._held.update(keys)

    def add_many(self, pairs: Iterable[tuple[Article, Sequence[Mention]]], *, batch_size: int = 500,
                 on_added=None) -> dict:
        """Bulk load (tests, benchmarks, ingest): commits every `batch_size` articles."""
        counts = {"articles": 0, "duplicates": 0, "mentions": 0, "events_created": 0}
        stream = iter(pairs)
        with self.batch():
            # Chunks of at most CHUNK articles, each stored with a few statements (bulk.py).
            while chunk := list(itertools.islice(stream, min(batch_size, CHUNK))):
                for (article, _ms), res in zip(chunk, self.add_chunk(chunk)):
                    counts["articles" if res.added else "duplicates"] += 1
                    counts["mentions"] += len(res.events)
                    counts["events_created"] += res.created
                    if on_added is not None:
                        on_added(article, res)
                self.commit()
        return counts

    def add_error(self, err: ErrorRecord) -> None:
        self._patiently(lambda: self._add_error(err))

    def _add_error(self, err: ErrorRecord) -> None:
        with self._writer() as conn:
            # The same unreadable line reported again by a rerun is not a new error.
            seen = conn.execute(select(errors.c.id).where(
                errors.c.source == err.source, errors.c.code == err.code,
                errors.c.line.is_(None) if err.line is None else errors.c.line == err.line).limit(1)).first()
            if seen is not None:
                return
            conn.execute(insert(errors).values(source=err.source, line=err.line, code=err.code, reason=err.reason,
                                               created_at=_now()))

    def _add(self, conn: Connection, article: Article, mention_list: Sequence[Mention],
             report: SourceReport | None = None) -> AddResult:
        dup = conn.execute(select(articles.c.id).where(
            or_(articles.c.id == article.id, articles.c.content_hash == article.content_hash)).limit(1)).first()
        if dup is not None:
            log.debug("article %s already stored as %s", article.id, dup[0])
            return AddResult(article.id, False)
        published = article.published.isoformat() if article.published else None
        # Another writer may have stored it since the check above (two ingests of one file): then it is
        # already stored, as above, not an error.
        upsert = sqlite_insert if self.dialect == "sqlite" else pg_insert
        stored = conn.execute(upsert(articles).values(
            id=article.id, content_hash=article.content_hash, url=article.url, outlet=article.outlet,
            published=published, title=article.title, text=article.text, source=article.source,
            ingested_at=_now(), signature=copies.signature(article.text).to_json()).on_conflict_do_nothing())
        if stored.rowcount == 0:
            log.debug("article %s stored meanwhile by another writer", article.id)
            return AddResult(article.id, False)
        if report is not None:
            conn.execute(upsert(assessments).values(**scorecards.assessment_row(article, report)).on_conflict_do_nothing())
        joined: list[str] = []
        created = 0
        for i, m in enumerate(mention_list):
            rec = merge.mention_record(article, i, m)
            rec["order"] = self._next_seq(conn)
            # Two events reported in one article stay two events, unless one only restates the other's region.
            group = merge.joins(rec, self._candidates(conn, rec), joined, self._settings)
            eid = group[0]["event_id"] if group else merge.event_id(article.id, i)
            conn.execute(insert(mentions).values(**self._mention_row(rec, eid)))
            for other in group[1:]:  # the events this report bridges become one (merge.bridged)
                unite(conn, other["event_id"], eid)
                joined = [eid if j == other["event_id"] else j for j in joined]
            self._refresh_event(conn, eid, new=not group, first_seq=rec["order"])
            joined.append(eid)
            created += not group
        return AddResult(article.id, True, tuple(joined), created)

    @staticmethod
    def _mention_row(rec: dict, eid: str) -> dict:
        row = {k: rec.get(k) for k in MENTION_COLUMNS if k in rec}
        row.update(id=rec["mention_id"], idx=rec["index"], event_id=eid, seq=rec["order"])
        return row

    def _candidates(self, conn: Connection, rec: dict) -> list[dict]:
        """Events that could be the same as `rec`: same family, country and date window (SQL side of
        merge.blocking; merge.compatible re-checks everything exactly)."""
        fam = self._tax.types.get(rec.get("event_type"))
        types = [t for t, f in self._tax.types.items() if f == fam]
        c = events.c
        conds = [c.event_type.in_(types)]
        if rec.get("iso3"):
            conds.append(or_(c.iso3 == rec["iso3"], c.iso3.is_(None)))
        if rec.get("event_date"):
            day = date.fromisoformat(rec["event_date"][:10])
            spans = []
            for prec in (1, 2, 3):
                w = timedelta(days=self._settings.window(prec, rec.get("time_precision")))
                spans.append((c.time_precision == prec) & c.event_date.between((day - w).isoformat(), (day + w).isoformat()))
            spans.append(c.event_date.is_(None) & (func.lower(c.location) == (rec.get("location") or "").casefold()))
            conds.append(or_(*spans))
        elif rec.get("location"):
            conds.append(func.lower(c.location) == rec["location"].casefold())
        else:
            return []
        rows = conn.execute(select(events).where(*conds).order_by(c.first_seq)).mappings()
        out = []
        for row in rows:
            cand = dict(row)
            cand.update(cand.pop("profile") or {})
            out.append(cand)
        return out

    def _refresh_event(self, conn: Connection, eid: str, *, new: bool, first_seq: int) -> None:
        rows = [dict(r) for r in conn.execute(
            select(mentions).where(mentions.c.event_id == eid).order_by(mentions.c.seq)).mappings()]
        sources = list(dict.fromkeys(r["article_id"] for r in rows))
        titles = conn.execute(select(articles.c.title).where(articles.c.id.in_(sources))).scalars().all()
        values = event_values(rows, titles)
        vouched, corroborated = vouching(conn, rows)
        values.update(vouched)
        if new:
            conn.execute(insert(events).values(event_id=eid, first_seq=first_seq, **values))
        else:
            conn.execute(update(events).where(events.c.event_id == eid).values(**values))
        write_outlets(conn, {eid: corroborated})

    def add_chunk(self, pairs: Sequence[tuple[Article, Sequence[Mention]]]) -> list[AddResult]:
        """Store and merge many articles with a few statements (the same outcome as `add` on each in turn);
        inside a batch. A chunk the database refuses is stored article by article instead. On PostgreSQL the
        chunk first takes the merge locks of its event families (as `add` does), so a concurrent writer's
        events are committed, and seen, before this chunk merges with them."""
        from .bulk import add_chunk

        if self.dialect != "sqlite":
            with self._writer() as conn:
                self._merge_lock(conn, [m for _article, ms in pairs for m in ms])
        stored = self._stored  # (a chunk refused whole is stored by `add`, which counts too)
        results = add_chunk(self, pairs)
        self._stored = stored + sum(r.added for r in results)
        return results

    # ---- read side -----------------------------------------------------------------------------------
    @staticmethod
    def _event_dict(row) -> dict:
        out = {k: row[k] for k in EVENT_DICT_FIELDS}
        out["tags"] = list(out["tags"] or [])
        out["sources"] = list(row["sources"] or [])
        out["outlets"] = list(row["outlets"] or [])
        out["mentions"] = row["n_mentions"]
        out["disagreements"] = row["disagreements"] or {}
        for k in SOURCE_FIELDS:
            out[k] = row[k]
        out["attribution"] = list(out["attribution"] or [])
        out["copies"] = list(out["copies"] or [])
        out["holder_kinds"] = [k for k in (row["holder_kinds"] or "").split("|") if k]
        return out

    def _where(self, flt: EventFilter | None) -> list:
        return where(flt, dialect=self.dialect)

    def _select(self, flt: EventFilter | None):
        return select(*EVENT_COLUMNS).where(*self._where(flt))

    def events(self, flt: EventFilter | None = None, *, limit: int = 100, offset: int = 0,
               count_limit: int | None = None, after: tuple[date | str | None, str] | None = None,
               total: int | None = None, stored_json: bool = False) -> tuple[list[dict], int]:
        """One page of events (newest first, then by id) and how many match in all. With `count_limit`,
        counting stops there: a total equal to it means "at least that many".

        after: (event_date, event_id) of the last event of the previous page: this page starts just after
            it (keyset paging: as fast at the 40,000th event as at the first, where `offset` reads past
            every event before the page).
        total: the count, when the caller already has it for this filter (it is not made again).
        stored_json: the JSON fields (tags, sources, outlets, disagreements, attribution, copies)
            are orjson.Fragment of their stored text, for a caller that only writes them out with orjson:
            not parsed into lists and dicts to be turned back into the same JSON (a page of 101 events:
            1.1 of its 2.0 ms of CPU were that and the dicts' building)."""
        c = events.c
        order = (c.event_date.desc().nulls_last(), c.event_id.desc())
        with self._reader() as conn:
            country = self._country(conn, flt)
            looked_up, matched = self._look_up_text(conn, flt) if self.dialect == "sqlite" else (frozenset(), None)
            if total is None and count_limit and matched is not None and matched >= count_limit:
                total = count_limit  # the text search is the whole filter: its matches are counted
            # (not for a box or distance: its count reads only the coordinates index, a list of dates
            # and ids would read the table for each of up to count_limit events)
            if total is None and count_limit and self.dialect == "sqlite" and not (flt and (flt.bbox or flt.near)):
                keys = self._keys(conn, flt, country, count_limit, looked_up)
                if len(keys) < count_limit:  # every match is in hand: the page is cut from them
                    return self._events_by_id(conn, _cut(keys, offset=offset, after=after, limit=limit),
                                              stored_json=stored_json), len(keys)
                total = len(keys)
            if total is None:
                total = self._count(conn, flt, country, count_limit, looked_up)
            dense = count_limit is not None and total >= count_limit
            conds = where(flt, dialect=self.dialect, dense=dense, country=country, looked_up=looked_up)
            # The page's ids first, which the indexes answer without reading whole rows; then those rows.
            if after is not None:
                ids = self._ids_after(conn, conds, after, limit)
            else:
                ids = list(conn.execute(select(c.event_id).where(*conds).order_by(*order).limit(limit).offset(offset))
                           .scalars())
            return self._events_by_id(conn, ids, stored_json=stored_json), total

    @staticmethod
    def _look_up_text(conn: Connection, flt: EventFilter | None) -> tuple[frozenset[str], int | None]:
        """SQLite: put the matches of each of the filter's text searches in its LOOKED_UP table, once for
        every query of the page (a trigram lookup of a common word cost as much as the rest of the page,
        and was made by its count and again by its page). Also how many events the filter matches when a
        text search is all it is (else None)."""
        terms = looked_up_text(flt)
        matched = None
        for field, term in terms.items():
            # (SQL text: a statement built and compiled per page cost more than the lookup of a rare term)
            table = f"temp.{LOOKED_UP[field].name}"
            conn.exec_driver_sql(f"DELETE FROM {table}")
            stored = conn.exec_driver_sql(f"INSERT INTO {table} (r) SELECT rowid FROM events_fts WHERE events_fts MATCH ?",
                                          (fts_query(TEXT_COLUMNS[field], term),))
            if replace(flt, **{field: None}) == EventFilter():
                matched = stored.rowcount
        return frozenset(terms), matched

    def _keys(self, conn: Connection, flt: EventFilter | None, country: tuple[str, ...], limit: int,
              looked_up: frozenset[str] = frozenset()) -> list:
        """(event_date, event_id) of up to `limit` matching events, in no order: counting a filter that few
        events match this way also gives its page, sorted here, with no second query."""
        c = events.c
        keys = select(c.event_date, c.event_id).where(*where(flt, dialect=self.dialect, country=country,
                                                             looked_up=looked_up)).limit(limit)
        # Straight from the driver's cursor, as tuples (which sort faster than Rows): most filters list
        # count_limit keys per page, and SQLAlchemy's rows took longer than SQLite's reading them (0.9
        # against 0.4 ms for 1,000).
        result = conn.execute(keys)
        try:
            return result.cursor.fetchall()
        finally:
            result.close()

    def _events_by_id(self, conn: Connection, ids: list[str], *, stored_json: bool = False) -> list[dict]:
        """The event dicts of `ids`, in that order (`stored_json`: see events())."""
        if not ids:
            return []
        # Straight from the driver: SQLAlchemy's per-row processing took longer than the query itself
        # (2.5 against 0.9 ms for a page of 101 events on SQLite), on every page the API serves.
        driver = conn.connection.driver_connection
        if stored_json:
            return self._page_by_id(driver, ids)
        rows = [dict(zip(EVENT_COLUMN_NAMES, r)) for r in self._by_id(driver, EVENTS_BY_ID, ids)]
        for row in rows:
            for k in JSON_EVENT_COLUMNS:
                if row[k] is not None:
                    row[k] = orjson.loads(row[k])
        by_id = {r["event_id"]: r for r in rows}
        return [self._event_dict(by_id[i]) for i in ids if i in by_id]

    def _by_id(self, driver, sql: dict[str, str], ids: list[str]):
        """The driver's cursor over the rows of `ids`, by one of the {dialect: SQL} by-id queries."""
        if self.dialect == "sqlite":
            return driver.execute(sql["sqlite"].format(marks=",".join("?" * len(ids))), ids)
        return driver.execute(sql["postgresql"], (list(ids),))

    def _page_by_id(self, driver, ids: list[str]) -> list[dict]:
        """_events_by_id's event dicts with their JSON fields as stored (orjson.Fragment), made straight
        from the rows (PAGE_BY_ID)."""
        fragment, by_id = orjson.Fragment, {}
        for row in self._by_id(driver, PAGE_BY_ID, ids):
            values = list(row)
            for i, null in PAGE_JSON_AT:
                values[i] = null if values[i] is None else fragment(values[i])
            kinds = values[PAGE_HOLDER_KINDS_AT]
            values[PAGE_HOLDER_KINDS_AT] = [k for k in kinds.split("|") if k] if kinds else []
            by_id[values[0]] = dict(zip(PAGE_KEYS, values))
        return [by_id[i] for i in ids if i in by_id]

    def count(self, flt: EventFilter | None = None, *, limit: int | None = None) -> int:
        """How many events match, counting no further than `limit`."""
        with self._reader() as conn:
            return self._count(conn, flt, self._country(conn, flt), limit)

    def _count(self, conn: Connection, flt: EventFilter | None, country: tuple[str, ...], limit: int | None,
               looked_up: frozenset[str] = frozenset()) -> int:
        # Counting rows, not ids: a filter's index then answers alone (the id is in the table, not in it),
        # e.g. a distance or box filter by (latitude, longitude): 3.0 -> 1.1 ms on 50,000 events.
        matching = select(literal_column("1")).select_from(events).where(*where(flt, dialect=self.dialect,
                                                                               country=country, looked_up=looked_up))
        return conn.execute(select(func.count()).select_from((matching.limit(limit) if limit else matching)
                                                              .subquery())).scalar_one()

    @staticmethod
    def _country(conn: Connection, flt: EventFilter | None) -> tuple[str, ...]:
        """The ways (code, name) the filter's country matches some event: two index lookups that spare the
        page query an OR of both (see query.where)."""
        tests = country_tests(flt)
        found = tuple(k for k, test in tests.items()
                      if conn.execute(select(events.c.event_id).where(test).limit(1)).first() is not None)
        return found or ("iso3", "name")

    @staticmethod
    def _ids_after(conn: Connection, conds: list, after: tuple, limit: int) -> list[str]:
        """Up to `limit` ids of matching events after `after` in page order: dated events by (date, id)
        descending, then the undated ones by id. Dated and undated are two queries because a row-value
        comparison lets the (date, id) indexes start at the cursor, which an added `OR date IS NULL` undoes."""
        c = events.c
        day, eid = after
        ids: list[str] = []
        if day is not None:
            day = str(day)[:10]  # ISO dates compare as text
            ids = list(conn.execute(select(c.event_id).where(*conds, tuple_(c.event_date, c.event_id) < (day, eid))
                                    .order_by(c.event_date.desc(), c.event_id.desc()).limit(limit)).scalars())
        if len(ids) < limit:
            undated = [c.event_date.is_(None)] + ([] if day is not None else [c.event_id < eid])
            ids += conn.execute(select(c.event_id).where(*conds, *undated).order_by(c.event_id.desc())
                                .limit(limit - len(ids))).scalars()
        return ids

    def event_ids(self, flt: EventFilter | None = None) -> list[str]:
        """The ids of every matching event (for the map, which has the rest in memory)."""
        with self._reader() as conn:
            return list(conn.execute(select(events.c.event_id).where(*self._where(flt))).scalars())

    def version(self) -> int:
        """A number that changes whenever events may have changed: the newest mention's arrival number
        (every change to an event comes with a new mention). One index lookup. (On PostgreSQL, a writer
        that commits after another that drew a higher number is seen at the next change.)"""
        with self._reader() as conn:
            return conn.execute(select(func.max(mentions.c.seq))).scalar() or 0

    def iter_events(self, flt: EventFilter | None = None, *, chunk: int = 1000) -> Iterator[dict]:
        """Every matching event in a stable order (date, then id), streamed from the database."""
        c = events.c
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=chunk).execute(
                self._select(flt).order_by(c.event_date.asc().nulls_last(), c.first_seq))
            for row in result.mappings():
                yield self._event_dict(row)

    def _mention_dict(self, row) -> dict:
        out = {k: row[k] for k in Mention.CONTRACT_FIELDS}
        out["tags"] = list(out["tags"] or [])
        out["evidence"] = list(out["evidence"] or [])
        out["attribution"] = list(out["attribution"] or [])
        out.update(mention_id=row["id"], event_id=row["event_id"], notes=list(row["notes"] or []),
                   trigger=row["trigger"], outlet=row["outlet"], published=row["published"])
        return out

    def event(self, event_id: str) -> dict | None:
        with self._reader() as conn:
            row = conn.execute(select(*EVENT_COLUMNS).where(events.c.event_id == event_id)).mappings().first()
            if row is None:
                return None
            out = self._event_dict(row)
            out["mention_count"] = out["mentions"]
            ms = conn.execute(select(mentions).where(mentions.c.event_id == event_id).order_by(mentions.c.seq)).mappings()
            out["mentions"] = [self._mention_dict(m) for m in ms]
            arts = conn.execute(select(articles.c.id, articles.c.title, articles.c.outlet, articles.c.url,
                                       articles.c.published, articles.c.text)
                                .where(articles.c.id.in_(out["sources"]))).mappings()
            by_id = {a["id"]: dict(a) for a in arts}
            assessed = scorecards.read_assessments(conn, out["sources"])
            for aid, art in by_id.items():
                art["assessment"] = assessed.get(aid)
            out["articles"] = [by_id[s] for s in out["sources"] if s in by_id]
            return out

    def article(self, article_id: str) -> dict | None:
        with self._reader() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            out = {k: row[k] for k in ("id", "url", "outlet", "published", "title", "text", "content_hash")}
            ms = conn.execute(select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.idx)).mappings()
            out["mentions"] = [self._mention_dict(m) for m in ms]
            out["assessment"] = scorecards.read_assessments(conn, [article_id]).get(article_id)
            out["copies"] = self._copies_of(conn, article_id, row["signature"])
            return out

    def _copies_of(self, conn: Connection, article_id: str, signature) -> list[str]:
        """Other stored articles that are copies of this one, among those sharing an event with it."""
        mine = copies.Signature.from_json(signature)
        eids = select(mentions.c.event_id).where(mentions.c.article_id == article_id).scalar_subquery()
        peers = select(mentions.c.article_id).where(mentions.c.event_id.in_(eids),
                                                    mentions.c.article_id != article_id).distinct().scalar_subquery()
        rows = conn.execute(select(articles.c.id, articles.c.signature).where(articles.c.id.in_(peers))).all()
        return sorted(aid for aid, sig in rows if copies.is_copy(mine, copies.Signature.from_json(sig)))

    # ---- outlets ---------------------------------------------------------------------------------------
    def outlets(self, *, limit: int = 500, offset: int = 0) -> tuple[list[dict], int]:
        """Each outlet's scorecard (store/scorecards.py), most articles first, and how many outlets there are."""
        with self._reader() as conn:
            return scorecards.outlets(conn, limit=limit, offset=offset)

    def outlet(self, name: str, *, recent: int = 50) -> dict | None:
        """One outlet's scorecard with its most recent assessed articles, or None when it has none."""
        with self._reader() as conn:
            return scorecards.outlet(conn, name, recent=recent)

    def aggregate(self, flt: EventFilter | None = None, *, bucket: str = "day") -> list[dict]:
        """Events and fatalities per period and event type, counted in SQL."""
        period = self._period(bucket)
        c = events.c
        q = (select(period.label("period"), c.event_type, func.count().label("events"),
                    func.coalesce(func.sum(c.fatalities), 0).label("fatalities"))
             .where(c.event_date.is_not(None), *self._where(flt))
             .group_by(period, c.event_type).order_by(period, c.event_type))
        with self._reader() as conn:
            return [{"period": r.period, "event_type": r.event_type, "events": int(r.events),
                     "fatalities": int(r.fatalities)} for r in conn.execute(q)]

    def _period(self, bucket: str):
        d = events.c.event_date
        if bucket == "day":
            return d
        if bucket == "month":
            return func.substr(d, 1, 7, type_=String) + "-01"
        if bucket == "week":  # the Monday starting the ISO week
            if self.dialect == "sqlite":
                return func.date(d, "weekday 0", "-6 days")
            return func.to_char(func.date_trunc("week", cast(d, Date)), "YYYY-MM-DD")
        raise ValueError(f"bucket must be day, week or month, not {bucket!r}")

    def errors(self, limit: int = 100) -> list[dict]:
        with self._reader() as conn:
            rows = conn.execute(select(errors).order_by(errors.c.id.desc()).limit(limit)).mappings()
            return [dict(r) for r in rows]

    def sources(self) -> list[dict]:
        """What `eventwire watch` follows, with each source's failures (eventwire/watch/state.py)."""
        from ..watch import state as watch_state

        with self._reader() as conn:
            return watch_state.summaries(conn)

    def counts(self) -> dict[str, int]:
        with self._reader() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in (("articles", articles), ("mentions", mentions), ("events", events),
                                    ("errors", errors))}

