"""The HTTP API, against `python -m eventwire serve` on a real database (tests/api/conftest.py)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from eventwire.samples import synthetic

pytestmark = pytest.mark.issue(6)
SYNTHETIC = [m for _, ms in synthetic.records(40, seed=3) for m in ms]


def _all(client, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        body = client.get("/api/events", params={**params, "limit": 500, "offset": offset}).json()
        out += body["events"]
        if body["next_offset"] is None:
            return out
        offset = body["next_offset"]


def _twin(client) -> dict:
    rows = client.get("/api/events", params={"q": "Mosul", "sub_event_type": "Attack", "since": "2025-03-04",
                                             "until": "2025-03-04"}).json()["events"]
    assert len(rows) == 1, rows
    return rows[0]


def test_health_counts_the_database(client):
    body = client.get("/api/health").json()
    assert body["ok"] is True
    assert body["articles"] == 42  # 2 twin reports + 40 synthetic
    assert body["events"] == 41  # the twins merge into one event


def test_filters_select_exactly_the_matching_events(client):
    irq = _all(client, country="IRQ")
    assert irq and all(e["iso3"] == "IRQ" for e in irq)
    assert len(_all(client, country="iraq")) == len(irq)  # country name, any case
    protests = _all(client, event_type="Protests")
    assert len(protests) == sum(m.event_type == "Protests" for m in SYNTHETIC)
    deadly = _all(client, min_fatalities=20)
    assert deadly and all(e["fatalities"] >= 20 for e in deadly)
    spring = _all(client, since="2025-03-01", until="2025-05-31")
    assert spring and all("2025-03-01" <= e["event_date"] <= "2025-05-31" for e in spring)
    africa = _all(client, bbox="-20,-35,55,38")
    assert africa and all(-20 <= e["longitude"] <= 55 and -35 <= e["latitude"] <= 38 for e in africa)
    assert {e["event_id"] for e in _all(client, actor="gunmen")} >= {_twin(client)["event_id"]}
    near = _all(client, near="36.335,43.119,30")
    assert _twin(client)["event_id"] in {e["event_id"] for e in near}
    assert all(e["iso3"] == "IRQ" for e in near)


def test_pages_do_not_overlap_and_add_up(client):
    first = client.get("/api/events", params={"limit": 15}).json()
    second = client.get("/api/events", params={"limit": 15, "offset": 15}).json()
    assert first["total"] == 41 and first["next_offset"] == 15
    ids1, ids2 = {e["event_id"] for e in first["events"]}, {e["event_id"] for e in second["events"]}
    assert len(ids1) == len(ids2) == 15 and not ids1 & ids2
    last = client.get("/api/events", params={"limit": 15, "offset": 30}).json()
    assert len(last["events"]) == 11 and last["next_offset"] is None


def test_event_has_sources_evidence_and_disagreements(client):
    ev = client.get(f"/api/events/{_twin(client)['event_id']}").json()["event"]
    assert sorted(a["id"] for a in ev["articles"]) == ["twin-a", "twin-b"]
    assert {v["value"] for v in ev["disagreements"]["fatalities"]} == {3, 5}
    texts = {a["id"]: a["text"] for a in ev["articles"]}
    for m in ev["mentions"]:
        spans = {e["field"]: texts[m["article_id"]][e["start"]:e["end"]] for e in m["evidence"]}
        assert spans["fatalities"] == f"killing {m['fatalities']} people"
        assert spans["location"] == "Mosul"


def test_article_has_its_coded_mentions(client):
    art = client.get("/api/articles/twin-b").json()["article"]
    assert art["outlet"] == "example-tribune.example"
    assert [m["fatalities"] for m in art["mentions"]] == [5]
    assert art["text"].startswith("Gunmen attacked a market in Mosul")


@pytest.mark.parametrize("bucket, pattern", [("day", r"\d{4}-\d{2}-\d{2}"), ("week", r"\d{4}-\d{2}-\d{2}"),
                                             ("month", r"\d{4}-\d{2}-01")])
def test_aggregate_counts_every_dated_event_once(client, bucket, pattern):
    import re

    rows = client.get("/api/aggregate", params={"bucket": bucket}).json()["rows"]
    assert sum(r["events"] for r in rows) == 41
    assert all(re.fullmatch(pattern, r["period"]) for r in rows)
    riots = client.get("/api/aggregate", params={"bucket": bucket, "event_type": "Riots"}).json()["rows"]
    assert {r["event_type"] for r in riots} == {"Riots"}


def test_map_clusters_account_for_every_event_in_view(client):
    world = client.get("/api/map", params={"zoom": 2}).json()
    assert world["placed"] == 41 and world["in_view"] == 41
    assert sum(m["count"] for m in world["markers"]) == 41
    assert len(world["markers"]) < 41  # something was clustered at world zoom
    assert all(m["count"] > 1 or m["event_id"] for m in world["markers"])
    close = client.get("/api/map", params={"zoom": 12, "bbox": "42.9,36.1,43.4,36.6"}).json()
    twin = _twin(client)["event_id"]
    assert [m.get("event_id") for m in close["markers"]] == [twin]
    protests = client.get("/api/map", params={"zoom": 2, "event_type": "Protests"}).json()
    assert {m["event_type"] for m in protests["markers"]} == {"Protests"}


def test_exports_stream_the_filtered_events(client):
    total = client.get("/api/events", params={"country": "IRQ"}).json()["total"]
    jsonl = client.get("/api/export/jsonl", params={"country": "IRQ"})
    assert jsonl.status_code == 200
    assert len([json.loads(line) for line in jsonl.text.splitlines()]) == total
    geo = client.get("/api/export/geojson", params={"country": "IRQ"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == total
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/acled-csv", params={"country": "IRQ"}).text)))
    assert len(rows) == total and {r["country"] for r in rows} == {"Iraq"}


MALFORMED = [
    ("/api/events", {"limit": "0"}, "limit"),
    ("/api/events", {"limit": "abc"}, "limit"),
    ("/api/events", {"limit": "1" + "0" * 30}, "limit"),
    ("/api/events", {"offset": "-3"}, "offset"),
    ("/api/events", {"since": "2025-13-40"}, "since"),
    ("/api/events", {"since": "yesterday"}, "since"),
    ("/api/events", {"since": "2025-05-01", "until": "2025-01-01"}, "since"),
    ("/api/events", {"bbox": "1,2,3"}, "bbox"),
    ("/api/events", {"bbox": "a,b,c,d"}, "bbox"),
    ("/api/events", {"bbox": "nan,0,1,1"}, "bbox"),
    ("/api/events", {"bbox": "0,80,10,10"}, "bbox"),
    ("/api/events", {"bbox": "0,0,500,10"}, "bbox"),
    ("/api/events", {"near": "36,43"}, "near"),
    ("/api/events", {"near": "36,43,-5"}, "near"),
    ("/api/events", {"min_fatalities": "-1"}, "min_fatalities"),
    ("/api/events", {"min_fatalities": "lots"}, "min_fatalities"),
    ("/api/events", {"event_type": "Picnics"}, "event_type"),
    ("/api/events", {"sub_event_type": "Picnic"}, "sub_event_type"),
    ("/api/events", {"event_type": "Riots", "sub_event_type": "Armed clash"}, "sub-event type"),
    ("/api/events", {"q": "x" * 5000}, "q"),
    ("/api/events", {"contry": "IRQ"}, "contry"),
    ("/api/aggregate", {"bucket": "year"}, "bucket"),
    ("/api/map", {"zoom": "99"}, "zoom"),
    ("/api/map", {"zoom": "1.5"}, "zoom"),
    ("/api/export/xml", {}, "fmt"),
    ("/api/errors", {"limit": "-1"}, "limit"),
]


@pytest.mark.parametrize("path, params, names", MALFORMED)
def test_malformed_parameters_get_a_4xx_in_the_one_error_shape(client, path, params, names):
    res = client.get(path, params=params)
    assert res.status_code in (400, 422), res.text
    body = res.json()
    assert body["ok"] is False and body["status"] == res.status_code
    assert body["errors"] and body["error"] == body["errors"][0]
    assert names in body["error"]


@pytest.mark.parametrize("q", ['"', "%", "_", "*", "AND(", "'; drop table events; --", "\\", "Mosul\u0000", "🔥"])
def test_text_search_takes_any_string(client, q):
    res = client.get("/api/events", params={"q": q})
    assert res.status_code == 200, res.text
    assert client.get("/api/health").json()["events"] == 41


def test_unknown_ids_and_routes_are_404_in_the_error_shape(client):
    for path, words in (("/api/events/ev-missing", "unknown event id"), ("/api/articles/nope", "unknown article id"),
                        ("/api/nothing/here", "no API route")):
        res = client.get(path)
        assert res.status_code == 404
        assert res.json() == {"ok": False, "error": res.json()["error"], "errors": [res.json()["error"]], "status": 404}
        assert words in res.json()["error"]


def test_api_is_read_only(client):
    res = client.post("/api/events", json={})
    assert res.status_code == 405 and res.json()["status"] == 405


def test_openapi_documents_the_filters(client):
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {"country", "admin1", "event_type", "sub_event_type", "actor", "since", "until", "bbox",
                      "near", "min_fatalities", "q", "limit", "offset"}
    assert {"/api/events/{event_id}", "/api/articles/{article_id}", "/api/aggregate", "/api/map",
            "/api/export/{fmt}", "/api/health"} <= set(spec["paths"])


def test_page_and_its_libraries_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert 'src="http' not in page.text and 'href="http' not in page.text  # nothing fetched from elsewhere
    for asset in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/world-atlas/countries-50m.json",
                  "/static/vendor/topojson-client/topojson-client.min.js"):
        assert client.get(asset).status_code == 200, f"{asset} missing: run scripts/install-frontend"



def test_map_follows_an_ingest_while_the_server_runs(tmp_path):
    import httpx

    from eventwire.api.testing import running_server
    from eventwire.samples import fixtures
    from eventwire.store import Store

    db = str(tmp_path / "live.db")
    fixtures.build(db, synthetic_count=0)
    with running_server(db) as base:
        assert sum(m["count"] for m in httpx.get(f"{base}/api/map", params={"zoom": 3}).json()["markers"]) == 1
        with Store.open(db) as store:
            store.add_many(synthetic.records(5, seed=99))
        assert sum(m["count"] for m in httpx.get(f"{base}/api/map", params={"zoom": 3}).json()["markers"]) == 6


def test_taxonomy_and_settings_feed_the_page(client):
    tax = client.get("/api/taxonomy").json()["event_types"]
    assert len(tax) == 6 and sum(len(v) for v in tax.values()) == 25
    assert "Peaceful protest" in tax["Protests"]
    settings = {s["name"]: s for s in client.get("/api/settings").json()["settings"]}
    assert settings["max_page_size"]["default"] == 500 and settings["max_page_size"]["help"]
    over = client.get("/api/events", params={"limit": settings["max_page_size"]["default"] + 1})
    assert over.status_code == 422


@pytest.mark.issue(13)
@pytest.mark.parametrize("params", [{}, {"country": "IRQ"}, {"event_type": "Protests"}, {"q": "mosul"}])
def test_next_cursor_pages_through_every_event_once_in_order(client, params):
    by_offset = [e["event_id"] for e in _all(client, **params)]
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get("/api/events", params={**params, "limit": 4, **({"cursor": cursor} if cursor else {})}).json()
        assert body["total"] == len(by_offset)
        seen += [e["event_id"] for e in body["events"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert body["next_offset"] is (None if pages > 1 else 4)
    assert seen == by_offset and pages == max(1, -(-len(by_offset) // 4))


@pytest.mark.issue(13)
def test_a_cursor_the_api_did_not_give_is_refused(client):
    good = client.get("/api/events", params={"limit": 2}).json()["next_cursor"]
    for params in ({"cursor": "bm90IGEgY3Vyc29y"}, {"cursor": "%%%"}, {"cursor": good, "offset": 2}):
        res = client.get("/api/events", params=params)
        assert res.status_code == 422 and res.json()["ok"] is False, params
