"""Source assessment in the store, on both back ends: per-article assessments, copies counted as one
source, per-outlet scorecards, the claim-status and source-kind filters, and the 0005 upgrade."""
from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from eventwire.records import Article, Attribution, Evidence, LoadedTerm, Mention, SourceReport
from eventwire.store import EventFilter, Store

pytestmark = pytest.mark.issue(11)

WIRE = (
    "Gunmen on motorcycles attacked a cattle market outside Konduga on Tuesday, killing eleven traders, a police "
    "spokesman said. The attackers fired on the crowd and drove off several hundred head of cattle towards the "
    "forest, according to two traders who escaped. The spokesman said a joint patrol had been sent to the area and "
    "that no arrests had yet been made. This synthetic report was written for eventwire's tests."
)
REWRITE = (
    "Eleven cattle traders died on Tuesday when armed men on motorbikes raided the livestock market near Konduga, "
    "residents told our correspondent. Survivors described gunfire and the theft of hundreds of animals. "
    "This synthetic report was written for eventwire's tests."
)


def reported(aid: str, text: str, outlet: str, *, kind="security_forces", holder="Police Forces of Nigeria",
             status="attributed", words=None) -> tuple[Article, list[Mention], SourceReport]:
    art = Article(id=aid, text=text, outlet=outlet, published=date(2024, 3, 13), title=text[:30])
    cue = {"security_forces": "police spokesman said", "witness": "residents told"}[kind]
    at = text.index(cue)
    mention = Mention(article_id=aid, event_type="Violence against civilians", sub_event_type="Attack",
                      event_date="2024-03-12", location="Konduga", admin1="Borno", country="Nigeria", iso3="NGA",
                      latitude=11.65, longitude=13.42, geo_precision=1, actor1="Unidentified Armed Group (Nigeria)",
                      actor2="Civilians (Nigeria)", fatalities=11,
                      evidence=(Evidence(field="event", start=0, end=text.index(".") + 1),
                                Evidence(field="attribution", start=at, end=at + len(cue))),
                      attribution=(Attribution(holder=holder, holder_kind=kind, fields=("event", "fatalities")),),
                      claim_status=status)
    n = words or len(text.split())
    report = SourceReport(article_id=aid, attributions=(Attribution(holder=holder, holder_kind=kind, start=at,
                                                                    end=at + len(cue)),),
                          loaded=(LoadedTerm(start=0, end=6, category="name_calling"),), words=n, opinion_words=0,
                          unattributed_tolls=1)
    return art, [mention], report


@pytest.fixture
def store(db_url):
    s = Store.open(db_url)
    yield s
    s.close()


def test_a_wire_story_on_two_sites_is_one_source_until_another_newsroom_reports(store):
    store.add(*reported("a", "Home | News\n" + WIRE + "\nRelated stories", "wire-reprint.example"))
    store.add(*reported("b", "Breaking\n" + WIRE + "\nShare this", "other-reprint.example"))
    [ev] = store.events()[0]
    assert ev["sources"] == ["a", "b"] and ev["independent_sources"] == 1 and ev["copies"] == [["a", "b"]]
    assert ev["claim_status"] == "attributed"
    cards = {c["outlet"]: c for c in store.outlets()[0]}
    assert cards["wire-reprint.example"]["corroborated_events"] == 0

    store.add(*reported("r", REWRITE, "daily.example", kind="witness", holder="residents", status="attributed"))
    [ev] = store.events()[0]
    assert ev["independent_sources"] == 2 and ev["claim_status"] == "reported"
    assert ev["holder_kinds"] == ["security_forces", "witness"]
    assert {a["holder"] for a in ev["attribution"]} == {"Police Forces of Nigeria", "residents"}
    cards = {c["outlet"]: c for c in store.outlets()[0]}
    assert {o: c["corroboration_rate"] for o, c in cards.items()} == {
        "wire-reprint.example": 1.0, "other-reprint.example": 1.0, "daily.example": 1.0}
    art = store.article("a")
    assert art["copies"] == ["b"]
    assert art["assessment"]["attributions"][0]["holder_kind"] == "security_forces"
    detail = store.event(ev["event_id"])
    assert all(a["assessment"]["figures"]["unattributed_tolls"] == 1 for a in detail["articles"])


def test_outlet_figures_are_pooled_over_its_articles(store):
    store.add(*reported("a", WIRE, "wire.example", words=100))
    second = reported("c", REWRITE, "wire.example", kind="witness", holder="residents", words=300)
    store.add(second[0], second[1], SourceReport(article_id="c", words=300, opinion_words=60, unattributed_tolls=0,
                                                 loaded=(LoadedTerm(start=0, end=3, category="fear"),) * 3))
    card = store.outlet("wire.example")
    assert card["articles"] == card["assessed_articles"] == 2
    assert card["opinion_share"] == 0.15  # 60 of 400 words
    assert card["loaded_per_1000_words"] == 10.0  # 4 terms in 400 words
    assert card["unattributed_tolls"] == 1 and card["unattributed_tolls_per_article"] == 0.5
    assert card["claim_status"]["attributed"] == 2
    assert [a["id"] for a in card["recent_articles"]] == ["a", "c"]
    assert store.outlet("nowhere.example") is None


def test_events_filter_by_claim_status_and_source_kind(store):
    store.add(*reported("a", WIRE, "wire.example"))
    store.add(*reported("m", "Police fired tear gas at a march in Maiduguri on Tuesday, residents told reporters.",
                        "daily.example", kind="witness", holder="residents", status="disputed"))
    by_status = {s: store.events(EventFilter(claim_status=s))[1] for s in ("attributed", "disputed", "claimed")}
    total = store.events()[1]
    assert sum(by_status.values()) == total and by_status["claimed"] == 0 and by_status["disputed"] == 1
    assert store.events(EventFilter(holder_kind="witness"))[1] >= 1
    assert store.events(EventFilter(holder_kind="ngo"))[1] == 0
    assert store.events(EventFilter(holder_kind="%"))[1] == 0  # a wildcard is a literal, not a pattern


def test_ingest_stores_each_articles_assessment(store, tmp_path):
    from eventwire.store.ingest import ingest

    path = tmp_path / "in.jsonl"
    rows = [{"id": "n1", "outlet": "ledger.example", "published": "2024-05-08",
             "text": "Gunmen killed 12 villagers in Konduga on Tuesday, police said. These thugs must be stopped."},
            {"id": "n2", "outlet": "ledger.example", "published": "2024-05-08",
             "text": "Traders marched peacefully through Maiduguri on Tuesday to protest a new market levy."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = ingest(store, [str(path)])
    assert summary.added == 2
    art = store.article("n1")
    a = art["assessment"]
    assert [art["text"][s["start"]:s["end"]] for s in a["loaded"]] == ["thugs"]
    assert [art["text"][s["start"]:s["end"]] for s in a["opinion"]] == ["These thugs must be stopped."]
    assert a["figures"]["opinion_share"] > 0
    assert {m["claim_status"] for m in art["mentions"]} == {"attributed"}
    assert store.outlet("ledger.example")["assessed_articles"] == 2


def test_a_database_from_before_assessment_upgrades_with_its_events_counted(db_url):
    from eventwire.store import url as urls
    engine = create_engine(urls.normalise(db_url))
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("eventwire.store") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.execute(text("INSERT INTO events (event_id, event_type, n_mentions, first_seq, sources, outlets) VALUES "
                          "('ev-old', 'Battles', 2, 1, '[\"x1\", \"x2\"]', '[\"one.example\", \"two.example\"]')"))
    engine.dispose()
    with Store.open(db_url) as store:
        [ev] = store.events()[0]
        assert ev["independent_sources"] == 2 and ev["claim_status"] is None and ev["holder_kinds"] == []
        cards = {c["outlet"]: c for c in store.outlets()[0]}
        assert cards["one.example"]["corroborated_events"] == 1 and cards["one.example"]["articles"] == 0


def test_copies_loaded_in_one_bulk_chunk_are_one_source(store):
    # add_many stores a chunk's articles with a few statements: the copy check must see the chunk's own
    # articles, not only those already in the database.
    pairs = [reported(aid, head + WIRE + tail, outlet)[:2] for aid, head, tail, outlet in (
        ("a", "Home | News\n", "\nRelated stories", "wire-reprint.example"),
        ("b", "Breaking\n", "\nShare this", "other-reprint.example"))]
    pairs.append(reported("r", REWRITE, "daily.example", kind="witness", holder="residents")[:2])
    store.add_many(pairs)
    [ev] = store.events()[0]
    assert ev["sources"] == ["a", "b", "r"] and ev["copies"] == [["a", "b"]] and ev["independent_sources"] == 2
    cards = {c["outlet"]: c for c in store.outlets()[0]}
    assert {o: c["corroboration_rate"] for o, c in cards.items()} == {
        "wire-reprint.example": 1.0, "other-reprint.example": 1.0, "daily.example": 1.0}
