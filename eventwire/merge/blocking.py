"""Blocking: the cheap, strict tests an event must pass before it is scored against a mention.

A candidate must share the event-type family (taxonomy.toml `family`: outlets code one attack as an
explosion or as violence against civilians, but never as a protest), fall inside the date window of the
coarser time precision, and lie within the distance of the coarser geo precision, or, when either side has
no coordinates, share admin2/admin1. Different countries never merge.

`event` and `mention` are plain dicts with contract mention fields.
"""
from __future__ import annotations

from datetime import date

from .. import taxonomy
from ..geo import haversine_km
from .settings import MergeSettings


def family(event_type: str | None) -> str | None:
    tax = taxonomy.load()
    return tax.types.get(event_type) if event_type else None


def day_gap(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


def distance_km(a: dict, b: dict) -> float | None:
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return None
    return haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])


def _same(a: dict, b: dict, key: str) -> bool | None:
    x, y = a.get(key), b.get(key)
    if not x or not y:
        return None
    return x.casefold() == y.casefold()


def compatible(event: dict, mention: dict, settings: MergeSettings) -> bool:
    if family(event.get("event_type")) != family(mention.get("event_type")):
        return False
    if _same(event, mention, "iso3") is False:
        return False
    gap = day_gap(event.get("event_date"), mention.get("event_date"))
    if gap is None:
        # An undated report can only join an event at the very same named place.
        if not _same(event, mention, "location"):
            return False
    elif gap > settings.window(event.get("time_precision"), mention.get("time_precision")):
        return False
    km = distance_km(event, mention)
    if km is not None:
        return km <= settings.km(event.get("geo_precision"), mention.get("geo_precision"))
    # No coordinates on one side: the same named place, else the most specific admin area both know.
    if _same(event, mention, "location"):
        return True
    for key in ("admin2", "admin1"):
        same = _same(event, mention, key)
        if same is not None:
            return same
    return _same(event, mention, "iso3") is True
