"""Sentences and articles that mention violence without reporting an event that happened: quoted
speech, predictions, court stories, history. Each test is a pure function of the parse and the dates."""
from __future__ import annotations

import re
from datetime import date

from ..records import Article, EventDate
from .cues import CueSet

QUOTED = re.compile(r"“[^”]{0,2000}”|\"[^\"]{0,2000}\"")
MODALS = frozenset({"will", "would", "could", "might", "may", "shall", "should"})
# Main verbs of a court story: the sentence is about the trial, not the act.
JUDICIAL_ROOTS = frozenset({"convict", "sentence", "acquit", "indict", "jail", "testify"})
# Words whose infinitive complement is an act only intended, demanded or refused: "pressure to launch an
# offensive", "threatened to storm the town", "vowed to crush the protests".
INTENT_HEADS = frozenset({"pressure", "plan", "call", "threat", "threaten", "vow", "pledge", "promise", "urge",
                          "want", "intend", "intention", "refuse", "refusal", "readiness"})
# Older than this before publication (by time precision: day, week, month): background, not news.
# Deep in an article (after its lede) a dated day more than a week old is context: news leads with the new.
BACKGROUND_DAYS = {1: 14, 2: 21, 3: 45}
BACKGROUND_DAYS_AFTER_LEDE = {1: 7, 2: 21, 3: 45}
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
ATTRIBUTE_YEAR = re.compile(r"\b(?:founded|established|formed|created|occupied|annexed|built|born|independent|"
                            r"independence|elected|signed)\s+(?:in\s+)?$"
                            # "the deadliest attack since 2019": the start of a comparison, not the sentence's time
                            r"|\bsince\s+(?:(?:early|late|mid|the\s+(?:start|end)\s+of)[\s-]+)?$", re.I)


def quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in QUOTED.finditer(text)]


def mostly_quoted(sent, quotes: list[tuple[int, int]]) -> bool:
    """Direct speech is a source's claim or opinion, not the outlet's report of an event."""
    inside = sum(max(0, min(e, sent.end_char) - max(s, sent.start_char)) for s, e in quotes)
    return inside > 0.5 * (sent.end_char - sent.start_char)


HEADING_WORDS = 25  # a line shorter than this with no full stop is a heading, not a sentence of the story
_BULLETS = " \t•·*|–—-"
_LINE_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


def is_heading(sent, text: str) -> bool:
    """A line of a page that is not prose: the headline (told again by the lead), a related story's headline,
    a photo credit, a menu item or a byline. It stands alone on its line, has no full stop and is short
    (a one-line text, such as a coder's note, has no headings)."""
    words = sent.text.split()
    if not words or len(words) >= HEADING_WORDS or _LINE_END.search(sent.text):
        return False
    start, end = sent.start_char, sent.start_char + len(sent.text.rstrip())
    before = text[max(0, start - 40):start].rstrip(_BULLETS)
    after = text[end:end + 40].lstrip(_BULLETS)
    alone_before = before.endswith("\n") or not before and start < 40
    alone_after = after.startswith("\n") or not after and end == len(text)
    return alone_before and alone_after and "\n" in text


def is_recounting(article: Article, doc, lex) -> bool:
    """An article whose headline or lead is about a trial or verdict, a tally of a period's dead, or the
    remembrance of a past event recounts events; it does not report one."""
    first = next(iter(doc.sents), None)
    lead = (article.title or "") + " " + (first.text if first is not None else "")
    recounting = any(lex.cues[name].search(lead) for name in ("judicial", "statistics", "commemoration"))
    return bool(recounting) and not lex.cues["protest"].search(lead)


def is_prediction(sent, found: CueSet, event_cues: frozenset[str]) -> bool:
    """A modal on the main verb or above the event verb ("will attack", "said they would halt rocket
    fire") marks a prediction or a hypothesis; a trial verb as main verb marks a court story."""
    root = sent.root
    if root.lemma_.lower() in JUDICIAL_ROOTS:
        return True
    starts = {a for name in found.names & event_cues for a, _ in found.hits[name]}
    cued = [tok for tok in sent if tok.idx in starts]
    verbs = [root] + [v for tok in cued for v in (tok, *tok.ancestors)]
    return any(c.tag_ == "MD" and c.lower_ in MODALS for v in verbs for c in v.children) or (
        bool(cued) and all(_intended(tok) for tok in cued))


def is_running_tally(sent) -> bool:
    """A period's toll told in the present perfect ("Since late September the fighting has killed hundreds",
    "the insurgency has killed 40 people since January"): a running total, not one day's act. Not a clause
    describing someone ("nurses marching for doctors who have stayed off work since March")."""
    return any(t.lower_ == "since" and t.dep_ in ("prep", "mark") and t.head.tag_ == "VBN" and t.head.dep_ != "relcl"
               and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in t.head.children) for t in sent)


def _intended(tok) -> bool:
    """The word lies in an infinitive that an intent, a demand or a refusal governs ("to launch an offensive"
    after "pressure"): an act not done."""
    return any(v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
               and v.head.lemma_.lower() in INTENT_HEADS for v in (tok, *tok.ancestors))


def is_background(sentence: str, when: EventDate, published: date | None, *, in_lede: bool = True) -> bool:
    """Dated well before publication, or set in an earlier year the sentence names: history, not news."""
    if published is None:
        return False
    if when.date is not None:
        age = (published - when.date).days
        if age > (BACKGROUND_DAYS if in_lede else BACKGROUND_DAYS_AFTER_LEDE).get(when.time_precision, 14) or age < -1:
            return True
    # "In 2014, ..." sets the sentence in the past; "On 2 May 2020, ... those killed on 2 May 2014" names its
    # own year and only refers back.
    event_year = when.date.year if when.date else published.year
    # "territories occupied in 1948", "a party founded in 1990": a year that describes a thing, not the time
    # of the sentence.
    years = {int(m.group()) for m in YEAR.finditer(sentence) if not ATTRIBUTE_YEAR.search(sentence, 0, m.start())}
    return event_year not in years and any(y < event_year for y in years)
