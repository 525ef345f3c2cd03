"""Triage: the cheap check that runs before spaCy, so pages that are not about political violence or
protest skip the language pipeline (most news is about something else).

A page is read when one of its sentences (or its headline) holds a cue that can make a sentence a report
(data/rules.toml [sentence]: event and modifier cues, weak ones too in a brief) and, unless the page is a
brief, says the act is political violence or protest (data/triage.toml: a cue that tells it alone, an
armed actor or target beside it, or a pair such as killed + attack). A coder's label prefix ("Looting:
...") is always read. Sentences are cut by punctuation and line breaks with one regex; each is scanned
only when the page's report cues are in it. Cost: about 1 ms for a 5,000-character page.

Unlike the extractor's own filters this is a judgement about the page, so it is measured, not assumed:
eval/run_dev.py --triage scores every dev set with it (README: Speed).
"""
from __future__ import annotations

import bisect
import logging
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..records import Article

log = logging.getLogger(__name__)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


class Cues:
    """Some cues of cues.toml as one pattern, matched on lower-cased text without re.IGNORECASE (twice as
    fast; the cue patterns hold no upper case). Text whose lower case is not a letter-for-letter copy
    (a dotted capital I, a long s) is matched with IGNORECASE instead."""

    def __init__(self, lex, names) -> None:
        from ..extract.lexicon import _alt

        head, tail = _alt("probe", ["x"]).pattern.split("x")
        bodies = []
        for name in sorted(names):
            p = lex.cues[name].pattern
            if not (p.startswith(head) and p.endswith(tail)) or re.search(r"[A-Z]", p[len(head):-len(tail)]):
                raise ValueError(f"cue {name!r} is not a lower-case pattern built by lexicon._alt")
            bodies.append(p[len(head):-len(tail)])
        self.lower = re.compile(head + "|".join(bodies) + tail)
        self.any_case = re.compile(self.lower.pattern, re.IGNORECASE)

    def finditer(self, text: str, folded: str | None) -> Iterator[re.Match]:
        """Matches in `text`; `folded` is fold(text), when it has one."""
        return self.lower.finditer(folded) if folded is not None else self.any_case.finditer(text)

    def search(self, text: str, folded: str | None) -> bool:
        return bool(self.lower.search(folded) if folded is not None else self.any_case.search(text))


def fold(text: str) -> str | None:
    """`text` in lower case with the same offsets, or None when lower-casing would move or change letters."""
    low = text.lower()
    return low if len(low) == len(text) and "\u017f" not in low else None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    reports: Cues  # any cue that can make a sentence of a long page a report
    reports_brief: Cues  # the same, and the weak cues a brief reports with
    political: Cues  # cues that make such a sentence political violence or protest (triage.toml)
    pairs: tuple[tuple[Cues, ...], ...]
    prefix: re.Pattern | None  # a coder's label at the start of the text, e.g. "Looting:"
    brief: int  # characters: a page this short is a brief (extract.SHORT_REPORT)


@cache
def vocabulary() -> Vocabulary:
    from ..extract import SHORT_REPORT, lexicon

    lex = lexicon.load()
    page = tomllib.loads(resources.files("eventwire").joinpath("data/triage.toml").read_text("utf-8"))["page"]
    named = set(page["alone"]) | set(page["actors"]) | {n for pair in page["pairs"] for n in pair}
    missing = named - set(lex.cues)
    if missing:
        raise ValueError(f"triage.toml: cues without patterns in cues.toml: {sorted(missing)}")
    roles = lex.roles
    prefix = None
    if lex.prefixes:
        prefix = re.compile(r"^\s*(?:" + "|".join(re.escape(p) for p in lex.prefixes) + r")\s*:", re.IGNORECASE)
    return Vocabulary(
        reports=Cues(lex, roles.event | roles.modifier), reports_brief=Cues(lex, roles.event | roles.modifier | roles.weak),
        political=Cues(lex, set(page["alone"]) | set(page["actors"])),
        pairs=tuple(tuple(Cues(lex, [n]) for n in pair) for pair in page["pairs"]), prefix=prefix, brief=SHORT_REPORT)


def is_relevant(text: str, title: str | None = None) -> bool:
    """Is the page (`text`, and its headline) worth reading for political violence or protest?"""
    vocab = vocabulary()
    if vocab.prefix is not None and vocab.prefix.match(text):
        return True
    brief = len(text) <= vocab.brief
    reports = vocab.reports_brief if brief else vocab.reports
    page = f"{title}\n{text}" if title else text
    folded = fold(page)
    hits = [m.start() for m in reports.finditer(page, folded)]
    if not hits or brief:
        return bool(hits)
    # The sentences holding those cues: is one of them about political violence or protest?
    ends = [m.end() for m in _SENTENCES.finditer(page)] + [len(page)]
    seen = set()
    for at in hits:
        k = bisect.bisect_right(ends, at)
        if k in seen:
            continue
        seen.add(k)
        a, b = (ends[k - 1] if k else 0), ends[k] if k < len(ends) else len(page)
        sentence, low = page[a:b], folded[a:b] if folded is not None else None
        if vocab.political.search(sentence, low) or any(all(c.search(sentence, low) for c in pair) for pair in vocab.pairs):
            return True
    return False


def relevant(articles: Iterable[Article], *, on_skip: Callable[[Article], None] | None = None) -> Iterator[Article]:
    """The articles that pass triage, in order; `on_skip` hears about the others."""
    for article in articles:
        if is_relevant(article.text, article.title):
            yield article
        else:
            log.debug("triage skipped %s", article.id)
            if on_skip is not None:
                on_skip(article)
