"""Exports of who says so: ACLED's columns kept, sources in `source`, the claim status in `notes`; GeoJSON
properties stay flat (nested lists as JSON text)."""
from __future__ import annotations

import json

import pytest

from eventwire.export import acled_csv, geojson

pytestmark = pytest.mark.issue(11)

EVENT = {
    "event_id": "ev-1", "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2024-03-12",
    "iso3": "NGA", "country": "Nigeria", "latitude": 11.65, "longitude": 13.42, "outlets": ["ledger.example"],
    "sources": ["a1"], "claim_status": "claimed", "independent_sources": 1, "holder_kinds": ["security_forces"],
    "attribution": [{"holder": "outlet", "holder_kind": "outlet", "fields": ["event_date"]},
                    {"holder": "Military Forces of Nigeria", "holder_kind": "security_forces", "fields": ["event"]}],
    "copies": [["a1", "a2"]], "disagreements": {},
}


def test_acled_row_names_the_cited_sources_and_flags_a_claim():
    row = acled_csv.row(EVENT)
    assert set(row) <= set(acled_csv.tables()["columns"])
    assert row["source"] == "ledger.example; Military Forces of Nigeria"  # the outlet's own voice is no extra source
    assert row["notes"] == "claim status: claimed (1 independent source(s))"


def test_geojson_keeps_nested_source_fields_as_json_text():
    props = geojson.feature(EVENT)["properties"]
    assert props["holder_kinds"] == "security_forces"
    assert json.loads(props["copies"]) == [["a1", "a2"]]
    assert [a["holder"] for a in json.loads(props["attribution"])] == ["outlet", "Military Forces of Nigeria"]
