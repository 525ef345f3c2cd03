"""Scale: cheap triage before the language pipeline, and a Dask runner for many articles.

    run(articles, triage=..., workers=..., scheduler=..., batch_size=..., ordered=...)
        -> Iterator[(Article, [Mention], SourceReport)]

is pipeline.assessed with both switches: what `eventwire extract --triage --dask N` (or
`--dask-scheduler tcp://host:8786`) and `eventwire ingest` call.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..records import Article, ErrorRecord, Mention, SourceReport

__all__ = ["run"]


def run(articles: Iterable[Article], *, triage: bool = False, workers: int | None = None,
        scheduler: str | None = None, batch_size: int = 32, ordered: bool = True,
        on_skip: Callable[[Article], None] | None = None, on_error: Callable[[ErrorRecord], None] | None = None,
        reports: bool = True) -> Iterator[tuple[Article, list[Mention], SourceReport | None]]:
    """Each article with its mentions and source report, in input order (in arrival order from Dask workers
    when not `ordered`); articles triage skips go to `on_skip` instead, and articles whose extraction fails
    (EW501) to `on_error`. With `reports=False` an article without mentions has None for its report
    (pipeline.assessed: it is not assessed)."""
    if triage:
        from . import triage as triage_mod

        articles = triage_mod.relevant(articles, on_skip=on_skip)
    if workers or scheduler:
        from . import dask_runner

        return dask_runner.extract(articles, workers=workers, scheduler=scheduler, batch_size=batch_size,
                                   ordered=ordered, on_error=on_error, reports=reports)
    from .. import pipeline

    return pipeline.assessed(articles, batch_size=batch_size, on_error=on_error, reports=reports)
