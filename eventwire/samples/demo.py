"""Loading the bundled sample reports into a database through the real ingest path (store.ingest)."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def ingest(path: str, db: str) -> str:
    """Read, extract, store and merge the articles at `path` into `db`; a one-line summary."""
    from ..store import Store
    from ..store.ingest import ingest as run

    with Store.open(db) as store:
        summary = run(store, [path])
        counts = store.counts()
    for err in summary.errors:
        log.warning("%s", err)
    return (f"{summary.read} sample reports read, {summary.added} added ({summary.skipped} already stored); "
            f"database {db}: {counts['events']} events from {counts['articles']} articles"
            + (f"; {len(summary.errors)} inputs skipped" if summary.errors else ""))
