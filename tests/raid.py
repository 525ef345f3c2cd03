"""One invented raid told three ways, for the tests of a report that bridges two events: an early report (the
market in Konduga, eleven dead), another (ISWAP in Dalwa, a village 19 km west, three dead) too different from
it to be merged, and a fuller one naming both, which matches each."""
from __future__ import annotations

from datetime import date

from eventwire.records import Article, Evidence, Mention

BASE = dict(event_type="Violence against civilians", sub_event_type="Attack", event_date="2024-03-12",
            location="Konduga", admin1="Borno", country="Nigeria", iso3="NGA", latitude=11.65, longitude=13.42,
            geo_precision=1, actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)")
MARKET = dict(fatalities=11)
VILLAGE = dict(fatalities=3, location="Dalwa", latitude=11.65, longitude=13.245,
               actor1="Islamic State West Africa Province (ISWAP)")
BRIDGE = dict(VILLAGE, fatalities=11, geo_precision=2)
TEXTS = {
    "a": ("Gunmen on motorcycles stormed the cattle market at Konduga and shot eleven traders dead.", MARKET),
    "b": ("ISWAP fighters raided Dalwa, a village west of Konduga, and three people died, a militia leader said.",
          VILLAGE),
    "c": ("ISWAP fighters on motorcycles stormed the cattle market at Dalwa near Konduga, killing eleven traders.",
          BRIDGE),
}


def mention(aid: str, start: int, end: int, fields: dict) -> Mention:
    return Mention(article_id=aid, evidence=(Evidence(field="event", start=start, end=end),), **{**BASE, **fields})


def reports() -> dict[str, tuple[Article, Mention]]:
    """article id -> (the article, the one mention it reports), each from another outlet."""
    out = {}
    for aid, (text, fields) in TEXTS.items():
        art = Article(id=aid, text=text, outlet=f"{aid}.example", published=date(2024, 3, 13), title=text[:30])
        out[aid] = (art, mention(aid, 0, len(text), fields))
    return out
