"""Scale: cheap triage before the language pipeline, and a Dask runner for many articles.

    run(articles, triage=..., workers=..., batch_size=...) -> Iterator[(Article, [Mention])]

is pipeline.extract with both switches: what `eventwire extract --triage --dask N` calls.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..records import Article, ErrorRecord, Mention

__all__ = ["run"]


def run(articles: Iterable[Article], *, triage: bool = False, workers: int | None = None, batch_size: int = 32,
        on_skip: Callable[[Article], None] | None = None, on_error: Callable[[ErrorRecord], None] | None = None
        ) -> Iterator[tuple[Article, list[Mention]]]:
    """Each article with its mentions, in input order; articles triage skips go to `on_skip` instead, and
    articles whose extraction fails (EW501) to `on_error`."""
    if triage:
        from . import triage as triage_mod

        articles = triage_mod.relevant(articles, on_skip=on_skip)
    if workers:
        from . import dask_runner

        return dask_runner.extract(articles, workers=workers, batch_size=batch_size, on_error=on_error)
    from .. import pipeline

    return pipeline.extract(articles, batch_size=batch_size, on_error=on_error)
