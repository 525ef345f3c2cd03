"""Loading the bundled sample reports into a database through the real ingest path."""
from __future__ import annotations

import logging

from .. import pipeline
from ..ingest import read_inputs
from ..records import ErrorRecord

log = logging.getLogger(__name__)


def ingest(path: str, db: str) -> str:
    """Read, extract and store the articles at `path` into `db`; a one-line summary of what happened."""
    from ..store import Store

    errors: list[ErrorRecord] = []
    articles = mentions = 0
    store = Store.open(db)
    try:
        for article, found in pipeline.extract(read_inputs([path], on_error=errors.append)):
            store.add(article, found)
            articles += 1
            mentions += len(found)
    finally:
        store.close()
    for err in errors:
        log.warning("%s", err)
    return f"{articles} sample reports, {mentions} event mentions stored in {db}" + (
        f" ({len(errors)} inputs skipped)" if errors else "")
