"""Files -> articles -> mentions and source assessments -> the store, streaming and resumable.

Articles already stored (same id or same text) are skipped *before* the language pipeline runs, so a rerun
after an interruption costs only reading. Writes share one transaction per `batch_size` articles: a killed
process loses at most the open batch, and the rerun redoes exactly that batch.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..errors import StoreError
from ..records import Article, ErrorRecord
from .store import Store

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    read: int = 0
    added: int = 0
    skipped: int = 0  # already in the database
    mentions: int = 0
    events_created: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)


def ingest(store: Store, paths: Sequence[str], *, batch_size: int = 200, published: date | None = None,
           on_error: Callable[[ErrorRecord], None] | None = None,
           on_article: Callable[[Article], None] | None = None, nlp_batch_size: int = 32,
           dask_workers: int | None = None, dask_scheduler: str | None = None) -> IngestSummary:
    """Read, extract, store and merge every article in `paths`; returns what happened.

    With `dask_workers` (a local cluster) or `dask_scheduler` (a running one) the workers extract, and
    this process stores and merges their results in the order they arrive: still one writer."""
    from .. import scale  # the language pipeline loads only when there is something to ingest
    from ..ingest import read_inputs

    summary = IngestSummary()

    def error(err: ErrorRecord) -> None:
        summary.errors.append(err)
        store.add_error(err)
        if on_error is not None:
            on_error(err)

    def fresh() -> Iterator[Article]:
        for article in read_inputs(paths, on_error=error, published=published):
            summary.read += 1
            if store.known(article):
                summary.skipped += 1
                if on_article is not None:
                    on_article(article)
                continue
            yield article

    with store.batch():
        pending = 0
        for article, mentions, report in scale.run(fresh(), workers=dask_workers, scheduler=dask_scheduler,
                                                   batch_size=nlp_batch_size, ordered=False):
            try:
                res = store.add(article, mentions, report)
            except StoreError as exc:  # this article is refused; the batch goes on
                error(ErrorRecord(source=article.source or article.id, line=None, code="EW302",
                                  reason=str(exc).removeprefix("EW302 ")))
                continue
            if res.added:
                summary.added += 1
                summary.mentions += len(res.events)
                summary.events_created += res.created
            else:
                summary.skipped += 1
            pending += 1
            if pending >= batch_size:
                store.commit()
                pending = 0
            if on_article is not None:
                on_article(article)
    return summary
