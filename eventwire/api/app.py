"""The FastAPI app: read-only JSON routes under /api/ and the static page at /.

One Store serves every worker thread: its SQLAlchemy engine hands each read its own pooled connection.
It is opened before the server listens, so a bad URL is reported at once (and migrations run once).
"""
from __future__ import annotations

import logging
import tempfile
import threading
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, HTTPException, Path as PathParam, Query
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__, taxonomy
from . import problems
from .clusters import PointCache, PointSet, cluster
from .params import AggregateQuery, ErrorsQuery, Filters, MapQuery, OutletsQuery, PageQuery
from .settings import DEFAULTS, SETTINGS

log = logging.getLogger(__name__)

STATIC = Path(str(resources.files("eventwire.api").joinpath("static")))
EXPORT_MEDIA = {
    "acled-csv": ("text/csv; charset=utf-8", "events.csv"),
    "geojson": ("application/geo+json", "events.geojson"),
    "jsonl": ("application/x-ndjson", "events.jsonl"),
}
ID = Annotated[str, PathParam(min_length=1, max_length=200)]


def create_app(db: str = "eventwire.db") -> FastAPI:
    """The app over the database at `db` (a path, `sqlite:///x.db` or `postgresql://...`)."""
    from ..store import Store

    store = Store.open(db)
    points = PointCache(entries=int(DEFAULTS["map_cache_entries"]))
    everything = Filters()

    def map_points(flt: Filters) -> PointSet:
        without = frozenset({"bbox"})
        version = tuple(sorted(store.counts().items()))
        return points.get(flt.key(without=without), lambda: PointSet.from_store(store, flt.to_filter(without=without)),
                          version=version)
    if not (STATIC / "vendor" / "leaflet" / "leaflet.js").exists():
        log.warning("front-end libraries missing under %s: run scripts/install-frontend (the page needs them)",
                    STATIC / "vendor")

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # The page's first request is the unfiltered map: read those points while the browser loads.
        threading.Thread(target=map_points, args=(everything,), name="ew-map-warm", daemon=True).start()
        yield
        store.close()

    # No /docs or /redoc: FastAPI's pages load their scripts from a CDN, and this server works offline.
    app = FastAPI(title="eventwire", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Read-only API over an eventwire database of evidence-linked, ACLED-coded events.")
    problems.install(app)

    @app.get("/api/health", tags=["meta"])
    def health() -> dict:
        from ..watch import state as watch_state

        with store.connection() as conn:  # what `eventwire watch` follows, and which sources fail
            sources = watch_state.summaries(conn)
        return {"ok": True, "version": __version__, **store.counts(), "sources": sources}

    @app.get("/api/settings", tags=["meta"])
    def settings() -> dict:
        return {"ok": True, "settings": [s._asdict() for s in SETTINGS]}

    @app.get("/api/taxonomy", tags=["meta"])
    def get_taxonomy() -> dict:
        tax = taxonomy.load()
        return {"ok": True, "event_types": {t: [s.name for s in tax.subtypes.values() if s.event_type == t]
                                            for t in tax.types}}

    @app.get("/api/events", tags=["events"])
    def list_events(p: Annotated[PageQuery, Query()]) -> dict:
        rows, total = store.events(p.to_filter(), limit=p.limit, offset=p.offset)
        nxt = p.offset + p.limit if p.offset + p.limit < total else None
        return {"ok": True, "total": total, "limit": p.limit, "offset": p.offset, "next_offset": nxt, "events": rows}

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(event_id: ID) -> dict:
        ev = store.event(event_id)
        if ev is None:
            raise HTTPException(404, f"unknown event id {event_id!r}")
        return {"ok": True, "event": ev}

    @app.get("/api/articles/{article_id}", tags=["events"])
    def get_article(article_id: ID) -> dict:
        art = store.article(article_id)
        if art is None:
            raise HTTPException(404, f"unknown article id {article_id!r}")
        return {"ok": True, "article": art}

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
    def aggregate(p: Annotated[AggregateQuery, Query()]) -> dict:
        rows = store.aggregate(p.to_filter(), bucket=p.bucket)
        return {"ok": True, "bucket": p.bucket, "rows": rows}

    @app.get("/api/map", tags=["charts"])
    def map_markers(p: Annotated[MapQuery, Query()]) -> dict:
        """Clustered markers for the viewport `bbox` at `zoom`, over events matching the other filters."""
        return cluster(map_points(p), zoom=p.zoom, bbox=p.bbox_tuple(), cell_px=int(DEFAULTS["map_cell_px"]))

    @app.get("/api/export/{fmt}", tags=["export"])
    def export(fmt: Literal["acled-csv", "geojson", "jsonl"], p: Annotated[Filters, Query()]) -> StreamingResponse:
        from .. import export as exporters

        media, filename = EXPORT_MEDIA[fmt]
        # Written to a spooled file first: an exporter error then becomes a clean error response, not a
        # truncated download.
        spool = tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8", newline="")
        exporters.write(fmt, store.iter_events(p.to_filter()), spool)
        spool.seek(0)

        def chunks():
            with spool:
                while block := spool.read(1 << 16):
                    yield block

        return StreamingResponse(chunks(), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    @app.get("/api/errors", tags=["meta"])
    def ingest_errors(p: Annotated[ErrorsQuery, Query()]) -> dict:
        return {"ok": True, "errors": store.errors(limit=p.limit)}

    @app.get("/api/{rest:path}", include_in_schema=False)
    def api_not_found(rest: str) -> dict:
        raise HTTPException(404, f"no API route /api/{rest}")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
