"""Several towns named as the scene of one sentence's event: "riots in Islamabad and Rawalpindi".

ACLED codes one event per location ("same action in two towns = two events"), so a sentence whose event
happened in a list of places reports one event per place. Only a locative list counts: "in X, Y and Z",
"in the cities of X and Y", "four in X and four in Y", "in key towns, including X, Y and Z". Not
"between X and Y" (one stretch of road or front), "from X to Y", "X, Y" alone (usually "town, province"),
nor "the X, Y and Z districts" (a region coded as one).
Names are found as capitalised runs, not entities: small English NER models tag half of such towns as
people or miss them. The caller checks each name against the gazetteer.
"""
from __future__ import annotations

import re

_NAME = r"[A-Z][\w'\u2019]*(?:(?:\s|-)(?:(?:al|el|ad|as|ash|ar|an|at|az|ul)-)?[A-Z][\w'\u2019]*){0,2}"
# What may stand between two places of one list: a comma (a semicolon in a breakdown: "seven in X; four in
# Y") and/or "and", optionally repeating the locative ("and in Y", "and four in Y").
_GAP = (r"(?:\s*[,;]\s*(?:and\s+|as\s+well\s+as\s+)?|\s+(?:and|as\s+well\s+as)\s+)"
        r"(?:(?:[a-z]+\s+){0,2}in\s+)?(?:the\s+)?")
_LIST = re.compile(rf"({_NAME})((?:{_GAP}{_NAME})+)")
_ITEM = re.compile(rf"({_GAP})({_NAME})")
_AND = re.compile(r"\b(?:and|as well as)\b")
# The list must be where the event happened: a locative word just before its first place.
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|across|throughout)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|nearby|neighbouring|neighboring)\s+)?"
    r"(?:(?:cities|towns|villages|districts|provinces|regions|states|city|town|village)\s+of\s+)?"
    r"|\b(?:cities|towns|villages|districts|areas|provinces|regions|states),?\s+(?:including|such\s+as)\s+)$")


# "in the A, B and C districts of D province": a region the coder codes as one, not a list of towns.
_REGIONS_AFTER = re.compile(r"\s+(?:districts|provinces|regions|counties|states|governorates|townships|areas|"
                            r"municipalities|localities|LGAs)\b")


def coordinated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the names of the longest locative list ("in A, B and C") in text[start:end], or []."""
    best: list[tuple[int, int]] = []
    for m in _LIST.finditer(text, start, end):
        if not _AND.search(m.group(2)) or not _LOCATIVE.search(text[max(start, m.start() - 40):m.start()]):
            continue
        if _REGIONS_AFTER.match(text, m.end()):
            continue
        spans = [m.span(1)] + [it.span(2) for it in _ITEM.finditer(text, m.start(2), m.end(2))]
        if len(spans) > len(best):
            best = spans
    return best
