"""ACLED's event types and sub-event types, loaded once from data/taxonomy.toml."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class SubType:
    name: str
    event_type: str
    definition: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    types: dict[str, str]  # event type -> family
    subtypes: dict[str, SubType]  # sub-event type -> its record

    def type_of(self, sub_event_type: str) -> str:
        return self.subtypes[sub_event_type].event_type

    def family(self, event_type: str) -> str:
        return self.types[event_type]


@cache
def load() -> Taxonomy:
    raw = tomllib.loads(resources.files("eventwire").joinpath("data/taxonomy.toml").read_text("utf-8"))
    types, subtypes = {}, {}
    for t in raw["type"]:
        types[t["name"]] = t["family"]
        for s in t["sub"]:
            if s["name"] in subtypes:
                raise ValueError(f"sub-event type {s['name']!r} listed twice in taxonomy.toml")
            subtypes[s["name"]] = SubType(s["name"], t["name"], s["definition"])
    if len(types) != 6 or len(subtypes) != 25:
        raise ValueError(f"taxonomy.toml must hold 6 types / 25 sub-types, found {len(types)} / {len(subtypes)}")
    return Taxonomy(types, subtypes)
