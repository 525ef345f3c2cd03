"""A small database of known synthetic events, for the API and browser tests (built by code, not shipped)."""
from __future__ import annotations

from datetime import date

from ..records import Article, Evidence, Mention
from . import synthetic

# One invented event told by two outlets that disagree on the toll: the merged event must keep both.
TWIN_TEXTS = (
    ("twin-a", "sample-wire.example", "Gunmen attacked a market in Mosul on 4 March 2025, killing 3 people, police said. "
     "This synthetic test report describes no real event.", 3),
    ("twin-b", "example-tribune.example", "Gunmen attacked a market in Mosul on 4 March 2025, killing 5 people, a doctor said. "
     "This synthetic test report describes no real event.", 5),
)


def _span(text: str, piece: str, field: str) -> Evidence:
    start = text.index(piece)
    return Evidence(field=field, start=start, end=start + len(piece))


def twin_reports() -> list[tuple[Article, list[Mention]]]:
    out = []
    for aid, outlet, text, dead in TWIN_TEXTS:
        article = Article(id=aid, text=text, url=f"https://{outlet}/{aid}", outlet=outlet,
                          published=date(2025, 3, 5), title=f"Market attack in Mosul ({outlet})")
        mention = Mention(
            article_id=aid, event_type="Violence against civilians", sub_event_type="Attack", event_date="2025-03-04",
            location="Mosul", admin1="Nineveh", country="Iraq", iso3="IRQ", latitude=36.335, longitude=43.119,
            geo_precision=1, actor1="Unidentified gunmen", actor2="Civilians", fatalities=dead, fatalities_min=dead,
            # The event span contains the actor's: the page must show both fields on the shared words.
            evidence=(_span(text, "Gunmen attacked a market", "event"), _span(text, "Gunmen", "actor1"), _span(text, "Mosul", "location"),
                      _span(text, "on 4 March 2025", "event_date"), _span(text, f"killing {dead} people", "fatalities")),
            trigger="attacked",
        )
        out.append((article, [mention]))
    return out


def build(db: str, *, synthetic_count: int = 40, seed: int = 3) -> None:
    """Fill `db` with the twin reports and `synthetic_count` generated ones."""
    from ..store import Store

    store = Store.open(db)
    try:
        for article, mentions in [*twin_reports(), *synthetic.records(synthetic_count, seed=seed)]:
            store.add(article, mentions)
    finally:
        store.close()
