"""Article -> Mention: the language pipeline, event extraction and resolution wired together."""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from . import nlp
from .extract import mentions
from .records import Article, Mention


def extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[tuple[Article, list[Mention]]]:
    """Each article with the event mentions it reports, in input order, streaming (one batch at a time).

    The language pipeline reads each article only where the extractor looks (nlp.read)."""
    stream = iter(articles)
    while batch := list(itertools.islice(stream, batch_size)):
        for article, doc in zip(batch, nlp.read([a.text for a in batch], batch_size=len(batch))):
            yield article, mentions(doc, article)
