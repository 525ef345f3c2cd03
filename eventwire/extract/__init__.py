"""Event extraction: from a parsed article to one Mention per event it reports.

1. Each sentence is scanned for cues (data/cues.toml) and, from the parse, for who was harmed.
2. A sentence reports an event when it holds an event cue and is not a prediction, a court story or a
   statistic; its place and date are resolved (places/, dates/).
3. Event sentences with the same place and date are one event (an article repeats itself); a sentence
   with no place of its own joins the event of its date. Events dated long before publication are
   background and dropped.
4. Each event is typed by the first rule of data/rules.toml its sentences' cues satisfy, then gets its
   fatalities, actors, tags and an evidence span for every field.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from .. import dates, nlp, places, taxonomy
from ..records import Article, Entity, EventDate, Evidence, Location, Mention
from . import actors, classify, counts, cues as cuesmod, lexicon

# Cues that make a sentence an event report (the rest only qualify one).
EVENT_CUES = frozenset({
    "protest", "riot_violence", "mob", "airstrike", "shelling", "ied", "suicide", "grenade", "chemical",
    "armed_clash", "retake", "overtake", "kill", "abduct", "sexual", "arrest", "loot", "destroy", "defuse",
    "weapons_seized", "mass_grave", "agreement", "base", "remnant", "attack", "cessation", "release",
})
# Cues that report an event only in a short report that has no stronger one (a brief, a coder's note):
# in a long article they are mostly context.
WEAK_EVENT_CUES = frozenset({"protest_weak", "change_group", "other_sd", "intervention", "agreement_weak"})
SHORT_REPORT = 1200  # characters
# A demonstration about a court case is still a demonstration.
UNBLOCKED_BY = frozenset({"protest", "riot_violence", "mob"})
# Cues that only qualify an event told in the sentence before ("Police intervened.").
MODIFIER_CUES = frozenset({"intervention", "lethal_force", "riot_violence", "nonviolent", "crowd_clash", "armed_clash_strong"})
# Sentences about these are not reports of an event that happened.
BLOCKING_CUES = frozenset({"judicial", "nonfact"})
# Main verbs of a court story: the sentence is about the trial, not the act.
JUDICIAL_ROOTS = frozenset({"convict", "sentence", "acquit", "charge", "indict", "jail", "fine", "try", "testify", "plead"})
QUOTED = re.compile(r"“[^”]{0,2000}”|\"[^\"]{0,2000}\"")
MODALS = frozenset({"will", "would", "could", "might", "may", "shall", "should"})
# Older than this before publication (by time precision: day, week, month): background, not news.
BACKGROUND_DAYS = {1: 14, 2: 21, 3: 45}
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(slots=True)
class _Sentence:
    index: int  # position among the article's sentences
    modifier: bool  # only qualifies the event reported just before
    generic: bool  # typed from harm words alone ("were killed"): belongs to a more specific event if any
    start: int
    end: int
    cues: cuesmod.CueSet
    location: Location
    when: EventDate


@dataclass(slots=True)
class _Event:
    location: Location  # of the sentence that opened it
    when: date | None
    sentences: list[_Sentence] = field(default_factory=list)

    @property
    def scope(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences]


def mentions(doc, article: Article) -> list[Mention]:
    """The events `article` reports, one Mention per type + place + date."""
    lex = lexicon.load()
    text = article.text
    ents = nlp.entities(doc)
    if _is_court_story(article, doc, lex):
        return []
    quotes = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    sents = [s for s in doc.sents if not _mostly_quoted(s, quotes)]
    reports = [s for s in (_read_sentence(i, sent, text, ents, article, lex, EVENT_CUES)
                           for i, sent in enumerate(sents)) if s]
    if not reports and len(text) <= SHORT_REPORT:
        weak = EVENT_CUES | WEAK_EVENT_CUES
        reports = [s for s in (_read_sentence(i, sent, text, ents, article, lex, weak)
                               for i, sent in enumerate(sents)) if s]
    out = []
    for situation in _group(reports):
        for typed in _split(situation.sentences, text, lex):
            out.append(_code(typed, text, ents, article, lex))
    return out


def _read_sentence(index: int, sent, text: str, ents: list[Entity], article: Article, lex, event_cues: frozenset[str]
                   ) -> _Sentence | None:
    found = cuesmod.find(text, sent.start_char, sent.end_char, lex)
    names = found.names
    labelled = index == 0 and classify.label_prefix(text, lex) is not None  # a coder's note says it outright
    if not labelled and (not (names & (event_cues | MODIFIER_CUES)) or _is_prediction(sent, found, event_cues)):
        return None
    if (names & BLOCKING_CUES) and not (names & UNBLOCKED_BY) and not labelled:
        return None
    if "statistics" in names and not labelled:
        return None
    scope = [(sent.start_char, sent.end_char)]
    when = dates.resolve_event_date(text, ents, scope, published=article.published)
    dated_here = when.span is not None and sent.start_char <= when.span[0] < sent.end_char
    # A statistic or a look back ("since 2014", "six years ago") unless the sentence dates its own event.
    if "lookback" in names and not dated_here and not labelled:
        return None
    if _is_background(sent.text, when, article.published):
        return None
    found.victims = cuesmod.victims(sent, lex)
    where = places.resolve_location(text, ents, scope, outlet=article.outlet)
    alone = classify.classify(cuesmod.derive(found), lex)
    generic = alone is None or alone.generic
    return _Sentence(index, not (labelled or names & event_cues), generic, sent.start_char, sent.end_char, found, where, when)


def _is_background(sentence: str, when: EventDate, published: date | None) -> bool:
    """Dated well before publication, or set in an earlier year the sentence names: history, not news."""
    if published is None:
        return False
    if when.date is not None:
        age = (published - when.date).days
        if age > BACKGROUND_DAYS.get(when.time_precision, 14) or age < -1:
            return True
    event_year = when.date.year if when.date else published.year
    return any(int(y) < event_year for y in YEAR.findall(sentence))



def _is_court_story(article: Article, doc, lex) -> bool:
    """An article whose headline or lead is about a trial or verdict recounts, it does not report."""
    first = next(iter(doc.sents), None)
    lead = (article.title or "") + " " + (first.text if first is not None else "")
    return bool(lex.cues["judicial"].search(lead)) and not lex.cues["protest"].search(lead)


def _mostly_quoted(sent, quotes: list[tuple[int, int]]) -> bool:
    """Direct speech is a source's claim or opinion, not the outlet's report of an event."""
    inside = sum(max(0, min(e, sent.end_char) - max(s, sent.start_char)) for s, e in quotes)
    return inside > 0.5 * (sent.end_char - sent.start_char)


def _is_prediction(sent, found: cuesmod.CueSet, event_cues: frozenset[str]) -> bool:
    """A modal on the main verb or on the event verb ("will attack", "could be killed") marks a
    prediction or a hypothesis; a trial verb as main verb marks a court story."""
    root = sent.root
    if root.lemma_.lower() in JUDICIAL_ROOTS:
        return True
    starts = {a for name in found.names & event_cues for a, _ in found.hits[name]}
    for tok in sent:
        if tok.idx not in starts:
            continue
        for verb in [tok, *tok.ancestors]:  # "will halt rocket fire", "said they would attack"
            if any(c.tag_ == "MD" and c.lower_ in MODALS for c in verb.children):
                return True
    if any(c.tag_ == "MD" and c.lower_ in MODALS for c in root.children):
        return True
    return False


NEAR_KM = 25.0  # two places this close on the same day are one event's place, told twice


def _own_place(s: _Sentence) -> bool:
    """The sentence names its place itself (the resolver may fall back to the article's context)."""
    loc = s.location
    return loc.latitude is not None and loc.span is not None and s.start <= loc.span[0] < s.end


def _same_place(a: Location, b: Location) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.iso3 != b.iso3:
        return False
    if (a.geo_precision == 3 or b.geo_precision == 3) and a.admin1 and a.admin1 == b.admin1:
        return True  # a province and a town in it
    if None in (a.latitude, b.latitude):
        return False
    return _km(a.latitude, a.longitude, b.latitude, b.longitude) <= NEAR_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _group(reports: list[_Sentence]) -> list[_Event]:
    """Sentences -> events: one per place and date. A sentence with no place of its own, or one that only
    says people were harmed, joins an event of its date (or the lead event) rather than starting one:
    in a long article such sentences mostly retell the main event or give context."""
    events: list[_Event] = []
    last: _Event | None = None
    for s in reports:
        if s.modifier:
            if last is not None and last.sentences[-1].index == s.index - 1:
                last.sentences.append(s)
            continue
        own = _own_place(s)
        same_day = [e for e in events if e.when == s.when.date]
        target = next((e for e in same_day if own and _same_place(e.location, s.location)), None)
        if target is None and events and (not own or s.generic):
            target = same_day[0] if same_day else None
            if target is None and (not own or s.when.span is None):
                target = events[0]
        if target is None:
            target = _Event(location=s.location, when=s.when.date)
            events.append(target)
        target.sentences.append(s)
        last = target
    return events


def _best_location(sentences: list[_Sentence]) -> Location:
    """The most precise place any of the event's sentences gives, the earliest on a tie."""
    def rank(s: _Sentence):
        loc = s.location
        return (loc.latitude is None, not _own_place(s), s.start)
    return min(sentences, key=rank).location


def _best_date(sentences: list[_Sentence]) -> EventDate:
    def rank(s: _Sentence):
        return (s.when.date is None, s.when.span is None, s.when.time_precision, s.start)
    return min(sentences, key=rank).when


@dataclass(slots=True)
class _Typed:
    sub_event_type: str
    event_type: str
    tags: tuple[str, ...]
    generic: bool
    sentences: list[_Sentence]
    cues: cuesmod.CueSet
    actors: list[actors.ActorHit]

    @property
    def scope(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.sentences]


def _type(sentences: list[_Sentence], text: str, lex) -> _Typed | None:
    union = cuesmod.CueSet()
    for s in sentences:
        union.update(s.cues)
    hits = [h for s in sentences for h in actors.find(text, s.start, s.end)]
    rule = classify.classify(cuesmod.derive(union) | actors.derived_cues(hits, union.victims), lex)
    prefix = classify.label_prefix(text, lex) if sentences[0].start == 0 else None
    if prefix:
        sub = prefix[0]
        tags = rule.tags if rule and rule.sub_event_type == sub else ()
        return _Typed(sub, taxonomy.load().type_of(sub), tags, False, sentences, union, hits)
    if rule is None:
        return None
    return _Typed(rule.sub_event_type, rule.event_type, rule.tags, rule.generic, sentences, union, hits)


# The sentences that type an event: its first report and those right after it (a lede and its
# paragraph). Later mentions scattered through a long article add evidence, not type: they are
# often about context (the war, the reactions) rather than the act.
CORE_SENTENCES = 3


def _core(sentences: list[_Sentence]) -> list[_Sentence]:
    core = [sentences[0]]
    for s in sentences[1:]:
        if s.index != core[-1].index + 1 or len(core) == CORE_SENTENCES:
            break
        core.append(s)
    return core


def _split(sentences: list[_Sentence], text: str, lex) -> list[_Typed]:
    """One event for what the sentences report together, plus one per separable event of another type
    that a sentence reports on its own (a mass grave found in a town just retaken)."""
    main = _type(_core(sentences), text, lex)
    if main is None:
        return []
    main.sentences = sentences
    extra: dict[str, list[_Sentence]] = {}
    for s in sentences:
        alone = _type([s], text, lex)
        if (alone and not alone.generic and alone.sub_event_type in lex.separable
                and alone.event_type != main.event_type):
            extra.setdefault(alone.event_type, []).append(s)
    return [main] + [t for t in (_type(ss, text, lex) for ss in extra.values()) if t is not None]


def _tags(event: _Typed, text: str, lex) -> list[tuple[str, tuple[int, int]]]:
    """(tag, evidence) for the rule's tags and each tag pattern found in the event's sentences."""
    found = []
    for name, pattern in lex.tags.items():
        m = next((m for s in event.sentences for m in [pattern.search(text, s.start, s.end)] if m), None)
        if m is not None:
            found.append((name, (m.start(), m.end())))
        elif name in event.tags:
            found.append((name, (event.sentences[0].start, event.sentences[0].end)))
    return found


def _code(event: _Typed, text: str, ents: list[Entity], article: Article, lex) -> Mention:
    union, hits, lead = event.cues, event.actors, event.sentences[0]
    sub, event_type, tags = event.sub_event_type, event.event_type, event.tags
    loc, when = _best_location(event.sentences), _best_date(event.sentences)
    fat = counts.fatalities(text, event.scope, entities=ents)
    who = actors.assign(hits, union.victims, event_type, loc.country)
    evidence = [Evidence(field="event", start=lead.start, end=lead.end)]
    for name, span in (("event_date", when.span), ("location", loc.span), ("fatalities", fat.span),
                       ("actor1", who.span1), ("actor2", who.span2)):
        if span is not None:
            evidence.append(Evidence(field=name, start=span[0], end=span[1]))
    trigger = next((text[a:b] for c in sorted(union.names & EVENT_CUES) for a, b in [union.first(c)]), None)
    tagged = _tags(event, text, lex)
    tags = tuple(name for name, _ in tagged)
    evidence.extend(Evidence(field="tags", start=a, end=b) for _, (a, b) in tagged)
    notes = tuple(r for r in (loc.reason, when.reason, fat.reason) if r)
    return Mention(
        article_id=article.id, event_type=event_type, sub_event_type=sub,
        event_date=when.date.isoformat() if when.date else None, time_precision=when.time_precision,
        location=loc.name, admin1=loc.admin1, admin2=loc.admin2, country=loc.country, iso3=loc.iso3,
        latitude=loc.latitude, longitude=loc.longitude, geo_precision=loc.geo_precision,
        actor1=who.actor1, actor2=who.actor2, fatalities=fat.value, fatalities_min=fat.min,
        fatalities_max=fat.max, tags=tuple(tags), evidence=tuple(evidence), notes=notes, trigger=trigger,
    )
