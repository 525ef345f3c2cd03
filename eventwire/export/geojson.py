"""GeoJSON FeatureCollection (RFC 7946) that QGIS and Kepler.gl open.

Properties are flat scalars (lists of names joined with "; "; disagreements, attribution and copies as JSON
strings) because both tools turn nested values into unusable text columns. Events without coordinates keep a null geometry, which
RFC 7946 allows, so no event silently disappears. Written feature by feature (streaming).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from . import exporter

SKIP = ("latitude", "longitude")


def _flat(value):
    if isinstance(value, list):
        if any(isinstance(v, (dict, list)) for v in value):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else None
    return value


def feature(ev: dict) -> dict:
    lat, lon = ev.get("latitude"), ev.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    props = {k: _flat(v) for k, v in ev.items() if k not in SKIP}
    return {"type": "Feature", "id": ev.get("event_id"), "geometry": geometry, "properties": props}


@exporter("geojson")
def geojson(events: Iterable[dict]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": [\n'
    separator = ""
    for ev in events:
        yield separator + json.dumps(feature(ev), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"
