"""Store.add_many (chunks written in a few statements, store/bulk.py) ends with the database Store.add
gives one article at a time, on both back ends; a refused article costs only itself."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
import raid
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


@pytest.mark.parametrize("how", ["add", "add_many", "add_many in two chunks"])
def test_a_report_that_bridges_two_stored_events_unites_them(db_url, how):
    told = raid.reports()
    pairs = [(told[k][0], [told[k][1]]) for k in "abc"]
    with Store.open(db_url) as store:
        if how == "add":
            ids = [store.add(*pair).events[0] for pair in pairs]
        elif how == "add_many":
            ids = [res.events[0] for res in _added(store, pairs, batch_size=10)]
        else:
            ids = [res.events[0] for res in _added(store, pairs[:2], batch_size=10) + _added(store, pairs[2:], batch_size=10)]
        [event] = list(store.iter_events())
        assert sorted(event["sources"]) == ["a", "b", "c"]
        assert event["event_id"] == ids[0] == ids[2]  # the oldest event keeps its id; the other is gone
        assert store.counts()["events"] == 1 and store.counts()["mentions"] == 3
        assert {o["outlet"] for o in store.outlets()[0]} == {"a.example", "b.example", "c.example"}
        if how != "add_many":  # one chunk returns what each article joined once the chunk is merged
            assert ids[1] != ids[0] and store.event(ids[1]) is None


def _added(store, pairs, *, batch_size):
    results = []
    store.add_many(pairs, batch_size=batch_size, on_added=lambda _article, res: results.append(res))
    return results
