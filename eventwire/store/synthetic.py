"""Generated, clearly synthetic articles (and the mentions they report) for store tests and benchmarks.

Each article is one or two sentences about an invented incident in a real town; the same incident is
re-told by several outlets with different wording and tolls, so merging has work to do. Deterministic
for a seed. Nothing here is real news.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from ..records import Article, Evidence, Mention

# (town, admin1, country, iso3, lat, lon): real places, so the gazetteer can resolve them.
PLACES = (
    ("Konduga", "Borno", "Nigeria", "NGA", 11.65, 13.42), ("Gwoza", "Borno", "Nigeria", "NGA", 11.09, 13.69),
    ("Kano", "Kano", "Nigeria", "NGA", 12.00, 8.52), ("Mosul", "Nineveh", "Iraq", "IRQ", 36.34, 43.13),
    ("Kirkuk", "Kirkuk", "Iraq", "IRQ", 35.47, 44.39), ("Baidoa", "Bay", "Somalia", "SOM", 3.11, 43.65),
    ("Goma", "North Kivu", "Democratic Republic of the Congo", "COD", -1.68, 29.22),
    ("Gao", "Gao", "Mali", "MLI", 16.27, -0.04), ("Taiz", "Taiz", "Yemen", "YEM", 13.58, 44.02),
    ("Idlib", "Idlib", "Syria", "SYR", 35.93, 36.63), ("Nairobi", "Nairobi", "Kenya", "KEN", -1.29, 36.82),
    ("Mandera", "Mandera", "Kenya", "KEN", 3.94, 41.86),
)
# (event_type, sub_event_type, actor1, actor2, sentence template, carries a toll)
KINDS = (
    ("Violence against civilians", "Attack", "Unidentified Armed Group ({c})", "Civilians ({c})",
     "Gunmen killed {n} civilians in {town}, {admin1}, on {day}, {outlet} reported.", True),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Unidentified Armed Group ({c})", "Civilians ({c})",
     "A roadside bomb exploded in {town}, {admin1}, on {day}, killing {n} people, officials said.", True),
    ("Battles", "Armed clash", "Military Forces of {c}", "Unidentified Armed Group ({c})",
     "Soldiers clashed with militants near {town}, {admin1}, on {day}; {n} fighters were killed.", True),
    ("Protests", "Peaceful protest", "Protesters ({c})", None,
     "Hundreds of people protested peacefully in {town}, {admin1}, on {day} over rising fuel prices.", False),
)
OUTLETS = ("ledger.example", "observer.example", "wire.example", "courier.example")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def generate(n: int, *, seed: int = 7, start: date = date(2024, 1, 1), retellings: int = 3
             ) -> Iterator[tuple[Article, list[Mention]]]:
    """`n` articles; every incident is told by 1..`retellings` outlets (ids "syn-<k>")."""
    rng = random.Random(seed)
    k = 0
    incident = 0
    while k < n:
        place = rng.choice(PLACES)
        kind = rng.choice(KINDS)
        day = start + timedelta(days=rng.randrange(365))
        toll = rng.randint(1, 40)
        incident += 1
        for t in range(rng.randint(1, retellings)):
            if k >= n:
                return
            outlet = OUTLETS[t % len(OUTLETS)]
            published = day + timedelta(days=1 + t % 2)
            reported = toll + rng.randint(0, 3) if kind[5] else None
            town, admin1, country, iso3, lat, lon = place
            text = kind[4].format(n=reported, town=town, admin1=admin1, day=WEEKDAYS[day.weekday()], outlet=outlet)
            text += f" (synthetic report {incident}-{t}.)"
            article = Article(id=f"syn-{k}", text=text, outlet=outlet, published=published,
                              url=f"https://{outlet}/{k}", title=f"Incident in {town}")
            loc = text.index(town)
            mention = Mention(
                article_id=article.id, event_type=kind[0], sub_event_type=kind[1], event_date=day.isoformat(),
                time_precision=1, location=town, admin1=admin1, country=country, iso3=iso3, latitude=lat,
                longitude=lon, geo_precision=1, actor1=kind[2].format(c=country), actor2=kind[3].format(c=country)
                if kind[3] else None, fatalities=reported, fatalities_min=reported,
                evidence=(Evidence(field="event", start=0, end=text.index(".") + 1),
                          Evidence(field="location", start=loc, end=loc + len(town))))
            yield article, [mention]
            k += 1
