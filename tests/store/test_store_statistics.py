"""The query planner's statistics are gathered after a large load (issue 13): without them SQLite and
PostgreSQL guess how many events each filter's index holds, and neither gathers them by itself in time
(SQLite never; PostgreSQL's autovacuum at its own pace)."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from eventwire.store import Store
from eventwire.store.synthetic import generate

pytestmark = pytest.mark.issue(13)


def _analyzed_events(store: Store) -> int:
    """How many events the planner's statistics know of (0: none gathered)."""
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            if not conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
                return 0
            stat = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' AND idx IS NOT NULL "
                                     "LIMIT 1")).scalar()
            return int(stat.split()[0]) if stat else 0
        if not conn.execute(text("SELECT count(*) FROM pg_stats WHERE tablename = 'events'")).scalar():
            return 0
        return int(conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'events'")).scalar())


def test_a_large_load_leaves_the_planner_statistics_of_what_it_loaded(db_url):
    pairs = list(generate(2600, seed=9))
    with Store.open(db_url) as store:
        store.add_many(pairs[:20])
        if store.dialect == "sqlite":  # (PostgreSQL's autovacuum may gather them any time)
            assert _analyzed_events(store) == 0  # a small batch leaves them be
        store.add_many(pairs[20:1300])
        first = store.counts()["events"]
        assert _analyzed_events(store) == pytest.approx(first, rel=0.05)
        store.add_many(pairs[1300:])  # the table doubles: its statistics follow
        now = store.counts()["events"]
        assert now > first * 1.5 and _analyzed_events(store) == pytest.approx(now, rel=0.05)


def test_an_ingest_of_many_articles_one_by_one_gathers_them_too(tmp_path):
    with Store.open(str(tmp_path / "one.db")) as store:
        with store.batch():
            for article, mentions in generate(1100, seed=2):
                store.add(article, mentions)
        assert _analyzed_events(store) == store.counts()["events"]
