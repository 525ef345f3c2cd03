"""EventFilter -> SQL WHERE clauses. Every value is a bound parameter; nothing from a request is
spliced into SQL text."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import cos, radians

from sqlalchemy import and_, func, or_

from .schema import events

KM_PER_DEGREE = 111.32


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


def _bbox(west: float, south: float, east: float, north: float):
    lat = events.c.latitude.between(south, north)
    if west <= east:
        return and_(lat, events.c.longitude.between(west, east))
    # crosses the antimeridian
    return and_(lat, or_(events.c.longitude >= west, events.c.longitude <= east))


def where(flt: EventFilter | None) -> list:
    if flt is None:
        return []
    c = events.c
    out = []
    if flt.country:
        out.append(or_(c.iso3 == flt.country.upper(), func.lower(c.country) == flt.country.casefold()))
    if flt.admin1:
        out.append(func.lower(c.admin1) == flt.admin1.casefold())
    if flt.event_type:
        out.append(c.event_type == flt.event_type)
    if flt.sub_event_type:
        out.append(c.sub_event_type == flt.sub_event_type)
    if flt.actor:
        pattern = _like(flt.actor)
        out.append(or_(func.lower(c.actor1).like(pattern, escape="\\"), func.lower(c.actor2).like(pattern, escape="\\")))
    if flt.since:
        out.append(c.event_date >= _iso(flt.since))
    if flt.until:
        out.append(c.event_date <= _iso(flt.until))
    if flt.bbox:
        out.append(_bbox(*flt.bbox))
    if flt.near:
        lat, lon, km = flt.near
        # A bounding box first (index-friendly), then the exact great-circle distance.
        dlat = km / KM_PER_DEGREE
        dlon = min(180.0, km / (KM_PER_DEGREE * max(cos(radians(lat)), 1e-6)))
        out.append(_bbox(lon - dlon if lon - dlon >= -180 else lon - dlon + 360, lat - dlat,
                         lon + dlon if lon + dlon <= 180 else lon + dlon - 360, lat + dlat))
        out.append(func.ew_km(c.latitude, c.longitude, lat, lon) <= km)
    if flt.min_fatalities is not None:
        out.append(c.fatalities >= flt.min_fatalities)
    if flt.q:
        out.append(c.search_text.like(_like(flt.q), escape="\\"))
    if flt.claim_status:
        out.append(c.claim_status == flt.claim_status)
    if flt.holder_kind:
        kind = flt.holder_kind.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        out.append(c.holder_kinds.like(f"%|{kind}|%", escape="\\"))
    return out
