"""Actors: alias table (data/actor_aliases.tsv) to ACLED-style canonical names, and who did what to whom."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class ActorHit:
    template: str  # canonical name, possibly with "{country}"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actors:
    actor1: str | None = None
    span1: tuple[int, int] | None = None
    actor2: str | None = None
    span2: tuple[int, int] | None = None


@cache
def table() -> tuple[tuple[re.Pattern, str], ...]:
    rows = []
    text = resources.files("eventwire").joinpath("data/actor_aliases.tsv").read_text("utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        alias, sep, canonical = line.partition("\t")
        if not sep or not alias or not canonical.strip():
            raise ValueError(f"actor_aliases.tsv:{n}: expected 'alias<TAB>canonical name'")
        rows.append((re.compile(rf"(?<![\w-])(?:{alias})(?![\w-])", re.IGNORECASE), canonical.strip()))
    return tuple(rows)


def find(text: str, start: int, end: int) -> list[ActorHit]:
    """Actor mentions in text[start:end], earliest first; on overlap the earlier table row wins."""
    hits: list[ActorHit] = []
    for pattern, canonical in table():
        for m in pattern.finditer(text, start, end):
            s, e = m.start(), m.end()
            if not any(h.start < e and s < h.end for h in hits):
                hits.append(ActorHit(canonical, s, e))
    return sorted(hits, key=lambda h: h.start)


def fill(template: str, country: str | None) -> str:
    if country:
        return template.replace("{country}", country)
    return template.replace(" of {country}", "").replace(" ({country})", "")


# Default actors by event type, when the text names none: ACLED codes the crowd or the victims generically.
DEFAULT_ACTOR1 = {"Protests": "Protesters ({country})", "Riots": "Rioters ({country})"}
DEFAULT_ACTOR2 = {"Violence against civilians": "Civilians ({country})"}


STATE = ("Military Forces of", "Police Forces of")


def _is_patient(h: ActorHit, victims: list[tuple[str, int, int]]) -> bool:
    return any(vs <= h.start and h.end <= ve for _, vs, ve in victims)


def derived_cues(hits: list[ActorHit], victims: list[tuple[str, int, int]]) -> frozenset[str]:
    """state_agent: the first initiator named is a state force (decides who 'took control')."""
    agents = [h for h in hits if not _is_patient(h, victims)]
    return frozenset({"state_agent"}) if agents and agents[0].template.startswith(STATE) else frozenset()


def assign(hits: list[ActorHit], victims: list[tuple[str, int, int]], event_type: str, country: str | None) -> Actors:
    """actor1 = initiator, actor2 = target or other side. Civilians are always actor2."""
    agents = [h for h in hits if not _is_patient(h, victims)]
    patients = [h for h in hits if _is_patient(h, victims)]
    crowd = ("Protesters ({country})", "Rioters ({country})")
    if event_type not in ("Protests", "Riots"):
        agents = [h for h in agents if h.template not in crowd]
    a1 = agents[0] if agents else None
    a2 = None
    if event_type in ("Protests", "Riots"):
        crowd_hits = [h for h in hits if h.template in crowd]
        a1 = crowd_hits[0] if crowd_hits else None
        others = [h for h in hits if h.template not in crowd]
        a2 = others[0] if others else None
    elif patients:
        a2 = next((p for p in patients if a1 is None or p.template != a1.template), None)
    elif len({h.template for h in agents}) > 1:
        a2 = next(h for h in agents if h.template != a1.template)
    name1 = fill(a1.template, country) if a1 else None
    name2 = fill(a2.template, country) if a2 else None
    if name1 is None and event_type in DEFAULT_ACTOR1:
        name1 = fill(DEFAULT_ACTOR1[event_type], country)
    if event_type in DEFAULT_ACTOR2 and (name2 is None or any(k == "civilian" for k, _, _ in victims)):
        civ = next(((s, e) for k, s, e in victims if k == "civilian"), None)
        return Actors(name1, (a1.start, a1.end) if a1 else None, fill(DEFAULT_ACTOR2[event_type], country), civ)
    return Actors(name1, (a1.start, a1.end) if a1 else None, name2, (a2.start, a2.end) if a2 else None)
