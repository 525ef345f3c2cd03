"""Templated synthetic reports, each with the mentions it codes and their evidence spans.

Not a model of real news: a deterministic generator of clearly invented reports (outlets on `.example`)
so the API tests and the 50,000-event browser benchmark run on records whose every field is known.
Places come from places.tsv; the wording from the TEMPLATES table below (one per sub-event type used).
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from ..records import Article, Evidence, Mention

OUTLETS = ("sample-wire.example", "example-tribune.example", "demo-herald.example")
# sub-event type -> (event type, actor1, actor2, verb phrase, fatalities word or None when nobody dies)
TEMPLATES = {
    "Armed clash": ("Battles", "Government troops", "rebel fighters", "clashed with", "were killed in the fighting"),
    "Air/drone strike": ("Explosions/Remote violence", "Military aircraft", "civilians", "carried out an air strike hitting", "were killed in the strike"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Artillery units", "civilians", "shelled a district holding", "were killed by the shelling"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Unidentified militants", "a police patrol", "detonated a roadside bomb against", "died in the blast"),
    "Attack": ("Violence against civilians", "Unidentified gunmen", "villagers", "attacked", "were killed in the attack"),
    "Abduction/forced disappearance": ("Violence against civilians", "Unidentified gunmen", "travellers", "abducted", None),
    "Peaceful protest": ("Protests", "Protesters", None, "marched peacefully", None),
    "Protest with intervention": ("Protests", "Protesters", "Police", "marched until police dispersed them", None),
    "Violent demonstration": ("Riots", "Rioters", "Police", "threw stones at police", "died in the unrest"),
    "Mob violence": ("Riots", "A mob", "a suspected thief", "beat", "died of the injuries"),
    "Arrests": ("Strategic developments", "Police", "opposition activists", "arrested", None),
    "Looting/property destruction": ("Strategic developments", "Armed men", None, "looted shops", None),
}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    admin1: str
    country: str
    iso3: str
    latitude: float
    longitude: float


def places() -> list[Place]:
    rows = []
    text = resources.files("eventwire.samples").joinpath("places.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, admin1, country, iso3, lat, lon = line.split("\t")
        rows.append(Place(name, admin1, country, iso3, float(lat), float(lon)))
    return rows


class _Text:
    """Builds a text piece by piece and records the span of each coded piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.evidence: list[Evidence] = []

    def add(self, piece: str, *fields: str) -> None:
        for name in fields:
            self.evidence.append(Evidence(field=name, start=self.length, end=self.length + len(piece)))
        self.parts.append(piece)
        self.length += len(piece)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def records(n: int, *, seed: int = 0, start: date = date(2025, 1, 1), days: int = 365,
            jitter_km: float = 40.0) -> Iterator[tuple[Article, list[Mention]]]:
    """`n` synthetic reports, one event each, spread over `days` days from `start` and ~`jitter_km` around places."""
    rng = random.Random(seed)
    table = places()
    subtypes = sorted(TEMPLATES)
    for i in range(n):
        sub = subtypes[rng.randrange(len(subtypes))]
        etype, actor1, actor2, verb, dead_phrase = TEMPLATES[sub]
        place = table[rng.randrange(len(table))]
        day = start + timedelta(days=rng.randrange(days))
        published = day + timedelta(days=rng.randrange(2))
        deaths = rng.choice((0, 1, 2, 3, 5, 8, 12, 20, 45)) if dead_phrase else None
        outlet = OUTLETS[i % len(OUTLETS)]
        jitter = jitter_km / 111.0
        lat = round(place.latitude + rng.uniform(-jitter, jitter), 4)
        lon = round(place.longitude + rng.uniform(-jitter, jitter), 4)

        t = _Text()
        t.add(actor1, "actor1")
        t.add(" ")
        t.add(verb, "event")
        if actor2 and actor2 not in verb:
            t.add(" ")
            t.add(actor2, "actor2")
        t.add(" near ")
        t.add(place.name, "location")
        t.add(", " + place.country + ", ")
        t.add("on " + day.strftime("%d %B %Y"), "event_date")
        t.add(", according to a synthetic report.")
        if dead_phrase and deaths:
            t.add(" ")
            t.add(f"{deaths} people {dead_phrase}", "fatalities")
            t.add(", officials said.")
        t.add(f" This is generated sample report number {i} and describes no real event.")
        article = Article(id=f"syn-{seed}-{i}", text=t.text, url=f"https://{outlet}/syn/{seed}/{i}", outlet=outlet,
                          published=published, title=f"{sub} near {place.name} (synthetic report {i})")
        mention = Mention(
            article_id=article.id, event_type=etype, sub_event_type=sub, event_date=day.isoformat(),
            time_precision=1, location=place.name, admin1=place.admin1, country=place.country, iso3=place.iso3,
            latitude=lat, longitude=lon, geo_precision=1, actor1=actor1,
            actor2=actor2 if actor2 and actor2 not in verb else None,
            fatalities=deaths if dead_phrase else None, fatalities_min=deaths if dead_phrase else None,
            evidence=tuple(t.evidence), trigger=verb,
        )
        yield article, [mention]
