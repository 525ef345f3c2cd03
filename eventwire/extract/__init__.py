"""Event extraction: from a parsed article to one Mention per event it reports.

1. Each sentence is scanned for cues (data/cues.toml) and, from the parse, for who was harmed.
   A sentence reports an event when its cues say so (rules.toml [sentence]) and it is not quoted speech,
   a prediction, a court story, a statistic or history (filters.py).
2. Its place and date are resolved (places/, dates/).
3. Reporting sentences with the same place and date are one situation (grouping.py).
4. A situation is typed by the first rule of data/rules.toml that the cues of its lede paragraph satisfy
   (and of the next sentence saying explosives did it, when the lede only says people were harmed);
   a separable event told beside it (a town retaken, then a grave found there) is an event of its own;
   harm told in another town on the day of a lead event done with explosives is more of the same.
5. Each event gets fatalities, actors, tags and an evidence span for every field it fills.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import dates, nlp, places, taxonomy
from ..records import Article, Entity, Evidence, Fatalities, Location, Mention
from . import actors, classify, counts, cues as cuesmod, domains, filters, lexicon, sites
from .grouping import Report, best_date, best_location, group, starts_in

SHORT_REPORT = 1200  # characters: a brief or a coder's note, where weak cues may report the event
# The sentences that type an event: its first report and those right after it (a lede and its
# paragraph). Later mentions scattered through a long article add evidence, not type: they are
# often about context (the war, the reactions) rather than the act.
CORE_SENTENCES = 3
EXPLOSIONS = "Explosions/Remote violence"
OWN_ATTACK = frozenset({"attack", "armed", "armed_org"})  # cues of a report telling an attack, not only a toll
NON_STATE_ATTACKER = frozenset({"armed_org", "named_group", "perpetrator", "lone_attacker"})
PEACEFUL = "Peaceful protest"
ABDUCTION = "Abduction/forced disappearance"
UNREST = frozenset({"Violent demonstration", "Excessive force against protesters"})
FORCE = frozenset({"intervention", "lethal_force"})  # what the state did to a protest
ANOTHER_DEMONSTRATION = re.compile(r"\b(?:separate|another|second|rival|counter-?)\s+(?:[\w-]+\s+){0,2}?"
                                   r"(?:rall(?:y|ies)|protests?|march(?:es)?|demonstrations?|sit-ins?|gatherings?)\b",
                                   re.I)


@dataclass(slots=True)
class _Typed:
    sub_event_type: str
    event_type: str
    tags: tuple[str, ...]
    generic: bool
    reports: list[Report]
    cues: cuesmod.CueSet
    actors: list[actors.ActorHit]


def mentions(doc, article: Article) -> list[Mention]:
    """The events `article` reports, one Mention per type + place + date."""
    lex = lexicon.load()
    if filters.is_recounting(article, doc, lex):
        return []
    text, ents = article.text, nlp.entities(doc)
    quotes = filters.quote_spans(text)
    sents = [s for s in doc.sents if not filters.mostly_quoted(s, quotes) and not filters.is_heading(s, text)]

    parties = actors.in_text(text)
    scan = domains.blank(text)  # what the cues are read in: a game's "attacked" is no attack
    accident = _accident_story(sents, scan, lex)

    def read(event_cues: frozenset[str]) -> list[Report]:
        return [r for i, sent in enumerate(sents) if not nlp.unread(sent)
                for r in _read(i, sent, text, ents, article, lex, event_cues, parties, in_accident=i >= accident,
                               scan=scan)]

    brief = len(text) <= SHORT_REPORT
    reports = read(lex.roles.event)
    if not reports and brief:
        reports = read(lex.roles.event | lex.roles.weak)
    labelled = classify.label_prefix(text, lex) is not None
    events = _like_the_lead([typed for situation in group(reports, brief=brief)
                             for typed in _split(situation.reports, text, lex, brief)])
    if not labelled:
        # A brief is about one thing: all of it may say who did it ("The attackers are unknown.").
        whole = (cuesmod.find(scan, 0, len(text), lex), [h for sent in sents for h in actors.find(sent)]) if brief else None
        events = _political(events, reports, whole, lex)
    return [_code(typed, text, ents, article, lex) for typed in events]


def _accident_story(sents, scan: str, lex) -> int | float:
    """The index of the first sentence that tells of deaths or harm, when it gives them a natural or accidental
    cause (a flood, a crash, a collapse) and tells of no violence people did: the story is of a disaster, and
    its later tolls and damage are more of it. Else infinity."""
    for i, sent in enumerate(sents):
        names = cuesmod.find(scan, sent.start_char, sent.end_char, lex).names
        if nlp.unread(sent) or not names & lex.roles.event:
            continue
        if names & lex.roles.accident_unless or not cuesmod.accidental(sent, lex):
            break
        return i
    return float("inf")


def _read(index: int, sent, text: str, ents: list[Entity], article: Article, lex, event_cues: frozenset[str],
          parties: tuple, *, in_accident: bool, scan: str) -> list[Report]:
    """The sentence as a report of an event (one per town when it names several as the scene), or none.
    `in_accident`: the sentence is the lead of a story of a disaster or comes after it (_accident_story); `scan`: the
    text the cues are read in (domains.blank), the same length as `text`."""
    roles = lex.roles
    found = cuesmod.find(scan, sent.start_char, sent.end_char, lex)
    names = found.names
    labelled = index == 0 and classify.label_prefix(text, lex) is not None  # a coder's note says it outright
    if not labelled:
        if not names & (event_cues | roles.modifier) or filters.is_prediction(sent, found, event_cues) \
                or filters.is_running_tally(sent):
            return []
        if names & roles.blocking and not names & roles.unblocked_by:
            return []
        if in_accident and not names & roles.accident_unless:
            return []
        if names & roles.arms_trade and (arms := names & event_cues) and arms <= roles.arms_names:
            return []  # weapons traded or shown, not used
    scope = [(sent.start_char, sent.end_char)]
    when = dates.resolve_event_date(text, ents, scope, published=article.published, outlet=article.outlet or article.url)
    dated_here = starts_in(when.span, sent.start_char, sent.end_char)
    if not labelled and names & roles.lookback and not dated_here:
        return []
    if filters.is_background(sent.text, when, article.published, in_lede=index < CORE_SENTENCES):
        return []
    found.victims = cuesmod.victims(sent, lex)
    for name, a, b in cuesmod.agents(sent, lex):
        found.add(name, a, b)
    alone = classify.classify(cuesmod.derive(found), lex)
    hits = actors.find(sent)
    scenes = _scenes(text, ents, scope, article.outlet, parties)
    # Harm words alone make a report generic (it joins a more specific event), unless it names its towns.
    generic = len(scenes) == 1 and (alone is None or alone.generic)
    return [Report(index=index, modifier=not (labelled or names & event_cues), generic=generic,
                   start=sent.start_char, end=sent.end_char, cues=found, location=where, when=when, actors=hits,
                   towns=len(scenes))
            for where in scenes]


def _scenes(text: str, ents: list[Entity], scope: list[tuple[int, int]], outlet: str | None, parties: tuple
            ) -> list[Location]:
    """The sentence's place, or each town of a locative list ("in A and B") when it names several."""
    main = places.resolve_location(text, ents, scope, outlet=outlet, parties=parties)
    if main.iso3 is None:
        return [main]
    towns: list[Location] = []
    for a, b in sites.coordinated(text, *scope[0]):
        here = starts_in(main.span, a, b) and main.geo_precision in (1, 2)
        loc = main if here else places.town(text[a:b], main.iso3, (a, b),
                                            reason="one of several towns the sentence names")
        if loc is not None and all(loc.geonameid != t.geonameid for t in towns):
            towns.append(loc)
    return towns if len(towns) >= 2 else [main]


def _type(reports: list[Report], text: str, lex) -> _Typed | None:
    union = cuesmod.CueSet()
    for r in reports:
        union.update(r.cues)
    hits = [h for r in reports for h in r.actors]
    names = cuesmod.derive(union) | actors.derived_cues(hits)
    lead = reports[0].cues.names
    if "release" in names and "abduct" in lead and "release" not in lead:
        # "Gunmen abducted a trader ... He was released two days later": the abduction is the event, its end
        # the outcome (a release told first, "freed months after they were seized", is the event).
        names -= {"release"}
    rule = classify.classify(names, lex)
    sub = classify.label_prefix(text, lex) if reports[0].start == 0 else None
    if sub:
        tags = rule.tags if rule and rule.sub_event_type == sub else ()
        return _Typed(sub, taxonomy.load().type_of(sub), tags, False, reports, union, hits)
    if rule is None:
        return None
    return _Typed(rule.sub_event_type, rule.event_type, rule.tags, rule.generic, reports, union, hits)


def _core(reports: list[Report], brief: bool) -> list[Report]:
    """The sentences that type the event: its lede paragraph; all of a brief, which is one paragraph."""
    core = [reports[0]]
    for r in reports[1:]:
        if not brief and (r.index != core[-1].index + 1 or len(core) == CORE_SENTENCES):
            break
        if r.dated_here and r.when.date != reports[0].when.date:
            break  # it tells of another day (the attack a march commemorates): not this event's act
        core.append(r)
    return core


def _split(reports: list[Report], text: str, lex, brief: bool) -> list[_Typed]:
    """One event for what the sentences report together, plus one per separable event of another type
    that a sentence reports on its own (a mass grave found in a town just retaken)."""
    core = _core(reports, brief)
    main = _type(core, text, lex)
    if main is None:
        return []
    alone = {id(r): _type([r], text, lex) for r in reports}  # what each sentence reports by itself
    if main.generic:
        # The lede only says people were harmed ("killed in an attack"); the next sentences of the same event say
        # it was done with explosives (a landmine, an air strike): that types it, as ACLED's hierarchy does.
        how = next((r for r in reports if r not in core and r.index - core[0].index <= CORE_SENTENCES
                    and (t := alone[id(r)]) and not t.generic and t.event_type == EXPLOSIONS), None)
        if how is not None:
            main = _type(core + [how], text, lex)
    if main.sub_event_type == PEACEFUL:
        # Police breaking up the protest, told further down in a sentence about the protesters (tear gas, water
        # cannon), is still this protest's intervention: ACLED types a protest by what happened to it.
        force = [replace(r, cues=cuesmod.CueSet({k: v for k, v in r.cues.hits.items() if k in FORCE}))
                 for r in reports if r not in core and r.cues.names & FORCE and "protest" in r.cues.names]
        if force:
            main = _type(core + force, text, lex) or main
    main.reports = reports
    family = taxonomy.load().family
    extra: dict[str, list[Report]] = {}
    for r in reports:
        if r.location.latitude is None and r.when.date != reports[0].when.date:
            continue  # placeless and on another day: context ("protests since January"), not an event beside it
        t = alone[id(r)]
        if main.sub_event_type == ABDUCTION and "release" in r.cues.names:
            continue  # the abducted set free: the abduction's outcome, not an event beside it
        # A demonstration that turns violent is one event (a violent demonstration), not a protest and a riot;
        # unless the sentence says it is another one ("a separate rally was held peacefully").
        one_demonstration = family(t.event_type) == family(main.event_type) == "demonstration" if t else False
        if (t and not t.generic and t.sub_event_type in lex.separable
                and t.event_type != main.event_type
                and (not one_demonstration or ANOTHER_DEMONSTRATION.search(text, r.start, r.end))):
            extra.setdefault(t.event_type, []).append(r)
    return [main] + [t for t in (_type(rs, text, lex) for rs in extra.values()) if t is not None]


def _beside(mine: list[Report], everyone: list[Report]) -> list[Report]:
    """An event's sentences and those right before or after them ("Soldiers opened fire. Two died.")."""
    near = {r.index + d for r in mine for d in (-1, 0, 1)}
    return [r for r in everyone if r.index in near]


def _political(events: list[_Typed], reports: list[Report], whole: tuple[cuesmod.CueSet, list] | None, lex
               ) -> list[_Typed]:
    """The events grounded in their sentences and those beside them (in all of a brief, `whole`: its cues and
    actors), or of a type an earlier grounded event of the article has (a protest in Caracas grounds
    "demonstrations in provincial cities" told further down)."""
    kept, types = [], set()
    for e in events:
        near = reports if whole is not None else _beside(e.reports, reports)
        cues, hits = cuesmod.CueSet(), [h for r in near for h in r.actors]
        for r in near:
            cues.update(r.cues)
        if whole is not None:
            cues.update(whole[0])
            hits += whole[1]
        if e.event_type in types or _grounded(e.sub_event_type, cuesmod.derive(cues) | actors.derived_cues(hits), lex):
            kept.append(e)
            types.add(e.event_type)
    return kept


def _grounded(sub_event_type: str, names: frozenset[str], lex) -> bool:
    """`names` (cues of the event's sentences) include who or what makes it political violence or protest
    (rules.toml [ground])."""
    return all(g & names for g in lex.ground.get(sub_event_type, ()))


def _like_the_lead(events: list[_Typed]) -> list[_Typed]:
    """An event told only as a toll ("four were killed in Sumy") on the day of a lead event done with explosives
    (a wave of drone strikes), or of violent unrest, is more of the same, in another place: it takes the lead's
    type. One that names an attack or attackers of its own ("gunmen killed two farmers in Herat") is another
    event."""
    lead = events[0] if events else None
    if lead is None or lead.generic or lead.event_type != EXPLOSIONS and lead.sub_event_type not in UNREST:
        return events
    day = lead.reports[0].when.date
    # In a day of unrest, deaths told in other towns without an armed group doing them are the same unrest
    # (protesters shot by the police there too), not attacks of their own.
    own = OWN_ATTACK if lead.event_type == EXPLOSIONS else NON_STATE_ATTACKER
    for e in events[1:]:
        if e.generic and e.reports[0].when.date == day and not e.cues.names & own:
            e.event_type, e.sub_event_type, e.tags = lead.event_type, lead.sub_event_type, lead.tags
    return events


def _with_home_country(loc: Location, hits: list[actors.ActorHit]) -> Location:
    """A report that names no place ("a KDF convoy hit a roadside bomb") happened where its parties belong,
    rather than in a country guessed from passing words."""
    home = actors.home_country(hits)
    if loc.latitude is not None or loc.span is not None or home is None or home == loc.iso3:
        return loc
    return places.country_location(home, reason="no place named: the country of the actors") or loc


def _tags(event: _Typed, text: str, lex) -> list[tuple[str, tuple[int, int]]]:
    """(tag, evidence) for each tag pattern found in the event's sentences, and the rule's own tags."""
    found = []
    for name, pattern in lex.tags.items():
        m = next((m for r in event.reports for m in [pattern.search(text, r.start, r.end)] if m), None)
        if m is not None:
            found.append((name, (m.start(), m.end())))
        elif name in event.tags:
            found.append((name, (event.reports[0].start, event.reports[0].end)))
    return found


def _code(event: _Typed, text: str, ents: list[Entity], article: Article, lex) -> Mention:
    lead = event.reports[0]
    loc, when = _with_home_country(best_location(event.reports), event.actors), best_date(event.reports)
    if event.sub_event_type in lex.deathless:
        fat = Fatalities(reason=f"ACLED codes no deaths to a {event.sub_event_type.lower()} event")
    else:
        fat = counts.fatalities(text, [(r.start, r.end) for r in event.reports], entities=ents,
                                place=text[loc.span[0]:loc.span[1]] if loc.span else loc.name, towns=lead.towns)
    who = actors.assign(event.actors, event.cues.victims, event.event_type, loc.country)
    tagged = _tags(event, text, lex)
    evidence = [Evidence(field="event", start=lead.start, end=lead.end)]
    for name, span in (("event_date", when.span), ("location", loc.span), ("fatalities", fat.span),
                       ("actor1", who.span1), ("actor2", who.span2), *(("tags", s) for _, s in tagged)):
        if span is not None:
            evidence.append(Evidence(field=name, start=span[0], end=span[1]))
    trigger = next((text[a:b] for c in sorted(event.cues.names & lex.roles.event) for a, b in [event.cues.first(c)]), None)
    return Mention(
        article_id=article.id, event_type=event.event_type, sub_event_type=event.sub_event_type,
        event_date=when.date.isoformat() if when.date else None, time_precision=when.time_precision,
        location=loc.name, admin1=loc.admin1, admin2=loc.admin2, country=loc.country, iso3=loc.iso3,
        latitude=loc.latitude, longitude=loc.longitude, geo_precision=loc.geo_precision,
        actor1=who.actor1, actor2=who.actor2, fatalities=fat.value, fatalities_min=fat.min,
        fatalities_max=fat.max, tags=tuple(name for name, _ in tagged), evidence=tuple(evidence),
        notes=tuple(r for r in (loc.reason, when.reason, fat.reason) if r), trigger=trigger,
    )
