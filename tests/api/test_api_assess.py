"""Who says so, over HTTP against the live server (tests/api/conftest.py): the claim-status and source-kind
filters, the outlets' scorecards, an article's spans, and the exports carrying the new fields."""
from __future__ import annotations

import csv
import io
import json

import pytest

from eventwire.samples.fixtures import TWIN_TEXTS

pytestmark = pytest.mark.issue(11)
TEXTS = {aid: text for aid, _outlet, text, _dead in TWIN_TEXTS}


def _twin(client) -> dict:
    [ev] = client.get("/api/events", params={"q": "Mosul", "since": "2025-03-04", "until": "2025-03-04"}).json()["events"]
    return ev


def test_the_twin_event_is_reported_by_two_independent_sources(client):
    ev = _twin(client)
    assert ev["claim_status"] == "reported" and ev["independent_sources"] == 2 and ev["copies"] == []
    assert ev["holder_kinds"] == ["security_forces", "unnamed"]
    detail = client.get(f"/api/events/{ev['event_id']}").json()["event"]
    for m in detail["mentions"]:
        assert m["claim_status"] == "attributed"
        [who] = m["attribution"]
        [span] = [e for e in m["evidence"] if e["field"] == "attribution"]
        assert TEXTS[m["article_id"]][span["start"]:span["end"]] in ("police said", "a doctor said")
        assert who["holder_kind"] in ("security_forces", "unnamed")


def test_events_filter_by_claim_status_and_holder_kind(client):
    everything = client.get("/api/events", params={"limit": 500}).json()["total"]
    reported = client.get("/api/events", params={"claim_status": "reported"}).json()
    assert reported["total"] == 1 and reported["events"][0]["event_id"] == _twin(client)["event_id"]
    assert client.get("/api/events", params={"holder_kind": "unnamed"}).json()["total"] == 1
    assert client.get("/api/events", params={"holder_kind": "armed_group"}).json()["total"] == 0
    assert everything > 1
    for bad in ({"claim_status": "true"}, {"holder_kind": "police"}):
        r = client.get("/api/events", params=bad)
        assert r.status_code == 422 and r.json()["ok"] is False
    # The map and the timeline follow the same filters.
    assert client.get("/api/map", params={"zoom": 2, "claim_status": "reported"}).json()["placed"] == 1
    rows = client.get("/api/aggregate", params={"holder_kind": "security_forces"}).json()["rows"]
    assert sum(r["events"] for r in rows) == 1


def test_outlets_have_scorecards(client):
    body = client.get("/api/outlets").json()
    cards = {c["outlet"]: c for c in body["outlets"]}
    assert body["total"] == len(cards) == 3
    tribune = cards["example-tribune.example"]
    assert tribune["assessed_articles"] == 1 and tribune["opinion_share"] > 0 and tribune["loaded_per_1000_words"] > 0
    assert tribune["corroborated_events"] == 1  # the twin event, told independently by sample-wire
    assert 0 < tribune["corroboration_rate"] < 1  # its synthetic events are its alone
    assert cards["sample-wire.example"]["opinion_share"] == 0.0
    one = client.get("/api/outlets/example-tribune.example").json()["outlet"]
    assert one["events"] == tribune["events"] and [a["id"] for a in one["recent_articles"]] == ["twin-b"]
    missing = client.get("/api/outlets/nowhere.example")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert client.get("/api/outlets", params={"limit": 0}).status_code == 422


def test_an_article_comes_with_its_spans(client):
    art = client.get("/api/articles/twin-b").json()["article"]
    a = art["assessment"]
    text = art["text"]
    assert [text[s["start"]:s["end"]] for s in a["opinion"]] == ["Make no mistake: these thugs will strike again."]
    assert [(text[s["start"]:s["end"]], s["category"]) for s in a["loaded"]] == [("thugs", "name_calling")]
    assert [(text[s["start"]:s["end"]], s["holder_kind"]) for s in a["attributions"]] == [("a doctor said", "unnamed")]
    assert set(a["figures"]) == {"opinion_share", "loaded_per_1000_words", "unattributed_tolls"}
    assert art["copies"] == []


def test_exports_carry_who_says_so(client):
    twin = _twin(client)["event_id"]
    lines = [json.loads(x) for x in client.get("/api/export/jsonl", params={"claim_status": "reported"}).text.splitlines()]
    [ev] = lines
    assert ev["event_id"] == twin and ev["independent_sources"] == 2
    assert {a["holder"] for a in ev["attribution"]} == {"Police Forces of Iraq", "a doctor"}
    geo = client.get("/api/export/geojson", params={"claim_status": "reported"}).json()
    [props] = [f["properties"] for f in geo["features"]]
    assert props["claim_status"] == "reported" and props["holder_kinds"] == "security_forces; unnamed"
    assert {a["holder_kind"] for a in json.loads(props["attribution"])} == {"security_forces", "unnamed"}
    [row] = csv.DictReader(io.StringIO(client.get("/api/export/acled-csv", params={"claim_status": "reported"}).text))
    assert row["source"] == "sample-wire.example; example-tribune.example; Police Forces of Iraq; a doctor"
    assert "claim status" not in (row["notes"] or "")  # reported by two independent sources: nothing to flag
    header = client.get("/api/export/acled-csv", params={"q": "no such"}).text.splitlines()[0].split(",")
    assert "claim_status" not in header and "attribution" not in header  # ACLED's columns only
