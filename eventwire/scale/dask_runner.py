"""Extraction on Dask: a local cluster started here (`--dask N`), or a cluster someone already runs
(`--dask-scheduler tcp://host:8786`, or DASK_SCHEDULER_ADDRESS): `dask scheduler` plus `dask worker`
processes on any machines that have eventwire installed.

Articles are read in the driver and sent to the workers in batches (one language-pipeline batch each);
each worker loads spaCy once (nlp.load is cached per process) and sends back each article's mentions. The
workers of a local cluster are forked from a server that loaded it for them all (preload.py); that server
lives as long as the process that started the cluster, and keeps the environment (EVENTWIRE_*) it started with.
At most a few batches per worker are in flight, so memory holds those, never the corpus. Results come
back in input order (`ordered=True`, what `extract` prints) or as they arrive (what `ingest` stores: a slow
batch holds nobody up; the store's merge is built for any order, see eventwire/merge).
"""
from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from ..records import Article, ErrorRecord, Mention, SourceReport

log = logging.getLogger(__name__)
# Batches in flight per worker: one running, one queued behind it, so no worker waits for the driver.
IN_FLIGHT_PER_WORKER = 2
# Dask settings of the local cluster `--dask N` starts:
# - its workers are forked from one server process that has imported eventwire and loaded the language
#   pipeline (eventwire/scale/preload.py), instead of each being spawned and loading it all again;
# - their statistical profiler (a sample of the running task's stack every 10 ms, for a dashboard nobody
#   opens here) is off.
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        "distributed.worker.multiprocessing-method": "forkserver"}


PRELOAD_MODULE = "eventwire.scale.preload"


def fork_server_preload() -> list[str]:
    """What the fork server of a local cluster imports before it forks a worker: what Dask has it import
    (distributed and those of the packages it reports in distributed.versions that are installed, as
    distributed.utils.get_mp_context lists them), then eventwire.scale.preload."""
    import importlib.util

    from distributed.versions import optional_packages, required_packages

    dask_own = ["distributed", *(p for p in [*required_packages, *optional_packages]
                                 if p != "distributed" and importlib.util.find_spec(p) is not None)]
    return [*dask_own, PRELOAD_MODULE]


def _preload_fork_server() -> None:
    """Have the fork server import fork_server_preload() (public API only: multiprocessing's
    set_forkserver_preload on the context Dask uses). Dask sets its own list on its first get_mp_context()
    of a process and never again, so that call is made first and the whole list is set after it. The list
    counts only until the fork server starts (the first local cluster of the process); later clusters fork
    from the same server."""
    import multiprocessing

    from distributed.utils import get_mp_context

    ctx = get_mp_context()
    if ctx is not multiprocessing.get_context("forkserver"):
        return
    ctx.set_forkserver_preload(fork_server_preload())


def _extract_batch(articles: list[Article], reports: bool = True
                   ) -> tuple[list[tuple[Article, list[Mention], SourceReport | None]], list[ErrorRecord]]:
    """The batch's results, and the EW501 errors of the articles that failed (sent back to the driver)."""
    from .. import pipeline

    failed: list[ErrorRecord] = []
    done = list(pipeline.assessed(articles, batch_size=max(1, len(articles)), on_error=failed.append,
                                  reports=reports))
    return done, failed


@contextmanager
def client_for(*, workers: int | None = None, scheduler: str | None = None):
    """A Dask client on the cluster at `scheduler`, or on a local cluster of `workers` processes."""
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            log.info("dask: scheduler %s, %d workers", scheduler, len(client.scheduler_info()["workers"]))
            yield client
        return
    if not workers or workers < 1:
        raise ValueError("workers must be at least 1")
    # Loopback only, and the scheduler's HTTP endpoint on a free port: with dashboard_address=None it
    # still binds the fixed :8787, which collides with a second run on the same machine.
    # The nannies hand the workers the configuration in force when they are made.
    with dask.config.set(LOCAL_CLUSTER_CONFIG):
        _preload_fork_server()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address="127.0.0.1:0", host="127.0.0.1")
    try:
        with Client(cluster) as client:
            log.info("dask: %d local workers at %s", workers, cluster.scheduler_address)
            yield client
    finally:
        cluster.close()


def extract(articles: Iterable[Article], *, workers: int | None = None, scheduler: str | None = None,
            batch_size: int = 32, ordered: bool = True, on_error: Callable[[ErrorRecord], None] | None = None,
            reports: bool = True) -> Iterator[tuple[Article, list[Mention], SourceReport | None]]:
    """Like pipeline.assessed, on Dask workers; in input order, or in arrival order with `ordered=False`.
    Articles whose extraction failed on a worker go to `on_error`."""

    from dask.distributed import as_completed

    with client_for(workers=workers, scheduler=scheduler) as client:
        n_workers = max(1, len(client.scheduler_info()["workers"]) or workers or 1)
        limit = IN_FLIGHT_PER_WORKER * n_workers
        stream = iter(articles)
        batches = iter(lambda: list(itertools.islice(stream, batch_size)), [])
        pending: dict = {}  # future -> its batch

        def submit(batch: list[Article]):
            future = client.submit(_extract_batch, batch, reports, pure=False)
            pending[future] = batch
            return future

        def results(future) -> list:
            """The future's results; its failed articles go to on_error."""
            pending.pop(future, None)
            return reported(future.result())

        def reported(outcome) -> list:
            done, failed = outcome
            for err in failed:
                (on_error or log.error)(err)
            return done

        if ordered:
            # A batch is handed out as soon as a worker finishes one, not when the oldest batch is done: a slow
            # batch at the head (a run of long conflict reports) no longer leaves the other workers idle. Results
            # still come out in input order; at most `limit` batches run or wait on the workers, and at most
            # `limit` more wait here, done, for the one before them.
            order: deque = deque()  # futures of the batches not yet yielded, in input order
            finished: dict = {}  # future -> its (results, failed), done but not yet yielded
            running = as_completed()

            def top_up() -> None:
                while len(pending) < limit and len(order) < 2 * limit:
                    nxt = next(batches, None)
                    if nxt is None:
                        return
                    future = submit(nxt)
                    order.append(future)
                    running.add(future)

            top_up()
            for future in running:
                pending.pop(future, None)
                finished[future] = future.result()
                while order and order[0] in finished:
                    yield from reported(finished.pop(order.popleft()))
                top_up()
            return
        running = as_completed([submit(b) for b in itertools.islice(batches, limit)])
        for future in running:
            yield from results(future)
            nxt = next(batches, None)
            if nxt is not None:
                running.add(submit(nxt))
