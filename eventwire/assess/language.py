"""The outlet's own voice: which units are opinion, which terms are loaded, how many tolls name no source.

Only units in the outlet's own voice count: not mostly quoted, and citing no source (a source's words are
its own, however loaded). Within such a unit, quoted words are skipped too ("the 'cowardly' attack").
"""
from __future__ import annotations

import re

from ..records import LoadedTerm
from .lexicon import Lexicon
from .voice import Index, Unit

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_NUMBER = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|scores|"
           r"hundreds|thousands|several|many|at least \w+)")


def words(text: str) -> int:
    return len(_WORD.findall(text))


def opinion(text: str, unit: Unit, index: Index, lex: Lexicon) -> str | None:
    """Why the unit is opinion (exhort, predict, evaluate, rhetorical), or None."""
    sentence = _unquoted(text, unit, index)
    for cue in ("exhort", "predict", "evaluate"):
        if lex.opinion[cue].search(sentence):
            return cue
    if (lex.opinion["rhetorical"].search(text[unit.start:unit.end]) and not index.quoted(unit.end - 1)
            and words(sentence) >= lex.min_words_rhetorical):
        return "rhetorical"
    return None


def loaded(text: str, unit: Unit, index: Index, lex: Lexicon) -> list[LoadedTerm]:
    out: list[LoadedTerm] = []
    for category, pattern in lex.loaded:
        for m in pattern.finditer(text, unit.start, unit.end):
            if index.quoted(m.start()) or any(t.start < m.end() and m.start() < t.end for t in out):
                continue
            if lex.labelling.search(text, max(unit.start, m.start() - 40), m.start()):
                continue  # "branded as terrorists": the label is someone else's
            if _in_name(text, unit, m.start()):
                continue  # "Martyrs Square", "a Crusader castle": a name, not the outlet's word
            out.append(LoadedTerm(start=m.start(), end=m.end(), category=category))
    return sorted(out, key=lambda t: t.start)


def _in_name(text: str, unit: Unit, start: int) -> bool:
    """Is the term written with a capital inside a sentence written in lower case: part of a proper name?
    A headline in title case, or the first word of a sentence or a line, is capitalised for other reasons."""
    if not text[start].isupper():
        return False
    before = text[unit.start:start].rstrip()
    if not before or before[-1] in ".:!?\"“‘'(—–-\n":
        return False
    lowered = [w for w in _WORD.findall(text, unit.start, unit.end) if w[0].isalpha()]
    return sum(w[0].islower() for w in lowered) * 2 > len(lowered)


_TOLL_CACHE: dict[int, re.Pattern] = {}


def tolls(text: str, unit: Unit, lex: Lexicon) -> int:
    """Death tolls in the unit: a number up to five words before a toll word ("12 people were killed"), or
    a toll word right before one ("killing at least 40", "the death toll stood at 9")."""
    pattern = _TOLL_CACHE.get(id(lex))
    if pattern is None:
        toll = lex.toll_words.pattern
        pattern = re.compile(rf"\b{_NUMBER}\b(?:\W+\w+){{0,5}}?\W+(?:{toll})"
                             rf"|(?:{toll})(?:\W+(?:to|at|of|least|more|than|over|some|about|nearly|almost)){{0,3}}\W+{_NUMBER}\b",
                             re.IGNORECASE)
        _TOLL_CACHE[id(lex)] = pattern
    return len(pattern.findall(text, unit.start, unit.end))


def _unquoted(text: str, unit: Unit, index: Index) -> str:
    """The unit's text with quoted passages blanked out (offsets kept)."""
    piece = list(text[unit.start:unit.end])
    for s, e in index.quotes:
        if s < unit.end and e > unit.start:
            for i in range(max(s, unit.start), min(e, unit.end)):
                piece[i - unit.start] = " "
    return "".join(piece)
