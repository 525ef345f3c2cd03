"""The event database behind one interface: SQLite (default, one file) or PostgreSQL.

    store = Store.open("sqlite:///x.db" | "postgresql://u@h:p/db" | "x.db")   # migrates in place
    store.add(article, mentions) -> AddResult      # idempotent; merges incrementally
    store.add_many(pairs)                          # bulk, batched commits
    store.events(EventFilter(...), limit=, offset=) -> (dicts, total)
    store.event(id), store.article(id), store.aggregate(flt, bucket=), store.iter_events(flt), store.errors()
"""
from .query import EventFilter
from .store import AddResult, Store, migrate

__all__ = ["AddResult", "EventFilter", "Store", "migrate"]
