"""Article -> Mention: the language pipeline, event extraction and resolution wired together."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from . import nlp
from .extract import mentions
from .records import Article, Mention


def extract(articles: Iterable[Article], *, batch_size: int = 32, n_process: int = 1
            ) -> Iterator[tuple[Article, list[Mention]]]:
    """Each article with the event mentions it reports, in input order, streaming."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.load().pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield article, mentions(doc, article)
