"""Server-side map clustering: the page never receives more markers than fit on the screen.

The events matching a filter are read once into compact arrays (cached per filter for panning and
zooming); each request bins the ones inside the viewport on a Web-Mercator grid whose cells are
`map_cell_px` screen pixels wide at the requested zoom. A cell holding one event is returned as that
event, so a click opens it; a bigger cell is returned as a count with its dominant type.
"""
from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .. import taxonomy

TILE_PX = 256  # Leaflet's tile size: at zoom z the world is TILE_PX * 2**z pixels wide


@dataclass(slots=True)
class PointSet:
    """Placed events of one filter, column by column."""

    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    mx: np.ndarray  # Web-Mercator x in [0, 1)
    my: np.ndarray  # Web-Mercator y in [0, 1)
    type_idx: np.ndarray
    fatalities: np.ndarray
    labels: list[tuple]  # (location, event_date, sub_event_type) for single-event markers
    unplaced: int  # matching events without coordinates

    @classmethod
    def from_store(cls, store, flt) -> "PointSet":
        """The placed events matching `flt`, reading only the columns a marker needs.

        Goes past Store.iter_events on purpose: building full event dicts (sources, disagreements, JSON
        columns) costs ~15x more, which is the difference between a 3 s and a 0.2 s first filter on 50,000
        events. Uses the store's own WHERE builder, so the filter means exactly what it means elsewhere.
        """
        from sqlalchemy import select

        from ..store.query import where
        from ..store.schema import events

        c = events.c
        query = select(c.event_id, c.latitude, c.longitude, c.event_type, c.fatalities, c.location,
                       c.event_date, c.sub_event_type).where(*where(flt))
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
        placed = [r for r in rows if r[1] is not None and r[2] is not None]
        index = {t: i for i, t in enumerate(taxonomy.load().types)}
        other = len(index)
        if placed:
            ids, lat, lon, etype, fat, loc, day, sub = zip(*placed)
        else:
            ids = lat = lon = etype = fat = loc = day = sub = ()
        return cls._columns(list(ids), np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64),
                            np.fromiter((index.get(t, other) for t in etype), dtype=np.int64, count=len(etype)),
                            np.fromiter((f or 0 for f in fat), dtype=np.int64, count=len(fat)),
                            _shared_labels(loc, day, sub),
                            len(rows) - len(placed))

    @classmethod
    def _columns(cls, ids, lat, lon, tix, fat, labels, unplaced) -> "PointSet":
        # Clamp to Web Mercator's latitude range so the poles don't become infinities.
        phi = np.radians(np.clip(lat, -85.05, 85.05))
        mx = (lon + 180.0) / 360.0
        my = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0
        return cls(ids, lat, lon, mx, my, tix, fat, labels, unplaced)

    @classmethod
    def build(cls, events: Iterable[dict]) -> "PointSet":
        types = list(taxonomy.load().types)
        index = {t: i for i, t in enumerate(types)}
        ids, lat, lon, tix, fat, labels = [], [], [], [], [], []
        unplaced = 0
        for ev in events:
            la, lo = ev.get("latitude"), ev.get("longitude")
            if la is None or lo is None:
                unplaced += 1
                continue
            ids.append(str(ev["event_id"]))
            lat.append(float(la))
            lon.append(float(lo))
            tix.append(index.get(ev.get("event_type"), len(types)))
            fat.append(int(ev.get("fatalities") or 0))
            labels.append((ev.get("location"), ev.get("event_date"), ev.get("sub_event_type")))
        return cls._columns(ids, np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64),
                            np.asarray(tix, dtype=np.int64), np.asarray(fat, dtype=np.int64), labels, unplaced)

    def __len__(self) -> int:
        return len(self.ids)


def _shared_labels(locations, days, subtypes) -> list[tuple]:
    """(location, date, sub-type) per event, each distinct value stored once: places, days and sub-types
    repeat thousands of times over 50,000 events, and this halves a cached PointSet."""
    seen: dict = {}
    share = lambda v: seen.setdefault(v, v)  # noqa: E731
    return [(share(loc), share(str(d) if d is not None else None), share(sub))
            for loc, d, sub in zip(locations, days, subtypes)]


def cluster(points: PointSet, *, zoom: int, bbox: tuple[float, float, float, float] | None,
            cell_px: int) -> dict:
    """Markers for one viewport: single events and counted cells."""
    types = list(taxonomy.load().types) + ["Unknown"]
    mask = np.ones(len(points), dtype=bool)
    if bbox is not None:
        west, south, east, north = bbox
        mask &= (points.lat >= south) & (points.lat <= north)
        if west <= east:
            mask &= (points.lon >= west) & (points.lon <= east)
        else:  # the box crosses the antimeridian
            mask &= (points.lon >= west) | (points.lon <= east)
    sel = np.nonzero(mask)[0]
    cells = TILE_PX * (2 ** zoom) / cell_px  # grid cells across the world at this zoom
    markers: list[dict] = []
    if len(sel):
        ix = np.floor(points.mx[sel] * cells).astype(np.int64)
        iy = np.floor(points.my[sel] * cells).astype(np.int64)
        key = ix * (int(cells) + 2) + iy
        uniq, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        n = len(uniq)
        lat_sum = np.bincount(inverse, weights=points.lat[sel], minlength=n)
        lon_sum = np.bincount(inverse, weights=points.lon[sel], minlength=n)
        fat_sum = np.bincount(inverse, weights=points.fatalities[sel], minlength=n)
        by_type = np.zeros((n, len(types)), dtype=np.int64)
        np.add.at(by_type, (inverse, points.type_idx[sel]), 1)
        first = np.full(n, -1, dtype=np.int64)
        first[inverse[::-1]] = sel[::-1]  # the first selected event of each cell
        for c in range(n):
            count = int(counts[c])
            row = by_type[c]
            marker = {
                "lat": round(float(lat_sum[c] / count), 5), "lon": round(float(lon_sum[c] / count), 5),
                "count": count, "fatalities": int(fat_sum[c]), "event_type": types[int(row.argmax())],
                "types": {types[t]: int(row[t]) for t in np.nonzero(row)[0]},
            }
            if count == 1:
                i = int(first[c])
                location, event_date, sub = points.labels[i]
                marker.update(event_id=points.ids[i], location=location, event_date=event_date,
                              sub_event_type=sub, lat=float(points.lat[i]), lon=float(points.lon[i]))
            markers.append(marker)
    return {"ok": True, "zoom": zoom, "in_view": int(len(sel)), "placed": len(points),
            "unplaced": points.unplaced, "markers": markers}


class PointCache:
    """A few recent PointSets by filter, each valid while the database's version is unchanged.

    The version is the store's row counts: every write adds an article, so any ingest (even while the
    server runs) changes it, and the next request rebuilds; panning and zooming never do.
    """

    def __init__(self, *, entries: int) -> None:
        self.entries = entries
        self._items: OrderedDict[tuple, tuple[object, PointSet]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, load: Callable[[], PointSet], *, version: object) -> PointSet:
        with self._lock:
            hit = self._items.get(key)
            if hit and hit[0] == version:
                self._items.move_to_end(key)
                return hit[1]
        points = load()
        with self._lock:
            self._items[key] = (version, points)
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return points
