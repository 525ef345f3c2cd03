"""Imported once by the fork server that the local cluster of `--dask N` forks its worker processes from,
so that every worker starts with eventwire, spaCy and the language pipeline ready.

Started the usual way (spawned), each worker imports spaCy and eventwire, loads the model and, on its
first batch, everything else a first article needs (the lexicons and their patterns, dateparser, the
gazetteer's table of larger towns): about 5 s of CPU per worker before it is up to speed. Forked from one
server that has done it, the workers pay it once for all, and share those memory pages.

The warm-up runs one made-up report through the whole pipeline, so whatever is loaded on first use is
loaded, whichever module loads it. It changes no result: what it leaves behind are caches of pure functions.
What cannot be carried across a fork is not kept: the gazetteer's file is closed (each worker opens it
again on its first lookup), and nothing here starts a thread.
"""
from __future__ import annotations

import logging
from datetime import date

log = logging.getLogger(__name__)

# Made-up place names where a fuzzy lookup is wanted: the warm-up must touch every lazy path.
WARM_UP_TEXT = (
    "Gunmen killed four villagers and abducted two women in an attack on a market in Kornwald, Testland, "
    "on Monday, police said. The attackers burned several houses before fleeing, according to witnesses. "
    "Hundreds of teachers marched in the capital on 3 March 2024 to demand unpaid wages; police fired tear gas."
)


def warm() -> None:
    from .. import pipeline
    from ..places.gazetteer import detach, gazetteer
    from ..records import Article

    try:
        article = Article(id="eventwire-preload", text=WARM_UP_TEXT, published=date(2024, 3, 5))
        list(pipeline.assessed([article]))
        gazetteer().fuzzy_big("Kornwaldia")  # the table of larger towns, read once (fuzzy lookups by country vary)
    finally:
        detach()


try:
    warm()
except Exception:  # noqa: BLE001  a worker that starts cold still works: it loads all this on its first batch
    log.debug("preload failed; workers load the pipeline themselves", exc_info=True)
