"""Actors: alias table (data/actor_aliases.tsv) to ACLED-style canonical names, and who did what to whom."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import places, taxonomy  # the gazetteer knows countries and their demonyms


@dataclass(frozen=True, slots=True)
class ActorHit:
    template: str  # canonical name, possibly with "{country}"
    start: int
    end: int
    role: str = "other"  # agent, claimant, patient, source, other (read from the parse)
    country: str | None = None  # from a nationality word before it ("Iraqi forces")
    home: str | None = None  # ISO3 of the one country the actor belongs to (KDF: Kenya), from the table


@dataclass(frozen=True, slots=True)
class Actors:
    actor1: str | None = None
    span1: tuple[int, int] | None = None
    actor2: str | None = None
    span2: tuple[int, int] | None = None


_HEAD, _TAIL = r"(?<![\w-])(?:", r")(?![\w-])"  # around each alias: a whole word or name


@cache
def table() -> tuple[tuple[re.Pattern, str, str | None], ...]:
    """(alias pattern, canonical name, home country ISO3 or None) per row."""
    rows = []
    text = resources.files("eventwire").joinpath("data/actor_aliases.tsv").read_text("utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        alias, canonical, home = (line.split("\t") + [""])[:3]
        if not alias or not canonical.strip():
            raise ValueError(f"actor_aliases.tsv:{n}: expected 'alias<TAB>canonical name[<TAB>home ISO3]'")
        home = home.strip() or None
        if home is not None and not re.fullmatch(r"[A-Z]{3}", home):
            raise ValueError(f"actor_aliases.tsv:{n}: field 'home': {home!r} is not an ISO 3166-1 alpha-3 code")
        rows.append((re.compile(_HEAD + alias + _TAIL, re.IGNORECASE), canonical.strip(), home))
    return tuple(rows)


@cache
def _literals():
    """What each alias row's pattern needs to find in a text to match there (triage.Literals)."""
    from ..scale.triage import Literals

    return Literals(p.pattern[len(_HEAD):-len(_TAIL)] for p, _canonical, _home in table())


def _possible(text: str) -> list[tuple[re.Pattern, str, str | None]]:
    """The rows of the table whose pattern can match in `text` (a match lies inside it), in table order."""
    possible = _literals().possible(text)
    return list(table()) if possible is None else [row for row, ok in zip(table(), possible) if ok]


# Verbs whose subject is a source of the report, not a party to the event.
SPEECH = frozenset({"say", "tell", "report", "announce", "confirm", "state", "add", "note", "quote", "describe",
                    "accuse", "blame", "deny", "allege", "warn", "explain", "reveal", "cite"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "pobj", "iobj", "dative", "attr"})
AGENT_DEPS = frozenset({"nsubj", "agent", "csubj"})


def find(sent) -> list[ActorHit]:
    """Actor mentions in a parsed sentence, earliest first, with their role in it. On overlapping aliases
    the earlier table row wins."""
    doc, text = sent.doc, _text(sent.doc)
    spans: list[tuple[int, int, str, str | None]] = []
    for pattern, canonical, home in _possible(text[sent.start_char:sent.end_char]):
        for m in pattern.finditer(text, sent.start_char, sent.end_char):
            s, e = m.start(), m.end()
            if not any(a < e and s < b for a, b, *_ in spans):
                spans.append((s, e, canonical, home))
    hits = []
    for s, e, canonical, home in sorted(spans):
        span = doc.char_span(s, e, alignment_mode="expand")
        role = _role(span.root) if span is not None else "other"
        hits.append(ActorHit(canonical, s, e, role, _nationality(span), home))
    return hits


_DOC_TEXT = "eventwire.text"  # where _text keeps it, in the doc's user data


def _text(doc) -> str:
    """doc.text, joined once per doc: spaCy rebuilds it from every token on each access, and once per
    sentence that made extraction quadratic in the article's length."""
    text = doc.user_data.get(_DOC_TEXT)
    if text is None:
        text = doc.user_data[_DOC_TEXT] = doc.text
    return text


def in_text(text: str) -> tuple[tuple[int, int, str | None], ...]:
    """(start, end, home ISO3 or None) of every actor name in the whole text, for the place resolver: an
    armed group's name is no place ("Al Shabaab"), and a group that belongs to one country says where the
    article is (the PMF, the KDF)."""
    found: list[tuple[int, int, str | None]] = []
    for pattern, _canonical, home in _possible(text):
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b, _ in found):
                found.append((m.start(), m.end(), home))
    return tuple(sorted(found))


def home_country(hits: list[ActorHit]) -> str | None:
    """ISO3 of the country the parties to an event belong to, when the table says (not the sources')."""
    return next((h.home for h in hits if h.home and h.role != "source"), None)


def _role(tok) -> str:
    """The part the phrase headed by `tok` plays for the verb it hangs from."""
    node = tok  # (spaCy makes a new Token object per access: compare positions, not identity)
    while node.head.i != node.i and node.dep_ not in AGENT_DEPS | PATIENT_DEPS:
        node = node.head
    if node.dep_ == "pobj" and node.head.dep_ == "agent":  # "killed by gunmen"
        return "agent"
    verb = node.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if node.dep_ in AGENT_DEPS:
        if verb.lemma_ == "claim" and any(c.lemma_ == "responsibility" for c in verb.subtree):
            return "claimant"
        return "source" if verb.lemma_ in SPEECH else "agent"
    return "patient" if node.dep_ in PATIENT_DEPS else "other"


def _nationality(span) -> str | None:
    """Country named by a nationality word in the actor's phrase: "Iraqi forces", "Turkey's army"."""
    if span is None:
        return None
    for tok in span.root.subtree if span.root.dep_ != "ROOT" else span:
        word = tok.text.lower().removesuffix("'s").removesuffix("’s")
        cc = places.nationality(word)
        if cc:
            return cc
    return None


def fill(template: str, country: str | None) -> str:
    if country:
        return template.replace("{country}", country)
    return template.replace(" of {country}", "").replace(" ({country})", "")


# Default actors by event type, when the text names none: ACLED codes the crowd or the victims generically.
DEFAULT_ACTOR1 = {"Protests": "Protesters ({country})", "Riots": "Rioters ({country})",
                  # ACLED codes an unclaimed attack on civilians to an unidentified group of the country.
                  "Violence against civilians": "Unidentified Armed Group ({country})"}
DEFAULT_ACTOR2 = {"Violence against civilians": "Civilians ({country})"}
CROWD = ("Protesters ({country})", "Rioters ({country})")
STATE = ("Military Forces of", "Police Forces of")
ROLE_ORDER = {"claimant": 0, "agent": 1, "other": 2}


UNIDENTIFIED = "Unidentified Armed Group"
NOT_GROUPS = STATE + CROWD + (UNIDENTIFIED,)


def derived_cues(hits: list[ActorHit]) -> frozenset[str]:
    """state_agent / nonstate_agent: the initiator named is a state force or not (decides who 'took control',
    and whether people detained were arrested or abducted); actor_party: the
    table names a party to the event, not only a source of the report (a generic word the table maps to an
    unidentified group, "robber", is no named party); named_group: a non-state group."""
    agents = _initiators(hits)
    out = set()
    if agents:
        out.add("state_agent" if agents[0].template.startswith(STATE) else "nonstate_agent")
    parties = [h for h in hits if h.role != "source" and not h.template.startswith(UNIDENTIFIED)]
    if parties:
        out.add("actor_party")
    if any(not h.template.startswith(NOT_GROUPS) for h in parties):
        out.add("named_group")
    return frozenset(out)


def _initiators(hits: list[ActorHit]) -> list[ActorHit]:
    cands = [h for h in hits if h.role in ROLE_ORDER]
    return sorted(cands, key=lambda h: (ROLE_ORDER[h.role], h.start))


def _name(hit: ActorHit | None, country: str | None) -> str | None:
    return fill(hit.template, hit.country or country) if hit else None


def assign(hits: list[ActorHit], victims: list[tuple[str, int, int]], event_type: str, country: str | None) -> Actors:
    """actor1 = initiator (who claimed it, else who did it), actor2 = target or other side; civilians are
    always actor2. Sources of the report ("police said") are neither."""
    crowd_event = taxonomy.load().family(event_type) == "demonstration"
    pool = [h for h in hits if h.role != "source" and (crowd_event or h.template not in CROWD)]
    if crowd_event:
        a1 = next((h for h in pool if h.template in CROWD), None)
        a2 = next((h for h in pool if h.template not in CROWD), None)
    else:
        initiators = _initiators(pool)
        a1 = initiators[0] if initiators else None
        n1 = _name(a1, country)
        others = [h for h in pool if h is not a1 and _name(h, country) != n1]
        a2 = next((h for h in others if h.role == "patient"), None) or (others[0] if others else None)
    name1, name2 = _name(a1, country), _name(a2, country)
    span1 = (a1.start, a1.end) if a1 else None
    span2 = (a2.start, a2.end) if a2 else None
    if name1 is None and event_type in DEFAULT_ACTOR1:
        name1 = fill(DEFAULT_ACTOR1[event_type], country)
    civilians = next(((s, e) for k, s, e in victims if k == "civilian"), None)
    # Civilians a bomb or a shell killed are its target too ("killing eight shoppers").
    if event_type in DEFAULT_ACTOR2 and (name2 is None or civilians) or (
            civilians and name2 is None and event_type == "Explosions/Remote violence"):
        name2, span2 = fill(DEFAULT_ACTOR2["Violence against civilians"], country), civilians
    return Actors(name1, span1, name2, span2)
