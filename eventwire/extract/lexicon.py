"""Loads the cue vocabulary (data/cues.toml) and the typing rules (data/rules.toml), with guards.

A bad edit fails here, at import, rather than silently matching everything or nothing.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import taxonomy

# Cues computed from the parse rather than matched as words (cues.derive, actors.derived_cues).
DERIVED = frozenset({"armed_victim", "civilian_victim", "civilian_only", "civilian_lead", "state_agent", "nonstate_agent",
                     "actor_party", "named_group", "crowd_agent", "human_agent", "civilian_agent", "forces_harm"})


@dataclass(frozen=True, slots=True)
class Rule:
    sub_event_type: str
    event_type: str
    all: frozenset[str]
    any: frozenset[str]
    none: frozenset[str]
    tags: tuple[str, ...]
    generic: bool = False  # typed from harm words alone: part of any more specific event beside it

    def matches(self, cues: set[str] | frozenset[str]) -> bool:
        return (self.all <= cues and (not self.any or bool(self.any & cues)) and not (self.none & cues))


@dataclass(frozen=True, slots=True)
class SentenceRoles:
    """Which cues make a sentence a report, a qualifier, or not news at all (rules.toml [sentence])."""

    event: frozenset[str]
    weak: frozenset[str]
    modifier: frozenset[str]
    blocking: frozenset[str]
    unblocked_by: frozenset[str]
    lookback: frozenset[str]
    accident_unless: frozenset[str]
    arms_trade: frozenset[str]
    arms_names: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: dict[str, re.Pattern]
    rules: tuple[Rule, ...]
    prefixes: dict[str, str]  # coder's label prefix ("Looting:") -> sub-event type
    separable: frozenset[str]  # sub-types reported as events of their own beside another
    deathless: frozenset[str]  # sub-types ACLED codes with no deaths
    tags: dict[str, re.Pattern]  # free tag -> what in the text supports it
    roles: SentenceRoles
    # sub-event type -> cue groups, one cue of each needed for the event to be political (rules.toml [ground])
    ground: dict[str, tuple[frozenset[str], ...]]


def _alt(name: str, patterns: list[str]) -> re.Pattern:
    if not patterns:
        raise ValueError(f"cue {name!r} has no patterns")
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


def _read(name: str) -> dict:
    return tomllib.loads(resources.files("eventwire").joinpath(f"data/{name}").read_text("utf-8"))


@cache
def load() -> Lexicon:
    tax = taxonomy.load()
    cues = {name: _alt(name, spec["patterns"]) for name, spec in _read("cues.toml")["cue"].items()}
    known = set(cues) | DERIVED
    rules = []
    raw = _read("rules.toml")
    separable, deathless = frozenset(raw["separable"]), frozenset(raw["deathless"])
    for name, subs in (("separable", separable), ("deathless", deathless)):
        if subs - set(tax.subtypes):
            raise ValueError(f"rules.toml {name}: unknown sub-event types {sorted(subs - set(tax.subtypes))}")
    for i, r in enumerate(raw["rule"], 1):
        sub = r["sub"]
        if sub not in tax.subtypes:
            raise ValueError(f"rules.toml rule {i}: unknown sub-event type {sub!r}")
        sets = {k: frozenset(r.get(k, ())) for k in ("all", "any", "none")}
        unknown = set().union(*sets.values()) - known
        if unknown:
            raise ValueError(f"rules.toml rule {i}: unknown cues {sorted(unknown)}")
        rules.append(Rule(sub, tax.type_of(sub), sets["all"], sets["any"], sets["none"], tuple(r.get("tags", ())),
                          bool(r.get("generic", False))))
    prefixes = {}
    for label, sub in _read("prefixes.toml")["prefix"].items():
        if sub not in tax.subtypes:
            raise ValueError(f"prefixes.toml: {label!r} maps to unknown sub-event type {sub!r}")
        prefixes[label.lower()] = sub
    tags = {name: _alt(name, spec["patterns"]) for name, spec in _read("tags.toml")["tag"].items()}
    roles = {k: frozenset(v) for k, v in raw["sentence"].items()}
    for k, names in roles.items():
        if names - set(cues):
            raise ValueError(f"rules.toml [sentence] {k}: unknown cues {sorted(names - set(cues))}")
    return Lexicon(cues, tuple(rules), prefixes, separable, deathless, tags, SentenceRoles(**roles),
                   _ground(raw["ground"], tax, known))


def _ground(raw: dict, tax, known: set[str]) -> dict[str, tuple[frozenset[str], ...]]:
    """[ground] keyed by sub-event type; an event type's entry serves each of its sub-types without one."""
    def groups(key: str, value: list) -> tuple[frozenset[str], ...]:
        out = tuple(frozenset(g) for g in (value if value and isinstance(value[0], list) else [value]))
        if not all(out) or set().union(*out) - known:
            raise ValueError(f"rules.toml [ground] {key!r}: empty group or unknown cues "
                             f"{sorted(set().union(*out) - known)}")
        return out

    unknown = set(raw) - set(tax.subtypes) - {tax.type_of(s) for s in tax.subtypes}
    if unknown:
        raise ValueError(f"rules.toml [ground]: unknown event or sub-event types {sorted(unknown)}")
    by_sub = {}
    for sub in tax.subtypes:
        key = sub if sub in raw else tax.type_of(sub)
        if key in raw:
            by_sub[sub] = groups(key, raw[key])
    return by_sub
