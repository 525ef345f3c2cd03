"""Store.add_many (chunks written in a few statements, store/bulk.py) ends with the database Store.add
gives one article at a time, on both back ends; a refused article costs only itself."""
from __future__ import annotations

import json
from dataclasses import replace

from eventwire.store import Store
from eventwire.store.synthetic import generate


def snapshot(store) -> list[tuple]:
    return sorted((e["event_id"], tuple(e["sources"]), e["fatalities"], e["location"], e["event_date"],
                   json.dumps(e["disagreements"], sort_keys=True)) for e in store.iter_events())


def test_chunks_merge_exactly_like_one_article_at_a_time(db_url, tmp_path):
    pairs = list(generate(900, seed=3))
    with Store.open(f"sqlite:///{tmp_path / 'one_by_one.db'}") as one:
        with one.batch():
            for article, ms in pairs:
                one.add(article, ms)
        expected = snapshot(one)
    with Store.open(db_url) as bulk:
        # Overlapping loads: the second re-sends 300 stored articles, which must count as duplicates.
        first = bulk.add_many(pairs[:600], batch_size=250)
        second = bulk.add_many(pairs[300:], batch_size=100)
        assert (first["articles"], second["articles"], second["duplicates"]) == (600, 300, 300)
        assert snapshot(bulk) == expected
        assert bulk.counts()["mentions"] == 900


def test_a_refused_article_in_a_chunk_costs_only_itself(db_url):
    pairs = list(generate(40, seed=4))
    bad_article, bad_mentions = pairs[17]
    pairs[17] = (replace(bad_article, id="x" * 400), bad_mentions)  # longer than PostgreSQL's id column
    with Store.open(db_url) as store:
        counts = store.add_many(pairs)
        stored = {s for e in store.iter_events() for s in e["sources"]}
        if store.dialect == "postgresql":
            assert counts["articles"] == 39 and "x" * 400 not in stored
        else:  # SQLite enforces no lengths
            assert counts["articles"] == 40
        assert {a.id for a, _ in pairs if len(a.id) < 300} <= stored
