"""The event database: one interface over SQLite (default) and PostgreSQL.

One writer: `add` / `add_many` run on the store's own connection; inside `batch()` they share one
transaction that commits every `batch_size` articles, so an interrupted ingest loses at most the open batch
and a rerun skips every article already committed. Readers use fresh connections (SQLite runs in WAL mode,
so reads never wait for the writer).
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
import fcntl
import itertools
import os
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Date, String, cast, create_engine, delete, text, event as sa_event, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .. import merge, taxonomy
from ..errors import StoreError, message
from ..geo import haversine_km
from ..merge.reconcile import EVENT_FIELDS
from ..merge import copies, sources as source_summary
from ..records import Article, ErrorRecord, Mention, SourceReport
from . import scorecards
from . import url as urls
from .query import EventFilter, where
from .schema import articles, assessments, errors, event_outlets, events, mentions

log = logging.getLogger(__name__)

MENTION_COLUMNS = tuple(c.name for c in mentions.columns)
CHUNK = 500  # articles stored together by add_many
# The consolidated-event dict: contract fields, then the extras the API and exports use.
EVENT_DICT_FIELDS = ("event_id", *EVENT_FIELDS)
# Who vouches for an event (merge.sources), carried by the event dict after the contract fields.
SOURCE_FIELDS = ("claim_status", "attribution", "independent_sources", "copies")


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


def _sqlite_connect(dbapi_conn, _record) -> None:
    dbapi_conn.create_function("ew_km", 4, _km, deterministic=True)
    cur = dbapi_conn.cursor()
    # WAL: readers never block the writer; NORMAL sync keeps every commit across a killed process.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


MIGRATION_LOCK = 0x65770001  # PostgreSQL advisory lock key: one migrating process at a time


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


def vouching(conn: Connection, rows: list[dict]) -> tuple[dict, dict[str, bool]]:
    """Who vouches for the event of mentions `rows`: its events-row fields (claim status, attribution,
    independent sources, copies of one wire text, holder kinds) and, per outlet, whether another outlet's
    independent report tells the same event."""
    sources = list(dict.fromkeys(r["article_id"] for r in rows))
    signed = conn.execute(select(articles.c.id, articles.c.signature).where(articles.c.id.in_(sources))).all()
    sigs = {aid: copies.Signature.from_json(sig) for aid, sig in signed}
    groups = copies.groups((aid, sigs.get(aid)) for aid in sources)
    vouched = source_summary.summarise(rows, groups)
    kinds = vouched["holder_kinds"]
    fields = {**{k: vouched[k] for k in SOURCE_FIELDS}, "holder_kinds": "|" + "|".join(kinds) + "|" if kinds else None}
    by_article = {r["article_id"]: r.get("outlet") for r in rows}
    return fields, source_summary.corroborated(by_article, groups)


def write_outlets(conn: Connection, eid: str, corroborated: dict[str, bool]) -> None:
    conn.execute(delete(event_outlets).where(event_outlets.c.event_id == eid))
    for outlet, ok in corroborated.items():
        conn.execute(insert(event_outlets).values(event_id=eid, outlet=outlet[:255], corroborated=int(ok)))


class Store:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._conn: Connection | None = None  # the writer, while a batch is open
        self._settings = merge.load_settings()
        self._tax = taxonomy.load()
        self._seq: int | None = None

    # ---- life cycle ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, url_or_path) -> "Store":
        url = urls.normalise(url_or_path)
        try:
            if url.startswith("sqlite"):
                engine = create_engine(url, connect_args={"timeout": 30})
                sa_event.listen(engine, "connect", _sqlite_connect)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            migrate(engine)
        except SQLAlchemyError as exc:
            raise StoreError(f"EW302 {message('EW302', detail=str(exc).splitlines()[0])}") from exc
        return cls(engine)

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
        try:
            yield self
            self._conn.commit()
        except BaseException:
            self._conn.rollback()
            raise
        finally:
            self._conn.close()
            self._conn = None

    def commit(self) -> None:
        if self._conn is not None:
            self._conn.commit()
            self._conn.begin()

    def rollback(self) -> None:
        """Undo everything since the last commit of the open batch, which stays open."""
        if self._conn is not None:
            self._conn.rollback()
            self._conn.begin()
            self._seq = None

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
            with self.engine.begin() as conn:
                yield conn

    def _next_seq(self, conn: Connection) -> int:
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
            with self._writer() as conn:
                if self._conn is None or self.dialect == "sqlite":
                    return self._add(conn, article, mention_list, report)
                # Inside a PostgreSQL batch, a savepoint per article: one refused article does not abort
                # the batch's transaction. (SQLite's driver mishandles savepoints, and SQLite enforces no
                # lengths or types that could refuse one article alone.)
                with conn.begin_nested():
                    return self._add(conn, article, mention_list, report)
        except SQLAlchemyError as exc:
            self._seq = None
            raise StoreError(f"EW302 {message('EW302', detail=str(exc).splitlines()[0])}") from exc

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
        conn.execute(insert(articles).values(
            id=article.id, content_hash=article.content_hash, url=article.url, outlet=article.outlet,
            published=published, title=article.title, text=article.text, source=article.source,
            ingested_at=_now(), signature=copies.signature(article.text).to_json()))
        if report is not None:
            conn.execute(insert(assessments).values(**scorecards.assessment_row(article, report)))
        joined: list[str] = []
        created = 0
        for i, m in enumerate(mention_list):
            rec = merge.mention_record(article, i, m)
            rec["order"] = self._next_seq(conn)
            # Two events reported in one article stay two events, unless one only restates the other's region.
            cands = [c for c in self._candidates(conn, rec) if c["event_id"] not in joined or merge.may_join_own(c, rec)]
            match = merge.best_match(rec, cands, self._settings)
            eid = match[0]["event_id"] if match else merge.event_id(article.id, i)
            conn.execute(insert(mentions).values(**self._mention_row(rec, eid)))
            self._refresh_event(conn, eid, new=match is None, first_seq=rec["order"])
            joined.append(eid)
            created += match is None
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
        write_outlets(conn, eid, corroborated)

    def add_chunk(self, pairs: Sequence[tuple[Article, Sequence[Mention]]]) -> list[AddResult]:
        """Store and merge many articles with a few statements (the same outcome as `add` on each in turn);
        inside a batch. A chunk the database refuses is stored article by article instead."""
        from .bulk import add_chunk

        return add_chunk(self, pairs)

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

    def _select(self, flt: EventFilter | None):
        return select(events).where(*where(flt))

    def events(self, flt: EventFilter | None = None, *, limit: int = 100, offset: int = 0) -> tuple[list[dict], int]:
        """One page of events (newest first) and how many match in all."""
        c = events.c
        with self._reader() as conn:
            total = conn.execute(select(func.count()).select_from(events).where(*where(flt))).scalar_one()
            rows = conn.execute(self._select(flt).order_by(c.event_date.desc().nulls_last(), c.event_id)
                                .limit(limit).offset(offset)).mappings()
            return [self._event_dict(r) for r in rows], total

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
            row = conn.execute(select(events).where(events.c.event_id == event_id)).mappings().first()
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
             .where(c.event_date.is_not(None), *where(flt))
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

    def counts(self) -> dict[str, int]:
        with self._reader() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in (("articles", articles), ("mentions", mentions), ("events", events),
                                    ("errors", errors))}

