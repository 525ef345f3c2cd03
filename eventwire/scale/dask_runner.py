"""Extraction spread over a local Dask cluster: `eventwire extract --dask N`.

Articles are read in the driver, streamed in chunks; each chunk becomes a dask.bag whose partitions
(one language-pipeline batch each) run pipeline.extract on a worker process. Each worker loads spaCy once
(nlp.load is cached per process). Results come back in input order, chunk by chunk, so memory holds one
chunk, not the corpus. On one machine spaCy's own n_process does the same job; this is the path to a
cluster, and its test runs it for real on a small local one.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator

import dask.bag as db
from dask.distributed import Client, LocalCluster

from ..records import Article, ErrorRecord, Mention

log = logging.getLogger(__name__)
# Batches per worker in one chunk: enough to keep every worker busy while the next chunk is read.
BATCHES_PER_WORKER = 4


def _extract_partition(articles: list[Article]) -> list[tuple[Article | None, list[Mention] | ErrorRecord]]:
    from .. import pipeline

    failed: list[ErrorRecord] = []  # sent back to the driver with the results, after them
    done = list(pipeline.extract(articles, batch_size=max(1, len(articles)), on_error=failed.append))
    return [*done, *((None, err) for err in failed)]


def extract(articles: Iterable[Article], *, workers: int, batch_size: int = 32,
            on_error: Callable[[ErrorRecord], None] | None = None) -> Iterator[tuple[Article, list[Mention]]]:
    """Like pipeline.extract, on `workers` local worker processes."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    chunk_size = workers * batch_size * BATCHES_PER_WORKER
    # Loopback only, and the scheduler's HTTP endpoint on a free port: with dashboard_address=None it
    # still binds the fixed :8787, which collides with a second run on the same machine.
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                           host="127.0.0.1")
    try:
        with Client(cluster) as client:
            log.info("dask: %d workers at %s", workers, cluster.scheduler_address)
            stream = iter(articles)
            while chunk := list(itertools.islice(stream, chunk_size)):
                bag = db.from_sequence(chunk, partition_size=batch_size)
                for article, result in bag.map_partitions(_extract_partition).compute(scheduler=client):
                    if isinstance(result, ErrorRecord):
                        on_error(result) if on_error is not None else log.error("%s", result)
                    else:
                        yield article, result
    finally:
        cluster.close()
