"""Reconciling the mentions of one event into one set of field values, keeping what sources disagree on.

Rules (ACLED practice, applied the same way on every re-ingest so the result does not depend on timing):

- fatalities: the lowest credible toll, unless a later report updates it. Concretely: among the mentions of
  the reconciled type that give a figure (else of its event type: a recapture does not take the toll of the
  mass grave found after it), keep those from the most recently *published* article(s) (an article without a
  publication date counts as oldest); the event's toll is the lowest figure among them, with that report's
  min/max bounds. Earlier tolls are superseded (counts rise as bodies are found, and a later report that
  revises downwards is also a correction); same-day reports that disagree give the lowest.
- location (with admin1/admin2/country/iso3/coordinates/geo_precision as one bundle, never mixed): the value
  most sources give (the most specific geo_precision, then the first reported, on a tie); then, among the
  places consistent with it (same country, and in the region or district it names, or within PLACE_NEAR_KM),
  the most precise: a report naming the town inside the city or district the others name gives the better
  place, not a dissent.
- event_date: the value most sources give, then the most precise, then the earliest; time_precision is the
  finest precision among sources giving that date.
- event_type/sub_event_type (as one pair), actor1, actor2: the value most sources give, then the first reported.
- tags: the union.

`disagreements` lists, for each field where sources give different non-null values, every value with the
article ids that gave it and `"reported": true` on the one the event carries.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..geo import haversine_km

PLACE_FIELDS = ("location", "admin1", "admin2", "country", "iso3", "latitude", "longitude", "geo_precision")
DISAGREEMENT_FIELDS = ("event_type", "sub_event_type", "event_date", "location", "admin1", "actor1", "actor2",
                       "fatalities")
EVENT_FIELDS = ("event_type", "sub_event_type", "event_date", "time_precision", *PLACE_FIELDS, "actor1", "actor2",
                "fatalities", "fatalities_min", "fatalities_max", "tags")


def _pick(mentions: Sequence[dict], key: Callable[[dict], object], *, prefer: Callable[[dict], tuple] = lambda m: ()
          ) -> dict | None:
    """The mention whose `key` value most articles share; ties by `prefer`, then arrival order."""
    votes: dict[object, set[str]] = {}
    for m in mentions:
        value = key(m)
        if value is not None:
            votes.setdefault(value, set()).add(m["article_id"])
    if not votes:
        return None
    ranked = sorted(
        (m for m in mentions if key(m) is not None),
        key=lambda m: (-len(votes[key(m)]), prefer(m), m.get("order", 0)),
    )
    return ranked[0]


def _fatality_report(mentions: Sequence[dict], event_type: str | None, sub_event_type: str | None) -> dict | None:
    counted = [m for m in mentions if m.get("fatalities") is not None]
    same = [m for m in counted if (m.get("event_type"), m.get("sub_event_type")) == (event_type, sub_event_type)]
    counted = same or [m for m in counted if m.get("event_type") == event_type]
    if not counted:
        return None
    latest = max(m.get("published") or "" for m in counted)
    current = [m for m in counted if (m.get("published") or "") == latest]
    return min(current, key=lambda m: (m["fatalities"], m.get("order", 0)))


def reconcile(mentions: Sequence[dict]) -> tuple[dict, dict]:
    """(fields, disagreements) for mention dicts carrying contract fields plus `published` and `order`."""
    if not mentions:
        raise ValueError("reconcile needs at least one mention")
    fields: dict = {}
    typed = _pick(mentions, lambda m: (m.get("event_type"), m.get("sub_event_type")))
    fields["event_type"] = typed["event_type"] if typed else None
    fields["sub_event_type"] = typed["sub_event_type"] if typed else None

    dated = _pick(mentions, lambda m: m.get("event_date"),
                  prefer=lambda m: (m.get("time_precision") or 3, m.get("event_date") or ""))
    fields["event_date"] = dated["event_date"] if dated else None
    fields["time_precision"] = min((m.get("time_precision") or 1 for m in mentions
                                    if m.get("event_date") == fields["event_date"]), default=1)

    placed = _pick(mentions, lambda m: m.get("location") or m.get("admin1") or m.get("country"),
                   prefer=lambda m: (m.get("geo_precision") or 4,))
    if placed is not None:
        consistent = [m for m in mentions if _within(m, placed)]
        placed = min(consistent, key=lambda m: (m.get("geo_precision") or 4, m is not placed, m.get("order", 0)))
    for f in PLACE_FIELDS:
        fields[f] = placed.get(f) if placed else None

    for f in ("actor1", "actor2"):
        chosen = _pick(mentions, lambda m, f=f: m.get(f))
        fields[f] = chosen[f] if chosen else None

    toll = _fatality_report(mentions, fields["event_type"], fields["sub_event_type"])
    fields["fatalities"] = toll["fatalities"] if toll else None
    fields["fatalities_min"] = toll.get("fatalities_min") if toll else None
    fields["fatalities_max"] = toll.get("fatalities_max") if toll else None
    fields["tags"] = sorted({t for m in mentions for t in m.get("tags") or ()})
    return fields, disagreements(mentions, fields)


PLACE_NEAR_KM = 30.0


def _within(m: dict, place: dict) -> bool:
    """`m`'s place is `place` or lies in or beside it (same country; the province a region names, the district
    a town is in, or close by)."""
    if m is place:
        return True
    if not m.get("iso3") or m.get("iso3") != place.get("iso3"):
        return False
    level = "admin1" if place.get("geo_precision") == 3 else "admin2"  # a region holds its towns; a town its own
    if m.get(level) and (m.get(level) or "").casefold() == (place.get(level) or "").casefold():
        return True
    if None in (m.get("latitude"), place.get("latitude")):
        return False
    return haversine_km(m["latitude"], m["longitude"], place["latitude"], place["longitude"]) <= PLACE_NEAR_KM


def _restates_region(m: dict, fields: dict) -> bool:
    """A region-only place inside the event's admin1 narrows nothing: not a disagreement on location."""
    return (m.get("geo_precision") == 3 and (fields.get("geo_precision") or 3) < 3
            and (m.get("admin1") or "").casefold() == (fields.get("admin1") or "").casefold())


def disagreements(mentions: Sequence[dict], fields: dict) -> dict:
    """Values that *sources* disagree on: one article restating its own event is not a second source."""
    out: dict = {}
    if len({m["article_id"] for m in mentions}) < 2:
        return out
    for f in DISAGREEMENT_FIELDS:
        by_value: dict[object, list[str]] = {}
        for m in mentions:
            if f in ("location", "admin1") and _restates_region(m, fields):
                continue
            value = m.get(f)
            if value is not None and m["article_id"] not in by_value.setdefault(value, []):
                by_value[value].append(m["article_id"])
        if len(by_value) > 1:
            out[f] = [{"value": v, "sources": srcs, **({"reported": True} if v == fields.get(f) else {})}
                      for v, srcs in by_value.items()]
    return out
