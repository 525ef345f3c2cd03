"""A small database of known synthetic events, for the API and browser tests (built by code, not shipped)."""
from __future__ import annotations

from datetime import date

from ..records import Article, Attribution, Evidence, LoadedTerm, Mention, SourceReport
from . import synthetic

# One invented event told by two outlets that disagree on the toll: the merged event must keep both.
# Each cites its source; the second adds a sentence of its own opinion with a loaded term.
TWIN_TEXTS = (
    ("twin-a", "sample-wire.example", "Gunmen attacked a market in Mosul on 4 March 2025, killing 3 people, police said. "
     "This synthetic test report describes no real event.", 3),
    ("twin-b", "example-tribune.example", "Gunmen attacked a market in Mosul on 4 March 2025, killing 5 people, a doctor said. "
     "This synthetic test report describes no real event. Make no mistake: these thugs will strike again.", 5),
)
# article id -> (source words, holder, kind)
TWIN_SOURCES = {"twin-a": ("police said", "Police Forces of Iraq", "security_forces"),
                "twin-b": ("a doctor said", "a doctor", "unnamed")}


def _span(text: str, piece: str, field: str) -> Evidence:
    start = text.index(piece)
    return Evidence(field=field, start=start, end=start + len(piece))


def twin_assessment(article: Article) -> SourceReport:
    """What `eventwire assess` finds in a twin report, written out by hand."""
    text = article.text
    words, holder, kind = TWIN_SOURCES[article.id]
    cited = _span(text, words, "attribution")
    opinion = ()
    loaded = ()
    if "Make no mistake" in text:
        start = text.index("Make no mistake")
        opinion = ((start, len(text)),)
        thugs = _span(text, "thugs", "loaded")
        loaded = (LoadedTerm(start=thugs.start, end=thugs.end, category="name_calling"),)
    n_words = len(text.split())
    return SourceReport(article_id=article.id, opinion=opinion, loaded=loaded,
                        attributions=(Attribution(holder=holder, holder_kind=kind, start=cited.start, end=cited.end),),
                        words=n_words, opinion_words=len(text[opinion[0][0]:].split()) if opinion else 0)


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
                      _span(text, "on 4 March 2025", "event_date"), _span(text, f"killing {dead} people", "fatalities"),
                      _span(text, TWIN_SOURCES[aid][0], "attribution")),
            trigger="attacked",
            attribution=(Attribution(holder=TWIN_SOURCES[aid][1], holder_kind=TWIN_SOURCES[aid][2],
                                     fields=("event", "fatalities")),),
            claim_status="attributed",
        )
        out.append((article, [mention]))
    return out


def build(db: str, *, synthetic_count: int = 40, seed: int = 3) -> None:
    """Fill `db` with the twin reports and `synthetic_count` generated ones."""
    from ..store import Store

    store = Store.open(db)
    try:
        for article, mentions in twin_reports():
            store.add(article, mentions, twin_assessment(article))
        for article, mentions in synthetic.records(synthetic_count, seed=seed):
            store.add(article, mentions)
    finally:
        store.close()
