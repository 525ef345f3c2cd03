"""Server-side map clustering: the page never receives more markers than fit on the screen.

The placed events of the whole database are read once per database version into compact arrays, with
what the simple filters (type, toll, dates, country) test for every event; such a filter is answered in
memory, any other by the ids of its events (a query the indexes serve) turned into positions in those
arrays, cached per filter for panning and zooming. Each request bins the events inside the viewport on a
Web-Mercator grid whose cells are `map_cell_px` screen pixels wide at the requested zoom, or at a coarser
zoom when that would give more than `map_max_markers` markers. A cell holding one event is returned as that
event, so a click opens it; a bigger cell is returned as a count with its dominant type.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date

import numpy as np

from .. import taxonomy

TILE_PX = 256  # Leaflet's tile size: at zoom z the world is TILE_PX * 2**z pixels wide


@dataclass(slots=True)
class PointSet:
    """Placed events, column by column."""

    ids: list[str]
    lat: np.ndarray
    lon: np.ndarray
    mx: np.ndarray  # Web-Mercator x in [0, 1)
    my: np.ndarray  # Web-Mercator y in [0, 1)
    type_idx: np.ndarray
    fatalities: np.ndarray  # 0 where no source gave a toll
    toll_known: np.ndarray  # False where no source gave a toll
    labels: list[tuple]  # (location, event_date, sub_event_type) for single-event markers
    unplaced: int  # matching events without coordinates
    _position: dict[str, int] | None = field(default=None, repr=False)
    attributes: "Attributes | None" = field(default=None, repr=False)  # every event's, for simple filters

    def match(self, flt) -> tuple[np.ndarray, int] | None:
        """positions() of the events matching `flt`, found in memory; None when `flt` uses a filter only
        the database answers (text, distance, admin1, sources)."""
        if self.attributes is None:
            return None
        return self.attributes.match(flt)

    @classmethod
    def from_store(cls, store) -> "PointSet":
        """Every event of the store, reading only the columns a marker and the simple filters need.

        Goes past Store.iter_events on purpose: building full event dicts (sources, disagreements, JSON
        columns) costs ~15x more, which is the difference between a 3 s and a 0.2 s first filter on 50,000
        events.
        """
        from sqlalchemy import func, select

        from ..store.schema import events

        c = events.c
        # lower(country) as the database computes it, so that a name filter matched here means what it
        # means in SQL (SQLite's lower() folds ASCII letters only)
        query = select(c.event_id, c.latitude, c.longitude, c.event_type, c.fatalities, c.location,
                       c.event_date, c.sub_event_type, c.iso3, func.lower(c.country))
        with store.engine.connect() as conn:
            rows = conn.execute(query).all()
        attributes = Attributes.build(rows, {t: i for i, t in enumerate(taxonomy.load().types)})
        placed = [r for r in rows if r[1] is not None and r[2] is not None]
        if placed:
            ids, lat, lon, _etype, _fat, loc, day, sub, _iso3, _country = zip(*placed)
        else:
            ids = lat = lon = loc = day = sub = ()
        # A marker's type and toll are the placed events' share of what the simple filters test.
        on_map = attributes.position >= 0
        points = cls._columns(list(ids), np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64),
                              attributes.type_idx[on_map], attributes.fatalities[on_map],
                              attributes.toll_known[on_map], _shared_labels(loc, day, sub),
                              len(rows) - len(placed))
        points.attributes = attributes
        return points

    @classmethod
    def _columns(cls, ids, lat, lon, tix, fat, known, labels, unplaced) -> "PointSet":
        # Clamp to Web Mercator's latitude range so the poles don't become infinities.
        phi = np.radians(np.clip(lat, -85.05, 85.05))
        mx = (lon + 180.0) / 360.0
        my = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / math.pi) / 2.0
        return cls(ids, lat, lon, mx, my, tix, fat, known, labels, unplaced)

    @classmethod
    def build(cls, events: Iterable[dict]) -> "PointSet":
        types = list(taxonomy.load().types)
        index = {t: i for i, t in enumerate(types)}
        ids, lat, lon, tix, fat, known, labels = [], [], [], [], [], [], []
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
            known.append(ev.get("fatalities") is not None)
            labels.append((ev.get("location"), ev.get("event_date"), ev.get("sub_event_type")))
        return cls._columns(ids, np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64),
                            np.asarray(tix, dtype=np.int64), np.asarray(fat, dtype=np.int64),
                            np.asarray(known, dtype=bool), labels, unplaced)

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, event_ids: Iterable[str]) -> tuple[np.ndarray, int]:
        """Where the given events sit in these arrays (ascending), and how many of them are not here (unplaced)."""
        if self._position is None:
            self._position = {eid: i for i, eid in enumerate(self.ids)}
        found, missing = [], 0
        for eid in event_ids:
            i = self._position.get(eid)
            if i is None:
                missing += 1
            else:
                found.append(i)
        return np.sort(np.asarray(found, dtype=np.int64)), missing


# The EventFilter fields Attributes answers; any other set means the database must.
SIMPLE = frozenset({"event_type", "sub_event_type", "min_fatalities", "since", "until", "country"})


@dataclass(slots=True)
class Attributes:
    """What the simple filters test, for every event (placed or not), column by column: a new map filter
    is then a few array comparisons instead of a query listing thousands of ids (16 ms of CPU a request
    on 50,000 events, most of it SQLite reading the rows)."""

    position: np.ndarray  # the event's index in the PointSet, -1 when it has no coordinates
    type_idx: np.ndarray
    sub: np.ndarray  # codes into sub_codes
    fatalities: np.ndarray
    toll_known: np.ndarray
    day: np.ndarray  # ISO dates as text ("" when undated), which compare as the database compares them
    iso3: np.ndarray  # codes into iso3_codes
    country: np.ndarray  # codes into country_codes (the database's lower(country))
    types: dict[str, int]
    sub_codes: dict
    iso3_codes: dict
    country_codes: dict

    @classmethod
    def build(cls, rows, types: dict[str, int]) -> "Attributes":
        n, other = len(rows), len(types)
        position = np.full(n, -1, dtype=np.int64)
        placed = np.fromiter((r[1] is not None and r[2] is not None for r in rows), dtype=bool, count=n)
        position[placed] = np.arange(int(placed.sum()))
        sub, sub_codes = _codes(r[7] for r in rows)
        iso3, iso3_codes = _codes(r[8] for r in rows)
        country, country_codes = _codes(r[9] for r in rows)
        return cls(position,
                   np.fromiter((types.get(r[3], other) for r in rows), dtype=np.int64, count=n),
                   sub, np.fromiter((r[4] or 0 for r in rows), dtype=np.int64, count=n),
                   np.fromiter((r[4] is not None for r in rows), dtype=bool, count=n),
                   np.array([str(r[6])[:10] if r[6] is not None else "" for r in rows], dtype="U10"),
                   iso3, country, types, sub_codes, iso3_codes, country_codes)

    def match(self, flt) -> tuple[np.ndarray, int] | None:
        """Each test as the store's SQL states it (query.where), so both give the same events."""
        used = {f.name for f in fields(flt) if getattr(flt, f.name) not in (None, "")}
        if not used <= SIMPLE:
            return None
        mask = np.ones(len(self.position), dtype=bool)
        if flt.event_type:
            mask &= self.type_idx == self.types.get(flt.event_type, -1)
        if flt.sub_event_type:
            mask &= self.sub == self.sub_codes.get(flt.sub_event_type, -1)
        if flt.min_fatalities is not None:
            mask &= self.toll_known & (self.fatalities >= flt.min_fatalities)
        if flt.since:
            mask &= self.day >= _iso(flt.since)
        if flt.until:
            mask &= (self.day != "") & (self.day <= _iso(flt.until))
        if flt.country:
            mask &= ((self.iso3 == self.iso3_codes.get(flt.country.upper(), -1))
                     | (self.country == self.country_codes.get(flt.country.casefold(), -1)))
        found = self.position[mask]
        return found[found >= 0], int((found < 0).sum())


def _codes(values) -> tuple[np.ndarray, dict]:
    """Each value as a small integer, and the value -> code table (None gets a code of its own, which no
    filter value maps to)."""
    table: dict = {}
    codes = np.fromiter((table.setdefault(v, len(table)) for v in values), dtype=np.int64)
    table.pop(None, None)
    return codes, table


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]  # as query._iso


def _shared_labels(locations, days, subtypes) -> list[tuple]:
    """(location, date, sub-type) per event, each distinct value stored once: places, days and sub-types
    repeat thousands of times over 50,000 events, and this halves a cached PointSet."""
    seen: dict = {}
    share = lambda v: seen.setdefault(v, v)  # noqa: E731
    return [(share(loc), share(str(d) if d is not None else None), share(sub))
            for loc, d, sub in zip(locations, days, subtypes)]


def _in_box(lat: np.ndarray, lon: np.ndarray, bbox: tuple[float, float, float, float]) -> np.ndarray:
    west, south, east, north = bbox
    mask = (lat >= south) & (lat <= north)
    if west <= east:
        return mask & (lon >= west) & (lon <= east)
    return mask & ((lon >= west) | (lon <= east))  # the box crosses the antimeridian


def _cells(points: PointSet, sel: np.ndarray, level: int, cell_px: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each selected event's grid cell at zoom `level`: (distinct cells, cell of each event, events per cell)."""
    cells = TILE_PX * (2 ** level) / cell_px  # grid cells across the world at this zoom
    ix = np.floor(points.mx[sel] * cells).astype(np.int64)
    iy = np.floor(points.my[sel] * cells).astype(np.int64)
    return np.unique(ix * (int(cells) + 2) + iy, return_inverse=True, return_counts=True)



def cluster(points: PointSet, *, zoom: int, bbox: tuple[float, float, float, float] | None, cell_px: int,
            max_markers: int, subset: np.ndarray | None = None, unplaced: int | None = None) -> dict:
    """Markers for one viewport over `points` (or the positions `subset` of them): single events and
    counted cells, at most `max_markers` of them (the grid coarsens until they fit)."""
    types = list(taxonomy.load().types) + ["Unknown"]
    sel = np.arange(len(points)) if subset is None else subset
    if bbox is not None:
        sel = sel[_in_box(points.lat[sel], points.lon[sel], bbox)]
    level = zoom
    uniq, inverse, counts = _cells(points, sel, level, cell_px)
    if len(uniq) > max_markers:
        # The number of cells only grows with the zoom (each cell splits in four): the finest level that fits.
        low, high = 0, zoom - 1
        while low < high:
            mid = (low + high + 1) // 2
            if len(_cells(points, sel, mid, cell_px)[0]) <= max_markers:
                low = mid
            else:
                high = mid - 1
        level = low
        uniq, inverse, counts = _cells(points, sel, level, cell_px)
    markers: list[dict] = []
    if len(sel):
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
                              sub_event_type=sub, lat=float(points.lat[i]), lon=float(points.lon[i]),
                              fatalities=int(points.fatalities[i]) if points.toll_known[i] else None)
            markers.append(marker)
    return {"ok": True, "zoom": zoom, "cell_zoom": level, "in_view": int(len(sel)),
            "placed": len(points) if subset is None else len(subset),
            "unplaced": points.unplaced if unplaced is None else unplaced, "markers": markers}
