"""The FastAPI app: read-only JSON routes under /api/ and the static page at /.

One Store serves every worker thread: its SQLAlchemy engine hands each read its own pooled connection.
It is opened before the server listens, so a bad URL is reported at once (and migrations run once).

Under load (issue 13): at most `workers` requests are computed at once, each with a connection of its own
(the pool holds one per thread, so a burst waits its turn instead of failing); answers are turned into JSON
in those threads, not in the event loop every request passes through, and kept until the database changes
(concurrent requests for one answer not yet made wait for a single computation of it, across the worker
processes of `serve --workers N` too); /api/health has a thread of its own, so it answers while the others
are busy; exports stream, `max_exports` at a time.
"""
from __future__ import annotations

import gc
import logging
import re
import threading
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path, PurePath
from collections.abc import Callable
from typing import Annotated, Literal

import anyio
import orjson
from fastapi import FastAPI, HTTPException, Path as PathParam, Query
from fastapi.responses import FileResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__, taxonomy
from . import paging, problems
from .cache import ProcessShared, SharedCache
from .clusters import PointSet, cluster
from .params import AggregateQuery, ErrorsQuery, Filters, MapQuery, OutletsQuery, PageQuery
from .security import LOOPBACK, Guard
from .settings import DEFAULTS, SETTINGS

log = logging.getLogger(__name__)

STATIC = Path(str(resources.files("eventwire.api").joinpath("static")))
EXPORT_MEDIA = {
    "acled-csv": ("text/csv; charset=utf-8", "events.csv"),
    "geojson": ("application/geo+json", "events.geojson"),
    "jsonl": ("application/x-ndjson", "events.jsonl"),
}
ID = Annotated[str, PathParam(min_length=1, max_length=200)]
WORKERS = int(DEFAULTS["workers"])
MAX_EXPORTS = int(DEFAULTS["max_exports"])
NO_FILTER = frozenset({"bbox"})  # the map filters by viewport itself


def _render(body: dict) -> bytes:
    return orjson.dumps(body, default=str, option=orjson.OPT_NON_STR_KEYS)  # (keys as json.dumps writes them)


def _json(body: dict | bytes) -> Response:
    """JSON rendered by the calling worker thread (FastAPI would render a returned dict in the event loop)."""
    return Response(body if isinstance(body, bytes) else _render(body), media_type="application/json")


_LOCAL_PATH = re.compile(r"(?<![\w.:/])(?:~|\.{1,2})?(?:/[^\s'\"/:]+)+/(?=[^\s'\"/]*)")


def _public_error(row: dict) -> dict:
    """An ingest error without the server's local paths: file names only (URLs are kept)."""
    source = row["source"]
    if "://" not in source and source != "-":
        source = PurePath(source).name or source
    return {**row, "source": source, "reason": _LOCAL_PATH.sub("", row["reason"])}


def create_app(db: str = "eventwire.db", *, hosts: frozenset[str] | None = LOOPBACK,
               shared: str | None = None) -> FastAPI:
    """The app over the existing database at `db` (a path, `sqlite:///x.db` or `postgresql://...`).

    `hosts`: the Host header names to accept (see security.py); None accepts any.
    `shared`: a folder where the server's worker processes share computed answers (see ProcessShared);
    None: each process computes its own.
    """
    from ..store import EventFilter, Store

    # Connections: one per worker thread, per export, and for /api/health and the map warm-up.
    store = Store.open(db, create=False, readers=WORKERS + MAX_EXPORTS + 2)
    everywhere = SharedCache(entries=2)  # every placed event, by database version
    subsets = SharedCache(entries=int(DEFAULTS["map_cache_entries"]))  # which of them match a filter
    totals = SharedCache(entries=4096)  # how many events match a filter (an int each), by version
    answers = SharedCache(max_weight=int(DEFAULTS["response_cache_mb"]) << 20, weigh=len)  # JSON, by version
    across = ProcessShared(shared, max_bytes=int(DEFAULTS["response_cache_mb"]) << 20) if shared else None
    health_thread = anyio.CapacityLimiter(1)
    export_slots = anyio.Semaphore(MAX_EXPORTS)
    export_threads = anyio.CapacityLimiter(MAX_EXPORTS)

    def placed(version: int) -> PointSet:
        """Every placed event, read once per database version (every map answer starts from it)."""
        return everywhere.get((version,), lambda: PointSet.from_store(store))

    def answer(route: str, p, compute: Callable[[int], dict]) -> Response:
        """The JSON answer for these parameters, computed (given the version) once per database version."""
        version = store.version()
        key = (route, tuple(sorted(p.model_dump().items())), version)
        if across is None:
            return _json(answers.get(key, lambda: _render(compute(version))))
        return _json(answers.get(key, lambda: across.get(key, version, lambda: _render(compute(version)))))

    def map_view(p: MapQuery, version: int) -> dict:
        points = placed(version)
        flt = p.to_filter(without=NO_FILTER)
        subset, unplaced = None, None
        if flt != EventFilter():
            subset, unplaced = subsets.get((p.key(without=NO_FILTER), version),
                                           lambda: points.match(flt) or points.positions(store.event_ids(flt)))
        return cluster(points, zoom=p.zoom, bbox=p.bbox_tuple(), cell_px=int(DEFAULTS["map_cell_px"]),
                       max_markers=int(DEFAULTS["map_max_markers"]), subset=subset, unplaced=unplaced)

    if not (STATIC / "vendor" / "leaflet" / "leaflet.js").exists():
        log.warning("front-end libraries missing under %s: run scripts/install-frontend (the page needs them)",
                    STATIC / "vendor")

    def warm() -> None:
        placed(store.version())
        gc.freeze()  # (and the points just read)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        anyio.to_thread.current_default_thread_limiter().total_tokens = WORKERS
        # What is loaded by now (modules, the app, the store; over 100,000 objects) lives as long as the
        # server: out of the garbage collector's sight, its full collections stop walking all of it in the
        # middle of requests, which each leave a few thousand new objects (7.6 -> 5.8 ms of CPU per page
        # of 100 events within 25 km of a place, 50,205 events).
        gc.freeze()
        # The page's first request is the unfiltered map: read those points while the browser loads.
        threading.Thread(target=warm, name="ew-map-warm", daemon=True).start()
        yield
        store.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, and this server works offline.
    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Read-only API over an eventwire database of evidence-linked, ACLED-coded events.")
    problems.install(app)
    app.add_middleware(Guard, hosts=hosts)

    def _health() -> dict:  # the counts, and what `eventwire watch` follows and which sources fail
        return {"ok": True, "version": __version__, **store.counts(), "sources": store.sources()}

    @app.get("/api/health", tags=["meta"])
    async def health() -> Response:
        return _json(await anyio.to_thread.run_sync(_health, limiter=health_thread))

    @app.get("/api/settings", tags=["meta"])
    def settings() -> dict:
        return {"ok": True, "settings": [s._asdict() for s in SETTINGS]}

    @app.get("/api/taxonomy", tags=["meta"])
    def get_taxonomy() -> dict:
        tax = taxonomy.load()
        return {"ok": True, "event_types": {t: [s.name for s in tax.subtypes.values() if s.event_type == t]
                                            for t in tax.types}}

    @app.get("/api/events", tags=["events"])
    def list_events(p: Annotated[PageQuery, Query()]) -> Response:
        """One page of matching events, newest first. `total` is exact below `count_limit` (see
        /api/settings); `total_exact` says whether it was reached. Page on with `next_cursor` (as fast at
        any depth) or `next_offset` (slower the deeper it goes)."""
        def page(version: int) -> dict:
            count_limit = int(DEFAULTS["count_limit"])
            flt, after = p.to_filter(), p.after()
            # Every page of a filter has the same total: counted once per filter and database version.
            known = totals.peek((p.key(), version))
            # One row more than asked says whether another page follows, however deep this one is.
            rows, total = store.events(flt, limit=p.limit + 1, offset=p.offset, count_limit=count_limit,
                                       after=after, total=known, stored_json=True)
            if known is None:
                totals.get((p.key(), version), lambda: total)
            more = len(rows) > p.limit
            rows = rows[:p.limit]
            exact = total < count_limit
            if not exact and after is None:  # counting stopped; this page may show there are more
                total = max(total, p.offset + len(rows) + more)
            last = rows[-1] if more else None
            return {"ok": True, "total": total, "total_exact": exact, "limit": p.limit, "offset": p.offset,
                    "next_offset": p.offset + p.limit if more and after is None else None,
                    "next_cursor": paging.encode(last["event_date"], last["event_id"]) if last else None,
                    "events": rows}

        return answer("events", p, page)

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: ID) -> Response:
        ev = store.event(event_id)
        if ev is None:
            raise HTTPException(404, f"unknown event id {event_id!r}")
        return _json({"ok": True, "event": ev})

    @app.get("/api/articles/{article_id}", tags=["events"])
    def get_article(article_id: ID) -> Response:
        art = store.article(article_id)
        if art is None:
            raise HTTPException(404, f"unknown article id {article_id!r}")
        return _json({"ok": True, "article": art})

    @app.get("/api/outlets", tags=["sources"])
    def list_outlets(p: Annotated[OutletsQuery, Query()]) -> dict:
        """Each outlet's scorecard: opinion share, loaded terms per 1,000 words, unattributed tolls, claim
        statuses of its reports and how often other outlets' independent reports corroborate its events."""
        rows, total = store.outlets(limit=p.limit, offset=p.offset)
        return {"ok": True, "total": total, "limit": p.limit, "offset": p.offset, "outlets": rows}

    @app.get("/api/outlets/{outlet}", tags=["sources"])
    def get_outlet(outlet: ID) -> dict:
        card = store.outlet(outlet)
        if card is None:
            raise HTTPException(404, f"unknown outlet {outlet!r}")
        return {"ok": True, "outlet": card}

    @app.get("/api/aggregate", tags=["charts"])
    def aggregate(p: Annotated[AggregateQuery, Query()]) -> Response:
        return answer("aggregate", p, lambda _version: {"ok": True, "bucket": p.bucket,
                                                        "rows": store.aggregate(p.to_filter(), bucket=p.bucket)})

    @app.get("/api/map", tags=["charts"])
    def map_markers(p: Annotated[MapQuery, Query()]) -> Response:
        """Clustered markers for the viewport `bbox` at `zoom`, over events matching the other filters;
        at most `map_max_markers` (`cell_zoom` is the zoom they were clustered at)."""
        return answer("map", p, lambda version: map_view(p, version))

    @app.get("/api/export/{fmt}", tags=["export"])
    async def export(fmt: Literal["acled-csv", "geojson", "jsonl"], p: Annotated[Filters, Query()]) -> StreamingResponse:
        """Every matching event, streamed as it is read (`max_exports` at once; more wait their turn)."""
        from .. import export as exporters

        media, filename = EXPORT_MEDIA[fmt]
        flt = p.to_filter()
        await export_slots.acquire()
        try:
            blocks = exporters.stream(fmt, store.iter_events(flt))
            # The first block is made before answering, so a failure to start is a clean error response;
            # a failure later cuts the download short (no final chunk), which clients report as failed.
            first = await anyio.to_thread.run_sync(next, blocks, None, limiter=export_threads)
        except BaseException:
            export_slots.release()
            raise

        async def rest():
            try:
                if first is not None:
                    yield first
                while (block := await anyio.to_thread.run_sync(next, blocks, None, limiter=export_threads)) is not None:
                    yield block
            finally:
                export_slots.release()
                await anyio.to_thread.run_sync(blocks.close, limiter=export_threads)

        return StreamingResponse(rest(), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @app.get("/api/errors", tags=["meta"])
    def ingest_errors(p: Annotated[ErrorsQuery, Query()]) -> Response:
        """The latest input errors, with file names but not the server's folders."""
        return _json({"ok": True, "errors": [_public_error(e) for e in store.errors(limit=p.limit)]})

    @app.get("/api/{rest:path}", include_in_schema=False)
    def api_not_found(rest: str) -> dict:
        raise HTTPException(404, f"no API route /api/{rest}")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
