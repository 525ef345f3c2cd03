"""Forward lookup for analysts: every gazetteer candidate of a name, scored, best first."""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..records import Location
from .gazetteer import gazetteer


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    kind: str  # town, district (admin2), province (admin1), country
    admin1: str | None
    admin2: str | None
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    population: int
    geonameid: int | None
    score: float
    matched: str  # "name", "alternate name" or "fuzzy NN"

    def to_dict(self) -> dict:
        return {f: getattr(self, f) for f in self.__slots__}


KINDS = {"P": "town", "A0": "region", "A1": "admin1", "A2": "admin2", "A3": "admin3", "C": "country"}


def lookup(name: str, country: str | None = None, *, limit: int = 20) -> list[Candidate]:
    """Candidates for `name` (optionally within one country, ISO2 or ISO3), best first.

    The score is the population prior the resolver starts from (log10 of population, +0.3 for a main-name
    match); with `country` given and no exact match, near spellings in that country are tried.
    """
    gaz = gazetteer()
    cc = None
    if country:
        cc = gaz.cc(country)
        if cc is None:
            raise ValueError(f"unknown country code {country!r} (expected ISO 3166-1 alpha-2 or alpha-3)")
    found = [(p, "name" if p.main else "our alias" if p.curated else "alternate name")
             for p in gaz.candidates(name) if cc is None or p.cc == cc]
    if not found and cc:
        found = [(p, f"fuzzy {s:.0f}") for p, s in gaz.fuzzy(name, cc)]
    out = []
    for p, how in found:
        iso3, cname, _ = gaz.countries.get(p.cc, (None, None, None))
        a1 = gaz.place(p.a1) if p.kind in ("P", "A2") else None
        a2 = gaz.place(p.a2) if p.kind == "P" else None
        score = math.log10(p.pop + 10) + (0.3 if p.main else 0.0)
        out.append(Candidate(p.name, KINDS[p.kind], a1.name if a1 else None, a2.name if a2 else None, cname, iso3,
                             p.lat, p.lon, p.pop, p.geonameid, round(score, 2), how))
    out.sort(key=lambda c: -c.score)
    return out[:limit]


def town(name: str, country: str, span: tuple[int, int], *, reason: str) -> Location | None:
    """`name` as a town of `country` (ISO2 or ISO3), the likeliest reading, or None if it names none there:
    for a name whose context (a list of towns in one sentence) already fixed the country."""
    best = next((c for c in lookup(name, country, limit=5) if c.kind == "town"), None)
    if best is None:
        return None
    return Location(name=best.name, admin1=best.admin1, admin2=best.admin2, country=best.country, iso3=best.iso3,
                    latitude=best.latitude, longitude=best.longitude, geo_precision=1, geonameid=best.geonameid,
                    span=span, reason=reason)


def country_location(country: str, *, reason: str) -> Location | None:
    """The country itself (ISO2 or ISO3), with no coordinates: never a centroid dressed up as a town."""
    gaz = gazetteer()
    cc = gaz.cc(country)
    if cc is None:
        return None
    iso3, name, _ = gaz.countries[cc]
    return Location(country=name, iso3=iso3, reason=reason)
