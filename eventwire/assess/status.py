"""Each event mention's sources and claim status.

An event's sources are those cited in the units its evidence lies in (its lead, toll, place, date and
actors), and in the units after its lead that still speak of an event (harm, fighting, protest words) up
to the next event's lead; the headline and lede before the first event's lead speak for the events of its
day. A unit citing nobody, not quoted and not opinion, is the outlet stating facts in its own voice.

Its claim status, the strongest that applies (the order of the annotation guide):
- disputed: a source denies it, or the text sets versions against each other (words such as "accused each
  other", or both sides of a battle each telling its own result: "the army said it killed 13 militants",
  "the group said it killed 20 soldiers");
- unverified: the text says it could not be verified, or it rests on posts online;
- claimed: its lead rests only on a party reporting its own act ("the army said it killed 20 militants",
  "the group claimed responsibility");
- attributed: its lead rests on one source (or one chain of sources);
- reported: the outlet states it in its own voice, or independent sources of two kinds agree.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Attribution, Evidence, Mention
from .holders import Found
from .lexicon import Lexicon, load

if TYPE_CHECKING:
    from . import Analysis

# Evidence fields a source can vouch for, under the names the annotation guide uses.
FIELDS = {"event": "event", "event_date": "event_date", "location": "location", "fatalities": "fatalities",
          "actor1": "actors", "actor2": "actors"}
FOLLOWING = 30  # at most this many units after an event's lead carry its sources (the next lead ends them sooner)
NEAR = 1  # units after an event's lead that may still qualify it as unverified
TOLD_ON = 2  # units after an event's lead where the outlet's own sentences still tell it
SIDES = frozenset({"security_forces", "armed_group"})  # the kinds of source that fight each other's battles


@dataclass(slots=True)
class _Scope:
    """The units that speak of one event."""

    lead: int  # the unit of its "event" evidence
    own: dict[int, list[str]]  # units of its evidence -> the fields each supports
    following: list[int]  # later units (and lede units) that still speak of an event
    near: set[int]  # where doubts about it count: its own units and the one right after its lead
    lede: list[int]  # lede units among `following`
    carried: bool  # the lede rests on one source, and this event shares its day and kind
    contested: bool  # the lede of its day, which does not speak for it, sets versions against each other


def attach(mentions: list[Mention], analysis: "Analysis") -> list[Mention]:
    lex = load()
    leads = [_lead(m, analysis) for m in mentions]
    placed = [(lead, m) for lead, m in zip(leads, mentions) if lead is not None]
    # The headline and lede (the units before the first event's lead) speak for the article's main event
    # and for the others told on its day in its place, not for earlier events recalled further down nor for one of
    # its day elsewhere (its own sentences tell it; a dispute in the lede still covers it). The first event's own
    # lead speaks too for the events of its day and kind (the same event may be told again further down), but
    # not for an event of another kind, which its own lead tells ("officials said" of a riot is not a source
    # for the shooting told after it with its own source).
    main = min(placed, key=lambda lm: lm[0])[1] if placed else None
    main_day = main.event_date if main else None
    first = min((lead for lead, _ in placed), default=0)
    # A lede relaying another outlet's report ("..., PTI reported", "according to Reuters") makes the article a
    # retelling of that report: it speaks for every event of the day, wherever.
    relayed = any(f.kind == "media" for u in range(first + 1) for f in analysis.by_unit.get(u, ()))
    out = []
    for k, (m, lead) in enumerate(zip(mentions, leads)):
        others = [x for j, x in enumerate(leads) if j != k and x is not None]
        elsewhere = m.event_date == main_day and lead != first and _elsewhere(m, main) and not relayed
        lede = (range(first) if lead == first else range(0) if m.event_date != main_day or elsewhere
                else range(first + 1) if m.event_type == main.event_type else range(first))
        contested = elsewhere and bool(lex.disputed.search(" ".join(
            analysis.text[analysis.units[u].start:analysis.units[u].end] for u in range(first + 1))))
        # A lede resting on one source ("..., PTI reported") carries over the outlet's later sentences on its day.
        # ...but not over an event of another kind told in the outlet's own words (a truce after the clash).
        carried = (bool(lede) and m.event_type == main.event_type
                   and any(f.act != "hedge" for u in [*lede, first] for f in analysis.by_unit.get(u, ())))
        out.append(_attach(m, lead, others, lede, carried, contested, analysis, lex))
    return out


def _elsewhere(m: Mention, main: Mention) -> bool:
    """Is the event placed outside the main event's place, and that place outside its provinces? A place named by
    its province is the same place told more coarsely."""
    def places(x: Mention) -> set[str]:
        return {p for p in (x.location, x.admin2, x.admin1) if p}
    return bool(m.location and main.location and m.location not in places(main) and main.location not in places(m))


def _lead(m: Mention, a: "Analysis") -> int | None:
    ev = next((e for e in m.evidence if e.field == "event"), None) or next(iter(m.evidence), None)
    return a.index.unit_at(ev.start) if ev is not None else None


def _attach(m: Mention, lead: int | None, other_leads: list[int], lede: range, carried: bool, contested: bool,
            a: "Analysis", lex: Lexicon) -> Mention:
    if lead is None:
        return m
    own: dict[int, list[str]] = {}
    for e in m.evidence:
        if e.field in FIELDS:
            u = a.index.unit_at(e.start)
            if u is not None and FIELDS[e.field] not in own.setdefault(u, []):
                own[u].append(FIELDS[e.field])
    stop = min([x for x in other_leads if x > lead] + [lead + FOLLOWING + 1, len(a.units)])
    following = [u for u in [*lede, *range(lead + 1, stop)] if u not in own and _speaks_of_event(u, a, lex)]
    # A quotation that speaks of the event and runs on into the next unit is the words of the speaker named there
    # ('"They fired on the market from the hills. Nobody could stop them," said a shopkeeper.').
    following += [u + 1 for u in following if u + 1 < stop and u + 1 not in own and u + 1 not in following
                  and _quote_runs_on(u, a)]
    if stop in other_leads and stop not in own and _confirms_back(stop, a, lex):
        following.append(stop)  # "police confirmed the attack and said ...": the next lead vouches for this one too
    # Doubts about the event sit in its own sentences or right after its lead ("The claim could not be verified").
    scope = _Scope(lead, own, following, set(own) | set(range(lead + 1, min(stop, lead + NEAR + 1))),
                   [u for u in lede if u in following], carried, contested)
    used: list[tuple[Found, list[str]]] = []
    outlet_fields: list[str] = []
    for u in sorted(own):
        if _states(u, a):
            outlet_fields += [f for f in own[u] if f not in outlet_fields]
        used += [(f, own[u]) for f in a.by_unit.get(u, [])]
    used += [(f, ["event"]) for u in following for f in a.by_unit.get(u, []) if f.act != "hedge"]
    # The outlet tells more of it in its own voice in the lede or in the sentences right after its lead (a news
    # paragraph); its own sentences further down are background more often than this event's facts.
    if any(_states(u, a) for u in following if u <= lead + TOLD_ON) and "event" not in outlet_fields:
        outlet_fields.append("event")
    spans = dict.fromkeys((f.start, f.end) for f, _ in used)
    return dataclasses.replace(
        m, attribution=_merge(used, outlet_fields, m.country, lex), claim_status=_status(m, scope, used, a, lex),
        evidence=m.evidence + tuple(Evidence(field="attribution", start=s, end=e) for s, e in spans))


def _merge(used: list[tuple[Found, list[str]]], outlet_fields: list[str], country: str | None, lex: Lexicon
           ) -> tuple[Attribution, ...]:
    """One entry per holder (by kind and name), the fields it vouches for united; the outlet first."""
    out: dict[tuple[str, str], list[str]] = {}
    if outlet_fields:
        out[("outlet", "outlet")] = list(outlet_fields)
    for f, fields in used:
        name = f.holder
        if name in lex.forces and country:  # the event's country when the source names none
            name = f"{name} of {country}"
        got = out.setdefault((f.kind, name), [])
        got += [x for x in fields if x not in got]
    return tuple(Attribution(holder=name, holder_kind=kind, fields=tuple(fields)) for (kind, name), fields in out.items())


def _speaks_of_event(u: int, a: "Analysis", lex: Lexicon) -> bool:
    """Harm, fighting or protest words, or a source denying or claiming something, or telling of its own
    act ("the spokesman said the group took over the town"): what it speaks of is the event just told."""
    unit = a.units[u]
    if any(f.act in ("deny", "claim") or f.own_act for f in a.by_unit.get(u, ())):
        return True
    return lex.event_words.search(a.text, unit.start, unit.end) is not None


def _quote_runs_on(u: int, a: "Analysis") -> bool:
    """Is the unit quoted to its end, by a quotation that goes on into the next unit, which names its speaker?"""
    unit, nxt = a.units[u], a.units[u + 1]
    return bool(a.by_unit.get(u + 1)) and any(s < unit.end - 1 and e > nxt.start for s, e in a.index.quotes)


def _confirms_back(u: int, a: "Analysis", lex: Lexicon) -> bool:
    """A source in the unit confirms "the incident" or "the attack": the event told before it."""
    unit = a.units[u]
    return bool(a.by_unit.get(u)) and lex.confirms_back.search(a.text, unit.start, unit.end) is not None


def _states(u: int, a: "Analysis") -> bool:
    """The outlet states facts here in its own voice (its opinion states none)."""
    return a.own_voice[u] and u not in a.opinion_units


def _vouched(u: int, a: "Analysis") -> bool:
    """The outlet states it in its own voice, unhedged ("reportedly", "are said to" leave it to others)."""
    return _states(u, a) and not a.by_unit.get(u)


def _party(f: Found, m: Mention, lex: Lexicon) -> bool:
    """Is the source a side of the act it reports, so that its word is a claim? The doer (actor 1) is; in a
    battle both sides are, each reporting its own result. State forces speak for their own country only."""
    sides = [m.actor1] + ([m.actor2] if m.event_type == "Battles" else [])
    if f.act == "claim":
        return True
    if f.own_act:
        # "the army said its air defences intercepted the rockets", "the rebels said they shot down the drone":
        # its own act, but a reply to the event coded, done by a side of another kind: not the doer's claim.
        return not _other_side(f.kind, [a for a in sides if a], lex)
    for actor in filter(None, sides):
        if f.kind == "security_forces" and actor.startswith(tuple(lex.forces)):
            country = f.holder.partition(" of ")[2] or m.country
            if not country or _of_country(actor, country):
                return True
        if f.kind == "international_org" and any(x in actor for x in lex.un_actor):
            return True
    return False


def _of_country(actor: str, country: str) -> bool:
    """Is a state force as coded ("Military Forces of the Democratic Republic of Congo (2019-)") the country's?
    ACLED's names may put "the" before the country and the years of a government after it."""
    def bare(s: str) -> str:
        return re.sub(r"\s*\([^)]*\)\s*$", "", s).replace(" the ", " ").strip()
    actor, country = bare(actor), bare(f" {country}")
    return actor.endswith(country) or f"of {country}" in actor


def _other_side(kind: str, sides: list[str], lex: Lexicon) -> bool:
    """Are the event's sides, as coded, all of another kind than this fighting source? State forces are coded
    "Military Forces ..." / "Police Forces ..."; any other side may be an armed group, so only a source of the state's
    forces facing no state side, or an armed group facing only state sides, is told apart."""
    if not sides:
        return False
    state = [a.startswith(tuple(lex.forces)) for a in sides]
    if kind == "security_forces":
        return not any(state)
    return kind == "armed_group" and all(state)


def _status(m: Mention, scope: _Scope, used: list[tuple[Found, list[str]]], a: "Analysis", lex: Lexicon) -> str:
    def text(units) -> str:
        return " ".join(a.text[a.units[u].start:a.units[u].end] for u in sorted(units))

    sources = [f for f, _ in used if f.act != "hedge"]
    if (any(f.act == "deny" for f in sources) or scope.contested
            or lex.disputed.search(text(set(scope.own) | set(scope.following)))):
        return "disputed"
    if m.event_type == "Battles" and len({f.kind for f in sources if f.own_act and f.kind in SIDES}) > 1:
        return "disputed"  # each side tells its own version of the fight
    if lex.unverified.search(text(scope.near)) or any(f.online and f.unit in scope.near for f, _ in used):
        return "unverified"
    lead_sources = [f for f in sources if f.unit == scope.lead]
    # A lede resting on one source that carries the outlet's later sentences stands for the lead's own source.
    resting = lead_sources or ([f for f in sources if f.unit in scope.lede] if scope.carried else [])
    if (resting and all(_party(f, m, lex) for f in resting)) or any(f.act == "claim" for f in sources):
        return "claimed"
    told = _vouched(scope.lead, a) or (not lead_sources and any(_vouched(u, a) for u in scope.lede))
    if told and not scope.carried:
        return "reported"
    kinds = {f.kind for f in sources}
    if len(kinds) > 1:
        kinds.discard("media")  # a wire or paper relaying the others is the same chain of sourcing
    return "reported" if len(kinds) != 1 else "attributed"
