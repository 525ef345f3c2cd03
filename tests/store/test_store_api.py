"""The Store interface on both back ends (SQLite file and a real PostgreSQL server)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from alembic import command
from alembic.config import Config
from importlib import resources
from sqlalchemy import create_engine, text

from eventwire.records import Article, ErrorRecord, Evidence, Mention
from eventwire.store import EventFilter, Store
from eventwire.store.synthetic import generate


def report(aid, text, *, published="2024-03-13", outlet="a.example", title=None, **fields):
    base = dict(event_type="Violence against civilians", sub_event_type="Attack", event_date="2024-03-12",
                location="Konduga", admin1="Borno", country="Nigeria", iso3="NGA", latitude=11.65, longitude=13.42,
                geo_precision=1, actor1="Unidentified Armed Group (Nigeria)", actor2="Civilians (Nigeria)")
    base.update(fields)
    art = Article(id=aid, text=text, outlet=outlet, published=date.fromisoformat(published), title=title or text[:40])
    return art, [Mention(article_id=aid, evidence=(Evidence(field="event", start=0, end=len(text)),
                                                    Evidence(field="fatalities", start=0, end=5)), **base)]


@pytest.fixture
def store(db_url):
    s = Store.open(db_url)
    yield s
    s.close()


def load_konduga(store):
    store.add(*report("k1", "Gunmen killed 12 villagers in Konduga on Tuesday.", fatalities=12, outlet="ledger.example"))
    store.add(*report("k2", "At least 15 people were killed when gunmen stormed Konduga on Tuesday.", fatalities=15,
                      outlet="daily.example"))
    store.add(*report("k3", "Gunmen killed 19 people in Tuesday's attack on Konduga, officials said.", fatalities=19,
                      published="2024-03-14", outlet="observer.example"))
    store.add(*report("p1", "Traders protested a market levy in Maiduguri on Tuesday.", event_type="Protests",
                      sub_event_type="Peaceful protest", location="Maiduguri", latitude=11.85, longitude=13.16,
                      actor1="Protesters (Nigeria)", actor2=None, title="Maiduguri traders march"))
    store.add(*report("m1", "A car bomb killed 7 people in Mosul on 2 May.", event_type="Explosions/Remote violence",
                      sub_event_type="Remote explosive/landmine/IED", event_date="2024-05-02", published="2024-05-03",
                      location="Mosul", admin1="Nineveh", country="Iraq", iso3="IRQ", latitude=36.34, longitude=43.13,
                      actor2="Civilians (Iraq)", actor1="Islamic State (IS)", fatalities=7))


def test_add_is_idempotent_on_id_and_on_content(store):
    art, ms = report("k1", "Gunmen killed 12 villagers in Konduga on Tuesday.", fatalities=12)
    first = store.add(art, ms)
    assert first.added and first.created == 1
    again = store.add(art, ms)
    same_text = store.add(replace(art, id="k1-copy"), ms)
    assert not again.added and not same_text.added
    assert store.counts() == {"articles": 1, "mentions": 1, "events": 1, "errors": 0}


def test_three_reports_merge_with_the_toll_disagreement(store):
    load_konduga(store)
    rows, total = store.events(EventFilter(country="NGA"))
    assert total == 2
    attack = next(r for r in rows if r["event_type"] == "Violence against civilians")
    assert attack["sources"] == ["k1", "k2", "k3"] and attack["mentions"] == 3
    assert attack["fatalities"] == 19
    assert attack["outlets"] == ["ledger.example", "daily.example", "observer.example"]
    assert [v["value"] for v in attack["disagreements"]["fatalities"]] == [12, 15, 19]


def test_filters(store):
    load_konduga(store)
    def ids(**kw):
        return sorted(r["sources"][0] for r in store.events(EventFilter(**kw))[0])
    assert ids(country="Iraq") == ["m1"]
    assert ids(event_type="Protests") == ["p1"]
    assert ids(sub_event_type="Attack") == ["k1"]
    assert ids(since="2024-04-01") == ["m1"]
    assert ids(until=date(2024, 3, 31)) == ["k1", "p1"]
    assert ids(min_fatalities=10) == ["k1"]
    assert ids(near=(11.7, 13.4, 20)) == ["k1"]  # Konduga is ~6 km away, Maiduguri ~33 km
    assert ids(near=(11.7, 13.4, 50)) == ["k1", "p1"]
    assert ids(bbox=(40.0, 30.0, 50.0, 40.0)) == ["m1"]
    assert ids(actor="islamic state") == ["m1"]
    assert ids(admin1="borno") == ["k1", "p1"]
    assert ids(q="maiduguri traders") == ["p1"]  # article title
    assert ids(q="100%") == []  # a LIKE wildcard in the query is text, not a pattern


def test_pagination_and_total(store):
    store.add_many(generate(60, seed=3))
    page1, total = store.events(limit=10)
    page2, total2 = store.events(limit=10, offset=10)
    assert total == total2 == store.counts()["events"] and total > 20
    assert len(page1) == len(page2) == 10
    assert not {r["event_id"] for r in page1} & {r["event_id"] for r in page2}
    streamed = list(store.iter_events())
    assert len(streamed) == total and len({e["event_id"] for e in streamed}) == total


def test_event_and_article_detail(store):
    load_konduga(store)
    eid = store.events(EventFilter(sub_event_type="Attack"))[0][0]["event_id"]
    ev = store.event(eid)
    assert [m["article_id"] for m in ev["mentions"]] == ["k1", "k2", "k3"]
    assert ev["mentions"][0]["evidence"][0] == {"field": "event", "start": 0, "end": 49}
    assert [a["outlet"] for a in ev["articles"]] == ["ledger.example", "daily.example", "observer.example"]
    assert ev["articles"][0]["text"].startswith("Gunmen killed 12")
    assert "fatalities" in ev["disagreements"]
    art = store.article("k2")
    assert art["outlet"] == "daily.example" and art["mentions"][0]["event_id"] == eid
    assert store.event("nope") is None and store.article("nope") is None


def test_aggregate_in_sql(store):
    load_konduga(store)
    week = store.aggregate(bucket="week")
    assert {"period": "2024-03-11", "event_type": "Violence against civilians", "events": 1, "fatalities": 19} in week
    assert {"period": "2024-04-29", "event_type": "Explosions/Remote violence", "events": 1, "fatalities": 7} in week
    month = store.aggregate(EventFilter(country="NGA"), bucket="month")
    assert [(r["period"], r["event_type"], r["events"]) for r in month] == [
        ("2024-03-01", "Protests", 1), ("2024-03-01", "Violence against civilians", 1)]
    with pytest.raises(ValueError):
        store.aggregate(bucket="fortnight")


def test_errors_are_stored_once(store):
    err = ErrorRecord(source="feed.jsonl", line=3, code="EW105", reason="malformed JSON")
    store.add_error(err)
    store.add_error(err)
    assert [(e["source"], e["line"], e["code"]) for e in store.errors()] == [("feed.jsonl", 3, "EW105")]


def test_event_ids_do_not_depend_on_the_database(db_url, tmp_path):
    pairs = list(generate(30, seed=5))
    with Store.open(db_url) as a:
        a.add_many(pairs, batch_size=7)
        ids_a = {tuple(e["sources"]): e["event_id"] for e in a.iter_events()}
    with Store.open(tmp_path / "other.db") as b:
        b.add_many(pairs)
        ids_b = {tuple(e["sources"]): e["event_id"] for e in b.iter_events()}
    assert ids_a == ids_b


def test_an_old_database_upgrades_in_place(db_url):
    from eventwire.store import url as urls
    engine = create_engine(urls.normalise(db_url))
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("eventwire.store") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("INSERT INTO events (event_id, event_type, location, actor1, n_mentions, first_seq, sources) "
                          "VALUES ('ev-old', 'Battles', 'Gao', 'Military Forces of Mali', 1, 1, '[\"old\"]')"))
    engine.dispose()
    with Store.open(db_url) as store:
        rows, total = store.events(EventFilter(q="gao"))
        assert total == 1 and rows[0]["event_id"] == "ev-old" and rows[0]["sources"] == ["old"]
        store.add(*report("k1", "Gunmen killed 12 villagers in Konduga on Tuesday.", fatalities=12))
        assert store.counts()["events"] == 2


def test_bad_url_names_the_problem():
    from eventwire.errors import StoreError
    with pytest.raises(StoreError, match="EW301"):
        Store.open("mysql://root@localhost/x")


def test_a_refused_article_does_not_abort_its_batch(db_url):
    long_id = "x" * 400  # longer than the id column allows on PostgreSQL
    good = report("k1", "Gunmen killed 12 villagers in Konduga on Tuesday.", fatalities=12)
    bad = report(long_id, "A second text about Konduga on Tuesday.", fatalities=3)
    later = report("m1", "A car bomb killed 7 people in Mosul on 2 May.", event_date="2024-05-02", location="Mosul",
                   iso3="IRQ", country="Iraq", admin1="Nineveh", latitude=36.34, longitude=43.13)
    with Store.open(db_url) as store:
        with store.batch():
            store.add(*good)
            if store.dialect == "postgresql":
                from eventwire.errors import StoreError
                with pytest.raises(StoreError, match="EW302"):
                    store.add(*bad)
            store.add(*later)
        assert {"k1", "m1"} <= {s for e in store.iter_events() for s in e["sources"]}


def test_migrations_build_exactly_the_tables_the_store_queries(db_url):
    from sqlalchemy import inspect

    from eventwire.store.schema import metadata
    with Store.open(db_url) as store:
        insp = inspect(store.engine)
        for table in metadata.sorted_tables:
            built = {c["name"] for c in insp.get_columns(table.name)}
            assert built == {c.name for c in table.columns}, table.name


def test_processes_opening_a_new_database_together_all_succeed(db_url):
    import subprocess
    import sys
    code = "import sys; from eventwire.store import Store; Store.open(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], stderr=subprocess.PIPE) for _ in range(3)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    with Store.open(db_url) as store:
        assert store.counts()["events"] == 0
