"""Source assessment: who says so, how firm the report is, and where the outlet speaks for itself.

    analyse(doc, article) -> Analysis          the article's sources, voice, opinion and loaded terms
    attach(mentions, analysis) -> [Mention]     each mention with `attribution` and `claim_status`
    apply(doc, article, mentions)               both: (mentions with attribution, SourceReport)

1. The article is cut into units (sentences, and lines within them) and its quotations found (voice.py).
2. Sources are read from the parse: subjects of reporting verbs, "according to" objects, agents of
   passives, hedges ("reportedly"); pronouns and surnames are resolved to earlier sources (holders.py).
3. A unit citing no source and not mostly quoted is in the outlet's own voice; there, opinion sentences
   and loaded terms are found from data/assess_language.toml (language.py).
4. Each event mention is linked to the sources of the units its evidence lies in, and of the units that
   follow its lead and still speak of it; its claim status follows from who they are (status.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import Article, Attribution, Mention, SourceReport
from . import holders, language, lexicon, stance, voice
from .holders import Found
from .status import attach

__all__ = ["Analysis", "analyse", "apply", "attach"]


@dataclass(slots=True)
class Analysis:
    text: str
    units: list[voice.Unit]
    index: voice.Index
    found: list[Found]
    by_unit: dict[int, list[Found]]
    own_voice: list[bool]  # per unit: the outlet speaks for itself
    opinion_units: frozenset[int]  # units of opinion: the outlet's voice, but no report of a fact
    report: SourceReport


def analyse(doc, article: Article) -> Analysis:
    lex = lexicon.load()
    text = article.text
    units = voice.units(doc)
    index = voice.Index(units, voice.quote_spans(text))
    voices: set[int] = set()  # units where someone the lexicon cannot place speaks
    found = holders.find(doc, index, lex, voices=voices)
    by_unit: dict[int, list[Found]] = {}
    speaking: set[int] = set()  # units in a source's voice (a hedge leaves the outlet speaking)
    # A unit telling what someone urged or demanded ("activists called on the governor to resign") is the outlet
    # stating that they did so: still its voice for the facts, but the words asked for are the asker's.
    asking: set[int] = set()
    for f in found:
        if f.act not in ("exhort", "comment"):
            by_unit.setdefault(f.unit, []).append(f)
        if f.act == "exhort":
            asking.add(f.unit)
        elif f.act != "hedge":
            speaking.add(f.unit)
    own = [i not in speaking and index.quoted_share(u.start, u.end) <= 0.5 for i, u in enumerate(units)]
    # Opinion and loaded terms are the outlet's words only: not where anyone else speaks, placed or not.
    writer = [own[i] and i not in voices and i not in asking for i in range(len(units))]
    opinion_units = frozenset(i for i, u in enumerate(units)
                              if writer[i] and (language.opinion(text, u, index, lex) or stance.opinion(doc, u, index, lex)))
    opinion = tuple((units[i].start, units[i].end) for i in sorted(opinion_units))
    loaded = tuple(t for i, u in enumerate(units) if writer[i] for t in language.loaded(text, u, index, lex))
    report = SourceReport(
        article_id=article.id, opinion=opinion, loaded=loaded,
        attributions=tuple(Attribution(holder=f.holder, holder_kind=f.kind, start=f.start, end=f.end)
                           for f in found if f.act not in ("exhort", "comment")),
        words=language.words(text), opinion_words=sum(language.words(text[a:b]) for a, b in opinion),
        unattributed_tolls=sum(language.tolls(text, u, lex) for i, u in enumerate(units) if own[i]),
    )
    return Analysis(text, units, index, found, by_unit, own, opinion_units, report)


def apply(doc, article: Article, mentions: list[Mention]) -> tuple[list[Mention], SourceReport]:
    """The one call the pipeline makes: the mentions with their sources, and the article's report."""
    analysis = analyse(doc, article)
    return attach(mentions, analysis), analysis.report
