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


@pytest.mark.issue(13)
def test_simple_map_filters_are_answered_in_memory_with_the_databases_events(tmp_path):
    """A new map filter of type, toll, dates and country is matched against arrays held in memory: it must
    select exactly the events the store's SQL selects, placed and unplaced, dated or not, whatever case
    or accents a country name has."""
    from datetime import date

    import numpy as np

    from eventwire.records import Article, Evidence, Mention
    from eventwire.samples import synthetic
    from eventwire.store import EventFilter, Store

    def odd(aid, **fields):
        text = f"Report {aid}: gunmen attacked a village."
        base = dict(event_type="Battles", sub_event_type="Armed clash", event_date=None, location=f"Place {aid}",
                    country="Côte d'Ivoire", iso3="CIV", latitude=None, longitude=None, fatalities=None,
                    actor1="Gunmen")
        base.update(fields)
        art = Article(id=aid, text=text, outlet="x.example", published=date(2025, 5, 1), title=aid)
        return art, [Mention(article_id=aid, evidence=(Evidence(field="event", start=0, end=len(text)),), **base)]

    with Store.open(str(tmp_path / "m.db")) as store:
        store.add_many(synthetic.records(400, seed=9))
        store.add(*odd("o1"))  # unplaced, undated, no toll
        store.add(*odd("o2", latitude=7.5, longitude=-5.5, event_date="2025-04-02", fatalities=0))
        store.add(*odd("o3", country="CÔTE D'IVOIRE", latitude=7.6, longitude=-5.6, event_date="2025-04-03",
                       fatalities=12, event_type="Riots", sub_event_type="Mob violence"))
        points = PointSet.from_store(store)
        filters = [EventFilter(event_type=t, min_fatalities=m) for t in ("Battles", "Riots", "Protests") for m in (None, 0, 5)]
        filters += [EventFilter(country=c) for c in ("civ", "CIV", "côte d'ivoire", "CÔTE D'IVOIRE", "côte d'ivoire ", "nowhere")]
        filters += [EventFilter(since="2025-04-02"), EventFilter(until="2025-04-02"), EventFilter(min_fatalities=0),
                    EventFilter(sub_event_type="Mob violence", since="2025-01-01", until="2025-12-31"),
                    EventFilter(country="NGA", event_type="Battles", since=date(2025, 3, 1))]
        for flt in filters:
            found, unplaced = points.match(flt)
            expected, expected_unplaced = points.positions(store.event_ids(flt))
            assert np.array_equal(found, expected) and unplaced == expected_unplaced, flt
        assert any(points.match(f)[1] for f in filters)  # the unplaced event was among some answers
        for flt in (EventFilter(q="village"), EventFilter(actor="gunmen"), EventFilter(admin1="x"),
                    EventFilter(near=(7.5, -5.5, 10)), EventFilter(event_type="Battles", claim_status="reported")):
            assert points.match(flt) is None  # left to the database
