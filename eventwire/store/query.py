"""EventFilter -> SQL WHERE clauses. Every value is a bound parameter; nothing from a request is
spliced into SQL text.

`where(flt)` is portable SQL; `where(flt, dialect=...)` may use a back end's own indexes for the same
meaning. Text search (`q`, `actor`) is a case-insensitive substring match either way, answered from
trigrams: SQLite's FTS5 table (by rowid), PostgreSQL's pg_trgm indexes (which plain LIKE uses by itself).
A page that reads the matches of a term more than once (a count, then the page) looks it up once into a
temporary table of the connection's own (`looked_up`, see Store.events).
Boxes use the (latitude, longitude) index when few events match; when many do, a page is found sooner by
reading migration 0003's date index (which carries coordinates) newest first: `dense` asks for that.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import cos, radians

from sqlalchemy import and_, column, false, func, literal_column, or_, select, table, text

from ..geo import EARTH_KM
from .schema import events

KM_PER_DEGREE = 111.32
TRIGRAM = 3  # shorter search terms have no trigram to look up: they are matched by scanning

_fts = table("events_fts", column("rowid"))
_rowid = literal_column("events.rowid")
# Per connection (store._sqlite_connect), the rowids a page's text search matched, by filter field
LOOKED_UP = {field: table(f"ew_text_{field}", column("r"), schema="temp") for field in ("q", "actor")}


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    country: str | None = None  # ISO3 code or country name
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # substring of actor1 or actor2, any case
    since: str | date | None = None  # event_date >= since
    until: str | date | None = None  # event_date <= until
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north)
    near: tuple[float, float, float] | None = None  # (lat, lon, km)
    min_fatalities: int | None = None
    q: str | None = None  # text search over location, actors, notes and article titles
    claim_status: str | None = None  # reported | attributed | claimed | disputed | unverified
    holder_kind: str | None = None  # events with a source of this kind (assess.lexicon.KINDS)


def _iso(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _like(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _indexed_text(term: str) -> bool:
    return len(term) >= TRIGRAM


def fts_query(columns: str, term: str) -> str:
    """The FTS5 query for `term` as a phrase in `columns` (a substring match, by trigrams)."""
    return f"{{{columns}}} : " + '"' + term.casefold().replace('"', '""') + '"'


def fts_matches(columns: str, term: str):
    """The rowids of the FTS5 trigram matches of `term` in `columns`."""
    return select(_fts.c.rowid).where(literal_column("events_fts").match(fts_query(columns, term)))


TEXT_COLUMNS = {"q": "search_text", "actor": "actor1 actor2"}


def looked_up_text(flt: EventFilter | None) -> dict[str, str]:
    """The filter's text searches SQLite answers from its trigram index, {field: term}."""
    if flt is None:
        return {}
    return {k: v for k in TEXT_COLUMNS if (v := getattr(flt, k)) and "\x00" not in v and _indexed_text(v)}


def _fts_match(field: str, term: str, *, unindexed: bool, looked_up: bool):
    """rowid IN the matches of `term` (`looked_up`: already in LOOKED_UP[field]); `unindexed`: tested per
    event of the date index walk rather than driving the query (see `where`)."""
    matches = select(LOOKED_UP[field].c.r) if looked_up else fts_matches(TEXT_COLUMNS[field], term)
    return (_rowid + 0 if unindexed else _rowid).in_(matches)


def _box(west: float, south: float, east: float, north: float, *, unindexed: bool = False):
    # `+ 0` keeps SQLite from choosing the coordinates index (see `where`'s `dense`)
    lat, lon = (events.c.latitude + 0, events.c.longitude + 0) if unindexed else (events.c.latitude, events.c.longitude)
    if west <= east:
        return and_(lat.between(south, north), lon.between(west, east))
    return and_(lat.between(south, north), or_(lon >= west, lon <= east))  # crosses the antimeridian


# Great-circle km from (:lat, :lon) to each event as SQL arithmetic (geo.haversine_km's formula): no call back
# into Python per row, which under a busy server waits for the interpreter lock every time. One SQL text with
# bound values: built as an expression of SQL functions, it made where() take 0.47 ms for a distance filter
# (0.09 now), twice per page (the count, then the page).
_WITHIN_KM_SQLITE = text(
    "(:diameter * asin(min(1.0, sqrt(pow(sin(radians(events.latitude - :lat) / 2), 2) + :cos_lat * "
    "cos(radians(events.latitude)) * pow(sin(radians(events.longitude - :lon) / 2), 2))))) <= :km")


def _within_km_sqlite(lat: float, lon: float, km: float):
    return _WITHIN_KM_SQLITE.bindparams(diameter=2 * EARTH_KM, lat=lat, lon=lon, cos_lat=cos(radians(lat)), km=km)


def country_tests(flt: EventFilter | None) -> dict:
    """The two ways `country` can match (code, name), each as a clause: `where(..., country=)` takes those
    known to match some event."""
    if flt is None or not flt.country:
        return {}
    return {"iso3": events.c.iso3 == flt.country.upper(), "name": func.lower(events.c.country) == flt.country.casefold()}


def where(flt: EventFilter | None, *, dialect: str | None = None, dense: bool = False,
          country: tuple[str, ...] = ("iso3", "name"), looked_up: frozenset[str] = frozenset()) -> list:
    """WHERE clauses for `flt`; `dialect` to use that back end's indexes.

    `country`: which of country_tests() to keep, when the caller knows the others match no event. One
    test alone is answered by its index in page order; the two together make SQLite collect and sort
    every match of both (a country's 4,000 events: 2.5 ms against 0.05 ms for a page).

    `dense` (SQLite): many events match, so a page is found sooner by walking the date index newest first
    and testing each event than by collecting every match and sorting it; `+ 0` on a column keeps SQLite's
    planner from driving the query by that column's index instead.

    `looked_up` (SQLite): the text search fields whose matches are in LOOKED_UP already."""
    unindexed = dense and dialect == "sqlite"
    if flt is None:
        return []
    c = events.c
    out = []
    if flt.country:
        tests = country_tests(flt)
        out.append(or_(*(tests[k] for k in country)) if len(country) > 1 else tests[country[0]])
    if flt.admin1:
        out.append(func.lower(c.admin1) == flt.admin1.casefold())
    if flt.event_type:
        out.append(c.event_type == flt.event_type)
    if flt.sub_event_type:
        out.append(c.sub_event_type == flt.sub_event_type)
    if flt.actor:
        if "\x00" in flt.actor:  # no stored text holds a NUL (PostgreSQL cannot even take one)
            out.append(false())
        elif dialect == "sqlite" and _indexed_text(flt.actor):
            out.append(_fts_match("actor", flt.actor, unindexed=unindexed, looked_up="actor" in looked_up))
        else:
            pattern = _like(flt.actor)
            out.append(or_(func.lower(c.actor1).like(pattern, escape="\\"),
                           func.lower(c.actor2).like(pattern, escape="\\")))
    if flt.since:
        out.append(c.event_date >= _iso(flt.since))
    if flt.until:
        out.append(c.event_date <= _iso(flt.until))
    if flt.bbox:
        out.append(_box(*flt.bbox, unindexed=unindexed))
    if flt.near:
        lat, lon, km = flt.near
        # A bounding box first (index-friendly), then the exact great-circle distance.
        dlat = km / KM_PER_DEGREE
        south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
        dlon = km / (KM_PER_DEGREE * max(cos(radians(lat)), 1e-6))
        if dlon >= 180 or south == -90 or north == 90:  # the circle spans every longitude (or a pole)
            west, east = -180.0, 180.0
        else:
            west, east = (lon - dlon + 540) % 360 - 180, (lon + dlon + 540) % 360 - 180
        out.append(_box(west, south, east, north, unindexed=unindexed))
        out.append(_within_km_sqlite(lat, lon, km) if dialect == "sqlite"
                   else func.ew_km(c.latitude, c.longitude, lat, lon) <= km)
    if flt.min_fatalities is not None:
        out.append(c.fatalities >= flt.min_fatalities)
    if flt.q:
        if "\x00" in flt.q:
            out.append(false())
        elif dialect == "sqlite" and _indexed_text(flt.q):
            out.append(_fts_match("q", flt.q, unindexed=unindexed, looked_up="q" in looked_up))
        else:
            out.append(c.search_text.like(_like(flt.q), escape="\\"))
    if flt.claim_status:
        out.append(c.claim_status == flt.claim_status)
    if flt.holder_kind:
        kind = flt.holder_kind.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(c.holder_kinds.like(f"%|{kind}|%", escape="\\"))
    return out
