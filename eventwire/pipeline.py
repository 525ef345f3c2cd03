"""Article -> Mention: the language pipeline, event extraction, resolution and source assessment wired together.

One article never stops a run: an exception while parsing, extracting or assessing it (a bug of ours, or a
text the language pipeline refuses) becomes one ErrorRecord, EW501 naming its input, line and id, passed to
`on_error`; that article is skipped and the others go on. Only a model or gazetteer that cannot load at all
(ResolveError) stops the run, since no article could be extracted without it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from . import assess, nlp
from .errors import ResolveError, describe
from .extract import mentions
from .ingest import article_error
from .records import Article, ErrorRecord, Mention, SourceReport

log = logging.getLogger(__name__)
# Characters per language-pipeline batch, whatever the number of articles: spaCy's memory grows with the
# tokens of the whole batch (about 3-6 KB each), so a batch of very long articles must be a short one.
BATCH_CHARS = 100_000


def assessed(articles: Iterable[Article], *, batch_size: int = 32,
             on_error: Callable[[ErrorRecord], None] | None = None, reports: bool = True
             ) -> Iterator[tuple[Article, list[Mention], SourceReport | None]]:
    """Each article with the event mentions it reports (with their sources) and its source report, in input
    order, streaming; an article that fails is reported to `on_error` (or logged, without one) and left out.
    The language pipeline reads each article only where the extractor looks (nlp.read).
    With `reports=False` (a caller that reads only the mentions) an article without mentions comes with
    None for its report: it is not assessed (about a third of the work after the parse on everyday news)."""
    for batch in _batches(articles, batch_size):
        for article, doc in _parsed(batch, on_error, nlp.read):
            try:
                found = mentions(doc, article)
                if found or reports:
                    found, report = assess.apply(doc, article, found)
                else:
                    report = None
            except ResolveError:
                raise
            except Exception as exc:  # noqa: BLE001  a bug on one article must not stop the run
                _failed(article, exc, on_error)
                continue
            yield article, found, report


def extract(articles: Iterable[Article], *, batch_size: int = 32,
            on_error: Callable[[ErrorRecord], None] | None = None) -> Iterator[tuple[Article, list[Mention]]]:
    """Each article with the event mentions it reports, in input order, streaming."""
    for article, found, _report in assessed(articles, batch_size=batch_size, on_error=on_error, reports=False):
        yield article, found


def reports(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, object]]:
    """Each article with its source report (or the exception assessing it raised), without event
    extraction: what `eventwire assess` needs (every sentence parsed: opinion is read everywhere)."""
    for batch in _batches(articles, batch_size):
        failed: list[ErrorRecord] = []
        for article, doc in _parsed(batch, failed.append, nlp.parse):
            try:
                yield article, assess.analyse(doc, article).report
            except Exception as exc:  # noqa: BLE001  one article's bug is reported with its source
                yield article, exc
        for err in failed:
            yield next(a for a in batch if a.source == err.source or a.id in err.reason), RuntimeError(err.reason)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    chars = 0
    for article in articles:
        if batch and (len(batch) >= size or chars + len(article.text) > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(article)
        chars += len(article.text)
    if batch:
        yield batch


def _parsed(batch: list[Article], on_error, read) -> list[tuple[Article, object]]:
    nlp.load()  # a model that cannot load stops the run (ResolveError), before any article is blamed
    try:
        return list(zip(batch, read([a.text for a in batch], batch_size=len(batch))))
    except Exception:  # noqa: BLE001  one text broke the batch: parse each alone, so only it is lost
        log.info("a batch of %d articles failed to parse; parsing them one by one", len(batch), exc_info=True)
    parsed = []
    for article in batch:
        try:
            parsed.append((article, next(iter(read([article.text], batch_size=1)))))
        except Exception as exc:  # noqa: BLE001
            _failed(article, exc, on_error)
    return parsed


def _failed(article: Article, exc: Exception, on_error) -> None:
    log.info("article %s failed", article.id, exc_info=True)  # the traceback, under --verbose
    err = article_error(article, "EW501", id=article.id, reason=describe(exc))
    if on_error is None:
        log.error("%s", err)
    else:
        on_error(err)
