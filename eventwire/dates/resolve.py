"""Which date belongs to an event: the rules a careful coder follows, in order. Not a stable API.

1. The trigger sentence (the first of `scope`) first, then the event's other sentences, then the lead of
   the article; never simply the first date in the article.
2. Within a sentence, in text order, skipping dates that cannot be the event's: after "since", "until",
   "before" ...; a bare year; a date after publication; and a date that belongs to a reporting verb
   ("police said on Monday") or a dateline, which is used only when the event's own sentences give no
   other date (one in the trigger sentence still beats the lead).
2b. When the event's own sentences date nothing but the report, the sentence right after the trigger is
   read next, but only the clause that names the trigger's kind of act (data/dates_lexicon.toml [acts]):
   "Police said on Sunday they were investigating an explosion. ... described Saturday's blast as ...".
   A following sentence about another act is background more often than not, and lends nothing; so does a
   clause that compares with another act ("the second attack this year, after a raid on Friday").
2c. Nothing there either: the article's opening (the two sentences after the lead) may still give the day
   of the story ("Turkish soldiers killed in Syria. [...] On Saturday, eight soldiers were killed"); only a
   day counts there, as a vaguer date this far from the event is background ("more than two weeks ago"),
   and not one in a sentence comparing with another act ("Last Thursday, a similar attack killed five").
3. Dates the grammar does not read but spaCy tags DATE/TIME go to dateparser (fallback.py).
4. Nothing in the text: the publication date, precision 1, no evidence span, and a reason saying so.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ..records import Entity, EventDate
from . import fallback, grammar, locale
from . import lexicon as lexmod

log = logging.getLogger(__name__)

MAX_YEARS_BACK = 30  # dateparser reads "1045 GMT" as the year 1045
LEAD_MAX = 500  # characters: the lead is the first sentence, or this much of the text
FOLLOW_MAX = 400  # characters: the sentence after the trigger, or this much of it
OPENING_SENTENCES, OPENING_MAX = 2, 500  # the article's opening after the lead: sentences, characters
DATELINE_SEARCH = 2000  # characters: how far down a page its dateline may stand
# A line opening with a place in capitals, then a comma or an agency in brackets, then a dash or colon:
# "BAGHDAD, Oct 4 (Reuters) -", "PESHAWAR, Pakistan (AP) —", "ERBIL, Kurdistan Region —" (not "ISIL - also").
_DATELINE_LINE = re.compile(r"^[ \t]*[A-Z][A-Z'’.\-]{2,}(?:[ \t]+[A-Z][A-Z'’.\-]+){0,3}[ \t]*"
                            r"(?:,[^\n]{0,40}?(?:\([^()\n]{1,30}\))?|\([^()\n]{1,30}\))[ \t]*[-–—:]", re.M)
_CLAUSE = re.compile(r"[^,;:—–]+")  # a date and an act word in one clause belong together
_SENTENCE_END = re.compile(r"[.!](?:[\"”’)]*)(?:\s|$)")  # not "?": datelines use it as a dash
# Relative words that need the publication date itself; without it they stay null (a year taken from the
# article's own dates still serves "13 March" or "in May").
RELATIVE_KINDS = frozenset({"weekday", "relative", "ago", "period"})


def _lead(text: str) -> tuple[int, int]:
    """The story's first sentence: on a page, the one after the dateline ("BAGHDAD, Oct 4 (Reuters) -"), below
    the headline and the photo captions, whose dates are those of other days."""
    line = _DATELINE_LINE.search(text, 0, DATELINE_SEARCH)
    start = line.start() if line else 0
    m = _SENTENCE_END.search(text, start + 40, start + LEAD_MAX)
    return (start, m.end() if m else min(len(text), start + LEAD_MAX))


def _candidates(text: str, span: tuple[int, int], entities: Sequence[Entity], published: date | None,
                dayfirst: bool | None) -> list[grammar.Found]:
    s, e = span
    found = grammar.find(text, s, e, anchor=published, dayfirst=dayfirst)
    lex = lexmod.load()
    # Only the entities inside the span, found by bisection (entities come in text order, as doc.ents do):
    # scanning all of them for each sentence made long articles quadratic.
    for i in range(bisect_left(entities, s, key=_start), len(entities)):
        ent = entities[i]
        if ent.start >= e:
            break
        if ent.label != "DATE" or ent.end > e:
            continue
        inside = [f for f in found if f.start < ent.end and ent.start < f.end]
        # The grammar read part of a longer span only as a vaguer period ("the 3rd of [this month]").
        vaguer = bool(inside) and all(f.kind in ("period", "month") for f in inside) and any(
            c.isdigit() for c in ent.text)
        if (inside and not vaguer) or lex.durations.search(ent.text):
            continue
        d = fallback.parse(ent.text, published)
        if d is None or (published is not None and abs((published - d).days) > MAX_YEARS_BACK * 366):
            continue
        found = [f for f in found if f not in inside]
        before = text[max(s, ent.start - 40):ent.start]
        excluded = "a date after 'since', 'until' ..." if lex.not_event_before.search(before) else None
        found.append(grammar.Found(ent.start, ent.end, "dateparser", d, 1, "read by dateparser", excluded,
                                   bool(lex.reporting_before.search(before) or lex.reporting_to_before.search(before))))
    found.sort(key=lambda f: f.start)
    return found


# The candidates of the passages of the article last read: its lead and opening are read again for each of
# its sentences. Kept while the same text and entities (held here, so compared by identity) come back with the
# same anchor and order; only for entities in a tuple, which no caller can change in between.
_kept: tuple = (None, None, None, None, {})


def _kept_candidates(text: str, span: tuple[int, int], entities: Sequence[Entity], published: date | None,
                     dayfirst: bool | None) -> Sequence[grammar.Found]:
    """_candidates, each passage of one article computed once (a pure function of its arguments)."""
    global _kept
    if not isinstance(entities, tuple):
        return _candidates(text, span, entities, published, dayfirst)
    kept_text, kept_entities, kept_published, kept_dayfirst, found = _kept
    if not (kept_text is text and kept_entities is entities and kept_published == published
            and kept_dayfirst == dayfirst):
        found = {}
        _kept = (text, entities, published, dayfirst, found)
    where = (span[0], span[1])
    got = found.get(where)
    if got is None:
        got = found[where] = tuple(_candidates(text, span, entities, published, dayfirst))
    return got


_AFTER = re.compile(r"\b(?:after|following)\s+$", re.IGNORECASE)


def _start(entity: Entity) -> int:
    return entity.start


def _opening(text: str, lead: tuple[int, int]) -> tuple[int, int] | None:
    """The sentences after the lead, up to OPENING_MAX characters (step 2c)."""
    start = lead[1] + len(text[lead[1]:]) - len(text[lead[1]:].lstrip())
    if start >= len(text):
        return None
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start + 1, min(len(text), start + OPENING_MAX))]
    return (start, ends[OPENING_SENTENCES - 1] if len(ends) >= OPENING_SENTENCES else ends[-1] if ends
            else min(len(text), start + OPENING_MAX))


def _compares(text: str, span: tuple[int, int], f: grammar.Found) -> bool:
    """The sentence of `span` around a found date compares with another act ("a similar attack")."""
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, span[0], f.start)), default=span[0])
    m = _SENTENCE_END.search(text, f.end, span[1])
    return bool(lexmod.load().acts_other.search(text, lo, m.end() if m else span[1]))


def _following(text: str, trigger: tuple[int, int]) -> tuple[int, int] | None:
    """The clause of the next sentence that names the trigger's kind of act (step 2b), else None.

    Only that clause: "The activists entered the shrine early Wednesday, triggering protests" dates the
    entry, not the protests.
    """
    start = trigger[1] + len(text[trigger[1]:]) - len(text[trigger[1]:].lstrip())
    if start >= len(text):
        return None
    m = _SENTENCE_END.search(text, start + 1, min(len(text), start + FOLLOW_MAX))
    end = m.end() if m else min(len(text), start + FOLLOW_MAX)
    lex = lexmod.load()
    kinds = [p for p in lex.acts if p.search(text, *trigger)]
    for c in _CLAUSE.finditer(text, start, end):
        if any(p.search(text, c.start(), c.end()) for p in kinds):
            other = lex.acts_other.search(text, c.start(), c.end()) or lex.acts_linking.search(text, c.start(), c.end())
            return None if other else (c.start(), c.end())
    return None


@lru_cache(maxsize=64)  # called once per sentence of the same article
def _text_anchor(text: str, dayfirst: bool | None) -> date | None:
    """Without a publication date, the dateline or the latest full date the article gives: it supplies the
    year of "13 March" (never the day of "yesterday")."""
    dated = [f for f in grammar.find(text, anchor=None, dayfirst=dayfirst) if f.kind == "explicit" and f.date]
    latest = max((f.date for f in dated), default=None)
    return date(latest.year, 12, 31) if latest else None  # the year only: any day of it may follow


def _usable(f: grammar.Found, published: date | None) -> bool:
    if f.date is None or f.excluded:
        return False
    return published is None or f.date <= published  # a later date is announced, not reported


def resolve_event_date(text: str, entities: Sequence[Entity], scope: Sequence[tuple[int, int]], *,
                       published: date | None, outlet: str | None = None, dayfirst: bool | None = None
                       ) -> EventDate:
    """When the event whose sentences are `scope` (first = the trigger sentence) happened.

    `published` anchors relative expressions. The numeric-date order ("7/11") is `dayfirst` when given,
    else the outlet's (data/dates_outlets.toml), else the reading closest before publication.
    """
    if dayfirst is None:
        dayfirst = locale.dayfirst_for(outlet)
    anchor = published if published is not None else _text_anchor(text, dayfirst)
    # The passages read in order (steps 1, 2b, 2c), each with what it is.
    passages = [(span, "trigger sentence" if i == 0 else "event sentence") for i, span in enumerate(scope)]
    lead = _lead(text)
    for span, kind in ((_following(text, scope[0]) if scope else None, "the next sentence, on the same act"),
                       (lead, "lead"), (_opening(text, lead), "the article's opening")):
        if span is not None and not any(a <= span[0] < b and (kind == "lead" or span[1] <= b)
                                        for (a, b), _ in passages):
            passages.append((span, kind))  # the lead once the event's sentences include its start; others unless read
    unresolved: grammar.Found | None = None
    died: grammar.Found | None = None  # the day a victim died: the act was that day or before
    cause: grammar.Found | None = None  # a day named after "after" in the event's sentences ("after Saturday's shelling")
    reported: grammar.Found | None = None
    reported_in_trigger = False
    for i, (span, where) in enumerate(passages):
        if reported is not None and (where == "the article's opening" or where == "lead" and reported_in_trigger):
            break  # "police said on Monday" in the trigger sentence beats a date in another passage, and any
            # date of the report beats the article's opening
        for f in _kept_candidates(text, span, entities, anchor, dayfirst):
            if where == "the article's opening" and (f.precision > 1 or _compares(text, span, f)):
                continue  # step 2c: only a day, and not one of another act ("a similar attack last Thursday")
            if where == "lead" and f.precision > 2:
                continue  # "more than 300 air strikes in the last year": a month or a year in the lead is its context

            if published is None and f.kind in RELATIVE_KINDS and f.date is not None:
                f = replace(f, date=None, reason=f"{f.reason}: needs the publication date, which is unknown")
            if f.date is None and not f.excluded and unresolved is None:
                unresolved = f
            if died is None and f.excluded == grammar.DIED and f.date is not None and i < len(scope) and (
                    published is None or f.date <= published):
                died = f
            if cause is None and f.excluded and f.date is not None and i < len(scope) and _AFTER.search(
                    text, max(0, f.start - 12), f.start):
                cause = f
            if not _usable(f, published):
                continue
            if f.reporting:
                if reported is None:
                    reported, reported_in_trigger = f, i == 0
                continue
            return EventDate(date=f.date, time_precision=f.precision, span=(f.start, f.end),
                             reason=f"{f.reason} ({where})")
    if died is not None and cause is not None and cause.date <= died.date:
        # "died on Monday after Saturday's shelling": the victim died of the act named after "after"
        return EventDate(date=cause.date, time_precision=cause.precision, span=(cause.start, cause.end),
                         reason=f"{cause.reason}; the act the victim died of")
    if died is not None and (reported is None or died.date < reported.date):
        # "died on Monday after being shot", no day for the shooting: Monday is the latest the act can be,
        # and nearer to it than the day of the report
        return EventDate(date=died.date, time_precision=died.precision, span=(died.start, died.end),
                         reason=f"{died.reason}; no other date: the latest day of the act")
    if reported is not None:
        return EventDate(date=reported.date, time_precision=max(reported.precision, 1),
                         span=(reported.start, reported.end), reason=f"{reported.reason} (date of the report)",
                         reported=True)
    if unresolved is not None:
        return EventDate(date=None, time_precision=unresolved.precision, span=(unresolved.start, unresolved.end),
                         reason=unresolved.reason)
    if published is None:
        return EventDate(date=None, reason="no date in the report and no publication date")
    return EventDate(date=published, time_precision=1, reason="no date in the report: publication date",
                     reported=True)


def parse_expression(expr: str, *, anchor: date | None, dayfirst: bool | None = None) -> EventDate | None:
    """The date one expression names ("last Monday", "Around 3 May 2021 (as reported)"), or None.

    Pure; the span is into `expr`. Expressions the grammar does not read go to dateparser.
    """
    # An expression on its own is read even where it could not date an event ("next Friday", "since May").
    found = [f for f in grammar.find(expr, anchor=anchor, dayfirst=dayfirst, loose=True)
             if f.date is not None or not f.excluded]
    best = max(found, key=lambda f: (f.end - f.start, -f.start)) if found else None
    if best is not None and best.kind in ("period", "month") and any(
            c.isdigit() for c in expr[:best.start] + expr[best.end:]):
        d = fallback.parse(expr.strip(), anchor)  # "the 3rd of [this month]": the longer reading wins
        if d is not None:
            return EventDate(date=d, time_precision=1, span=(0, len(expr)), reason="read by dateparser")
    if best is not None:
        return EventDate(date=best.date, time_precision=best.precision, span=(best.start, best.end),
                         reason=best.reason)
    lex = lexmod.load()
    if expr.strip() in lex.not_dates or lex.durations.search(expr):
        return None
    d = fallback.parse(expr.strip(), anchor)
    if d is None:
        return None
    return EventDate(date=d, time_precision=1, span=(0, len(expr)), reason="read by dateparser")
