"""Pages of everyday domains (sport, markets, space, ceremonies, culture) and the war words they use in their
own sense (data/domains.toml): `blank` returns the text with those words blanked, for the cue scan."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from . import lexicon


@dataclass(frozen=True, slots=True)
class Domain:
    name: str
    signals: re.Pattern  # words that mark a page of the domain
    senses: re.Pattern  # words such a page uses in the domain's sense


@dataclass(frozen=True, slots=True)
class Domains:
    domains: tuple[Domain, ...]
    min_signals: int
    max_conflict: int
    conflict: tuple[re.Pattern, ...]  # the cue patterns whose words tell of conflict


@cache
def load() -> Domains:
    raw = lexicon._read("domains.toml")
    cues = lexicon.load().cues
    unknown = set(raw["conflict"]) - set(cues)
    if unknown:
        raise ValueError(f"domains.toml conflict: unknown cues {sorted(unknown)}")
    return Domains(
        domains=tuple(Domain(name, lexicon._alt(f"{name} signals", d["signals"]),
                             lexicon._alt(f"{name} senses", d["senses"])) for name, d in raw["domain"].items()),
        min_signals=raw["min_signals"], max_conflict=raw["max_conflict"],
        conflict=tuple(cues[name] for name in raw["conflict"]))


def _distinct(pattern: re.Pattern, text: str) -> set[str]:
    return {m.group().lower() for m in pattern.finditer(text)}


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def blank(text: str) -> str:
    """`text` with the senses of each domain it belongs to blanked (same length, so offsets hold); `text` itself
    when it belongs to none."""
    data = load()
    out = text
    for d in data.domains:
        if len(_distinct(d.signals, text)) < data.min_signals:
            continue
        candidate = d.senses.sub(_blank, out)
        conflict = set().union(*(_distinct(p, candidate) for p in data.conflict))
        if len(conflict) < data.max_conflict:
            out = candidate
    return out
