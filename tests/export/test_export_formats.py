"""Exports read back the way their consumers read them: csv.DictReader, json (GeoJSON), JSON Lines."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from eventwire import export
from eventwire.records import Article, Evidence, Mention
from eventwire.store import Store
from eventwire.store.synthetic import generate

CONTRACT = ("event_id", "event_type", "sub_event_type", "event_date", "time_precision", "location", "admin1",
            "admin2", "country", "iso3", "latitude", "longitude", "geo_precision", "actor1", "actor2", "fatalities",
            "fatalities_min", "fatalities_max", "tags", "sources", "mentions")


@pytest.fixture
def events(db_url):
    with Store.open(db_url) as store:
        store.add_many(generate(40, seed=9))
        # an event nobody could place on a map
        text = "Unidentified gunmen abducted a journalist on Friday, his employer said."
        store.add(Article(id="nowhere", text=text, outlet="x.example", published=date(2024, 6, 8)),
                  [Mention(article_id="nowhere", event_type="Violence against civilians",
                           sub_event_type="Abduction/forced disappearance", event_date="2024-06-07",
                           actor1="Unidentified Armed Group", evidence=(Evidence(field="event", start=0, end=len(text)),))])
        yield list(store.iter_events())


def dump(fmt, events):
    buf = io.StringIO()
    n = export.write(fmt, iter(events), buf)
    assert n == len(events)
    return buf.getvalue()


def test_exporters_are_registered():
    assert set(export.EXPORTERS) == {"acled-csv", "geojson", "jsonl"}
    with pytest.raises(ValueError, match="unknown export format"):
        export.write("xlsx", [], io.StringIO())


def test_jsonl_is_the_contract_consolidated_event(events):
    rows = [json.loads(line) for line in dump("jsonl", events).splitlines()]
    assert len(rows) == len(events)
    for row in rows:
        assert set(CONTRACT) <= set(row)
        assert isinstance(row["sources"], list) and row["mentions"] >= len(row["sources"]) >= 1
    multi = [r for r in rows if len(r["sources"]) > 1]
    assert multi, "the synthetic corpus re-tells incidents; some must have merged"


def test_geojson_feature_collection_with_null_geometry_for_unplaced_events(events):
    doc = json.loads(dump("geojson", events))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(events)
    nowhere = next(f for f in doc["features"] if f["properties"]["sources"] == "nowhere")
    assert nowhere["geometry"] is None
    placed = [f for f in doc["features"] if f["geometry"]]
    assert len(placed) == len(events) - 1
    for f in placed:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        # flat scalar properties: QGIS and Kepler.gl cannot use nested values
        assert all(not isinstance(v, (list, dict)) for v in f["properties"].values())


def test_acled_csv_columns_ids_and_sources(events):
    text = dump("acled-csv", events)
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["event_id_cnty", "event_date", "year", "time_precision"]
    assert {"disorder_type", "inter1", "interaction", "civilian_targeting", "iso", "source", "notes", "tags",
            "timestamp"} <= set(header)
    ids = [r["event_id_cnty"] for r in rows]
    assert len(set(ids)) == len(ids)
    by_id = {e["event_id"]: e for e in events}
    for r, ev in zip(rows, events):
        assert r["event_id_cnty"].startswith(ev["iso3"] or "XXX")
        assert r["source"] == "; ".join(ev["outlets"])
    # stable: the same event exports the same id again
    again = list(csv.DictReader(io.StringIO(dump("acled-csv", events))))
    assert [r["event_id_cnty"] for r in again] == ids
    assert len(by_id) == len(rows)
    protest = next(r for r in rows if r["event_type"] == "Protests")
    assert protest["disorder_type"] == "Demonstrations" and protest["fatalities"] == "0"
