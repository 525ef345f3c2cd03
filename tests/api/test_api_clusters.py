"""Server-side map clustering (eventwire.api.clusters) on hand-built points."""
from __future__ import annotations

import pytest

from eventwire.api.cache import SharedCache
from eventwire.api.clusters import PointSet, cluster

pytestmark = pytest.mark.issue(6)


def _ev(i, lat, lon, etype="Battles", dead=0):
    return {"event_id": f"e{i}", "latitude": lat, "longitude": lon, "event_type": etype, "fatalities": dead,
            "location": f"place {i}", "event_date": "2025-01-01", "sub_event_type": "Armed clash"}


POINTS = PointSet.build([
    _ev(1, 36.30, 43.10, dead=3), _ev(2, 36.31, 43.11, "Riots", 4), _ev(3, 36.32, 43.12, "Riots"),
    _ev(4, -1.28, 36.82, "Protests"), _ev(5, 10.0, 179.9), _ev(6, 10.0, -179.9),
    {"event_id": "nowhere", "latitude": None, "longitude": None, "event_type": "Riots"},
])


def test_nearby_events_share_a_cell_at_low_zoom_and_split_when_zoomed_in():
    world = cluster(POINTS, zoom=2, bbox=None, cell_px=64, max_markers=100)
    assert world["placed"] == 6 and world["unplaced"] == 1
    mosul = [m for m in world["markers"] if m["count"] == 3]
    assert len(mosul) == 1
    assert mosul[0]["fatalities"] == 7 and mosul[0]["event_type"] == "Riots"  # dominant type
    assert mosul[0]["types"] == {"Battles": 1, "Riots": 2}
    close = cluster(POINTS, zoom=14, bbox=(43.0, 36.2, 43.2, 36.4), cell_px=64, max_markers=100)
    assert sorted(m["event_id"] for m in close["markers"]) == ["e1", "e2", "e3"]
    assert all(m["count"] == 1 for m in close["markers"])


def test_viewport_filters_and_antimeridian_boxes():
    assert cluster(POINTS, zoom=3, bbox=(30, -5, 40, 5), cell_px=64, max_markers=100)["in_view"] == 1
    across = cluster(POINTS, zoom=3, bbox=(179, 0, -179, 20), cell_px=64, max_markers=100)
    assert across["in_view"] == 2


def test_empty_point_set():
    empty = cluster(PointSet.build([]), zoom=5, bbox=None, cell_px=64, max_markers=100)
    assert empty["markers"] == [] and empty["in_view"] == 0


def test_cache_reuses_until_the_database_changes():
    calls = []
    cache = SharedCache(entries=2)
    load = lambda: calls.append(1) or POINTS  # noqa: E731
    cache.get(("a", 1), load), cache.get(("a", 1), load)
    assert len(calls) == 1
    cache.get(("a", 2), load)  # something was ingested: a new database version
    assert len(calls) == 2
    cache.get(("b", 2), load), cache.get(("c", 2), load), cache.get(("a", 2), load)
    assert len(calls) == 5  # "a" was evicted by "b" and "c"
