"""Triage: the cheap check that runs before spaCy, so articles with no violence or protest vocabulary
skip the language pipeline (most news is about something else).

The vocabulary is the extractor's own: the cue patterns (data/cues.toml) that can make a sentence an
event report or qualify one (the event, weak and modifier roles of rules.toml [sentence]). The extractor
reports no event in a text where none of them matches, so skipping such a text changes no output; the
one exception is a coder's label prefix ("Looting: ..."), which is checked as well. Cost: one regex
scan per cue over the text (about 0.1 ms for a coder's note, 1 ms for a 5,000-character article).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from ..records import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    patterns: tuple[re.Pattern, ...]
    prefix: re.Pattern | None  # a coder's label at the start of the text, e.g. "Looting:"


def _event_cue_names(lex) -> frozenset[str]:
    # Qualifier cues ("police intervened") are included too: they never start an event, but keeping
    # them costs little and leaves the gate wider than the extractor, never narrower.
    return lex.roles.event | lex.roles.weak | lex.roles.modifier


@cache
def vocabulary() -> Vocabulary:
    from ..extract import lexicon

    lex = lexicon.load()
    wanted = _event_cue_names(lex)
    missing = wanted - set(lex.cues)
    if missing:
        raise ValueError(f"triage: event cues without patterns in cues.toml: {sorted(missing)}")
    prefix = None
    if lex.prefixes:
        prefix = re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in lex.prefixes) + r")\s*:", re.IGNORECASE)
    return Vocabulary(tuple(lex.cues[name] for name in sorted(wanted)), prefix)


def is_relevant(text: str) -> bool:
    """True when `text` holds any event vocabulary, i.e. may report an event."""
    vocab = vocabulary()
    if vocab.prefix is not None and vocab.prefix.match(text):
        return True
    return any(p.search(text) for p in vocab.patterns)


def relevant(articles: Iterable[Article], *, on_skip: Callable[[Article], None] | None = None) -> Iterator[Article]:
    """The articles that pass triage, in order; `on_skip` hears about the others."""
    for article in articles:
        if is_relevant(article.text) or is_relevant(article.title or ""):
            yield article
        else:
            log.debug("triage skipped %s", article.id)
            if on_skip is not None:
                on_skip(article)
