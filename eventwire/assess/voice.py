"""Where the outlet speaks: the article cut into units (sentences, and lines within them) and its quotations.

A scraped page runs its headline, captions and menus into the first sentence; a line break always ends a
unit, so a headline is judged on its own. Quotations are double-quoted spans (straight or curly) and
curly single-quoted ones, never crossing a paragraph break; a paragraph that opens a quotation and does not
close it (a quotation running over several paragraphs) is quoted to its end.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

QUOTED = re.compile(
    r"“[^“”\n]{1,1500}(?:”|(?=\n)|$)"  # curly doubles; an unclosed one ends at the line break
    r"|\"[^\"\n]{1,1500}\""  # straight doubles
    # a paragraph opening with a straight double quote that it never closes: a quotation running on into the
    # next paragraph (each of its paragraphs opens with a mark, only the last one closes)
    r"|(?<![^\n])\"[^\"\n]{1,1500}(?=\n|$)"
    r"|‘[^‘’\n]{1,400}’(?!\w)"  # curly singles: an apostrophe inside a word (Zimbabwe’s) does not close one
    r"|(?<![\w'])'[^'\n]{2,300}'(?![\w'])"  # straight singles around a phrase, not apostrophes
)


@dataclass(frozen=True, slots=True)
class Unit:
    start: int
    end: int
    sentence: int  # index of the parser's sentence it belongs to


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def units(doc) -> list[Unit]:
    """The parser's sentences, split at line breaks, without surrounding white space."""
    out: list[Unit] = []
    text = doc.text
    for n, sent in enumerate(doc.sents):
        pos = sent.start_char
        for piece in text[sent.start_char:sent.end_char].split("\n"):
            a, b = pos, pos + len(piece)
            pos = b + 1
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(Unit(a, b, n))
    return out


class Index:
    """Finds the unit holding a character offset, and how much of a span is quoted."""

    def __init__(self, units: list[Unit], quotes: list[tuple[int, int]]):
        self.units = units
        self._starts = [u.start for u in units]
        self.quotes = quotes
        self._qstarts = [q[0] for q in quotes]

    def unit_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.units[i].end:
            return i
        # Offsets in the white space between units belong to the next unit.
        return i + 1 if i + 1 < len(self.units) else (i if i >= 0 else None)

    def quoted(self, offset: int) -> bool:
        i = bisect.bisect_right(self._qstarts, offset) - 1
        return i >= 0 and self.quotes[i][0] < offset < self.quotes[i][1]

    def quoted_share(self, start: int, end: int) -> float:
        if end <= start:
            return 0.0
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in self.quotes if s < end and e > start)
        return inside / (end - start)
