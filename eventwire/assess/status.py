"""Each event mention's sources and claim status.

An event's sources are those cited in the units its evidence lies in (its lead, toll, place, date and
actors), and in the units after its lead that still speak of an event (harm, fighting, protest words) up
to the next event's lead. A unit of its evidence citing nobody is the outlet's own voice.

Its claim status, the strongest that applies (the order of the annotation guide):
- disputed: a source denies it, or the text sets versions against each other;
- unverified: the text says it could not be verified, or it rests on posts online;
- claimed: its lead rests only on a party reporting its own act ("the army said it killed 20 militants",
  "the group claimed responsibility");
- attributed: its lead rests on one source (or one chain of sources);
- reported: the outlet states it in its own voice, or independent sources of two kinds agree.
"""
from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..records import Attribution, Evidence, Mention
from .holders import Found
from .lexicon import Lexicon, load

if TYPE_CHECKING:
    from . import Analysis

# Evidence fields a source can vouch for, under the names the annotation guide uses.
FIELDS = {"event": "event", "event_date": "event_date", "location": "location", "fatalities": "fatalities",
          "actor1": "actors", "actor2": "actors"}
FOLLOWING = 30  # units after an event's lead that may still carry its sources
NEAR = 1  # units after an event's lead that may still qualify it as unverified
STATE_FORCES = ("Military Forces", "Police Forces")


def attach(mentions: list[Mention], analysis: "Analysis") -> list[Mention]:
    lex = load()
    leads = [_lead(m, analysis) for m in mentions]
    placed = [(lead, m) for lead, m in zip(leads, mentions) if lead is not None]
    # The headline and lede (the units before the first event's lead) speak for the article's main event
    # and for the others told on its day, not for earlier events recalled further down.
    main = min(placed, key=lambda lm: lm[0])[1] if placed else None
    main_day = main.event_date if main else None
    first = min((lead for lead, _ in placed), default=0)
    out = []
    for k, (m, lead) in enumerate(zip(mentions, leads)):
        others = [x for j, x in enumerate(leads) if j != k and x is not None]
        lede = range(first) if lead == first else range(first + 1) if m.event_date == main_day else range(0)
        # A lede resting on one source ("..., PTI reported") carries over the outlet's later sentences on its day.
        # ...but not over an event of another kind told in the outlet's own words (a truce after the clash).
        carried = (bool(lede) and m.event_type == main.event_type
                   and any(f.act != "hedge" for u in [*lede, first] for f in analysis.by_unit.get(u, ())))
        out.append(_attach(m, lead, others, lede, carried, analysis, lex))
    return out


def _lead(m: Mention, a: "Analysis") -> int | None:
    ev = next((e for e in m.evidence if e.field == "event"), None) or next(iter(m.evidence), None)
    return a.index.unit_at(ev.start) if ev is not None else None


def _attach(m: Mention, lead: int | None, other_leads: list[int], lede: range, carried: bool, a: "Analysis",
            lex: Lexicon) -> Mention:
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
    used: list[tuple[Found, list[str]]] = []
    outlet_fields: list[str] = []
    for u in sorted(own):
        if _states(u, a):
            outlet_fields += [f for f in own[u] if f not in outlet_fields]
        used += [(f, own[u]) for f in a.by_unit.get(u, [])]
    used += [(f, ["event"]) for u in following for f in a.by_unit.get(u, []) if f.act != "hedge"]
    if any(_states(u, a) for u in following) and "event" not in outlet_fields:
        outlet_fields.append("event")  # the outlet tells more of it in its own voice
    attribution = _merge(used, outlet_fields, m.country)
    # Doubts about the event sit in its own sentences or right after its lead ("The claim could not be verified").
    near = set(own) | set(range(lead + 1, min(stop, lead + NEAR + 1)))
    status = _status(m, lead, own, following, near, [u for u in lede if u in following], used, carried, a, lex)
    spans = dict.fromkeys((f.start, f.end) for f, _ in used)
    evidence = m.evidence + tuple(Evidence(field="attribution", start=s, end=e) for s, e in spans)
    return dataclasses.replace(m, attribution=attribution, claim_status=status, evidence=evidence)


def _merge(used: list[tuple[Found, list[str]]], outlet_fields: list[str], country: str | None
           ) -> tuple[Attribution, ...]:
    """One entry per holder (by kind and name), the fields it vouches for united; the outlet first."""
    out: dict[tuple[str, str], list[str]] = {}
    if outlet_fields:
        out[("outlet", "outlet")] = list(outlet_fields)
    for f, fields in used:
        name = f.holder
        if name in ("Police Forces", "Military Forces") and country:  # the event's country when the source names none
            name = f"{name} of {country}"
        got = out.setdefault((f.kind, name), [])
        got += [x for x in fields if x not in got]
    return tuple(Attribution(holder=name, holder_kind=kind, fields=tuple(fields)) for (kind, name), fields in out.items())


def _speaks_of_event(u: int, a: "Analysis", lex: Lexicon) -> bool:
    """Harm, fighting or protest words, or a source denying or claiming something (what it denies is the
    event just told)."""
    unit = a.units[u]
    if any(f.act in ("deny", "claim") for f in a.by_unit.get(u, ())):
        return True
    return lex.event_words.search(a.text, unit.start, unit.end) is not None


def _states(u: int, a: "Analysis") -> bool:
    """The outlet states facts here in its own voice (its opinion states none)."""
    return a.own_voice[u] and u not in a.opinion_units


def _vouched(u: int, a: "Analysis") -> bool:
    """The outlet states it in its own voice, unhedged ("reportedly", "are said to" leave it to others)."""
    return _states(u, a) and not a.by_unit.get(u)


def _party(f: Found, m: Mention) -> bool:
    """Is the source a side of the act it reports, so that its word is a claim? The doer (actor 1) is; in a
    battle both sides are, each reporting its own result. State forces speak for their own country only."""
    if f.act == "claim" or f.own_act:
        return True
    sides = [m.actor1] + ([m.actor2] if m.event_type == "Battles" else [])
    for actor in filter(None, sides):
        if f.kind == "security_forces" and actor.startswith(STATE_FORCES):
            country = f.holder.partition(" of ")[2] or m.country
            if not country or actor.endswith(country) or f"of {country}" in actor:
                return True
        if f.kind == "international_org" and any(x in actor for x in ("United Nations", "UN ", "peacekeep", "MINUS", "MONUSCO")):
            return True
    return False


def _status(m: Mention, lead: int, own: dict[int, list[str]], following: list[int], near: set[int], lede: list[int],
            used: list[tuple[Found, list[str]]], carried: bool, a: "Analysis", lex: Lexicon) -> str:
    def text(units) -> str:
        return " ".join(a.text[a.units[u].start:a.units[u].end] for u in sorted(units))

    sources = [f for f, _ in used if f.act != "hedge"]
    if any(f.act == "deny" for f in sources) or lex.disputed.search(text(set(own) | set(following))):
        return "disputed"
    if lex.unverified.search(text(near)) or any(f.online and f.unit in near for f, _ in used):
        return "unverified"
    lead_sources = [f for f in sources if f.unit == lead]
    if (lead_sources and all(_party(f, m) for f in lead_sources)) or any(f.act == "claim" for f in sources):
        return "claimed"
    if (_vouched(lead, a) or (not lead_sources and any(_vouched(u, a) for u in lede))) and not carried:
        return "reported"
    kinds = {f.kind for f in sources}
    if len(kinds) > 1:
        kinds.discard("media")  # a wire or paper relaying the others is the same chain of sourcing
    if not kinds:
        return "reported"
    return "reported" if len(kinds) >= 2 else "attributed"
