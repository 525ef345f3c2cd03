"""Files -> articles -> mentions and source assessments -> the store, streaming and resumable.

Articles already stored (same id or same text) are skipped *before* the language pipeline runs, so a rerun
after an interruption costs only reading. Writes share one transaction per `batch_size` articles: a killed
process loses at most the open batch, and the rerun redoes exactly that batch.

An article whose extraction or storing fails (EW501, an error of ours) is recorded in the errors table and
not stored, so the next run tries it again. A failure while storing rolls the open batch back and stores its
other articles again: nothing half-stored is ever committed.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..errors import StoreError, describe
from ..ingest import article_error
from ..records import Article, ErrorRecord, Mention, SourceReport
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
           on_read: Callable[[Article], None] | None = None, dask_workers: int | None = None,
           dask_scheduler: str | None = None) -> IngestSummary:
    """Read, extract, store and merge every article in `paths`; returns what happened. `on_read` hears of
    each article read, `on_article` of each one done (stored, or found already stored).

    With `dask_workers` (a local cluster) or `dask_scheduler` (a running one) the workers extract, and
    this process stores and merges their results in the order they arrive: still one writer."""
    from .. import scale  # the language pipeline loads only when there is something to ingest
    from ..ingest import read_inputs

    summary = IngestSummary()
    # Written since the last commit, to be written again if the open batch is rolled back.
    pending: list[tuple[Article, list[Mention], SourceReport] | ErrorRecord] = []

    def error(err: ErrorRecord) -> None:
        summary.errors.append(err)
        store.add_error(err)
        pending.append(err)
        if on_error is not None:
            on_error(err)

    def fresh() -> Iterator[Article]:
        for article in read_inputs(paths, on_error=error, published=published):
            summary.read += 1
            if on_read is not None:
                on_read(article)
            if store.known(article):
                summary.skipped += 1
                if on_article is not None:
                    on_article(article)
                continue
            yield article

    added_since_commit = 0
    with store.batch():
        for article, mentions, report in scale.run(fresh(), workers=dask_workers, scheduler=dask_scheduler,
                                                   batch_size=nlp_batch_size, ordered=False, on_error=error):
            try:
                res = store.add(article, mentions, report)
            except Exception as exc:  # noqa: BLE001  this article is refused; the batch goes on
                _redo_without(store, pending)
                if isinstance(exc, StoreError):
                    error(ErrorRecord(source=article.source or article.id, line=None, code="EW302",
                                      reason=str(exc).removeprefix("EW302 ")))
                else:
                    log.info("storing article %s failed", article.id, exc_info=True)
                    error(article_error(article, "EW501", id=article.id, reason=describe(exc)))
                continue
            if res.added:
                summary.added += 1
                summary.mentions += len(res.events)
                summary.events_created += res.created
            else:
                summary.skipped += 1
            pending.append((article, mentions, report))
            added_since_commit += 1
            if added_since_commit >= batch_size:
                store.commit()
                pending.clear()
                added_since_commit = 0
            if on_article is not None:
                on_article(article)
    return summary


def _redo_without(store: Store, pending: list[tuple[Article, list[Mention], SourceReport] | ErrorRecord]) -> None:
    """Roll the open batch back (the failed article may be half-written) and write the rest of it again."""
    store.rollback()
    for item in pending:
        if isinstance(item, ErrorRecord):
            store.add_error(item)
        else:
            store.add(*item)
