"""Article -> Mention: the language pipeline, event extraction, resolution and source assessment wired together."""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from . import assess, nlp
from .extract import mentions
from .records import Article, Mention, SourceReport


def assessed(articles: Iterable[Article], *, batch_size: int = 32
             ) -> Iterator[tuple[Article, list[Mention], SourceReport]]:
    """Each article with the event mentions it reports (with their sources) and its source report, in input
    order, streaming (one batch at a time). The language pipeline reads each article only where the extractor
    looks (nlp.read)."""
    stream = iter(articles)
    while batch := list(itertools.islice(stream, batch_size)):
        for article, doc in zip(batch, nlp.read([a.text for a in batch], batch_size=len(batch))):
            found, report = assess.apply(doc, article, mentions(doc, article))
            yield article, found, report


def extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Mention]]]:
    """Each article with the event mentions it reports, in input order, streaming."""
    for article, found, _report in assessed(articles, batch_size=batch_size):
        yield article, found


def reports(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, object]]:
    """Each article with its source report (or the exception assessing it raised), without event
    extraction: what `eventwire assess` needs (every sentence parsed: opinion is read everywhere)."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.load().pipe(pairs, as_tuples=True, batch_size=batch_size):
        try:
            yield article, assess.analyse(doc, article).report
        except Exception as exc:  # one article's bug is reported with its source, and the run goes on
            yield article, exc
